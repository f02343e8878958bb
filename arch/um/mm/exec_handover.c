// SPDX-License-Identifier: GPL-2.0
/*
 * An exec hands the new program its caller's host process.  Starting a
 * host process is the dearest part of a guest fork+exec (a new host mm:
 * about a millisecond on the PVM machine we measure on), and after an
 * exec the old one would only be killed: so when no other process shares
 * the old mm, the new mm takes its host process over, emptied by one
 * unmap of the whole guest range.
 *
 * The old program may still run in that host process: under the seccomp
 * backend, guest code that fakes a system call goes on running.  It is
 * the same program that now execs, with the rights it had before, and
 * could have traced the new one; unless the exec gains it something (a
 * set-user-ID or file-capability program, an unreadable one, an LSM
 * transition), which is known only once the new credentials are in
 * place: then the new program gets a host process of its own before any
 * of its code is mapped, and the old one is killed.
 */
#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <asm/mmu_context.h>
#include <asm/um_fpu.h>
#include <os/uspace.h>

#include "host_mm.h"

bool um_exec_may_inherit(struct mm_struct *mm)
{
	struct mm_struct *old = current->mm;

	/*
	 * Not the first program, nor a vfork child's (its parent goes on
	 * in the old mm), nor one whose mm other processes share.
	 */
	if (!old || old->context.host_handle < 0 || current->vfork_done ||
	    atomic_read(&old->mm_users) > get_nr_threads(current))
		return false;
	mm->context.exec_cred = get_current_cred();
	return true;
}

void um_exec_forget(struct mm_struct *mm)
{
	if (mm->context.exec_cred)
		put_cred(mm->context.exec_cred);
	mm->context.exec_cred = NULL;
}

/* Empty the host process of @old, which only the caller still uses. */
static int um_exec_take_host(struct mm_struct *old, struct mm_struct *mm)
{
	const struct os_uspace_op unmap_all = {
		.kind = OS_USPACE_UNMAP,
		.addr = 0,
		.len = TASK_SIZE,
	};
	int err;

	um_host_mm_forget_queue(old);
	preempt_disable();
	err = os_uspace->apply(old->context.host_handle, &unmap_all, 1);
	preempt_enable();
	if (err)
		return err;
	um_fpu_forget(old);
	mm->context.host_handle = old->context.host_handle;
	mm->context.fpu_stale = true;
	old->context.host_handle = -1;
	return 0;
}

/* Too late to fail the exec: without a host process it is killed. */
static void um_exec_new_host(struct mm_struct *mm)
{
	if (um_host_mm_create(mm))
		pr_warn_ratelimited("hostlinux: no host process for %s[%d]\n",
				    current->comm, task_pid_nr(current));
}

/*
 * exec_mmap() switched to @mm: the old mm's last user is the caller, but
 * for passing references (then the host process is not taken).
 */
void activate_mm(struct mm_struct *old, struct mm_struct *mm)
{
	if (mm->context.host_handle >= 0)
		return;
	if (old && old->context.host_handle >= 0 &&
	    atomic_read(&old->mm_users) == 1 && !um_exec_take_host(old, mm))
		return;
	/* Nothing inherited, nothing to check. */
	um_exec_forget(mm);
	um_exec_new_host(mm);
}

bool um_exec_gains_nothing(const struct cred *old, const struct cred *new,
			   int dumpable)
{
	u32 old_secid, new_secid;

	security_cred_getsecid(old, &old_secid);
	security_cred_getsecid(new, &new_secid);
	return dumpable == SUID_DUMP_USER && old->user_ns == new->user_ns &&
	       old_secid == new_secid &&
	       uid_eq(old->uid, new->uid) && uid_eq(old->euid, new->euid) &&
	       uid_eq(old->suid, new->suid) &&
	       uid_eq(old->fsuid, new->fsuid) &&
	       gid_eq(old->gid, new->gid) && gid_eq(old->egid, new->egid) &&
	       gid_eq(old->sgid, new->sgid) &&
	       gid_eq(old->fsgid, new->fsgid) &&
	       cap_issubset(new->cap_permitted, old->cap_permitted);
}

/*
 * The new credentials and dumpability are in place, and no code is
 * mapped: a host process taken over (its caller's credentials kept in
 * the mm) stays only if the exec gained nothing.
 */
void arch_setup_new_exec(void)
{
	struct mm_struct *mm = current->mm;
	bool keep;

	if (!mm->context.exec_cred)
		return;
	keep = um_exec_gains_nothing(mm->context.exec_cred, current_cred(),
				     get_dumpable(mm));
	um_exec_forget(mm);
	if (keep)
		return;
	um_host_mm_forget_queue(mm);
	preempt_disable();
	os_uspace->discard(mm->context.host_handle);
	preempt_enable();
	mm->context.host_handle = -1;
	mm->context.fpu_stale = false;
	um_exec_new_host(mm);
}
