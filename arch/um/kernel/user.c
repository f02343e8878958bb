// SPDX-License-Identifier: GPL-2.0
/*
 * Running guest code.  A guest thread's registers live in its
 * thread_struct; its address space is a host process (mm/host_mm.c).
 * The kernel runs it with the host backend (os/uspace.h) until an event
 * and serves the event: a system call, a page fault, an exception, or
 * an interrupt of the kernel's own that wants the CPU back.  Before each
 * return to guest code it does what is due: reschedule, signals,
 * resume work.
 */
#include <linux/resume_user_mode.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <asm/mmu_context.h>
#include <asm/switch_stack.h>
#include <asm/um_fault.h>
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

static void um_do_signal(struct pt_regs *regs)
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

static void um_exit_to_guest(struct pt_regs *regs)
{
	unsigned long flags;

	while ((flags = read_thread_flags()) &
	       (_TIF_NEED_RESCHED | _TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL |
		_TIF_NOTIFY_RESUME)) {
		if (flags & _TIF_NEED_RESCHED)
			schedule();
		else if (flags & (_TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL))
			um_do_signal(regs);
		else
			resume_user_mode_work(regs);
	}
}

static void um_guest_fault(struct pt_regs *regs,
			   const struct os_uspace_event *ev)
{
	int err = um_handle_user_fault(ev->addr, ev->is_write, ev->is_exec,
				       true);

	if (!err) {
		um_user_map_page(current->mm, ev->addr);
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

void um_enter_user_mode(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct os_uspace_event ev;
	int handle, err;

	for (;;) {
		um_exit_to_guest(regs);

		/*
		 * One backend call at a time: no preemption inside it, but
		 * interrupts stay on so the timer can stop the guest.
		 */
		preempt_disable();
		handle = current->mm->context.host_handle;
		um_running_guest = handle;
		err = os_uspace->run(handle, (struct os_guest_regs *)regs, &ev);
		um_running_guest = -1;
		preempt_enable();
		if (err) {
			pr_err("hostlinux: guest address space of %s[%d] lost: %d\n",
			       current->comm, task_pid_nr(current), err);
			force_exit_sig(SIGKILL);
			continue;
		}

		switch (ev.kind) {
		case OS_USPACE_SYSCALL:
			if (ev.is_compat) {
				/* 32-bit system calls are not part of the ABI. */
				regs->ax = -ENOSYS;
				break;
			}
			um_syscall(regs);
			break;
		case OS_USPACE_FAULT:
			regs->orig_ax = -1UL;
			um_guest_fault(regs, &ev);
			break;
		case OS_USPACE_SIGNAL:
			regs->orig_ax = -1UL;
			force_sig_fault(ev.signo, ev.si_code,
					(void __user *)ev.addr);
			break;
		case OS_USPACE_INTERRUPTED:
			regs->orig_ax = -1UL;
			break;
		}
	}
}
