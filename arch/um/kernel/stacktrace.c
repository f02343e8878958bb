// SPDX-License-Identifier: GPL-2.0
/*
 * Stack traces by frame pointers (the kernel is built with them): each
 * frame holds the caller's frame pointer and then the return address.
 * Host signal frames sit on the same stack; the handler's frame chains
 * into the interrupted code, and host addresses in between are skipped.
 */
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>
#include <linux/sched/task_stack.h>
#include <linux/stacktrace.h>
#include <asm/switch_stack.h>

static bool um_on_stack(struct task_struct *task, unsigned long addr)
{
	unsigned long base = (unsigned long)task_stack_page(task);

	return addr >= base && addr + 2 * sizeof(long) <= base + THREAD_SIZE &&
	       IS_ALIGNED(addr, sizeof(long));
}

void notrace arch_stack_walk(stack_trace_consume_fn consume_entry,
			     void *cookie, struct task_struct *task,
			     struct pt_regs *regs)
{
	unsigned long bp;

	if (!task)
		task = current;

	if (regs) {
		if (!consume_entry(cookie, regs->ip))
			return;
		bp = regs->bp;
	} else if (task == current) {
		bp = (unsigned long)__builtin_frame_address(0);
	} else {
		unsigned long *frame = (unsigned long *)task->thread.switch_sp;

		if (!um_on_stack(task, (unsigned long)frame))
			return;
		if (!consume_entry(cookie, frame[UM_SWITCH_FRAME_IP]))
			return;
		bp = frame[UM_SWITCH_FRAME_BP];
	}

	while (um_on_stack(task, bp)) {
		unsigned long *frame = (unsigned long *)bp;
		unsigned long ip = frame[1];

		if (__kernel_text_address(ip) && !consume_entry(cookie, ip))
			return;
		if (frame[0] <= bp)
			break;
		bp = frame[0];
	}
}

static bool um_print_entry(void *arg, unsigned long ip)
{
	const char *loglvl = arg;

	printk("%s [<%016lx>] %pS\n", loglvl, ip, (void *)ip);
	return true;
}

void show_stack(struct task_struct *task, unsigned long *sp,
		const char *loglvl)
{
	printk("%sCall Trace:\n", loglvl);
	arch_stack_walk(um_print_entry, (void *)loglvl, task, NULL);
}

void show_regs(struct pt_regs *regs)
{
	show_regs_print_info(KERN_DEFAULT);
	pr_info("IP: %pS\n", (void *)regs->ip);
	pr_info("SP: %016lx BP: %016lx\n", regs->sp, regs->bp);
	if (user_mode(regs)) {
		pr_info("AX: %016lx BX: %016lx CX: %016lx DX: %016lx\n",
			regs->ax, regs->bx, regs->cx, regs->dx);
		pr_info("SI: %016lx DI: %016lx FLAGS: %016lx\n",
			regs->si, regs->di, regs->flags);
		return;
	}
	printk(KERN_DEFAULT "Call Trace:\n");
	arch_stack_walk(um_print_entry, KERN_DEFAULT, current, regs);
}
