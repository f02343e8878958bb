// SPDX-License-Identifier: GPL-2.0
/*
 * Running guest code.  A guest thread's registers live in its
 * thread_struct; its address space is a host process (mm/host_mm.c).
 * The kernel runs it with the host backend (os/uspace.h) until an event
 * and serves the event: a system call, a page fault, an exception, or
 * an interrupt of the kernel's own that wants the CPU back.
 *
 * Entry and exit go through the generic entry code, as a hardware
 * kernel entry would: system calls pass ptrace, seccomp and audit on the
 * way in and out, and the way back to guest code does what is due
 * (reschedule, signals, resume work).  Guest code runs with interrupts
 * enabled but with preemption off, so that the timer can stop it and
 * the kernel switches threads only at the exit work.
 */
#include <linux/entry-common.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <asm/mmu_context.h>
#include <asm/switch_stack.h>
#include <asm/um_fault.h>
#include <asm/um_fpu.h>
#include <asm/um_signal.h>
#include <asm/um_syscall.h>
#include <asm/unistd.h>
#include <os/uspace.h>

/* The address space running guest code now, or -1: interrupts may stop it. */
int um_running_guest = -1;

/*
 * Called after interrupts were delivered while guest code may be
 * running: stop it when the kernel wants the CPU or has a signal for it.
 */
void um_guest_preempt_check(void)
{
	int handle = READ_ONCE(um_running_guest);

	if (handle >= 0 && (need_resched() || signal_pending(current)))
		os_uspace->interrupt(handle);
}

/* With no handler to run, an interrupted system call starts over. */
static void um_restart_syscall(struct pt_regs *regs)
{
	switch (regs->ax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		regs->ax = regs->orig_ax;
		regs->ip -= UM_SYSCALL_INSN_LEN;
		break;
	case -ERESTART_RESTARTBLOCK:
		regs->ax = __NR_restart_syscall;
		regs->ip -= UM_SYSCALL_INSN_LEN;
		break;
	}
}

void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		um_deliver_signal(&ksig, regs);
		return;
	}
	if (regs->orig_ax != -1UL)
		um_restart_syscall(regs);
	restore_saved_sigmask();
}

static void um_guest_fault(struct pt_regs *regs,
			   const struct os_uspace_event *ev)
{
	int err = um_handle_user_fault(ev->addr, ev->is_write, ev->is_exec,
				       true);

	if (!err) {
		um_user_map_page(current->mm, ev->addr, ev->is_write);
		return;
	}
	if (err == -EINTR)
		return;
	if (err == -EIO)
		force_sig_fault(SIGBUS, BUS_ADRERR, (void __user *)ev->addr);
	else
		force_sig_fault(SIGSEGV, ev->si_code ? ev->si_code : SEGV_MAPERR,
				(void __user *)ev->addr);
}

static void um_guest_syscall(struct pt_regs *regs,
			     const struct os_uspace_event *ev)
{
	long nr;

	if (ev->is_compat) {
		/* 32-bit system calls are not part of the ABI: never run. */
		irqentry_enter_from_user_mode(regs);
		regs->ax = -ENOSYS;
		irqentry_exit_to_user_mode(regs);
		return;
	}
	/* -1: seccomp or a tracer skipped it and set regs->ax. */
	nr = syscall_enter_from_user_mode(regs, regs->orig_ax);
	if (nr >= 0)
		um_syscall(regs, nr);
	syscall_exit_to_user_mode(regs);
}

/* Anything but a system call: an exception, or the kernel's interrupt. */
static void um_guest_exception(struct pt_regs *regs,
			       const struct os_uspace_event *ev)
{
	irqentry_enter_from_user_mode(regs);
	local_irq_enable();
	regs->orig_ax = -1UL;
	switch (ev->kind) {
	case OS_USPACE_FAULT:
		um_guest_fault(regs, ev);
		break;
	case OS_USPACE_SIGNAL:
		force_sig_fault(ev->signo, ev->si_code, (void __user *)ev->addr);
		break;
	}
	local_irq_disable();
	irqentry_exit_to_user_mode(regs);
}

/* The address space is gone on the host: nothing to run the thread in. */
static void um_guest_lost(struct pt_regs *regs, int err)
{
	irqentry_enter_from_user_mode(regs);
	local_irq_enable();
	pr_err("hostlinux: guest address space of %s[%d] lost: %d\n",
	       current->comm, task_pid_nr(current), err);
	force_exit_sig(SIGKILL);
	local_irq_disable();
	irqentry_exit_to_user_mode(regs);
}

/* Exit work, interrupts on: the FPU state comes in after a switch. */
void um_exit_to_user_mode_work(struct pt_regs *regs, unsigned long ti_work)
{
	clear_thread_flag(TIF_FPU_LOAD);
	if (um_fpu_activate()) {
		pr_err("hostlinux: no FPU state for %s[%d]\n", current->comm,
		       task_pid_nr(current));
		force_exit_sig(SIGKILL);
	}
}

/*
 * Run guest code from exit to the next entry: interrupts are off on the
 * way in and out (as the entry code left and expects them), on while
 * guest code runs.  An interrupt that comes before the run wants the
 * CPU back makes interrupt() stop it before it starts.
 */
static int um_run_guest(struct pt_regs *regs, struct os_uspace_event *ev)
{
	int handle = current->mm->context.host_handle;
	int err;

	um_host_mm_sync(current->mm);
	preempt_disable();
	WRITE_ONCE(um_running_guest, handle);
	raw_local_irq_enable();
	err = os_uspace->run(handle, (struct os_guest_regs *)regs, ev);
	raw_local_irq_disable();
	WRITE_ONCE(um_running_guest, -1);
	preempt_enable_no_resched();
	return err;
}

/*
 * A new guest thread, or a kernel thread that exec'd, leaves for guest
 * code as from a system call, then serves its events for good.
 */
void um_enter_user_mode(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct os_uspace_event ev;
	int err;

	set_thread_flag(TIF_FPU_LOAD);
	local_irq_enable();
	syscall_exit_to_user_mode(regs);
	for (;;) {
		err = um_run_guest(regs, &ev);
		if (err)
			um_guest_lost(regs, err);
		else if (ev.kind == OS_USPACE_SYSCALL)
			um_guest_syscall(regs, &ev);
		else
			um_guest_exception(regs, &ev);
	}
}
