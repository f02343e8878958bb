// SPDX-License-Identifier: GPL-2.0
/*
 * What one hand-over costs on this host: a round trip between two host
 * processes (or threads), each waiting for the other in turn, as the
 * kernel and a guest process's stub do for every system call, fault and
 * resumed guest program.  Ways measured:
 *
 *   futex           each sleeps in FUTEX_WAIT, the other wakes it (as
 *                   os-Linux/uspace/seccomp.c does when neither spins);
 *   spin            each polls a shared word (the floor; burns two CPUs);
 *   seccomp notify  the target's system call goes to a supervisor's
 *                   SECCOMP_IOCTL_NOTIF_RECV; "sync" adds
 *                   SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6), which
 *                   wakes the other side on the waker's CPU.
 *
 * Threads of one process against two processes shows what switching
 * address spaces adds: on a VM with shadow page tables it is most of
 * the hand-over.  Prints "<way> <where> <microseconds per round trip>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "turn.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	1
#endif

#define ROUNDS	100000
#define ANY_CPU	(-1)

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Run on @cpu only, or on every CPU again with ANY_CPU. */
static void pin(int cpu)
{
	cpu_set_t set;
	long i, n = sysconf(_SC_NPROCESSORS_ONLN);

	CPU_ZERO(&set);
	if (cpu != ANY_CPU)
		CPU_SET(cpu, &set);
	else
		for (i = 0; i < n && i < CPU_SETSIZE; i++)
			CPU_SET(i, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("sched_setaffinity");
}

/* The turn word: odd while the second side's, even while the first's. */
struct pong {
	uint32_t *turn;
	int cpu;
	int spin;
};

static void *pong(void *arg)
{
	struct pong *p = arg;
	uint32_t i;

	pin(p->cpu);
	for (i = 0; i < ROUNDS; i++) {
		turn_wait(p->turn, 2 * i + 1, p->spin);
		turn_give(p->turn, 2 * i + 2, p->spin);
	}
	return NULL;
}

static double ping(uint32_t *turn, int cpu, int spin)
{
	double start;
	uint32_t i;

	pin(cpu);
	start = now();
	for (i = 0; i < ROUNDS; i++) {
		turn_give(turn, 2 * i + 1, spin);
		turn_wait(turn, 2 * i + 2, spin);
	}
	return (now() - start) / ROUNDS * 1e6;
}

static double turns(int processes, int cpu_a, int cpu_b, int spin)
{
	uint32_t *turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct pong p = { turn, cpu_b, spin };
	pthread_t thread;
	double us;
	pid_t pid = 0;

	if (turn == MAP_FAILED)
		return -1;
	*turn = 0;
	if (processes) {
		pid = fork();
		if (pid == 0) {
			pong(&p);
			_exit(0);
		}
	}
	if (processes ? pid < 0 : pthread_create(&thread, NULL, pong, &p)) {
		munmap(turn, 4096);
		return -1;
	}
	us = ping(turn, cpu_a, spin);
	if (processes)
		waitpid(pid, NULL, 0);
	else
		pthread_join(thread, NULL);
	munmap(turn, 4096);
	pin(ANY_CPU);
	return us;
}

static void send_fd(int sock, int fd)
{
	char control[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte = 0;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(fd));
	if (sendmsg(sock, &msg, 0) != 1)
		perror("sendmsg");
}

static int receive_fd(int sock)
{
	char control[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(fd));
	return fd;
}

/* The target: getppid() goes to the supervisor, ROUNDS times. */
static void notify_target(int sock, int cpu)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 4, filter };
	char go;
	int fd, i;

	pin(cpu);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		_exit(1);
	fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	if (fd < 0)
		_exit(1);
	send_fd(sock, fd);
	close(fd);
	if (read(sock, &go, 1) != 1)
		_exit(1);
	for (i = 0; i < ROUNDS; i++)
		syscall(SYS_getppid);
	_exit(0);
}

static double notify(int cpu_a, int cpu_b, int sync_wake)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	double start, us = -1;
	int sock[2], fd, i;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sock))
		return -1;
	pid = fork();
	if (pid == 0)
		notify_target(sock[1], cpu_b);
	/* A target that fails closes the last end, and the wait ends. */
	close(sock[1]);
	fd = -1;
	if (pid < 0)
		goto out;
	pin(cpu_a);
	fd = receive_fd(sock[0]);
	if (fd < 0)
		goto out;
	if (sync_wake && ioctl(fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
			       (__u64)SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP))
		goto out;
	if (write(sock[0], "g", 1) != 1)
		goto out;
	start = now();
	for (i = 0; i < ROUNDS; i++) {
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req))
			goto out;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp))
			goto out;
	}
	us = (now() - start) / ROUNDS * 1e6;
out:
	if (pid > 0) {
		if (us < 0)
			kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	if (fd >= 0)
		close(fd);
	close(sock[0]);
	pin(ANY_CPU);
	return us;
}

static void show(const char *way, const char *where, double us)
{
	if (us < 0)
		printf("%-22s %-16s %s\n", way, where, "-");
	else
		printf("%-22s %-16s %.2f\n", way, where, us);
}

int main(void)
{
	int two = sysconf(_SC_NPROCESSORS_ONLN) > 1;

	show("futex, threads", "one CPU", turns(0, 0, 0, 0));
	show("futex, processes", "one CPU", turns(1, 0, 0, 0));
	if (two) {
		show("futex, threads", "two CPUs", turns(0, 0, 1, 0));
		show("futex, processes", "two CPUs", turns(1, 0, 1, 0));
		show("spin, processes", "two CPUs", turns(1, 0, 1, 1));
	}
	show("seccomp notify", "one CPU", notify(0, 0, 0));
	show("seccomp notify sync", "one CPU", notify(0, 0, 1));
	show("seccomp notify sync", "unpinned", notify(ANY_CPU, ANY_CPU, 1));
	return 0;
}
