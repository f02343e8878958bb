/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_THREAD_INFO_H
#define __UM_ASM_THREAD_INFO_H

#include <asm/page.h>

#define THREAD_SIZE_ORDER	CONFIG_UM_KERNEL_STACK_ORDER
#define THREAD_SIZE		(PAGE_SIZE << THREAD_SIZE_ORDER)

#ifndef __ASSEMBLY__

struct thread_info {
	unsigned long flags;
	/* SYSCALL_WORK_* of the generic entry code: ptrace, seccomp... */
	unsigned long syscall_work;
	int preempt_count;
};

#define INIT_THREAD_INFO(tsk)			\
{						\
	.flags		= 0,			\
	.preempt_count	= INIT_PREEMPT_COUNT,	\
}

/* Checks an exec that kept its caller's host process (mm/exec_handover.c). */
#define arch_setup_new_exec arch_setup_new_exec
void arch_setup_new_exec(void);

#endif

#define TIF_SYSCALL_TRACE	0
#define TIF_SIGPENDING		1
#define TIF_NEED_RESCHED	2
#define TIF_NOTIFY_RESUME	3
#define TIF_RESTORE_SIGMASK	4
#define TIF_MEMDIE		5
#define TIF_SYSCALL_AUDIT	6
#define TIF_SECCOMP		7
#define TIF_SINGLESTEP		8
#define TIF_NOTIFY_SIGNAL	9
#define TIF_SYSCALL_TRACEPOINT	10
#define TIF_FPU_LOAD		11	/* the host holds another's FPU state */
#define TIF_FORCED_TF		12	/* the trap flag is ptrace's, not the guest's */

#define _TIF_SYSCALL_TRACE	(1 << TIF_SYSCALL_TRACE)
#define _TIF_SIGPENDING		(1 << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1 << TIF_NEED_RESCHED)
#define _TIF_NOTIFY_RESUME	(1 << TIF_NOTIFY_RESUME)
#define _TIF_RESTORE_SIGMASK	(1 << TIF_RESTORE_SIGMASK)
#define _TIF_MEMDIE		(1 << TIF_MEMDIE)
#define _TIF_SYSCALL_AUDIT	(1 << TIF_SYSCALL_AUDIT)
#define _TIF_SECCOMP		(1 << TIF_SECCOMP)
#define _TIF_SINGLESTEP		(1 << TIF_SINGLESTEP)
#define _TIF_NOTIFY_SIGNAL	(1 << TIF_NOTIFY_SIGNAL)
#define _TIF_SYSCALL_TRACEPOINT	(1 << TIF_SYSCALL_TRACEPOINT)
#define _TIF_FPU_LOAD		(1 << TIF_FPU_LOAD)
#define _TIF_FORCED_TF		(1 << TIF_FORCED_TF)

#endif
