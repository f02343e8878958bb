// SPDX-License-Identifier: GPL-2.0
/*
 * Host time service: the host's clocks, and one POSIX timer whose
 * SIGALRM irq.c turns into UM_IRQ_TIMER.
 */
#include <errno.h>
#include <signal.h>
#include <time.h>

#include <os/time.h>

#include "internal.h"

#define NSEC_PER_SEC	1000000000ULL

static timer_t host_timer;
static int host_timer_created;

static unsigned long long clock_ns(clockid_t clock)
{
	struct timespec ts;

	/* Cannot fail for these clocks; the vDSO does not touch errno then. */
	clock_gettime(clock, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

unsigned long long os_time_monotonic_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

unsigned long long os_time_realtime_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

int os_time_init(void)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGALRM,
	};

	if (timer_create(CLOCK_MONOTONIC, &sev, &host_timer))
		return -errno;
	host_timer_created = 1;
	return 0;
}

static struct timespec to_timespec(unsigned long long ns)
{
	return (struct timespec){
		.tv_sec = ns / NSEC_PER_SEC,
		.tv_nsec = ns % NSEC_PER_SEC,
	};
}

static int arm(unsigned long long first_ns, unsigned long long period_ns)
{
	struct itimerspec its = {
		.it_value = to_timespec(first_ns),
		.it_interval = to_timespec(period_ns),
	};
	int saved_errno = errno, err = 0;

	if (!host_timer_created)
		return -ENODEV;
	if (timer_settime(host_timer, 0, &its, NULL))
		err = -errno;
	errno = saved_errno;
	return err;
}

int os_timer_oneshot(unsigned long long delta_ns)
{
	/* An it_value of zero would disarm the timer instead. */
	return arm(delta_ns ? delta_ns : 1, 0);
}

int os_timer_periodic(unsigned long long period_ns)
{
	if (!period_ns)
		return -EINVAL;
	return arm(period_ns, period_ns);
}

int os_timer_stop(void)
{
	return arm(0, 0);
}
