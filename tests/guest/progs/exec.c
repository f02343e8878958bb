// SPDX-License-Identifier: GPL-2.0
/*
 * What exec leaves of the program before it: nothing.  The kernel may
 * hand the new program its caller's host process (arch/um/mm/
 * exec_handover.c); then none of the old mappings may show through, from
 * a single-threaded caller, from one with another thread running, and
 * after a set-user-ID exec, which gets a host process of its own.
 * Prints "ok"/"not ok" lines.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define FIXED_AREA	((void *)0x200000000UL)
#define SUID_COPY	"/exec-suid"
#define NOBODY		65534

/* In .data: each program starts with the file's value. */
static volatile int marker = 1;
static sigjmp_buf fault_return;

static void on_fault(int sig)
{
	(void)sig;
	siglongjmp(fault_return, 1);
}

/* Does reading @addr fault, as an address nothing maps should? */
static int faults(const volatile int *addr)
{
	struct sigaction sa = { .sa_handler = on_fault };
	int faulted = 1;

	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(fault_return, 1)) {
		(void)*addr;
		faulted = 0;
	}
	signal(SIGSEGV, SIG_DFL);
	return faulted;
}

/* The exec'd side: @how says what came before. */
static int check(const char *how)
{
	int fresh = marker == 1 && faults(FIXED_AREA);

	printf("%s exec: nothing of the caller shows (%s)\n",
	       fresh ? "ok" : "not ok", how);
	if (!strcmp(how, "suid"))
		printf("%s exec: set-user-ID program runs as its owner\n",
		       geteuid() == NOBODY && getuid() == 0 ? "ok" : "not ok");
	return 0;
}

/* Leave marks the next program must not see, then exec @how. */
static void mark_and_exec(const char *path, const char *how)
{
	int *area = mmap(FIXED_AREA, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (area == MAP_FAILED) {
		printf("not ok exec: mmap failed\n");
		exit(1);
	}
	area[0] = 42;
	marker = 2;
	fflush(stdout);
	execl(path, path, how, (char *)NULL);
	printf("not ok exec: execl %s failed\n", path);
	exit(1);
}

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		marker = 3;
	return NULL;
}

/* Run the steps in a child each, so that one failing ends only its own. */
static void in_child(const char *self, const char *how)
{
	pthread_t thread;
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!strcmp(how, "threaded"))
			pthread_create(&thread, NULL, spin, NULL);
		mark_and_exec(strcmp(how, "suid") ? self : SUID_COPY, how);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		printf("not ok exec: the %s step ended badly\n", how);
}

/* A copy of this program, set-user-ID to nobody. */
static int make_suid_copy(const char *self)
{
	char buf[65536];
	int in, out, ok = 1;
	ssize_t n;

	in = open(self, O_RDONLY);
	out = open(SUID_COPY, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || out < 0)
		return 0;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ok &= write(out, buf, n) == n;
	ok &= n == 0 && !fchown(out, NOBODY, NOBODY) &&
	      !fchmod(out, 04755);
	close(in);
	close(out);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return check(argv[1]);
	in_child(argv[0], "plain");
	in_child(argv[0], "threaded");
	if (make_suid_copy(argv[0]))
		in_child(argv[0], "suid");
	else
		printf("not ok exec: no set-user-ID copy\n");
	unlink(SUID_COPY);
	return 0;
}
