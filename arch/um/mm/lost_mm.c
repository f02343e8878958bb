// SPDX-License-Identifier: GPL-2.0
/*
 * An mm whose host process ended behind the kernel's back (killed from
 * outside, the host's OOM killer): its memory is gone, so its guest
 * processes are killed at once, as they would be by the kernel's own
 * OOM killer, rather than when they next run, which for one asleep may
 * be never.  The host says a child process ended (UM_IRQ_CHILD); the
 * backend names which address spaces that was, if any (most such
 * interrupts are the end of an address space the kernel discarded).
 */
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/oom.h>
#include <linux/printk.h>
#include <linux/sched/signal.h>
#include <linux/workqueue.h>
#include <os/uspace.h>
#include <um/entry.h>

/* Called with preemption off, so that @handle stays that mm's. */
static void um_kill_users_of(int handle)
{
	struct task_struct *p, *t;
	bool hit;

	rcu_read_lock();
	for_each_process(p) {
		if (p->flags & PF_KTHREAD)
			continue;
		t = find_lock_task_mm(p);
		if (!t)
			continue;
		hit = t->mm->context.host_handle == handle;
		task_unlock(t);
		if (!hit)
			continue;
		pr_warn("hostlinux: the host process of %s[%d] ended: killed\n",
			p->comm, task_pid_nr(p));
		do_send_sig_info(SIGKILL, SEND_SIG_PRIV, p, PIDTYPE_TGID);
	}
	rcu_read_unlock();
}

/* The backend's calls must not nest: not from the interrupt itself. */
static void um_kill_lost(struct work_struct *work)
{
	int handle;

	do {
		preempt_disable();
		handle = os_uspace ? os_uspace->next_lost() : -ENOENT;
		if (handle >= 0)
			um_kill_users_of(handle);
		preempt_enable();
	} while (handle >= 0);
}

static DECLARE_WORK(um_lost_work, um_kill_lost);

static irqreturn_t um_child_interrupt(int irq, void *dev)
{
	schedule_work(&um_lost_work);
	return IRQ_HANDLED;
}

static int __init um_lost_mm_init(void)
{
	return request_irq(UM_IRQ_CHILD, um_child_interrupt, 0, "host-child",
			   NULL);
}
arch_initcall(um_lost_mm_init);
