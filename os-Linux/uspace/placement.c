// SPDX-License-Identifier: GPL-2.0
/*
 * Where the kernel's threads and the stubs run on the host's CPUs.
 *
 * Spread, the default: each stub starts off the kernel's CPU
 * (spawn.c), and each side spins briefly for the other. That is the
 * cheapest way to do system calls and faults. While the kernel mostly
 * sleeps waiting for the host's devices, though, the stub's spin burns
 * a CPU for nothing. A host that caps its CPU then takes that time from
 * the devices' own work: on this VM the disk stalled ~18 ms in every
 * 100 ms, and QD32 reads ran at 66% of the host's.
 *
 * Together: all of the kernel's threads and every stub run on one CPU,
 * the one that took the most device interrupts. The host wakes the
 * kernel there without a cross-CPU wake-up, and neither side spins,
 * because the CPU probe sees them on the same CPU.
 *
 * Every WINDOW_NS the kernel checks how long it was idle. If it was idle
 * for more than TOGETHER_IDLE percent of two windows in a row, and took
 * device interrupts meanwhile, everything moves together. If it was idle
 * for less than SPREAD_IDLE percent of one window, everything spreads
 * out again.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <os/time.h>

#include "../internal.h"
#include "placement.h"

#define WINDOW_NS	50000000ULL
#define TOGETHER_IDLE	40
#define SPREAD_IDLE	10
/* A check costs a clock read: once in this many calls. */
#define CHECK_EVERY	64

static int enabled;
static cpu_set_t allowed;	/* the CPUs we were given */
static int together_cpu = -1;	/* -1: spread */
static unsigned int calls;
static unsigned long long window_start, window_idle;
/* Device interrupts per CPU when the last idle window began, if valid. */
static unsigned long long irqs_then[PLACEMENT_MAX_CPUS];
static int irqs_then_valid;

int os_placement_parse_irqs(const char *text, unsigned long long *count,
			    int max)
{
	const char *line = text, *end, *p;
	int ncpu = 0, i;

	end = strchr(line, '\n');
	if (!end)
		return -1;
	/* The header names the CPUs: "CPU0 CPU1 ...". */
	for (p = line; (p = strstr(p, "CPU")) && p < end; p += 3)
		ncpu++;
	if (ncpu > max)
		ncpu = max;
	memset(count, 0, max * sizeof(*count));
	for (line = end + 1; (end = strchr(line, '\n')); line = end + 1) {
		char *next;

		for (p = line; *p == ' '; p++)
			;
		/* Devices have numbers; "LOC:", "RES:"... are the CPUs' own. */
		if (*p < '0' || *p > '9')
			continue;
		p = strchr(p, ':');
		if (!p || p > end)
			continue;
		for (p++, i = 0; i < ncpu; i++, p = next) {
			unsigned long long n = strtoull(p, &next, 10);

			if (next == p || next > end)
				break;
			count[i] += n;
		}
	}
	return ncpu;
}

int os_placement_busiest(const unsigned long long *before,
			 const unsigned long long *after, int ncpu,
			 const cpu_set_t *cpus)
{
	unsigned long long most = PLACEMENT_MIN_IRQS - 1;
	int cpu, busiest = -1;

	for (cpu = 0; cpu < ncpu && cpu < PLACEMENT_MAX_CPUS; cpu++) {
		if (!CPU_ISSET(cpu, cpus) || after[cpu] < before[cpu] ||
		    after[cpu] - before[cpu] <= most)
			continue;
		most = after[cpu] - before[cpu];
		busiest = cpu;
	}
	return busiest;
}

static int read_irqs(unsigned long long *count)
{
	static char text[1 << 16];
	ssize_t len = 0, n;
	int fd;

	fd = open("/proc/interrupts", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* A host with many CPUs says more: what fits is enough to compare. */
	while (len < (ssize_t)sizeof(text) - 1 &&
	       (n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += n;
	close(fd);
	text[len] = 0;
	return os_placement_parse_irqs(text, count, PLACEMENT_MAX_CPUS);
}

void os_placement_move_process(pid_t pid, const cpu_set_t *cpus)
{
	/* struct linux_dirent64 */
	struct entry {
		uint64_t ino;
		int64_t off;
		unsigned short reclen;
		unsigned char type;
		char name[];
	};
	char buf[4096] __attribute__((aligned(8)));
	char dir[32] = "/proc/self/task", digits[12], *d = digits;
	long n, at;
	int fd;

	/* By hand: the kernel's snprintf() has libc's name here. */
	if (pid > 0) {
		for (; pid; pid /= 10)
			*d++ = '0' + pid % 10;
		strcpy(dir, "/proc/");
		for (n = strlen(dir); d > digits;)
			dir[n++] = *--d;
		strcpy(dir + n, "/task");
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	/* System calls: the kernel has functions of libc's names here. */
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (at = 0; at < n; at += ((struct entry *)(buf + at))->reclen) {
			const char *name = ((struct entry *)(buf + at))->name;

			if (name[0] >= '0' && name[0] <= '9')
				syscall(SYS_sched_setaffinity, atoi(name),
					sizeof(*cpus), cpus);
		}
	}
	close(fd);
}

void os_placement_init(void)
{
	CPU_ZERO(&allowed);
	enabled = syscall(SYS_sched_getaffinity, 0, sizeof(allowed),
			  &allowed) > 0 && CPU_COUNT(&allowed) > 1;
}

static void go_together(int cpu, void (*move_stubs)(const cpu_set_t *))
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	os_placement_move_process(0, &one);
	move_stubs(&one);
	together_cpu = cpu;
}

static void go_spread(void (*move_stubs)(const cpu_set_t *))
{
	cpu_set_t others = allowed;

	os_placement_move_process(0, &allowed);
	/* The kernel is on together_cpu now: stubs start off it anyway. */
	CPU_CLR(together_cpu, &others);
	move_stubs(&others);
	together_cpu = -1;
}

void os_placement_check(void (*move_stubs)(const cpu_set_t *cpus))
{
	unsigned long long now, idle, percent, irqs[PLACEMENT_MAX_CPUS];
	int ncpu, cpu;

	if (!enabled || ++calls % CHECK_EVERY)
		return;
	now = os_time_monotonic_ns();
	if (now - window_start < WINDOW_NS)
		return;
	idle = os_irq_idle_ns();
	percent = window_start ? (idle - window_idle) * 100 /
				 (now - window_start) : 0;
	window_start = now;
	window_idle = idle;

	if (together_cpu >= 0 && percent < SPREAD_IDLE) {
		go_spread(move_stubs);
		irqs_then_valid = 0;
		return;
	}
	if (together_cpu < 0 && percent <= TOGETHER_IDLE) {
		irqs_then_valid = 0;
		return;
	}
	/*
	 * Idle: where did the device interrupts go since the last look?
	 * Looked at again while together, in case the first look was
	 * misled (a window of few interrupts, not ours).
	 */
	ncpu = read_irqs(irqs);
	cpu = irqs_then_valid ?
	      os_placement_busiest(irqs_then, irqs, ncpu, &allowed) : -1;
	memcpy(irqs_then, irqs, sizeof(irqs));
	irqs_then_valid = ncpu > 0;
	if (cpu >= 0 && cpu != together_cpu)
		go_together(cpu, move_stubs);
}
