// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces on the host.  Each mm is a host process made by
 * the uspace backend (os/uspace.h).  Its host mappings are a cache of
 * the mm's page tables, like a TLB: a page is mapped when the guest
 * faults on it, with no more access than its pte allows (writable only
 * once dirty, so dirty tracking works as in hardware), and every flush
 * unmaps the flushed range, to be faulted in again as needed.
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include <asm/um_fpu.h>
#include <asm/um_physmem.h>
#include <os/mem.h>
#include <os/uspace.h>

int init_new_context(struct task_struct *task, struct mm_struct *mm)
{
	int handle;

	/* A fork's mm starts as a copy of its parent's. */
	mm->context.host_handle = -1;
	mm->context.fpu_owner = NULL;
	if (!os_uspace) {
		int err;

		preempt_disable();
		err = os_uspace_init();
		preempt_enable();

		if (err) {
			pr_err("hostlinux: no way to run guest processes on this host: %d\n",
			       err);
			return err;
		}
		pr_info("hostlinux: guest processes run with the %s backend\n",
			os_uspace->name);
	}
	preempt_disable();
	handle = os_uspace->create(um_physmem_fd);
	preempt_enable();
	if (handle < 0)
		return handle == -ENOSPC ? -EAGAIN : handle;
	mm->context.host_handle = handle;
	return 0;
}

void destroy_context(struct mm_struct *mm)
{
	um_fpu_forget(mm);
	if (mm->context.host_handle >= 0) {
		preempt_disable();
		os_uspace->destroy(mm->context.host_handle);
		preempt_enable();
	}
	mm->context.host_handle = -1;
}

static void um_user_apply(struct mm_struct *mm, struct os_uspace_op *op)
{
	int err;

	if (mm->context.host_handle < 0)
		return;
	preempt_disable();
	err = os_uspace->apply(mm->context.host_handle, op, 1);
	preempt_enable();
	if (err && err != -ESRCH)
		pr_warn_ratelimited("hostlinux: address space change %d at %lx failed: %d\n",
				    op->kind, op->addr, err);
}

static void um_user_unmap(struct mm_struct *mm, unsigned long start,
			  unsigned long end)
{
	struct os_uspace_op op = { .kind = OS_USPACE_UNMAP };

	start &= PAGE_MASK;
	end = min(PAGE_ALIGN(end), TASK_SIZE);
	if (start >= end)
		return;
	op.addr = start;
	op.len = end - start;
	um_user_apply(mm, &op);
}

void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end)
{
	um_user_unmap(vma->vm_mm, start, end);
}

void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	um_user_unmap(vma->vm_mm, addr, addr + PAGE_SIZE);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, 0);

	/* An mm being torn down loses its host process anyway. */
	if (!atomic_read(&mm->mm_users) || mm->context.host_handle < 0)
		return;
	for_each_vma(vmi, vma)
		um_user_unmap(mm, vma->vm_start, vma->vm_end);
}

static pte_t um_user_pte(struct mm_struct *mm, unsigned long addr)
{
	pte_t *ptep = um_lookup_pte(mm, addr);

	return ptep ? ptep_get(ptep) : __pte(0);
}

void um_user_map_page(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = um_user_pte(mm, addr);
	unsigned long phys = pte_pfn(pte) << PAGE_SHIFT;
	struct os_uspace_op op = {
		.kind = OS_USPACE_MAP,
		.addr = addr & PAGE_MASK,
		.len = PAGE_SIZE,
		.fd_is_physmem = 1,
	};

	if (!pte_read(pte) || !pte_young(pte) || !um_phys_in_fd(phys))
		return;
	op.offset = um_phys_to_fd_offset(phys);
	op.prot = OS_PROT_READ;
	if (pte_write(pte) && pte_dirty(pte))
		op.prot |= OS_PROT_WRITE;
	if (pte_exec(pte))
		op.prot |= OS_PROT_EXEC;
	um_user_apply(mm, &op);
}
