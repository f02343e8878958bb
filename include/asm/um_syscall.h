/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_SYSCALL_H
#define __UM_ASM_UM_SYSCALL_H

#include <asm/ptrace.h>

/* Serve guest system call @nr of @regs; the result goes to regs->ax. */
void um_syscall(struct pt_regs *regs, unsigned long nr);

/* After interrupts: take the CPU back from running guest code if needed. */
void um_guest_preempt_check(void);

#endif
