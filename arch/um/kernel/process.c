// SPDX-License-Identifier: GPL-2.0
/*
 * Threads of the kernel: creation, switching, idle.  All of them run on
 * the one host thread, each on its own kernel stack.
 */
#include <linux/cpu.h>
#include <linux/init_task.h>
#include <linux/kallsyms.h>
#include <linux/mm_types.h>
#include <linux/sched/debug.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/stacktrace.h>
#include <linux/ptrace.h>
#include <asm/mmu_context.h>
#include <asm/switch_stack.h>
#include <asm/switch_to.h>
#include <asm/um_fpu.h>
#include <os/irq.h>

struct task_struct *um_current_task = &init_task;

/* In .sched.text, so that wchan looks past it. */
struct task_struct *__sched __switch_to(struct task_struct *prev,
				       struct task_struct *next)
{
	um_current_task = next;
	/* Only a switch lets another thread's FPU state into the host. */
	if (next->mm && next->mm->context.fpu_owner != next)
		set_tsk_thread_flag(next, TIF_FPU_LOAD);
	return um_switch_stack(&prev->thread.switch_sp, next->thread.switch_sp,
			       prev);
}

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	unsigned long *frame = (unsigned long *)task_stack_page(p) +
			       THREAD_SIZE / sizeof(unsigned long) -
			       UM_SWITCH_FRAME_WORDS;

	memset(frame, 0, UM_SWITCH_FRAME_WORDS * sizeof(*frame));
	frame[UM_SWITCH_FRAME_IP] = (unsigned long)um_thread_entry;
	p->thread.switch_sp = (unsigned long)frame;

	p->thread.fpstate = NULL;
	p->thread.fpstate_valid = false;
	if (args->fn) {
		p->thread.thread_fn = args->fn;
		p->thread.thread_arg = args->fn_arg;
		memset(&p->thread.regs, 0, sizeof(p->thread.regs));
		return 0;
	}

	/* A guest thread: the child starts from a copy of the parent. */
	p->thread.thread_fn = NULL;
	p->thread.regs = *current_pt_regs();
	p->thread.regs.ax = 0;
	if (args->stack)
		p->thread.regs.sp = args->stack;
	if (args->flags & CLONE_SETTLS)
		p->thread.regs.fs_base = args->tls;
	return um_fpu_fork(p);
}

void um_thread_start(struct task_struct *prev)
{
	struct thread_struct *t = &current->thread;

	schedule_tail(prev);
	if (t->thread_fn) {
		t->thread_fn(t->thread_arg);
		/* A kernel thread only returns once it has exec'd a program. */
		t->thread_fn = NULL;
	}
	um_enter_user_mode();
}

/* exec: the new program starts with the initial FPU state. */
void flush_thread(void)
{
	um_fpu_reset(current);
	set_thread_flag(TIF_FPU_LOAD);
}

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->ip = ip;
	regs->sp = sp;
	regs->cs = 0x33;
	regs->ss = 0x2b;
	regs->flags = 0x202;
	if (current->mm)
		um_user_map_present(current->mm);
}

void arch_cpu_idle(void)
{
	os_irq_wait(&um_irq_pending);
}

static bool um_wchan_entry(void *arg, unsigned long pc)
{
	unsigned long *wchan = arg;

	if (in_sched_functions(pc))
		return true;
	*wchan = pc;
	return false;
}

unsigned long __get_wchan(struct task_struct *p)
{
	unsigned long wchan = 0;

	arch_stack_walk(um_wchan_entry, &wchan, p, NULL);
	return wchan;
}
