// SPDX-License-Identifier: GPL-2.0
/*
 * Starting stub processes (spawn.h).  The child is clone()d sharing our
 * memory, with every signal blocked, so it costs no copy of the kernel
 * process's page tables; it only moves its descriptors into place and
 * execveat()s the stub's memfd, so ./linux needs no file beside it.
 * Until that execve it runs on our memory and our errno: no handler of
 * ours may run in it, and callers keep their errno themselves.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
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
	int fds[SPAWN_MAX_FDS];
	int nfds;
	pid_t parent;
	volatile int *go;
};

/*
 * One child at a time is between clone() and execve(): with @go the
 * caller waits for the stub before it spawns again.
 */
static char spawn_stack[16384] __attribute__((aligned(16)));

int spawn_wait(pid_t pid, int *status)
{
	pid_t ret;

	do {
		ret = waitpid(pid, status, __WALL);
	} while (ret < 0 && errno == EINTR);
	return ret == pid ? 0 : -errno;
}

void spawn_reap(pid_t pid, int *status)
{
	do {
		if (spawn_wait(pid, status))
			return;
	} while (!WIFEXITED(*status) && !WIFSIGNALED(*status));
}

/* FUTEX_WAIT while *@word is 0: a raw call, as errno is the parent's. */
static void wait_for_go(volatile int *word)
{
	register long r10 __asm__("r10") = 0;
	long ret;

	while (!*word) {
		__asm__ volatile("syscall"
				 : "=a"(ret)
				 : "a"((long)SYS_futex), "D"(word),
				   "S"((long)FUTEX_WAIT_PRIVATE), "d"(0L),
				   "r"(r10)
				 : "rcx", "r11", "memory");
		(void)ret;
	}
}

static int spawn_child(void *arg)
{
	static char *const argv[] = { "linux-stub", NULL };
	static char *const envp[] = { NULL };
	struct spawn_args *args = arg;
	int moved[SPAWN_MAX_FDS], i;

	/* From here the child dies with us; did we die already? */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != args->parent)
		_exit(ESRCH);
	/*
	 * Out of the way first (a source may be one of the targets), then
	 * into place: dup2() leaves the copies without close-on-exec.
	 */
	for (i = 0; i < args->nfds; i++) {
		moved[i] = fcntl(args->fds[i], F_DUPFD_CLOEXEC,
				 FIRST_FD + SPAWN_MAX_FDS);
		if (moved[i] < 0)
			_exit(errno);
	}
	for (i = 0; i < args->nfds; i++)
		if (dup2(moved[i], FIRST_FD + i) < 0)
			_exit(errno);
	if (args->go) {
		wait_for_go(args->go);
		if (*args->go < 0)
			_exit(0);
	}
	syscall(SYS_execveat, args->image_fd, "", argv, envp, AT_EMPTY_PATH);
	_exit(errno);
}

pid_t spawn_stub(int image_fd, const int *fds, int nfds, volatile int *go)
{
	/* Read by the child until its execve, after we return with @go. */
	static struct spawn_args args;
	sigset_t all, old;
	int i, err, flags = CLONE_VM | SIGCHLD;
	pid_t pid;

	if (nfds < 0 || nfds > SPAWN_MAX_FDS)
		return -EINVAL;
	for (i = 0; i < nfds; i++) {
		if (fcntl(fds[i], F_GETFD) < 0)
			return -EBADF;
		args.fds[i] = fds[i];
	}
	args.image_fd = image_fd;
	args.nfds = nfds;
	args.parent = getpid();
	args.go = go;
	/* Without @go, nothing keeps the child off our stack but vfork. */
	if (!go)
		flags |= CLONE_VFORK;
	/* The child inherits the mask; the stub sets its own. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = clone(spawn_child, spawn_stack + sizeof(spawn_stack), flags,
		    &args);
	err = pid < 0 ? -errno : 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return err ? err : pid;
}

int spawn_load_image(const char *start, const char *end)
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
