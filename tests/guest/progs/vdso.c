// SPDX-License-Identifier: GPL-2.0
/*
 * The vDSO: present, read-only where it holds the kernel's time, and
 * telling the same time as the system calls it stands in for.  Under
 * the seccomp backend, the host clock entry it calls reads only the
 * host's CLOCK_MONOTONIC: anything else there is a guest system call.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SYSLOG_ACTION_READ_ALL	3

/* os-Linux/uspace/seccomp_stub.h: SECCOMP_STUB_CLOCK_ENTRY. */
#define HOST_CLOCK_ENTRY	0x7ff800000050UL
#define HOST_CLOCK_SYSCALL	(HOST_CLOCK_ENTRY + 5)

static sigjmp_buf escape;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(escape, 1);
}

static void check(int good, const char *what)
{
	printf("%s vdso: %s\n", good ? "ok" : "not ok", what);
}

static long long ns_of(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

/* The line of /proc/self/maps naming @name: its start, or 0. */
static unsigned long mapping(const char *name, char *perms)
{
	char line[256];
	unsigned long start = 0, end;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, name) &&
		    sscanf(line, "%lx-%lx %4s", &start, &end, perms) == 3)
			break;
		else
			start = 0;
	fclose(f);
	return start;
}

/* vDSO, system call, vDSO: the three readings must be in order. */
static void check_clock(clockid_t clock, const char *name)
{
	struct timespec a, b, c;
	char what[80];
	int ordered = 1, i;

	for (i = 0; i < 1000 && ordered; i++) {
		clock_gettime(clock, &a);
		syscall(SYS_clock_gettime, clock, &b);
		clock_gettime(clock, &c);
		ordered = ns_of(&a) <= ns_of(&b) && ns_of(&b) <= ns_of(&c);
	}
	snprintf(what, sizeof(what), "%s agrees with the system call", name);
	check(ordered, what);
}

static void check_time_of_day(void)
{
	struct timeval a, c;
	struct timespec b;
	long long ua, ub, uc;
	time_t t0, t1, t2;

	gettimeofday(&a, NULL);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &b);
	gettimeofday(&c, NULL);
	ua = a.tv_sec * 1000000LL + a.tv_usec;
	ub = ns_of(&b) / 1000;
	uc = c.tv_sec * 1000000LL + c.tv_usec;
	check(ua <= ub && ub <= uc, "gettimeofday agrees with CLOCK_REALTIME");

	t0 = time(NULL);
	t1 = syscall(SYS_time, NULL);
	t2 = time(NULL);
	check(t0 <= t1 + 1 && t1 <= t2 + 1 && t2 - t0 <= 1,
	      "time agrees with the system call");
}

static void check_resolution(void)
{
	struct timespec a = { -1, -1 }, b = { -2, -2 };

	clock_getres(CLOCK_MONOTONIC, &a);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &b);
	check(a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec && a.tv_nsec > 0,
	      "clock_getres agrees with the system call");
}

/* Setting the clock reaches the time data at once; so does a fork. */
static void check_set_and_fork(void)
{
	struct timespec before, set, after;
	int status = -1;
	pid_t child;

	clock_gettime(CLOCK_REALTIME, &before);
	set = before;
	set.tv_sec += 100000;
	if (clock_settime(CLOCK_REALTIME, &set)) {
		check(0, "clock_settime (needs root)");
		return;
	}
	clock_gettime(CLOCK_REALTIME, &after);
	check(after.tv_sec - before.tv_sec >= 100000 &&
	      after.tv_sec - before.tv_sec < 100010,
	      "a clock set is seen at once");
	check_clock(CLOCK_REALTIME, "CLOCK_REALTIME after it was set");
	child = fork();
	if (!child) {
		struct timespec a, b;

		clock_gettime(CLOCK_REALTIME, &a);
		syscall(SYS_clock_gettime, CLOCK_REALTIME, &b);
		_exit(ns_of(&a) <= ns_of(&b) && a.tv_sec - before.tv_sec >= 100000 ?
		      0 : 1);
	}
	waitpid(child, &status, 0);
	check(status == 0, "a forked child reads the same clock");
	clock_gettime(CLOCK_REALTIME, &after);
	after.tv_sec -= 100000;
	clock_settime(CLOCK_REALTIME, &after);
}

static void check_read_only(void)
{
	char perms[5] = "";
	unsigned long vvar = mapping("[vvar]", perms);
	volatile int wrote = 0;

	check(vvar && !strcmp(perms, "r--p"), "[vvar] is mapped read-only");
	if (!vvar)
		return;
	check(mprotect((void *)vvar, 4096, PROT_READ | PROT_WRITE) != 0,
	      "[vvar] cannot be made writable");
	signal(SIGSEGV, on_segv);
	if (!sigsetjmp(escape, 1)) {
		*(volatile char *)vvar = 1;
		wrote = 1;
	}
	signal(SIGSEGV, SIG_DFL);
	check(!wrote, "writing [vvar] faults");
}

/* The host side takes uspace= off the command line: ask the boot log. */
static int seccomp_backend(void)
{
	static char log[1 << 17];
	int len = klogctl(SYSLOG_ACTION_READ_ALL, log, sizeof(log) - 1);

	if (len < 0)
		return 0;
	log[len] = 0;
	return strstr(log, "run with the seccomp backend") != NULL;
}

/*
 * Guest code may call the host clock entry itself.  With another
 * clock, or another system call at its syscall instruction, it is the
 * guest kernel that answers.
 */
static void check_host_clock_entry(void)
{
	struct timespec a, b, c;
	long ret, nr = SYS_getpid;

	clock_gettime(CLOCK_REALTIME, &a);
	__asm__ volatile("sub $128, %%rsp\n\tcall *%1\n\tadd $128, %%rsp"
			 : "=a"(ret)
			 : "r"(HOST_CLOCK_ENTRY), "D"((long)CLOCK_REALTIME),
			   "S"(&b)
			 : "rcx", "r11", "memory");
	clock_gettime(CLOCK_REALTIME, &c);
	check(ret == 0 && ns_of(&a) <= ns_of(&b) && ns_of(&b) <= ns_of(&c),
	      "the host clock entry with CLOCK_REALTIME is the guest's clock");

	__asm__ volatile("sub $128, %%rsp\n\tlea 1f(%%rip), %%rcx\n\t"
			 "push %%rcx\n\tjmp *%2\n1:\n\tadd $128, %%rsp"
			 : "=a"(ret)
			 : "0"(nr), "r"(HOST_CLOCK_SYSCALL)
			 : "rcx", "r11", "memory");
	check(ret == getpid(),
	      "another system call there is the guest's (getpid)");
}

int main(void)
{
	const unsigned char *ehdr = (const void *)getauxval(AT_SYSINFO_EHDR);
	char perms[5] = "";

	check(ehdr && !memcmp(ehdr, ELFMAG, SELFMAG),
	      "AT_SYSINFO_EHDR names an ELF image");
	check(mapping("[vdso]", perms) == (unsigned long)ehdr &&
	      !strcmp(perms, "r-xp"), "[vdso] is mapped there, r-x");
	check_clock(CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
	check_clock(CLOCK_REALTIME, "CLOCK_REALTIME");
	check_clock(CLOCK_BOOTTIME, "CLOCK_BOOTTIME");
	check_clock(CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW");
	check_clock(CLOCK_TAI, "CLOCK_TAI");
	check_time_of_day();
	check_resolution();
	check_set_and_fork();
	check_read_only();
	if (seccomp_backend())
		check_host_clock_entry();
	return 0;
}
