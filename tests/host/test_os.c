// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the host services (include/shared/os/) against the real host:
 * memory mappings, console descriptors, clocks and the timer, signals
 * turned into interrupts and faults, and the ways out of the process.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <os/console.h>
#include <os/irq.h>
#include <os/mem.h>
#include <os/process.h>
#include <os/time.h>
#include <um/exit_status.h>

#include "internal.h"
#include "test.h"

#define PAGE		4096UL
#define MSEC		1000000ULL
#define SEC		1000000000ULL

static void sleep_ns(unsigned long long ns)
{
	unsigned long long end = os_time_monotonic_ns() + ns;
	unsigned long long now;

	/* Signals cut nanosleep() short; sleep out the rest. */
	while ((now = os_time_monotonic_ns()) < end) {
		struct timespec ts = {
			.tv_sec = (end - now) / SEC,
			.tv_nsec = (end - now) % SEC,
		};

		nanosleep(&ts, NULL);
	}
}

/* Whether *@counter reaches @target within @timeout_ns. */
static int wait_for(volatile int *counter, int target,
		    unsigned long long timeout_ns)
{
	unsigned long long end = os_time_monotonic_ns() + timeout_ns;

	while (*counter < target) {
		if (os_time_monotonic_ns() > end)
			return 0;
		sleep_ns(MSEC / 2);
	}
	return 1;
}

/* The permissions ("rw-s") /proc/self/maps gives the page at @addr. */
static const char *mapping_perms(unsigned long addr)
{
	static char perms[5];
	char line[512];
	FILE *maps = fopen("/proc/self/maps", "r");

	strcpy(perms, "none");
	if (!maps)
		return perms;
	while (fgets(line, sizeof(line), maps)) {
		char *p = line;
		unsigned long start = strtoul(p, &p, 16);
		unsigned long end = strtoul(p + 1, &p, 16);

		if (addr >= start && addr < end) {
			memcpy(perms, p + 1, 4);
			break;
		}
	}
	fclose(maps);
	return perms;
}

/* Run @fn in a child process; returns its wait status. */
static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fn();
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

static int exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static int killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static int fd_is_async(int fd)
{
	return (fcntl(fd, F_GETFL) & O_ASYNC) != 0;
}

/*
 * @pages of reserved, inaccessible address space, and in *@fd a memfd
 * of @file_pages as "physical memory" to map there.
 */
static void *reserve_with_physmem(int pages, int file_pages, int *fd)
{
	void *reserved = mmap(NULL, pages * PAGE, PROT_NONE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			      -1, 0);

	*fd = memfd_create("test-physmem", MFD_CLOEXEC);
	CHECK(reserved != MAP_FAILED && *fd >= 0);
	CHECK(ftruncate(*fd, file_pages * PAGE) == 0);
	return reserved;
}

static void test_mem(void)
{
	int fd, seen = 0;
	void *reserved = reserve_with_physmem(4, 2, &fd);
	unsigned long a = (unsigned long)reserved;

	/* The second page of the "physical memory", mapped twice. */
	CHECK(os_mem_map(a, PAGE, fd, PAGE, OS_PROT_READ | OS_PROT_WRITE) == 0);
	CHECK(os_mem_map(a + 2 * PAGE, PAGE, fd, PAGE,
			 OS_PROT_READ | OS_PROT_WRITE) == 0);
	*(volatile int *)a = 0x1234;
	CHECK(*(volatile int *)(a + 2 * PAGE) == 0x1234);
	CHECK(pread(fd, &seen, sizeof(seen), PAGE) == sizeof(seen) &&
	      seen == 0x1234);
	CHECK(!strcmp(mapping_perms(a), "rw-s"));

	CHECK(os_mem_protect(a, PAGE, OS_PROT_READ) == 0);
	CHECK(!strcmp(mapping_perms(a), "r--s"));
	CHECK(os_mem_protect(a, PAGE, OS_PROT_READ | OS_PROT_EXEC) == 0);
	CHECK(!strcmp(mapping_perms(a), "r-xs"));

	/* Unmapped, the page stays reserved, inaccessible, and private. */
	CHECK(os_mem_unmap(a, PAGE) == 0);
	CHECK(!strcmp(mapping_perms(a), "---p"));
	CHECK(!strcmp(mapping_perms(a + 2 * PAGE), "rw-s"));
	CHECK(*(volatile int *)(a + 2 * PAGE) == 0x1234);

	CHECK(os_mem_map(a, PAGE, -1, 0, OS_PROT_READ) == -EBADF);
	CHECK(os_mem_map(a + 1, PAGE, fd, 0, OS_PROT_READ) == -EINVAL);
	CHECK(os_mem_protect(a + 1, PAGE, OS_PROT_READ) == -EINVAL);
	CHECK(os_mem_unmap(a + 1, PAGE) == -EINVAL);

	munmap(reserved, 4 * PAGE);
	close(fd);
}

