// SPDX-License-Identifier: GPL-2.0
/*
 * Host interrupt service.  Host signals are the kernel's interrupts and
 * exceptions: each handler hands its event to the kernel (um/entry.h),
 * which defers it while its own interrupts are disabled.  So host
 * signals stay unblocked, and nest, everywhere.
 *
 * Descriptor readiness comes as SIGIO (O_ASYNC, or from the relay for
 * descriptors without it); an epoll set says which descriptor it was,
 * and an idle kernel sleeps on that set.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <os/irq.h>
#include <os/process.h>
#include <os/time.h>
#include <um/entry.h>
#include <um/exit_status.h>

#include "internal.h"

/* Descriptors watched at once: the console, block devices, a few more. */
#define MAX_WATCHED_FDS	64

/*
 * O_ASYNC lives in the open file description, which a console shares
 * with the shell that started us: what it was must be put back.
 */
struct watched_fd {
	int in_use;
	int relayed;
	int fd;
	unsigned long cookie;
	int saved_flags;
};

static struct watched_fd watched_fds[MAX_WATCHED_FDS];
static int epoll_fd = -1;

/*
 * A look at the ready descriptors takes them in batches: when a batch
 * came short, every ready one was in it, and the look ends without
 * asking the host again.  One that becomes ready after the batch was
 * taken interrupts anew (SIGIO, or the relay, told that we looked).
 * The idle wait hands over what woke it as the first batch.
 */
#define READY_BATCH	8

#define STRINGIFY_(x)	#x
#define STRINGIFY(x)	STRINGIFY_(x)

/* Host time spent asleep in os_irq_wait(), for os_irq_idle_ns(). */
static unsigned long long idle_ns;

static struct epoll_event ready[READY_BATCH];
static int nr_ready, next_ready;
static int ready_all_taken;

static struct watched_fd *find_watched(int fd)
{
	int i;

	for (i = 0; i < MAX_WATCHED_FDS; i++)
		if (watched_fds[i].in_use && watched_fds[i].fd == fd)
			return &watched_fds[i];
	return NULL;
}

/*
 * EPOLLEXCLUSIVE: the relay waits on some descriptors too, behind us;
 * while the kernel sleeps in os_irq_wait() it takes the wake-up alone.
 */
int os_irq_watch_fd(int fd, unsigned long cookie)
{
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLEXCLUSIVE,
		.data.u64 = cookie,
	};
	int saved_errno = errno, err = 0, flags;
	struct watched_fd *slot;

	for (slot = watched_fds; slot < watched_fds + MAX_WATCHED_FDS; slot++)
		if (!slot->in_use)
			break;
	if (slot == watched_fds + MAX_WATCHED_FDS)
		return -ENOSPC;

	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev)) {
		err = -errno;
		goto out;
	}
	/* In use before O_ASYNC is set, so that every exit path clears it. */
	slot->fd = fd;
	slot->cookie = cookie;
	slot->saved_flags = flags;
	slot->relayed = 0;
	slot->in_use = 1;
	if (fcntl(fd, F_SETOWN, getpid()) || fcntl(fd, F_SETSIG, SIGIO) ||
	    fcntl(fd, F_SETFL, flags | O_ASYNC)) {
		err = -errno;
		os_irq_unwatch_fd(fd);
	} else if (!(fcntl(fd, F_GETFL) & O_ASYNC)) {
		/* Only a file that can send SIGIO keeps the flag. */
		err = os_irq_relay_add(fd);
		slot->relayed = !err;
		if (err)
			os_irq_unwatch_fd(fd);
	}
out:
	errno = saved_errno;
	return err;
}

int os_irq_unwatch_fd(int fd)
{
	struct watched_fd *slot = find_watched(fd);
	int saved_errno = errno, err = 0;

	if (!slot)
		return -ENOENT;
	if (epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, NULL))
		err = -errno;
	if (slot->relayed)
		os_irq_relay_remove(fd);
	/* Nothing taken before may name it any more. */
	nr_ready = next_ready = ready_all_taken = 0;
	fcntl(fd, F_SETFL, slot->saved_flags);
	slot->in_use = 0;
	errno = saved_errno;
	return err;
}

void os_irq_restore_fds(void)
{
	int saved_errno = errno;
	int i;

	for (i = 0; i < MAX_WATCHED_FDS; i++)
		if (watched_fds[i].in_use)
			fcntl(watched_fds[i].fd, F_SETFL,
			      watched_fds[i].saved_flags);
	errno = saved_errno;
}

int os_irq_next_ready_fd(unsigned long *cookie)
{
	int saved_errno = errno, ret;

	if (next_ready == nr_ready) {
		if (ready_all_taken) {
			ready_all_taken = 0;
			return 0;
		}
		os_irq_relay_looking();
		do {
			ret = epoll_wait(epoll_fd, ready, READY_BATCH, 0);
		} while (ret < 0 && errno == EINTR);
		if (ret <= 0) {
			ret = ret < 0 ? -errno : 0;
			errno = saved_errno;
			return ret;
		}
		nr_ready = ret;
		next_ready = 0;
		ready_all_taken = ret < READY_BATCH;
	}
	*cookie = ready[next_ready++].data.u64;
	return 1;
}

