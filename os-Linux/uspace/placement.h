/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which host CPUs the kernel's threads and the stubs run on: spread
 * (a stub off the kernel's CPU) or together on one CPU.  See
 * placement.c.
 */
#ifndef __UM_USPACE_PLACEMENT_H
#define __UM_USPACE_PLACEMENT_H

#include <sched.h>
#include <sys/types.h>

/* CPUs placement tells apart; the rest are never chosen. */
#define PLACEMENT_MAX_CPUS	64
/* Fewer device interrupts than this in a window tell nothing. */
#define PLACEMENT_MIN_IRQS	20

/*
 * Device interrupts per CPU in @text (as /proc/interrupts reads) into
 * @count[0..@max): returns how many CPUs it names, or -1.
 */
int os_placement_parse_irqs(const char *text, unsigned long long *count,
			    int max);
/*
 * The CPU of @allowed whose count grew most from @before to @after, by
 * at least PLACEMENT_MIN_IRQS; -1 when none did.
 */
int os_placement_busiest(const unsigned long long *before,
			 const unsigned long long *after, int ncpu,
			 const cpu_set_t *allowed);

/* Put every thread of process @pid (0: this one) on @cpus. */
void os_placement_move_process(pid_t pid, const cpu_set_t *cpus);

/* Let placement move threads: only with two CPUs or more allowed. */
void os_placement_init(void);
/*
 * Look whether the kernel's idleness asks for the other placement;
 * @move_stubs puts every stub on @cpus.  Cheap when it is not time to.
 */
void os_placement_check(void (*move_stubs)(const cpu_set_t *cpus));

#endif