/* Populating backs a mapping of fresh physical memory without faults. */
static void test_mem_populate(void)
{
	int fd;
	void *reserved = reserve_with_physmem(8, 8, &fd);
	unsigned long a = (unsigned long)reserved;
	long seen = -1;

	CHECK(os_mem_map(a, 8 * PAGE, fd, 0, OS_PROT_READ | OS_PROT_WRITE) == 0);
	CHECK(os_mem_resident_pages(a, 8 * PAGE) == 0);
	CHECK(os_mem_populate(a + 2 * PAGE, 4 * PAGE) == 0);
	CHECK(os_mem_resident_pages(a, 8 * PAGE) == 4);
	CHECK(os_mem_resident_pages(a + 2 * PAGE, 4 * PAGE) == 4);
	/* Backed with zeroes, in the file, and writable as before. */
	CHECK(pread(fd, &seen, sizeof(seen), 3 * PAGE) == sizeof(seen) &&
	      seen == 0);
	*(volatile long *)(a + 3 * PAGE) = 42;
	CHECK(pread(fd, &seen, sizeof(seen), 3 * PAGE) == sizeof(seen) &&
	      seen == 42);
	/* Populating again changes nothing. */
	CHECK(os_mem_populate(a + 2 * PAGE, 4 * PAGE) == 0);
	CHECK(*(volatile long *)(a + 3 * PAGE) == 42);
	CHECK(os_mem_populate(a + 1, PAGE) == -EINVAL);
	CHECK(os_mem_resident_pages(a + 1, PAGE) == -EINVAL);

	munmap(reserved, 8 * PAGE);
	close(fd);
}

