/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UNISTD_H
#define __UM_ASM_UNISTD_H

/* Guest processes make x86_64 system calls. */
#include <asm/unistd_64.h>

#define NR_syscalls	(__NR_syscalls)

/* The legacy calls x86_64's table has. */
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SYS_ALARM
#define __ARCH_WANT_SYS_CLONE
#define __ARCH_WANT_SYS_FADVISE64
#define __ARCH_WANT_SYS_FORK
#define __ARCH_WANT_SYS_GETPGRP
#define __ARCH_WANT_SYS_PAUSE
#define __ARCH_WANT_SYS_TIME
#define __ARCH_WANT_SYS_UTIME
#define __ARCH_WANT_SYS_VFORK

#endif
