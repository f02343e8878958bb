/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host time service: clocks and the one timer behind the clockevent
 * device.  Expiry raises UM_IRQ_TIMER.
 */
#ifndef __UM_OS_TIME_H
#define __UM_OS_TIME_H

/* CLOCK_MONOTONIC in nanoseconds. */
unsigned long long os_time_monotonic_ns(void);
/* CLOCK_REALTIME in nanoseconds since the epoch. */
unsigned long long os_time_realtime_ns(void);
/* Arm the timer to fire once after @delta_ns (> 0). */
int os_timer_oneshot(unsigned long long delta_ns);
/* Arm the timer to fire every @period_ns. */
int os_timer_periodic(unsigned long long period_ns);
/* Disarm the timer. */
int os_timer_stop(void);

#endif
