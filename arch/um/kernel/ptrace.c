// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace of guest threads by guest processes, as on x86_64: the
 * registers (PTRACE_GETREGS, PEEKUSR, the NT_PRSTATUS regset), the FPU
 * and vector state (GETFPREGS, NT_PRFPREG, NT_X86_XSTATE) and single
 * steps, which are the host CPU's trap flag in the guest's registers.
 * What a tracer writes is checked so that the host never refuses the
 * registers: selectors are the host's user ones, bases stay in the
 * guest's range, and only the flags a program may change do change.
 */
#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/ptrace.h>
#include <linux/regset.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/um_fpu.h>
#include <asm/user.h>
#include <os/uspace.h>

/* The flags a tracer may change, as sigreturn may (signal.c). */
#define UM_TRACER_FLAGS		0x50dd5UL	/* AC RF OF DF TF SF ZF AF PF CF */
#define UM_FXSAVE_SIZE		512
#define UM_FXSAVE_MXCSR		24
#define UM_XSTATE_BV		512
#define UM_XFEATURES_FP_SSE	3UL

enum um_regset {
	UM_REGSET_GENERAL,
	UM_REGSET_FP,
	UM_REGSET_XSTATE,
};

static bool um_selector_ok(unsigned long sel, unsigned long user_sel)
{
	return sel == 0 || sel == user_sel;
}

/* Take @new as @t's registers, if the host would run them. */
static int um_set_user_regs(struct task_struct *t, struct pt_regs *new)
{
	struct pt_regs *regs = task_pt_regs(t);

	if ((new->cs != OS_GUEST_CS && new->cs != OS_GUEST_CS32) ||
	    new->ss != OS_GUEST_SS ||
	    !um_selector_ok(new->ds, OS_GUEST_SS) ||
	    !um_selector_ok(new->es, OS_GUEST_SS) ||
	    !um_selector_ok(new->fs, OS_GUEST_SS) ||
	    !um_selector_ok(new->gs, OS_GUEST_SS) ||
	    new->fs_base >= TASK_SIZE || new->gs_base >= TASK_SIZE)
		return -EIO;
	new->flags = (regs->flags & ~UM_TRACER_FLAGS) |
		     (new->flags & UM_TRACER_FLAGS);
	*regs = *new;
	return 0;
}

static int um_gpr_get(struct task_struct *target,
		      const struct user_regset *regset, struct membuf to)
{
	return membuf_write(&to, task_pt_regs(target),
			    sizeof(struct user_regs_struct));
}

static int um_gpr_set(struct task_struct *target,
		      const struct user_regset *regset, unsigned int pos,
		      unsigned int count, const void *kbuf,
		      const void __user *ubuf)
{
	struct pt_regs new = *task_pt_regs(target);
	int err;

	err = user_regset_copyin(&pos, &count, &kbuf, &ubuf, &new, 0,
				 sizeof(struct user_regs_struct));
	return err ? err : um_set_user_regs(target, &new);
}

