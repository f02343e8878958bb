// SPDX-License-Identifier: GPL-2.0
/*
 * The vDSO's entry points, under the names and version glibc looks up
 * on x86_64 (LINUX_2.6, vdso.lds.S).  lib/vdso/gettimeofday.c, included
 * by the Makefile, reads the kernel's time data page ([vvar]).
 */
#include <linux/time.h>
#include <linux/types.h>
#include <vdso/gettime.h>

int __vdso_clock_gettime(clockid_t clock, struct __kernel_timespec *ts)
{
	return __cvdso_clock_gettime(clock, ts);
}

int clock_gettime(clockid_t, struct __kernel_timespec *)
	__weak __alias(__vdso_clock_gettime);

int __vdso_gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz)
{
	return __cvdso_gettimeofday(tv, tz);
}

int gettimeofday(struct __kernel_old_timeval *, struct timezone *)
	__weak __alias(__vdso_gettimeofday);

__kernel_old_time_t __vdso_time(__kernel_old_time_t *t)
{
	return __cvdso_time(t);
}

__kernel_old_time_t time(__kernel_old_time_t *)
	__weak __alias(__vdso_time);

int __vdso_clock_getres(clockid_t clock, struct __kernel_timespec *res)
{
	return __cvdso_clock_getres(clock, res);
}

int clock_getres(clockid_t, struct __kernel_timespec *)
	__weak __alias(__vdso_clock_getres);
