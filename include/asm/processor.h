/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_PROCESSOR_H
#define __UM_ASM_PROCESSOR_H

#include <linux/types.h>
#include <asm/ptrace.h>
#include <asm/page.h>
#include <asm/vdso/processor.h>

struct task_struct;

struct thread_struct {
	/* kernel stack pointer saved by um_switch_stack() */
	unsigned long switch_sp;
	/* a new kernel thread's function and argument */
	int (*thread_fn)(void *arg);
	void *thread_arg;
	/* the guest registers of a user thread */
	struct pt_regs regs;
	/*
	 * Its FPU state in the host's XSAVE layout, while the host process
	 * holds another thread's (kernel/fpu.c); fpstate_valid says the
	 * buffer holds one, else the thread has the initial state.
	 */
	void *fpstate;
	bool fpstate_valid;
};

#define INIT_THREAD	{ }

#define task_pt_regs(tsk)	(&(tsk)->thread.regs)
#define KSTK_EIP(tsk)		(task_pt_regs(tsk)->ip)
#define KSTK_ESP(tsk)		(task_pt_regs(tsk)->sp)

#define TASK_SIZE		UM_TASK_SIZE
#define TASK_SIZE_MAX		UM_TASK_SIZE
#define TASK_SIZE_OF(tsk)	TASK_SIZE
#define STACK_TOP		TASK_SIZE
#define STACK_TOP_MAX		STACK_TOP
#define TASK_UNMAPPED_BASE	PAGE_ALIGN(TASK_SIZE / 3)

unsigned long __get_wchan(struct task_struct *p);

/* Kernel code runs on its thread's stack, interrupts included. */
static __always_inline bool on_thread_stack(void)
{
	return true;
}
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);

#endif