/* A host fault reaches um_host_fault(), which may fix it and retry. */
static void test_fault(void)
{
	char *page = mmap(NULL, PAGE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long p = (unsigned long)page;
	char value;

	CHECK(page != MAP_FAILED);
	stub_fault_page = p;
	stub_fault_count = 0;

	((volatile char *)page)[100] = 7;
	CHECK(stub_fault_count == 1 && stub_fault_addr == p + 100 &&
	      stub_fault_write == 1);

	mprotect(page, PAGE, PROT_NONE);
	value = ((volatile char *)page)[200];
	CHECK(stub_fault_count == 2 && stub_fault_addr == p + 200 &&
	      stub_fault_write == 0);
	CHECK(value == 0 && page[100] == 7);

	stub_fault_page = 0;
	munmap(page, PAGE);
}

static void child_kill_segv(void)
{
	kill(getpid(), SIGSEGV);
}

static void child_raise_ill(void)
{
	raise(SIGILL);
}

static void child_divide_by_zero(void)
{
	volatile int dividend = 7, zero = 0;
	volatile int quotient = dividend / zero;

	(void)quotient;
}

static void child_raise_trap(void)
{
	raise(SIGTRAP);
}

static int pipe_fds[2];

static void child_die_of_usr1(void)
{
	if (os_irq_watch_fd(pipe_fds[0], 1))
		_exit(1);
	raise(SIGUSR1);
	_exit(2);
}

static void test_fatal_signals(void)
{
	/* A SIGSEGV sent by kill() has no faulting address to fix. */
	CHECK(exited_with(in_child(child_kill_segv),
			  STUB_FATAL_EXIT_BASE + SIGSEGV));
	CHECK(exited_with(in_child(child_raise_ill),
			  STUB_FATAL_EXIT_BASE + SIGILL));
	CHECK(exited_with(in_child(child_divide_by_zero),
			  STUB_FATAL_EXIT_BASE + SIGFPE));
	CHECK(exited_with(in_child(child_raise_trap),
			  STUB_FATAL_EXIT_BASE + SIGTRAP));

	/* Others kill as before, but put the descriptors back first. */
	CHECK(pipe(pipe_fds) == 0);
	CHECK(killed_by(in_child(child_die_of_usr1), SIGUSR1));
	CHECK(!fd_is_async(pipe_fds[0]));
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

static void test_console_pipe(void)
{
	char buf[16];
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK(os_console_read(p[0], buf, sizeof(buf)) == 0);
	CHECK(os_console_write(p[1], "hello", 5) == 5);
	CHECK(os_console_write(p[1], "", 0) == 0);
	CHECK(os_console_read(p[0], buf, 3) == 3 && !memcmp(buf, "hel", 3));
	CHECK(os_console_read(p[0], buf, sizeof(buf)) == 2 &&
	      !memcmp(buf, "lo", 2));
	CHECK(os_console_read(p[0], buf, sizeof(buf)) == 0);
	CHECK(os_console_read(p[0], buf, 0) == 0);
	CHECK(!os_console_is_raw_tty(p[0]));
	CHECK(os_console_winsize(p[0], &(unsigned short){ 0 },
				 &(unsigned short){ 0 }) == -ENOTTY);

	close(p[1]);
	CHECK(os_console_read(p[0], buf, sizeof(buf)) == -EIO);
	close(p[0]);
	CHECK(os_console_read(p[0], buf, sizeof(buf)) == -EBADF);
	CHECK(os_console_write(p[1], "x", 1) == -EBADF);

	/* SIGPIPE is ignored: a vanished reader is just an error. */
	CHECK(pipe(p) == 0);
	close(p[0]);
	CHECK(os_console_write(p[1], "x", 1) == -EPIPE);
	close(p[1]);
}

/* A non-blocking pipe fills up; the write waits for the reader. */
static void test_console_write_full_pipe(void)
{
	enum { LEN = 1 << 20 };
	static char buf[LEN];
	int p[2], status = -1;
	pid_t pid;

	memset(buf, 'z', LEN);
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[1], F_SETFL, O_NONBLOCK) == 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char chunk[4096];
		long total = 0;
		ssize_t n;

		close(p[1]);
		sleep_ns(20 * MSEC);
		while ((n = read(p[0], chunk, sizeof(chunk))) != 0) {
			if (n > 0)
				total += n;
			else if (errno != EINTR)
				break;
		}
		_exit(total == LEN ? 0 : 1);
	}
	close(p[0]);
	CHECK(os_console_write(p[1], buf, LEN) == LEN);
	close(p[1]);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	CHECK(exited_with(status, 0));
}

static void child_sigint_on_raw_tty(void)
{
	/* The console is a raw terminal: SIGINT is no shutdown request. */
	raise(SIGINT);
	if (stub_irq_count[UM_IRQ_SHUTDOWN] || os_process_shutdown_signal())
		_exit(1);
	os_console_restore_tty();
	raise(SIGINT);
	if (stub_irq_count[UM_IRQ_SHUTDOWN] != 1 ||
	    os_process_shutdown_signal() != SIGINT)
		_exit(2);
}