static int is_relayed(const struct watched_fd *w)
{
	return w->in_use && w->relayed;
}

/*
 * Every relayed descriptor is among the @n ready ones the idle wait took.
 * Then the look after the wake can be skipped: what such a descriptor
 * gets before the relay hears that we look is taken by its device, which
 * reads it and then takes all it has; one that sends SIGIO sends it.
 * Events name cookies, not descriptors: two relayed descriptors with one
 * cookie cannot be told apart, and are not taken for seen.
 */
static int took_every_relayed(int n)
{
	int i, j;

	for (i = 0; i < MAX_WATCHED_FDS; i++) {
		if (!is_relayed(&watched_fds[i]))
			continue;
		for (j = 0; j < i; j++)
			if (is_relayed(&watched_fds[j]) &&
			    watched_fds[j].cookie == watched_fds[i].cookie)
				return 0;
		for (j = 0; j < n; j++)
			if (ready[j].data.u64 == watched_fds[i].cookie)
				break;
		if (j == n)
			return 0;
	}
	return 1;
}

/*
 * The kernel's interrupt flag is software: a signal arriving between its
 * look at *pending and the sleep would be noted but not wake us.  Both
 * are one window of assembly, os_irq_idle_sleep(): a handler that finds
 * the thread in it (and so has set *pending) moves it past the system
 * call, as if the call had been interrupted.  No signal mask changes, so
 * the idle wait costs no system call but its own.
 *
 * os_irq_idle_sleep(pending, epfd, events, max): epoll_wait() for ever
 * unless *pending; the events or -errno.
 */
long os_irq_idle_sleep(volatile unsigned long *pending, int epfd,
		       struct epoll_event *events, int max);
extern const char os_irq_idle_sleep_window[], os_irq_idle_sleep_syscall[];
extern const char os_irq_idle_sleep_interrupted[];

__asm__(
	".pushsection .text\n"
	".globl os_irq_idle_sleep\n"
	".type os_irq_idle_sleep, @function\n"
	"os_irq_idle_sleep:\n"
	".globl os_irq_idle_sleep_window\n"
	"os_irq_idle_sleep_window:\n"
	"	cmpq $0, (%rdi)\n"
	"	jne os_irq_idle_sleep_interrupted\n"
	"	mov %esi, %edi\n"
	"	mov %rdx, %rsi\n"
	"	mov %ecx, %edx\n"
	"	mov $-1, %r10\n"
	"	mov $" STRINGIFY(__NR_epoll_wait) ", %eax\n"
	".globl os_irq_idle_sleep_syscall\n"
	"os_irq_idle_sleep_syscall:\n"
	"	syscall\n"
	"	ret\n"
	".globl os_irq_idle_sleep_interrupted\n"
	"os_irq_idle_sleep_interrupted:\n"
	"	mov $-" STRINGIFY(EINTR) ", %rax\n"
	"	ret\n"
	".size os_irq_idle_sleep, . - os_irq_idle_sleep\n"
	".popsection\n");

void os_irq_leave_idle_window(void *ucontext)
{
	ucontext_t *uc = ucontext;
	greg_t *ip = &uc->uc_mcontext.gregs[REG_RIP];

	/* Up to the syscall instruction itself, which has not run yet. */
	if (*ip >= (greg_t)os_irq_idle_sleep_window &&
	    *ip <= (greg_t)os_irq_idle_sleep_syscall)
		*ip = (greg_t)os_irq_idle_sleep_interrupted;
}

void os_irq_wait(volatile unsigned long *pending)
{
	int saved_errno = errno;
	struct um_host_context here = {
		.ip = (unsigned long)os_irq_wait,
		.sp = (unsigned long)__builtin_frame_address(0),
		.bp = (unsigned long)__builtin_frame_address(0),
	};
	unsigned long long slept;
	long n;

	if (*pending)
		return;
	/*
	 * A ready descriptor wakes us itself, without a signal: one that
	 * sends SIGIO sends it anyway, one that cannot is not relayed from
	 * before we sleep here until we have looked, whatever woke us.
	 */
	slept = os_time_monotonic_ns();
	os_irq_relay_will_look();
	n = os_irq_idle_sleep(pending, epoll_fd, ready, READY_BATCH);
	idle_ns += os_time_monotonic_ns() - slept;
	nr_ready = n > 0 ? n : 0;
	next_ready = 0;
	/*
	 * Taken before the relay was told that we look: look again, unless
	 * the batch was short and had every relayed descriptor in it (one
	 * system call less on the way from a disk's answer to its next
	 * request).
	 */
	ready_all_taken = n > 0 && n < READY_BATCH && took_every_relayed(n);
	if (ready_all_taken)
		os_irq_relay_looking();
	um_host_interrupt(UM_IRQ_FD, &here);
	errno = saved_errno;
}

unsigned long long os_irq_idle_ns(void)
{
	return idle_ns;
}

