/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_FPU_H
#define __UM_ASM_UM_FPU_H

#include <linux/sched.h>

/* The size of a thread's FPU state (XSAVE layout); 0 if unknown yet. */
int um_fpu_size(struct mm_struct *mm);
/* Make the host process of current's mm hold current's FPU state. */
int um_fpu_activate(void);
/* Give current the initial state, as a signal handler starts with. */
int um_fpu_clear(void);
/* Copy @t's state out of or into @buf of um_fpu_size() bytes. */
int um_fpu_get(struct task_struct *t, void *buf, int size);
int um_fpu_set(struct task_struct *t, const void *buf, int size);
/* A new guest thread @p starts with a copy of current's state. */
int um_fpu_fork(struct task_struct *p);
/* exec: the initial state from now on. */
void um_fpu_reset(struct task_struct *t);
/* The address space @mm goes away. */
void um_fpu_forget(struct mm_struct *mm);

#endif