static void test_console_tty(void)
{
	struct winsize ws = { .ws_row = 40, .ws_col = 100 };
	struct termios before, raw, after;
	unsigned short rows = 0, cols = 0;
	int master, tty, other, p[2];
	char c = 0;
	long n = 0;
	int i;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		printf("skipped: terminal tests (no pseudo-terminal)\n");
		return;
	}
	tty = open(ptsname(master), O_RDWR | O_NOCTTY);
	other = open(ptsname(master), O_RDWR | O_NOCTTY);
	CHECK(tty >= 0 && other >= 0 && pipe(p) == 0);

	CHECK(ioctl(tty, TIOCSWINSZ, &ws) == 0);
	CHECK(os_console_winsize(tty, &rows, &cols) == 0 &&
	      rows == 40 && cols == 100);

	CHECK(tcgetattr(tty, &before) == 0 && (before.c_lflag & ICANON));
	CHECK(!os_console_is_raw_tty(tty) && !os_console_has_raw_tty());
	CHECK(os_console_make_raw(tty) == 0);
	CHECK(os_console_is_raw_tty(tty) && os_console_has_raw_tty());
	/* The same terminal through another descriptor is raw too. */
	CHECK(os_console_is_raw_tty(other));
	CHECK(!os_console_is_raw_tty(p[0]) && !os_console_is_raw_tty(master));

	CHECK(tcgetattr(tty, &raw) == 0);
	CHECK(!(raw.c_lflag & (ICANON | ECHO | ISIG)));
	CHECK(!(raw.c_oflag & OPOST) && !(raw.c_iflag & (ICRNL | IXON)));

	/* Byte by byte: ^C arrives without waiting for a newline. */
	CHECK(write(master, "\x03", 1) == 1);
	for (i = 0; i < 1000 && n == 0; i++) {
		n = os_console_read(tty, &c, 1);
		if (n == 0)
			sleep_ns(MSEC);
	}
	CHECK(n == 1 && c == 3);
	/* No echo came back. */
	sleep_ns(10 * MSEC);
	CHECK(os_console_read(master, &c, 1) == 0);

	CHECK(exited_with(in_child(child_sigint_on_raw_tty), 0));

	os_console_restore_tty();
	CHECK(!os_console_is_raw_tty(tty) && !os_console_has_raw_tty());
	CHECK(tcgetattr(tty, &after) == 0 &&
	      after.c_lflag == before.c_lflag &&
	      after.c_oflag == before.c_oflag &&
	      after.c_iflag == before.c_iflag);
	/* Once restored, restoring again changes nothing. */
	os_console_restore_tty();

	close(p[0]);
	close(p[1]);
	close(other);
	close(tty);
	close(master);
}

static void test_clocks(void)
{
	unsigned long long t1, t2, real;

	t1 = os_time_monotonic_ns();
	sleep_ns(2 * MSEC);
	t2 = os_time_monotonic_ns();
	CHECK(t2 >= t1 + 2 * MSEC && t2 < t1 + SEC);

	real = os_time_realtime_ns();
	/* time() reads a coarser clock: allow a second either way. */
	CHECK(real / SEC + 1 >= (unsigned long long)time(NULL) &&
	      real / SEC <= (unsigned long long)time(NULL) + 1);
}

static void test_timer(void)
{
	volatile int *ticks = &stub_irq_count[UM_IRQ_TIMER];
	int before;

	*ticks = 0;
	CHECK(os_timer_oneshot(MSEC) == 0);
	CHECK(wait_for(ticks, 1, SEC));
	sleep_ns(20 * MSEC);
	CHECK(*ticks == 1);

	/* Zero is taken as "as soon as possible", not as "disarm". */
	CHECK(os_timer_oneshot(0) == 0);
	CHECK(wait_for(ticks, 2, SEC));

	CHECK(os_timer_periodic(2 * MSEC) == 0);
	CHECK(wait_for(ticks, 8, SEC));
	CHECK(os_timer_stop() == 0);
	before = *ticks;
	sleep_ns(20 * MSEC);
	CHECK(*ticks == before);

	/* Stopping wins over an armed oneshot. */
	CHECK(os_timer_oneshot(5 * MSEC) == 0);
	CHECK(os_timer_stop() == 0);
	sleep_ns(20 * MSEC);
	CHECK(*ticks == before);

	CHECK(os_timer_periodic(0) == -EINVAL);
}

static int interrupt_signals_blocked(void)
{
	sigset_t now;

	pthread_sigmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, SIGALRM) || sigismember(&now, SIGIO) ||
	       sigismember(&now, SIGTERM) || sigismember(&now, SIGHUP) ||
	       sigismember(&now, SIGINT);
}