static void context_of(void *ucontext, struct um_host_context *ctx)
{
	ucontext_t *uc = ucontext;

	ctx->ip = uc->uc_mcontext.gregs[REG_RIP];
	ctx->sp = uc->uc_mcontext.gregs[REG_RSP];
	ctx->bp = uc->uc_mcontext.gregs[REG_RBP];
}

static void interrupt_handler(int sig, siginfo_t *info, void *ucontext)
{
	int saved_errno = errno;
	struct um_host_context ctx;

	(void)info;
	context_of(ucontext, &ctx);
	um_host_interrupt(sig == SIGALRM ? UM_IRQ_TIMER :
			  sig == SIGWINCH ? UM_IRQ_WINCH :
			  sig == SIGCHLD ? UM_IRQ_CHILD : UM_IRQ_FD, &ctx);
	os_irq_leave_idle_window(ucontext);
	errno = saved_errno;
}

static void shutdown_handler(int sig, siginfo_t *info, void *ucontext)
{
	int saved_errno = errno;
	struct um_host_context ctx;

	(void)info;
	/* On a raw terminal ^C is a byte for the guest, not a stop request. */
	if (sig == SIGINT && os_console_has_raw_tty())
		return;
	/*
	 * Asked twice: the user is not waiting for an orderly shutdown.
	 * SIGXCPU is the host's CPU time limit, past its soft value: it
	 * comes again every CPU second until the hard one kills, the time
	 * an orderly shutdown has.
	 */
	if (os_process_request_shutdown(sig)) {
		if (sig == SIGXCPU)
			return;
		os_process_exit(UM_EXIT_SIGNAL_BASE + sig);
	}
	context_of(ucontext, &ctx);
	um_host_interrupt(UM_IRQ_SHUTDOWN, &ctx);
	os_irq_leave_idle_window(ucontext);
	errno = saved_errno;
}

static void fault_handler(int sig, siginfo_t *info, void *ucontext)
{
	int saved_errno = errno;
	struct um_host_context ctx;
	ucontext_t *uc = ucontext;
	int is_write;

	context_of(ucontext, &ctx);
	/* Sent by kill(), not raised by an access: no address to fix up. */
	if (info->si_code <= 0)
		um_host_fatal_signal(sig, &ctx);
	/* Bit 1 of the x86 page fault error code: a write access. */
	is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
	um_host_fault((unsigned long)info->si_addr, is_write, &ctx);
	errno = saved_errno;
}

static void fatal_handler(int sig, siginfo_t *info, void *ucontext)
{
	struct um_host_context ctx;

	(void)info;
	context_of(ucontext, &ctx);
	um_host_fatal_signal(sig, &ctx);
}

/*
 * Signals the kernel has no use for still end the process: put the
 * terminal back, then die of the signal as if never caught, so that the
 * exit status (and a core dump) tell what happened.
 */
static void restore_and_die_handler(int sig, siginfo_t *info, void *ucontext)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set;

	(void)info;
	(void)ucontext;
	os_process_restore_host();
	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	os_process_exit(UM_EXIT_SIGNAL_BASE + sig);
}

/*
 * SA_NOCLDSTOP: SIGCHLD for a child that ended, not for each stop of a
 * traced one (the ptrace backend's stubs stop at every guest event).
 */
static int set_handler(int sig, void (*handler)(int, siginfo_t *, void *))
{
	struct sigaction sa = {
		.sa_sigaction = handler,
		.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART | SA_NOCLDSTOP,
	};

	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL) ? -errno : 0;
}

int os_irq_init(void)
{
	static const struct {
		int sig;
		void (*handler)(int, siginfo_t *, void *);
	} handlers[] = {
		{ SIGALRM, interrupt_handler },
		{ SIGIO, interrupt_handler },
		{ SIGWINCH, interrupt_handler },
		{ SIGCHLD, interrupt_handler },
		{ SIGTERM, shutdown_handler },
		{ SIGHUP, shutdown_handler },
		{ SIGXCPU, shutdown_handler },
		{ SIGINT, shutdown_handler },
		{ SIGSEGV, fault_handler },
		{ SIGBUS, fault_handler },
		{ SIGILL, fatal_handler },
		{ SIGFPE, fatal_handler },
		{ SIGTRAP, fatal_handler },
		{ SIGQUIT, restore_and_die_handler },
		{ SIGABRT, restore_and_die_handler },
		{ SIGUSR1, restore_and_die_handler },
		{ SIGUSR2, restore_and_die_handler },
		{ SIGSYS, restore_and_die_handler },
	};
	struct sigaction ignore = { .sa_handler = SIG_IGN };
	unsigned int i;
	int err;

	if (epoll_fd < 0) {
		epoll_fd = epoll_create1(EPOLL_CLOEXEC);
		if (epoll_fd < 0)
			return -errno;
	}
	for (i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		err = set_handler(handlers[i].sig, handlers[i].handler);
		if (err)
			return err;
	}
	/*
	 * A vanished reader is a write error (-EPIPE), and a write past the
	 * file size limit is one too (-EFBIG: limits.c), not the end
	 * of us.
	 */
	if (sigaction(SIGPIPE, &ignore, NULL) ||
	    sigaction(SIGXFSZ, &ignore, NULL))
		return -errno;
	return 0;
}
