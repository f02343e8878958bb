/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_SYSCALL_H
#define __UM_ASM_UM_SYSCALL_H

#include <asm/ptrace.h>

/* Serve guest system call @nr of @regs; the result goes to regs->ax. */
void um_syscall(struct pt_regs *regs, unsigned long nr);

/* The address space whose guest code runs now, or -1 (user.c). */
extern int um_running_guest;

/* After interrupts: take the CPU back from running guest code if needed. */
void um_guest_preempt_check(void);

#endif
