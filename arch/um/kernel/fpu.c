// SPDX-License-Identifier: GPL-2.0
/*
 * FPU and vector state of guest threads.  The threads of one address
 * space share one host process, so one set of host FPU registers: the
 * state there is that of mm->context.fpu_owner, and every other thread
 * keeps its own in thread.fpstate.  A thread's state moves into the host
 * only when it is about to run there and another thread owns it, so a
 * single-threaded process never copies it; system calls never do.
 */
#include <linux/mm_types.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <asm/mmu_context.h>
#include <asm/um_fpu.h>
#include <os/uspace.h>

/* Offsets in the FXSAVE area that starts the XSAVE layout. */
#define UM_FXSAVE_FCW		0
#define UM_FXSAVE_MXCSR		24
#define UM_FPU_INIT_FCW		0x37f
#define UM_FPU_INIT_MXCSR	0x1f80

static int um_fpstate_bytes;
/* The state of a thread that never ran: XSTATE_BV 0 (all initial). */
static void *um_fpu_init_state;

/* Backend calls run one at a time: see mm/host_mm.c. */
static int um_host_fpu_get(struct mm_struct *mm, void *buf, int size)
{
	int ret;

	preempt_disable();
	ret = os_uspace->get_fpstate(mm->context.host_handle, buf, size);
	preempt_enable();
	return ret;
}

static int um_host_fpu_set(struct mm_struct *mm, const void *buf, int size)
{
	int ret;

	preempt_disable();
	ret = os_uspace->set_fpstate(mm->context.host_handle, buf, size);
	preempt_enable();
	return ret;
}

int um_fpu_size(struct mm_struct *mm)
{
	void *init;
	int size;

	if (um_fpstate_bytes)
		return um_fpstate_bytes;
	if (!mm || mm->context.host_handle < 0)
		return 0;
	size = um_host_fpu_get(mm, NULL, 0);
	if (size < 512)
		return 0;
	init = kzalloc(size, GFP_KERNEL);
	if (!init)
		return 0;
	*(u16 *)(init + UM_FXSAVE_FCW) = UM_FPU_INIT_FCW;
	*(u32 *)(init + UM_FXSAVE_MXCSR) = UM_FPU_INIT_MXCSR;
	um_fpu_init_state = init;
	um_fpstate_bytes = size;
	return size;
}

static int um_fpu_buffer(struct task_struct *t, int size)
{
	if (!t->thread.fpstate)
		t->thread.fpstate = kmalloc(size, GFP_KERNEL);
	return t->thread.fpstate ? 0 : -ENOMEM;
}

int um_fpu_activate(void)
{
	struct mm_struct *mm = current->mm;
	struct task_struct *owner = mm->context.fpu_owner;
	struct thread_struct *t = &current->thread;
	int size, err;

	if (owner == current)
		return 0;
	size = um_fpu_size(mm);
	if (!size)
		return -ENOMEM;
	err = um_fpu_buffer(current, size);
	if (err)
		return err;
	if (owner) {
		/* Every owner has a buffer: it got one before owning. */
		owner->thread.fpstate_valid =
			um_host_fpu_get(mm, owner->thread.fpstate, size) == size;
		put_task_struct(owner);
		mm->context.fpu_owner = NULL;
	}
	/*
	 * Without an owner, a new host process has the initial state; one
	 * an exec took over has its last program's (mm/exec_handover.c).
	 */
	if (owner || t->fpstate_valid || mm->context.fpu_stale) {
		err = um_host_fpu_set(mm, t->fpstate_valid ? t->fpstate :
					  um_fpu_init_state, size);
		/* A state the host refuses (set by a tracer): start afresh. */
		if (err == -EINVAL)
			err = um_host_fpu_set(mm, um_fpu_init_state, size);
		if (err)
			return err;
	}
	t->fpstate_valid = false;
	mm->context.fpu_stale = false;
	get_task_struct(current);
	mm->context.fpu_owner = current;
	return 0;
}

int um_fpu_clear(void)
{
	int err = um_fpu_activate();

	return err ? err : um_host_fpu_set(current->mm, um_fpu_init_state,
					   um_fpstate_bytes);
}

int um_fpu_get(struct task_struct *t, void *buf, int size)
{
	struct mm_struct *mm = t->mm;

	if (mm && mm->context.fpu_owner == t)
		return um_host_fpu_get(mm, buf, size) == size ? 0 : -EIO;
	memcpy(buf, t->thread.fpstate_valid ? t->thread.fpstate :
		    um_fpu_init_state, size);
	return 0;
}

int um_fpu_set(struct task_struct *t, const void *buf, int size)
{
	struct mm_struct *mm = t->mm;
	int err;

	if (mm && mm->context.fpu_owner == t)
		return um_host_fpu_set(mm, buf, size);
	err = um_fpu_buffer(t, size);
	if (err)
		return err;
	memcpy(t->thread.fpstate, buf, size);
	t->thread.fpstate_valid = true;
	return 0;
}

int um_fpu_fork(struct task_struct *p)
{
	int size = um_fpu_size(current->mm);
	int err;

	p->thread.fpstate = NULL;
	p->thread.fpstate_valid = false;
	if (!size)
		return 0;
	err = um_fpu_buffer(p, size);
	if (!err)
		err = um_fpu_get(current, p->thread.fpstate, size);
	p->thread.fpstate_valid = !err;
	return err == -ENOMEM ? err : 0;
}

void um_fpu_reset(struct task_struct *t)
{
	t->thread.fpstate_valid = false;
}

void um_fpu_forget(struct mm_struct *mm)
{
	if (mm->context.fpu_owner)
		put_task_struct(mm->context.fpu_owner);
	mm->context.fpu_owner = NULL;
}

void arch_release_task_struct(struct task_struct *tsk)
{
	kfree(tsk->thread.fpstate);
	tsk->thread.fpstate = NULL;
}
