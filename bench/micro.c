// SPDX-License-Identifier: GPL-2.0
/*
 * Process microbenchmark, run natively, as init of ./linux and as init
 * of Debian's user-mode-linux: system call, page fault, fork+exit and a
 * CPU-bound loop.  Prints "name value unit" lines; powers off when init.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(void)
{
	const int calls = 100000, forks = 200;
	const size_t area = 16 << 20;
	volatile double x = 0;
	double t0, t1;
	char *p;
	long i;

	t0 = now_ns();
	for (i = 0; i < calls; i++)
		syscall(SYS_getpid);
	t1 = now_ns();
	printf("getpid %.0f ns\n", (t1 - t0) / calls);

	p = mmap(NULL, area, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t0 = now_ns();
	for (size_t off = 0; off < area; off += 4096)
		p[off] = 1;
	t1 = now_ns();
	printf("page-fault %.0f ns\n", (t1 - t0) / (area / 4096));

	t0 = now_ns();
	for (i = 0; i < forks; i++) {
		pid_t child = fork();

		if (!child)
			_exit(0);
		waitpid(child, NULL, 0);
	}
	t1 = now_ns();
	printf("fork+exit %.0f us\n", (t1 - t0) / forks / 1000);

	t0 = now_ns();
	for (i = 0; i < 200000000; i++)
		x += i * 0.5;
	t1 = now_ns();
	printf("cpu-loop %.0f ms\n", (t1 - t0) / 1e6);

	fflush(stdout);
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
