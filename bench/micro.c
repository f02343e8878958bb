// SPDX-License-Identifier: GPL-2.0
/*
 * Process microbenchmark, run natively, as init of ./linux and as init
 * of Debian's user-mode-linux: system call, clock read, page faults,
 * mmap/munmap, fork+exit, fork+exec, pipe ping-pong, context switch and
 * a CPU-bound loop.  Prints "name value unit" lines; powers off when it is init.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *self;

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static void report(const char *name, double total_ns, long n, double unit)
{
	printf("%s %.1f %s\n", name, total_ns / n / unit,
	       unit == 1 ? "ns" : unit == 1e3 ? "us" : "ms");
	fflush(stdout);
}

static void bench_getpid(void)
{
	const long calls = 100000;
	double t0 = now_ns();

	for (long i = 0; i < calls; i++)
		syscall(SYS_getpid);
	report("getpid", now_ns() - t0, calls, 1e3);
}

/* Through the vDSO where there is one, as programs read the time. */
static void bench_clock(void)
{
	const long calls = 100000;
	struct timespec t;
	double t0 = now_ns();

	for (long i = 0; i < calls; i++)
		clock_gettime(CLOCK_MONOTONIC, &t);
	report("clock_gettime", now_ns() - t0, calls, 1);
}

/* Every page of a fresh area, written, then read of a read-only file-less area. */
static void bench_faults(void)
{
	const size_t area = 16 << 20;
	volatile char *p;
	double t0;
	char sum = 0;

	p = mmap(NULL, area, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t0 = now_ns();
	for (size_t off = 0; off < area; off += 4096)
		p[off] = 1;
	report("page-fault-write", now_ns() - t0, area / 4096, 1e3);
	munmap((void *)p, area);

	p = mmap(NULL, area, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t0 = now_ns();
	for (size_t off = 0; off < area; off += 4096)
		sum += p[off];
	report("page-fault-read", now_ns() - t0, area / 4096, 1e3);
	munmap((void *)p, area);
	(void)sum;
}

static void bench_mmap(void)
{
	const long rounds = 2000;
	double t0 = now_ns();

	for (long i = 0; i < rounds; i++) {
		char *p = mmap(NULL, 65536, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		p[0] = 1;
		munmap(p, 65536);
	}
	report("mmap+touch+munmap", now_ns() - t0, rounds, 1e3);
}

static void bench_fork(int exec)
{
	const long forks = 200;
	double t0 = now_ns();

	for (long i = 0; i < forks; i++) {
		pid_t child = fork();

		if (!child) {
			if (exec)
				execl(self, self, "--exit", (char *)NULL);
			_exit(0);
		}
		waitpid(child, NULL, 0);
	}
	report(exec ? "fork+exec+exit" : "fork+exit", now_ns() - t0, forks,
	       1e3);
}

/* One byte there and back between two processes over two pipes. */
static void bench_pipe(void)
{
	const long rounds = 10000;
	int ab[2], ba[2];
	char c = 0;
	double t0;
	pid_t child;

	if (pipe(ab) || pipe(ba))
		return;
	child = fork();
	if (!child) {
		close(ab[1]);
		close(ba[0]);
		while (read(ab[0], &c, 1) == 1 && write(ba[1], &c, 1) == 1)
			;
		_exit(0);
	}
	t0 = now_ns();
	for (long i = 0; i < rounds; i++)
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			break;
	report("pipe-pingpong", now_ns() - t0, rounds, 1e3);
	close(ab[1]);
	waitpid(child, NULL, 0);
	close(ab[0]);
	close(ba[0]);
	close(ba[1]);
}

/* Two processes on one CPU handing it back and forth. */
static void bench_switch(void)
{
	const long rounds = 10000;
	cpu_set_t one;
	double t0;
	pid_t child;

	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	child = fork();
	if (!child) {
		for (;;)
			sched_yield();
	}
	t0 = now_ns();
	for (long i = 0; i < rounds; i++)
		sched_yield();
	report("context-switch", now_ns() - t0, 2 * rounds, 1e3);
	kill(child, 9);
	waitpid(child, NULL, 0);
}

static void bench_cpu(void)
{
	volatile double x = 0;
	double t0 = now_ns();

	for (long i = 0; i < 200000000; i++)
		x += i * 0.5;
	report("cpu-loop", now_ns() - t0, 1, 1e6);
}

int main(int argc, char **argv)
{
	self = argv[0][0] == '/' ? argv[0] : "/init";
	if (argc > 1 && !strcmp(argv[1], "--exit"))
		return 0;
	bench_getpid();
	bench_clock();
	bench_faults();
	bench_mmap();
	bench_fork(0);
	bench_fork(1);
	bench_pipe();
	bench_switch();
	bench_cpu();
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	return 0;
}