static void test_irq_wait(void)
{
	volatile int *ticks = &stub_irq_count[UM_IRQ_TIMER];
	unsigned long long t;
	int before;

	/* Something pending: no sleep at all. */
	stub_pending = 1;
	t = os_time_monotonic_ns();
	os_irq_wait(&stub_pending);
	CHECK(os_time_monotonic_ns() - t < 100 * MSEC);
	CHECK(!interrupt_signals_blocked());

	/* Nothing pending: sleeps until the timer interrupt. */
	stub_pending = 0;
	before = *ticks;
	CHECK(os_timer_oneshot(5 * MSEC) == 0);
	os_irq_wait(&stub_pending);
	CHECK(stub_pending == 1 && *ticks == before + 1);
	CHECK(!interrupt_signals_blocked());
}

/* irq.c's idle sleep, and where in it a signal means "do not sleep". */
long os_irq_idle_sleep(volatile unsigned long *pending, int epfd, void *events,
		int max);
extern const char os_irq_idle_sleep_window[], os_irq_idle_sleep_syscall[];
extern const char os_irq_idle_sleep_interrupted[];

/*
 * A signal that sets the pending word just before the idle sleep moves
 * the thread past it: anywhere from the look to the syscall instruction,
 * which has not run yet, but not after it.
 */
static void test_irq_idle_window(void)
{
	volatile unsigned long pending = 1;
	const char *ip;
	ucontext_t uc;
	int moved = 1;

	for (ip = os_irq_idle_sleep_window; ip <= os_irq_idle_sleep_syscall; ip++) {
		memset(&uc, 0, sizeof(uc));
		uc.uc_mcontext.gregs[REG_RIP] = (greg_t)ip;
		os_irq_leave_idle_window(&uc);
		moved &= uc.uc_mcontext.gregs[REG_RIP] ==
			 (greg_t)os_irq_idle_sleep_interrupted;
	}
	CHECK(moved);
	uc.uc_mcontext.gregs[REG_RIP] = (greg_t)os_irq_idle_sleep_syscall + 2;
	os_irq_leave_idle_window(&uc);
	CHECK(uc.uc_mcontext.gregs[REG_RIP] == (greg_t)os_irq_idle_sleep_syscall + 2);
	uc.uc_mcontext.gregs[REG_RIP] = (greg_t)os_irq_idle_sleep_window - 1;
	os_irq_leave_idle_window(&uc);
	CHECK(uc.uc_mcontext.gregs[REG_RIP] == (greg_t)os_irq_idle_sleep_window - 1);

	/* Pending already: no sleep, as if interrupted. */
	CHECK(os_irq_idle_sleep(&pending, -1, NULL, 1) == -EINTR);
	/* Not pending: the system call, with its error. */
	pending = 0;
	CHECK(os_irq_idle_sleep(&pending, -1, NULL, 1) == -EBADF);
}

/*
 * os_irq_wait() while a child writes @len bytes of @buf to @fd 5 ms in:
 * a descriptor that becomes ready while the kernel sleeps.
 */
static void irq_wait_while_written(int fd, const void *buf, size_t len)
{
	int status = -1;
	pid_t pid;

	stub_pending = 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		sleep_ns(5 * MSEC);
		_exit(write(fd, buf, len) == (ssize_t)len ? 0 : 1);
	}
	CHECK(pid > 0);
	os_irq_wait(&stub_pending);
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	CHECK(exited_with(status, 0));
}

static void test_irq_fd(void)
{
	volatile int *fd_irqs = &stub_irq_count[UM_IRQ_FD];
	unsigned long cookie = 0;
	int p[2], flags;
	char c;

	CHECK(pipe(p) == 0);
	flags = fcntl(p[0], F_GETFL);
	*fd_irqs = 0;
	CHECK(os_irq_watch_fd(p[0], 0xfeedbeefUL) == 0);
	CHECK(fd_is_async(p[0]));
	CHECK(os_irq_watch_fd(p[0], 1) == -EEXIST);
	CHECK(os_irq_next_ready_fd(&cookie) == 0);

	CHECK(write(p[1], "x", 1) == 1);
	CHECK(wait_for(fd_irqs, 1, SEC));
	CHECK(os_irq_next_ready_fd(&cookie) == 1 && cookie == 0xfeedbeefUL);
	/* Once per look; level-triggered: every look sees it until drained. */
	CHECK(os_irq_next_ready_fd(&cookie) == 0);
	cookie = 0;
	CHECK(os_irq_next_ready_fd(&cookie) == 1 && cookie == 0xfeedbeefUL);
	CHECK(os_irq_next_ready_fd(&cookie) == 0);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(os_irq_next_ready_fd(&cookie) == 0);

	/* os_irq_wait() wakes up for descriptors too. */
	irq_wait_while_written(p[1], "y", 1);
	CHECK(stub_pending == 1 && *fd_irqs >= 2);
	CHECK(os_irq_next_ready_fd(&cookie) == 1 && read(p[0], &c, 1) == 1);

	CHECK(os_irq_unwatch_fd(p[0]) == 0);
	CHECK(fcntl(p[0], F_GETFL) == flags);
	CHECK(os_irq_next_ready_fd(&cookie) == 0);
	CHECK(os_irq_unwatch_fd(p[0]) == -ENOENT);
	CHECK(os_irq_watch_fd(-1, 1) == -EBADF);
	close(p[0]);
	close(p[1]);
}

