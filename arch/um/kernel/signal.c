// SPDX-License-Identifier: GPL-2.0
/*
 * Signal delivery to guest threads with x86_64's real frame: the
 * handler gets (sig, &siginfo, &ucontext) on its stack (or the
 * alternate one), the interrupted registers in uc_mcontext and the FPU
 * state after the frame; rt_sigreturn puts them all back.
 */
#include <linux/sched.h>
#include <linux/resume_user_mode.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#include <asm/um_fpu.h>
#include <asm/um_signal.h>

struct um_rt_sigframe {
	char __user *pretcode;
	struct ucontext uc;
	struct siginfo info;
	/* the FPU state follows, 64-byte aligned */
};

/* The flags a handler may change on return; the rest stay the kernel's. */
#define UM_USER_FLAGS	0x50dd5UL	/* AC RF OF DF TF SF ZF AF PF CF */
#define UM_RED_ZONE	128

static int um_fpstate_size(void)
{
	return um_fpu_size(current->mm) ? : -ENOMEM;
}

/* The state the host holds is current's once um_fpu_activate() said so. */
static int um_get_fpstate(void *buf, int size)
{
	int err = um_fpu_activate();

	return err ? err : um_fpu_get(current, buf, size);
}

static int um_set_fpstate(const void *buf, int size)
{
	int err = um_fpu_activate();

	return err ? err : um_fpu_set(current, buf, size);
}

static int um_save_fpstate(void __user *to, int size)
{
	void *buf = kmalloc(size, GFP_KERNEL);
	int err;

	if (!buf)
		return -ENOMEM;
	err = um_get_fpstate(buf, size);
	if (err >= 0 && copy_to_user(to, buf, size))
		err = -EFAULT;
	kfree(buf);
	return err < 0 ? err : 0;
}

static int um_restore_fpstate(const void __user *from, int size)
{
	void *buf = kmalloc(size, GFP_KERNEL);
	int err = -EFAULT;

	if (!buf)
		return -ENOMEM;
	if (!copy_from_user(buf, from, size))
		err = um_set_fpstate(buf, size);
	kfree(buf);
	return err;
}

static void um_regs_to_sigcontext(struct sigcontext *sc,
				  const struct pt_regs *regs)
{
	sc->r8 = regs->r8;
	sc->r9 = regs->r9;
	sc->r10 = regs->r10;
	sc->r11 = regs->r11;
	sc->r12 = regs->r12;
	sc->r13 = regs->r13;
	sc->r14 = regs->r14;
	sc->r15 = regs->r15;
	sc->di = regs->di;
	sc->si = regs->si;
	sc->bp = regs->bp;
	sc->bx = regs->bx;
	sc->dx = regs->dx;
	sc->ax = regs->ax;
	sc->cx = regs->cx;
	sc->sp = regs->sp;
	sc->ip = regs->ip;
	sc->flags = regs->flags;
	sc->cs = regs->cs;
	sc->ss = regs->ss;
}

static void um_sigcontext_to_regs(struct pt_regs *regs,
				  const struct sigcontext *sc)
{
	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->di = sc->di;
	regs->si = sc->si;
	regs->bp = sc->bp;
	regs->bx = sc->bx;
	regs->dx = sc->dx;
	regs->ax = sc->ax;
	regs->cx = sc->cx;
	regs->sp = sc->sp;
	regs->ip = sc->ip;
	regs->flags = (regs->flags & ~UM_USER_FLAGS) |
		      (sc->flags & UM_USER_FLAGS);
	regs->orig_ax = -1UL;	/* no system call to restart */
}

static int um_setup_rt_frame(struct ksignal *ksig, sigset_t *set,
			     struct pt_regs *regs)
{
	struct um_rt_sigframe __user *frame;
	struct um_rt_sigframe kframe = { };
	int fpsize = um_fpstate_size();
	unsigned long sp, fpstate;

	if (fpsize < 0)
		return fpsize;
	if (!(ksig->ka.sa.sa_flags & SA_RESTORER))
		return -EFAULT;	/* x86_64 handlers return through sa_restorer */

	sp = sigsp(regs->sp - UM_RED_ZONE, ksig);
	fpstate = round_down(sp - fpsize, 64);
	/* Aligned as if the handler had been called. */
	sp = round_down(fpstate - sizeof(*frame), 16) - sizeof(long);
	frame = (struct um_rt_sigframe __user *)sp;

	kframe.pretcode = (char __user *)ksig->ka.sa.sa_restorer;
	kframe.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	um_regs_to_sigcontext(&kframe.uc.uc_mcontext, regs);
	kframe.uc.uc_mcontext.oldmask = set->sig[0];
	kframe.uc.uc_mcontext.fpstate = fpstate;
	kframe.uc.uc_sigmask = *set;

	if (copy_to_user(frame, &kframe, offsetof(struct um_rt_sigframe, info)))
		return -EFAULT;
	if (__save_altstack(&frame->uc.uc_stack, regs->sp))
		return -EFAULT;
	if (copy_siginfo_to_user(&frame->info, &ksig->info))
		return -EFAULT;
	if (um_save_fpstate((void __user *)fpstate, fpsize))
		return -EFAULT;
	um_fpu_clear();

	regs->di = ksig->sig;
	regs->si = (unsigned long)&frame->info;
	regs->dx = (unsigned long)&frame->uc;
	regs->ax = 0;
	regs->sp = sp;
	regs->ip = (unsigned long)ksig->ka.sa.sa_handler;
	regs->flags &= ~0x50500UL;	/* AC, DF, TF off in handlers */
	return 0;
}

/* The system call a signal interrupted, when a handler will run. */
static void um_syscall_before_handler(struct ksignal *ksig,
				      struct pt_regs *regs)
{
	switch (regs->ax) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		regs->ax = -EINTR;
		break;
	case -ERESTARTSYS:
		if (!(ksig->ka.sa.sa_flags & SA_RESTART)) {
			regs->ax = -EINTR;
			break;
		}
		fallthrough;
	case -ERESTARTNOINTR:
		regs->ax = regs->orig_ax;
		regs->ip -= UM_SYSCALL_INSN_LEN;
		break;
	}
}

void um_deliver_signal(struct ksignal *ksig, struct pt_regs *regs)
{
	int failed;

	if (regs->orig_ax != -1UL)
		um_syscall_before_handler(ksig, regs);
	regs->orig_ax = -1UL;
	rseq_signal_deliver(ksig, regs);
	failed = um_setup_rt_frame(ksig, sigmask_to_save(), regs);
	signal_setup_done(failed, ksig, 0);
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = current_pt_regs();
	struct um_rt_sigframe __user *frame =
		(struct um_rt_sigframe __user *)(regs->sp - sizeof(long));
	struct ucontext uc;
	sigset_t set;
	int fpsize;

	current->restart_block.fn = do_no_restart_syscall;
	if (copy_from_user(&uc, &frame->uc, sizeof(uc)))
		goto bad;
	set = uc.uc_sigmask;
	set_current_blocked(&set);
	um_sigcontext_to_regs(regs, &uc.uc_mcontext);
	if (uc.uc_mcontext.fpstate) {
		fpsize = um_fpstate_size();
		if (fpsize < 0 ||
		    um_restore_fpstate((void __user *)uc.uc_mcontext.fpstate,
				       fpsize))
			goto bad;
	}
	if (restore_altstack(&frame->uc.uc_stack))
		goto bad;
	return regs->ax;
bad:
	force_sig(SIGSEGV);
	return 0;
}