/* @target's whole FPU state in a new buffer, or an ERR_PTR. */
static void *um_fpstate_of(struct task_struct *target, int *size)
{
	void *buf;
	int err;

	*size = um_fpu_size(target->mm);
	if (!*size)
		return ERR_PTR(-ENODEV);
	buf = kmalloc(*size, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	err = um_fpu_get(target, buf, *size);
	if (err) {
		kfree(buf);
		return ERR_PTR(err);
	}
	return buf;
}

static int um_fp_get(struct task_struct *target,
		     const struct user_regset *regset, struct membuf to)
{
	int size, len = regset->n * regset->size;
	void *buf = um_fpstate_of(target, &size);

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	membuf_write(&to, buf, min(len, size));
	kfree(buf);
	return 0;
}

static int um_fp_set(struct task_struct *target,
		     const struct user_regset *regset, unsigned int pos,
		     unsigned int count, const void *kbuf,
		     const void __user *ubuf)
{
	int size, err, len = regset->n * regset->size;
	void *buf = um_fpstate_of(target, &size);

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = user_regset_copyin(&pos, &count, &kbuf, &ubuf, buf, 0,
				 min(len, size));
	/* The legacy area alone: the XSAVE header must say it is there. */
	if (!err && len == UM_FXSAVE_SIZE && size > UM_FXSAVE_SIZE)
		*(u64 *)(buf + UM_XSTATE_BV) |= UM_XFEATURES_FP_SSE;
	if (!err)
		err = um_fpu_set(target, buf, size);
	kfree(buf);
	return err;
}

static int um_xstate_active(struct task_struct *target,
			    const struct user_regset *regset)
{
	return regset->n;
}

static struct user_regset um_regsets[] = {
	[UM_REGSET_GENERAL] = {
		.core_note_type = NT_PRSTATUS,
		.n = sizeof(struct user_regs_struct) / sizeof(long),
		.size = sizeof(long),
		.align = sizeof(long),
		.regset_get = um_gpr_get,
		.set = um_gpr_set,
	},
	[UM_REGSET_FP] = {
		.core_note_type = NT_PRFPREG,
		.n = UM_FXSAVE_SIZE / sizeof(long),
		.size = sizeof(long),
		.align = sizeof(long),
		.regset_get = um_fp_get,
		.set = um_fp_set,
	},
	/* Its size is the host's, known once a guest address space exists. */
	[UM_REGSET_XSTATE] = {
		.core_note_type = NT_X86_XSTATE,
		.size = sizeof(u64),
		.align = 64,
		.active = um_xstate_active,
		.regset_get = um_fp_get,
		.set = um_fp_set,
	},
};

static const struct user_regset_view um_regset_view = {
	.name = "x86_64",
	.e_machine = EM_X86_64,
	.regsets = um_regsets,
	.n = ARRAY_SIZE(um_regsets),
};

const struct user_regset_view *task_user_regset_view(struct task_struct *task)
{
	struct user_regset *xstate = &um_regsets[UM_REGSET_XSTATE];

	if (!xstate->n && task->mm)
		xstate->n = um_fpu_size(task->mm) / sizeof(u64);
	return &um_regset_view;
}

void user_enable_single_step(struct task_struct *child)
{
	struct pt_regs *regs = task_pt_regs(child);

	set_tsk_thread_flag(child, TIF_SINGLESTEP);
	set_task_syscall_work(child, SYSCALL_EXIT_TRAP);
	/* A trap flag the program set itself stays when stepping ends. */
	if (!(regs->flags & UM_EFLAGS_TF)) {
		regs->flags |= UM_EFLAGS_TF;
		set_tsk_thread_flag(child, TIF_FORCED_TF);
	}
}

void user_disable_single_step(struct task_struct *child)
{
	clear_tsk_thread_flag(child, TIF_SINGLESTEP);
	clear_task_syscall_work(child, SYSCALL_EXIT_TRAP);
	if (test_and_clear_tsk_thread_flag(child, TIF_FORCED_TF))
		task_pt_regs(child)->flags &= ~UM_EFLAGS_TF;
}

void ptrace_disable(struct task_struct *child)
{
	user_disable_single_step(child);
}

static int um_peek_user(struct task_struct *child, unsigned long addr,
			unsigned long __user *data)
{
	unsigned long val = 0;

	if (addr & (sizeof(long) - 1) || addr >= sizeof(struct user))
		return -EIO;
	if (addr < sizeof(struct user_regs_struct))
		val = *(unsigned long *)((char *)task_pt_regs(child) + addr);
	return put_user(val, data);
}

static int um_poke_user(struct task_struct *child, unsigned long addr,
			unsigned long data)
{
	struct pt_regs new = *task_pt_regs(child);

	if (addr & (sizeof(long) - 1) || addr >= sizeof(struct user))
		return -EIO;
	if (addr < sizeof(struct user_regs_struct)) {
		*(unsigned long *)((char *)&new + addr) = data;
		return um_set_user_regs(child, &new);
	}
	/* No hardware breakpoints: clearing them is all there is to do. */
	if (addr >= offsetof(struct user, u_debugreg) &&
	    addr < offsetof(struct user, error_code))
		return data ? -EIO : 0;
	return -EIO;
}

long arch_ptrace(struct task_struct *child, long request,
		 unsigned long addr, unsigned long data)
{
	const struct user_regset_view *view = task_user_regset_view(child);
	void __user *datap = (void __user *)data;

	switch (request) {
	case PTRACE_PEEKUSR:
		return um_peek_user(child, addr, datap);
	case PTRACE_POKEUSR:
		return um_poke_user(child, addr, data);
	case PTRACE_GETREGS:
		return copy_regset_to_user(child, view, UM_REGSET_GENERAL, 0,
					   sizeof(struct user_regs_struct),
					   datap);
	case PTRACE_SETREGS:
		return copy_regset_from_user(child, view, UM_REGSET_GENERAL, 0,
					     sizeof(struct user_regs_struct),
					     datap);
	case PTRACE_GETFPREGS:
		return copy_regset_to_user(child, view, UM_REGSET_FP, 0,
					   UM_FXSAVE_SIZE, datap);
	case PTRACE_SETFPREGS:
		return copy_regset_from_user(child, view, UM_REGSET_FP, 0,
					     UM_FXSAVE_SIZE, datap);
	default:
		return ptrace_request(child, request, addr, data);
	}
}

int elf_core_copy_task_fpregs(struct task_struct *t, elf_fpregset_t *fpu)
{
	int size;
	void *buf = um_fpstate_of(t, &size);

	if (IS_ERR(buf))
		return 0;
	memcpy(fpu, buf, sizeof(*fpu));
	kfree(buf);
	return 1;
}