/*
 * An eventfd cannot send SIGIO: the relay thread sends it, once until the
 * kernel looks, and an idle kernel wakes for the eventfd by itself.
 */
static void test_irq_relayed_fd(void)
{
	volatile int *fd_irqs = &stub_irq_count[UM_IRQ_FD];
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	unsigned long cookie = 0;
	uint64_t one = 1, n = 0;
	int before;

	CHECK(efd >= 0);
	CHECK(os_irq_watch_fd(efd, 0xe7fdUL) == 0);
	CHECK(os_irq_next_ready_fd(&cookie) == 0);

	before = *fd_irqs;
	CHECK(write(efd, &one, sizeof(one)) == sizeof(one));
	CHECK(wait_for(fd_irqs, before + 1, SEC));
	/* Until the kernel looks, more events send no second kick. */
	CHECK(write(efd, &one, sizeof(one)) == sizeof(one));
	sleep_ns(20 * MSEC);
	CHECK(*fd_irqs == before + 1);
	CHECK(os_irq_next_ready_fd(&cookie) == 1 && cookie == 0xe7fdUL);
	CHECK(read(efd, &n, sizeof(n)) == sizeof(n) && n == 2);
	CHECK(os_irq_next_ready_fd(&cookie) == 0);
	/* Looked at: the next event is relayed again. */
	CHECK(write(efd, &one, sizeof(one)) == sizeof(one));
	CHECK(wait_for(fd_irqs, before + 2, SEC));
	CHECK(read(efd, &n, sizeof(n)) == sizeof(n));
	os_irq_next_ready_fd(&cookie);

	/* Idle: the wait wakes for it. */
	irq_wait_while_written(efd, &one, sizeof(one));
	CHECK(stub_pending == 1);
	CHECK(os_irq_next_ready_fd(&cookie) == 1 && cookie == 0xe7fdUL);
	CHECK(read(efd, &n, sizeof(n)) == sizeof(n));
	/* That batch had the only relayed one: it was the whole look... */
	CHECK(os_irq_next_ready_fd(&cookie) == 0);
	/* ...and the relay knows it: the next event is relayed. */
	before = *fd_irqs;
	CHECK(write(efd, &one, sizeof(one)) == sizeof(one));
	CHECK(wait_for(fd_irqs, before + 1, SEC));
	CHECK(read(efd, &n, sizeof(n)) == sizeof(n));
	CHECK(os_irq_next_ready_fd(&cookie) == 0);

	/* Unwatched: nothing more. */
	CHECK(os_irq_unwatch_fd(efd) == 0);
	before = *fd_irqs;
	CHECK(write(efd, &one, sizeof(one)) == sizeof(one));
	sleep_ns(20 * MSEC);
	CHECK(*fd_irqs == before && os_irq_next_ready_fd(&cookie) == 0);
	close(efd);
}

/*
 * Two relayed descriptors on one cookie: an idle wake that took the
 * cookie cannot tell whether both were seen, so the next look asks the
 * host again (and, level-triggered, finds the unread one once more).
 */
