// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptors that cannot send SIGIO themselves (an eventfd has no
 * O_ASYNC) still interrupt a busy kernel: one relay host thread waits on
 * them and sends SIGIO to the kernel's thread.
 *
 * The kernel's epoll set holds the same descriptors EPOLLEXCLUSIVE and
 * ahead of the relay's, so a kernel asleep in os_irq_wait() takes the
 * host's wake-up alone: one thread woken instead of two, and no signal.
 * The relay's wait is edge-triggered and never reads a descriptor (the
 * device acknowledges by reading it), and while a kick is on its way,
 * or the kernel is about to look anyway, no second one is sent.  Nor is
 * one for a descriptor no longer ready when the relay gets to run: the
 * kernel read it after the edge (a block completion interrupt wakes the
 * kernel first, and the relay on the next completion of the burst), and
 * what it reaps after reading includes what made the edge.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

/* Ready descriptors taken from one wake-up. */
#define RELAY_BATCH	8

static int relay_epoll_fd = -1;
static pid_t kernel_pid, kernel_tid;
/* Set: the kernel will look at its descriptors before it sleeps again. */
static int look_pending;

/* Some of the @n descriptors in @ev are still ready. */
static int still_ready(const struct epoll_event *ev, int n)
{
	struct pollfd fds[RELAY_BATCH];
	int i, ret;

	for (i = 0; i < n; i++)
		fds[i] = (struct pollfd){ .fd = ev[i].data.fd, .events = POLLIN };
	do {
		ret = poll(fds, n, 0);
	} while (ret < 0 && errno == EINTR);
	return ret != 0;	/* an error: kick rather than lose one */
}

static void *relay(void *unused)
{
	struct epoll_event ev[RELAY_BATCH];
	int n;

	(void)unused;
	for (;;) {
		n = epoll_wait(relay_epoll_fd, ev, RELAY_BATCH, -1);
		if (n < 0 && errno != EINTR)
			return NULL;
		/* The kernel is to look anyway: no need to ask the host. */
		if (n > 0 && !__atomic_load_n(&look_pending, __ATOMIC_SEQ_CST) &&
		    still_ready(ev, n) &&
		    !__atomic_exchange_n(&look_pending, 1, __ATOMIC_SEQ_CST))
			syscall(SYS_tgkill, kernel_pid, kernel_tid, SIGIO);
	}
}

int os_irq_relay_add(int fd)
{
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLET | EPOLLEXCLUSIVE,
		.data.fd = fd,
	};
	int err;

	if (relay_epoll_fd < 0) {
		relay_epoll_fd = epoll_create1(EPOLL_CLOEXEC);
		if (relay_epoll_fd < 0)
			return -errno;
		kernel_pid = getpid();
		kernel_tid = syscall(SYS_gettid);
		err = os_start_helper_thread(relay);
		if (err) {
			close(relay_epoll_fd);
			relay_epoll_fd = -1;
			return err;
		}
	}
	return epoll_ctl(relay_epoll_fd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

void os_irq_relay_remove(int fd)
{
	if (relay_epoll_fd >= 0)
		epoll_ctl(relay_epoll_fd, EPOLL_CTL_DEL, fd, NULL);
}

void os_irq_relay_will_look(void)
{
	__atomic_store_n(&look_pending, 1, __ATOMIC_SEQ_CST);
}

void os_irq_relay_looking(void)
{
	__atomic_store_n(&look_pending, 0, __ATOMIC_SEQ_CST);
}
