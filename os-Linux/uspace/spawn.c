// SPDX-License-Identifier: GPL-2.0
/*
 * Starting stub processes (spawn.h).  The child is clone()d sharing our
 * memory, with every signal blocked, so it costs no copy of the kernel
 * process's page tables; it only moves its descriptors into place and
 * execveat()s the stub's memfd, so ./linux needs no file beside it.
 * Until that execve it runs on our memory, beside us: no handler of
 * ours may run in it, and it makes raw system calls, as errno is ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn.h"

#ifndef MFD_EXEC
/* Linux 6.3 wants memfds meant for execution to say so. */
#define MFD_EXEC		0x0010U
#endif

/* The lowest descriptor a stub starts with. */
#define FIRST_FD		3

struct spawn_args {
	int image_fd;
	char arg[32];
	int fds[SPAWN_MAX_FDS];
	int nfds;
	pid_t parent;
	volatile int *go;
	/* The CPUs the stub may run on; none given when @cpus_size is 0. */
	cpu_set_t cpus;
	size_t cpus_size;
};

/* One child at a time is between clone() and execve() (spawn.h). */
static char spawn_stack[16384] __attribute__((aligned(16)));

int os_uspace_spawn_wait(pid_t pid, int *status)
{
	pid_t ret;

	do {
		ret = waitpid(pid, status, __WALL);
	} while (ret < 0 && errno == EINTR);
	return ret == pid ? 0 : -errno;
}

void os_uspace_spawn_reap(pid_t pid, int *status)
{
	do {
		if (os_uspace_spawn_wait(pid, status))
			return;
	} while (!WIFEXITED(*status) && !WIFSIGNALED(*status));
}

/*
 * The child's system calls: raw, so that they leave errno alone (it is
 * the parent's, which goes on running).  Returns the result or -errno.
 */
static long raw_syscall(long nr, long a1, long a2, long a3, long a4,
			long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static void __attribute__((noreturn)) child_exit(long status)
{
	for (;;)
		raw_syscall(SYS_exit_group, status, 0, 0, 0, 0);
}

static int spawn_child(void *arg)
{
	static char *const envp[] = { NULL };
	struct spawn_args *args = arg;
	char *argv[] = { "linux-stub", args->arg[0] ? args->arg : NULL, NULL };
	long moved[SPAWN_MAX_FDS], ret;
	int i;

	/* From here the child dies with us; did we die already? */
	if (raw_syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) ||
	    raw_syscall(SYS_getppid, 0, 0, 0, 0, 0) != args->parent)
		child_exit(ESRCH);
	/*
	 * Out of the way first (a source may be one of the targets), then
	 * into place: dup2() leaves the copies without close-on-exec.
	 */
	for (i = 0; i < args->nfds; i++) {
		moved[i] = raw_syscall(SYS_fcntl, args->fds[i], F_DUPFD_CLOEXEC,
				       FIRST_FD + SPAWN_MAX_FDS, 0, 0);
		if (moved[i] < 0)
			child_exit(-moved[i]);
	}
	for (i = 0; i < args->nfds; i++) {
		ret = raw_syscall(SYS_dup2, moved[i], FIRST_FD + i, 0, 0, 0);
		if (ret < 0)
			child_exit(-ret);
	}
	/* Best effort: a stub elsewhere runs all the same. */
	if (args->cpus_size)
		raw_syscall(SYS_sched_setaffinity, 0, args->cpus_size,
			    (long)&args->cpus, 0, 0);
	if (args->go) {
		while (!*args->go)
			raw_syscall(SYS_futex, (long)args->go,
				    FUTEX_WAIT_PRIVATE, 0, 0, 0);
		if (*args->go < 0)
			child_exit(0);
	}
	ret = raw_syscall(SYS_execveat, args->image_fd, (long)"", (long)argv,
			  (long)envp, AT_EMPTY_PATH);
	child_exit(-ret);
}

/*
 * Where the stub is to run: anywhere we may, but on the CPU we run on
 * now.  The kernel and its stubs take turns, waiting for each other by
 * spinning first; on a CPU of their own the stub's threads never wait
 * behind the spinning kernel, nor it behind them, and hand over to each
 * other on one CPU, without waking another (on a virtual machine a
 * wake-up of an idle CPU costs tens of microseconds).  Only the new
 * stub is placed: the kernel stays free to go where the host wants it,
 * and one CPU fewer is no crowding for many kernels on one host.
 */
static void choose_cpus(struct spawn_args *args)
{
	unsigned int cpu;

	/* System calls: the kernel has functions of libc's names here. */
	args->cpus_size = 0;
	CPU_ZERO(&args->cpus);
	if (syscall(SYS_getcpu, &cpu, NULL, NULL) ||
	    syscall(SYS_sched_getaffinity, 0, sizeof(args->cpus),
		    &args->cpus) <= 0 ||
	    cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &args->cpus) ||
	    CPU_COUNT(&args->cpus) < 2)
		return;
	CPU_CLR(cpu, &args->cpus);
	args->cpus_size = sizeof(args->cpus);
}

pid_t os_uspace_spawn(int image_fd, const char *arg, const int *fds, int nfds,
		      volatile int *go)
{
	/* Read by the child until its execve, after we return. */
	static struct spawn_args args;
	sigset_t all, old;
	pid_t pid;
	int i, err;

	if (nfds < 0 || nfds > SPAWN_MAX_FDS)
		return -EINVAL;
	for (i = 0; i < nfds; i++) {
		if (fcntl(fds[i], F_GETFD) < 0)
			return -EBADF;
		args.fds[i] = fds[i];
	}
	args.image_fd = image_fd;
	args.arg[0] = '\0';
	if (arg) {
		if (strlen(arg) >= sizeof(args.arg))
			return -E2BIG;
		strcpy(args.arg, arg);
	}
	args.nfds = nfds;
	args.parent = getpid();
	choose_cpus(&args);
	args.go = go;
	/* The child inherits the mask; the stub sets its own. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = clone(spawn_child, spawn_stack + sizeof(spawn_stack),
		    CLONE_VM | SIGCHLD, &args);
	err = pid < 0 ? -errno : 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err ? err : pid;
}

int os_uspace_spawn_load_image(const char *start, const char *end)
{
	const char *p = start;
	int fd, moved, err = 0;
	ssize_t n;

	fd = memfd_create("linux-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING |
					MFD_EXEC);
	if (fd < 0 && errno == EINVAL)	/* before Linux 6.3 */
		fd = memfd_create("linux-stub",
				  MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	while (p < end) {
		n = write(fd, p, end - p);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			goto fail;
		}
		p += n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
		  F_SEAL_WRITE | F_SEAL_SEAL)) {
		err = -errno;
		goto fail;
	}
	/* Children move their descriptors to 3, 4...: keep out of the way. */
	moved = fcntl(fd, F_DUPFD_CLOEXEC, FIRST_FD + SPAWN_MAX_FDS);
	if (moved < 0) {
		err = -errno;
		goto fail;
	}
	close(fd);
	return moved;
fail:
	close(fd);
	return err;
}
