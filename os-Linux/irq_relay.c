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
 * or the kernel is about to look anyway, no second one is sent.
 */
#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal.h"

static int relay_epoll_fd = -1;
static pid_t kernel_pid, kernel_tid;
/* Set: the kernel will look at its descriptors before it sleeps again. */
static int look_pending;

static void *relay(void *unused)
{
	struct epoll_event ev[8];
	int n;

	(void)unused;
	for (;;) {
		n = epoll_wait(relay_epoll_fd, ev, 8, -1);
		if (n < 0 && errno != EINTR)
			return NULL;
		if (n > 0 && !__atomic_exchange_n(&look_pending, 1,
						  __ATOMIC_SEQ_CST))
			syscall(SYS_tgkill, kernel_pid, kernel_tid, SIGIO);
	}
}

int os_irq_relay_add(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET | EPOLLEXCLUSIVE };
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
