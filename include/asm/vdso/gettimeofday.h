/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lib/vdso/ needs of the vDSO in a guest process: the time data
 * page, the counter, and system calls for what it cannot answer.  The
 * counter is the clocksource's, the host's CLOCK_MONOTONIC in
 * nanoseconds, read through the backend's host clock entry; without
 * one the generic code falls back to a system call, which the kernel
 * serves as any other.
 */
#ifndef __UM_ASM_VDSO_GETTIMEOFDAY_H
#define __UM_ASM_VDSO_GETTIMEOFDAY_H

#ifndef __ASSEMBLY__

#include <asm/unistd.h>
#include <uapi/linux/time.h>

#define VDSO_HAS_CLOCK_GETRES	1
#define VDSO_HAS_TIME		1

/* What the counter reads as when it cannot be read: never a time. */
#define UM_VDSO_NO_READING	(~0ULL)

static __always_inline long um_vdso_syscall2(long nr, long arg0, long arg1)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(arg0), "S"(arg1)
			 : "rcx", "r11", "memory");
	return ret;
}

static __always_inline long
clock_gettime_fallback(clockid_t clock, struct __kernel_timespec *ts)
{
	return um_vdso_syscall2(__NR_clock_gettime, clock, (long)ts);
}

static __always_inline long
gettimeofday_fallback(struct __kernel_old_timeval *tv, struct timezone *tz)
{
	return um_vdso_syscall2(__NR_gettimeofday, (long)tv, (long)tz);
}

static __always_inline long
clock_getres_fallback(clockid_t clock, struct __kernel_timespec *ts)
{
	return um_vdso_syscall2(__NR_clock_getres, clock, (long)ts);
}

/* No reading: the generic code then makes the system call. */
static __always_inline u64 __arch_get_hw_counter(s32 clock_mode,
						 const struct vdso_data *vd)
{
	unsigned long entry = vd->arch_data.host_clock;
	struct __kernel_timespec ts;
	long ret;

	if (clock_mode != VDSO_CLOCKMODE_HOST || !entry)
		return UM_VDSO_NO_READING;
	/* Built with -mno-red-zone: the call's return address is safe. */
	__asm__ volatile("call *%[entry]"
			 : "=a"(ret)
			 : [entry] "r"(entry), "D"((long)CLOCK_MONOTONIC),
			   "S"(&ts)
			 : "rcx", "r11", "memory");
	if (ret)
		return UM_VDSO_NO_READING;
	return (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static __always_inline bool um_vdso_cycles_ok(u64 cycles)
{
	return cycles != UM_VDSO_NO_READING;
}
#define vdso_cycles_ok um_vdso_cycles_ok

static __always_inline const struct vdso_data *__arch_get_vdso_data(void)
{
	return _vdso_data;
}

#endif

#endif