static void test_irq_relayed_shared_cookie(void)
{
	int a = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	int b = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	unsigned long cookie = 0;
	uint64_t one = 1, n = 0;

	CHECK(a >= 0 && b >= 0);
	CHECK(os_irq_watch_fd(a, 0x5ca7UL) == 0);
	CHECK(os_irq_watch_fd(b, 0x5ca7UL) == 0);
	irq_wait_while_written(a, &one, sizeof(one));
	CHECK(os_irq_next_ready_fd(&cookie) == 1 && cookie == 0x5ca7UL);
	cookie = 0;
	CHECK(os_irq_next_ready_fd(&cookie) == 1 && cookie == 0x5ca7UL);
	CHECK(read(a, &n, sizeof(n)) == sizeof(n));
	CHECK(os_irq_unwatch_fd(a) == 0 && os_irq_unwatch_fd(b) == 0);
	close(a);
	close(b);
}

static void child_shutdown_twice(void)
{
	raise(SIGTERM);
	if (stub_irq_count[UM_IRQ_SHUTDOWN] != 1 ||
	    os_process_shutdown_signal() != SIGTERM)
		_exit(1);
	/* The second request does not wait for the kernel. */
	raise(SIGHUP);
	_exit(2);
}

/* The CPU time limit's SIGXCPU comes every CPU second: one shutdown. */
static void child_cpu_limit(void)
{
	raise(SIGXCPU);
	raise(SIGXCPU);
	if (stub_irq_count[UM_IRQ_SHUTDOWN] != 1 ||
	    os_process_shutdown_signal() != SIGXCPU)
		_exit(1);
	/* The user asking as well does not wait. */
	raise(SIGTERM);
	_exit(2);
}

static void child_exit_with_watched_fd(void)
{
	if (os_irq_watch_fd(pipe_fds[0], 1) || !fd_is_async(pipe_fds[0]))
		_exit(1);
	os_process_exit(7);
}

static void child_restart(void)
{
	static char *argv[] = { "host-tests", RESTART_PROBE, NULL };

	os_process_save_argv(argv);
	os_process_restart();
}

/*
 * A child's end is UM_IRQ_CHILD, its stops are not: a traced stub stops
 * at every guest event.
 */
static void test_irq_child(void)
{
	volatile int *child_irqs = &stub_irq_count[UM_IRQ_CHILD];
	int status = -1, ret;
	pid_t pid;

	*child_irqs = 0;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(3);
	}
	CHECK(pid > 0);
	if (pid <= 0)
		return;
	do {
		ret = waitpid(pid, &status, WUNTRACED);
	} while (ret < 0 && errno == EINTR);
	CHECK(ret == pid && WIFSTOPPED(status));
	sleep_ns(10 * MSEC);
	CHECK(*child_irqs == 0);
	CHECK(kill(pid, SIGCONT) == 0);
	CHECK(wait_for(child_irqs, 1, SEC));
	sleep_ns(10 * MSEC);
	CHECK(*child_irqs == 1);
	do {
		ret = waitpid(pid, &status, 0);
	} while (ret < 0 && errno == EINTR);
	CHECK(ret == pid && exited_with(status, 3));
}

static void test_process(void)
{
	CHECK(os_process_shutdown_signal() == 0);
	CHECK(exited_with(in_child(child_shutdown_twice),
			  UM_EXIT_SIGNAL_BASE + SIGHUP));
	CHECK(exited_with(in_child(child_cpu_limit),
			  UM_EXIT_SIGNAL_BASE + SIGTERM));

	/* The pipe's file status flags are shared with the child's. */
	CHECK(pipe(pipe_fds) == 0);
	CHECK(exited_with(in_child(child_exit_with_watched_fd), 7));
	CHECK(!fd_is_async(pipe_fds[0]));
	close(pipe_fds[0]);
	close(pipe_fds[1]);

	CHECK(exited_with(in_child(child_restart), RESTART_PROBE_EXIT));
}

void test_os(void)
{
	CHECK(os_time_init() == 0);
	CHECK(os_irq_init() == 0);

	test_mem();
	test_mem_populate();
	test_fault();
	test_fatal_signals();
	test_console_pipe();
	test_console_write_full_pipe();
	test_console_tty();
	test_clocks();
	test_timer();
	test_irq_wait();
	test_irq_idle_window();
	test_irq_fd();
	test_irq_relayed_fd();
	test_irq_relayed_shared_cookie();
	test_irq_child();
	test_process();
}
