// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace of guest processes by guest processes: the generic requests;
 * register access comes with guest processes themselves.
 */
#include <linux/elfcore.h>
#include <linux/ptrace.h>
#include <linux/sched.h>

void ptrace_disable(struct task_struct *child)
{
}

void user_disable_single_step(struct task_struct *child)
{
}

long arch_ptrace(struct task_struct *child, long request,
		 unsigned long addr, unsigned long data)
{
	return ptrace_request(child, request, addr, data);
}

int elf_core_copy_task_fpregs(struct task_struct *t, elf_fpregset_t *fpu)
{
	return 0;
}
