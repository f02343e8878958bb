// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces on the host.  Each mm is a host process made by
 * the uspace backend (os/uspace.h), or taken over from the program that
 * exec'd it (exec_handover.c).  Its host mappings are a cache of
 * the mm's page tables, like a TLB: a page is mapped when the guest
 * faults on it, with no more access than its pte allows (writable only
 * once dirty, so dirty tracking works as in hardware), and every flush
 * unmaps the flushed range, to be faulted in again as needed.
 *
 * Mappings are queued, not made at once: only guest code uses them, so
 * they need to be there only when it next runs.  The queue holds one
 * mm's changes and goes to the host in one batch before that mm runs
 * (um_host_mm_sync()), when another mm's changes come, or when it is
 * full.  A flush is different: the pages it takes away may be freed and
 * reused as soon as it returns, and guest code is not always stopped
 * while the kernel works (under the seccomp backend, guest code that
 * fakes an event goes on running), so a flush reaches the host before
 * it returns, in one batch for all its ranges.  A read fault maps the
 * present pages around it too (the page cache's fault around fills
 * their ptes), saving the faults that would follow.
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include <asm/um_fpu.h>
#include <asm/um_physmem.h>
#include <asm/um_vdso.h>
#include <os/mem.h>
#include <os/uspace.h>

#include "host_mm.h"

#define UM_HOST_OPS_MAX		64
#define UM_FAULT_AROUND_PAGES	16

/* The changes queued for one mm; touched with preemption off. */
static struct {
	struct mm_struct *mm;
	int n;
	struct os_uspace_op ops[UM_HOST_OPS_MAX];
} um_host_queue;

/* The first guest process: the backend is chosen now, not at boot. */
static int um_uspace_start(void)
{
	int err;

	if (os_uspace)
		return 0;
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
	um_vdso_set_host_clock(os_uspace->host_clock);
	return 0;
}

int um_host_mm_create(struct mm_struct *mm)
{
	int handle;

	preempt_disable();
	handle = os_uspace->create(um_physmem_fd);
	/* The next fork or exec finds its host process ready. */
	if (handle >= 0)
		os_uspace->prepare(um_physmem_fd);
	preempt_enable();
	if (handle < 0)
		return handle == -ENOSPC ? -EAGAIN : handle;
	mm->context.host_handle = handle;
	return 0;
}

void um_host_mm_forget_queue(struct mm_struct *mm)
{
	preempt_disable();
	if (um_host_queue.mm == mm) {
		um_host_queue.mm = NULL;
		um_host_queue.n = 0;
	}
	preempt_enable();
}

int init_new_context(struct task_struct *task, struct mm_struct *mm)
{
	int err;

	/* A fork's mm starts as a copy of its parent's. */
	memset(&mm->context, 0, sizeof(mm->context));
	mm->context.host_handle = -1;
	err = um_uspace_start();
	if (err)
		return err;
	/* Only an exec makes an mm for the task that runs (mm_alloc()). */
	if (task == current && um_exec_may_inherit(mm))
		return 0;
	return um_host_mm_create(mm);
}

void destroy_context(struct mm_struct *mm)
{
	um_fpu_forget(mm);
	um_exec_forget(mm);
	/* Its queued changes die with its host process. */
	um_host_mm_forget_queue(mm);
	/* The host reaps it in its own time. */
	if (mm->context.host_handle >= 0) {
		preempt_disable();
		os_uspace->discard(mm->context.host_handle);
		preempt_enable();
	}
	mm->context.host_handle = -1;
}

static void um_host_queue_flush(void)
{
	struct mm_struct *mm = um_host_queue.mm;
	int err, n = um_host_queue.n;

	um_host_queue.n = 0;
	um_host_queue.mm = NULL;
	if (!n || mm->context.host_handle < 0)
		return;
	err = os_uspace->apply(mm->context.host_handle, um_host_queue.ops, n);
	if (!err || err == -ESRCH)
		return;
	/*
	 * An unmap that did not happen would leave guest code access to
	 * memory about to be reused: the host process goes, and the mm's
	 * threads die when they next run (um_guest_lost()).
	 */
	pr_warn_ratelimited("hostlinux: %d address space changes failed: %d\n",
			    n, err);
	os_uspace->destroy(mm->context.host_handle);
	mm->context.host_handle = -1;
}

/* Queue @op for @mm, next to what is queued: called with preemption off. */
static void um_host_queue_add(struct mm_struct *mm,
			      const struct os_uspace_op *op)
{
	struct os_uspace_op *last;

	if (mm->context.host_handle < 0)
		return;
	if (um_host_queue.mm != mm || um_host_queue.n == UM_HOST_OPS_MAX)
		um_host_queue_flush();
	um_host_queue.mm = mm;
	last = um_host_queue.n ? &um_host_queue.ops[um_host_queue.n - 1] : NULL;
	/*
	 * Adjacent unmaps, as a range flush page by page makes, are one;
	 * so are maps of adjacent pages adjacent in memory too (a fault
	 * around), alike in all else: one host call, one host mapping.
	 */
	if (last && op->kind == last->kind && last->addr + last->len == op->addr &&
	    (op->kind == OS_USPACE_UNMAP ||
	     (op->kind == OS_USPACE_MAP && op->prot == last->prot &&
	      op->fd_is_physmem && last->fd_is_physmem &&
	      last->offset + last->len == op->offset))) {
		last->len += op->len;
		return;
	}
	um_host_queue.ops[um_host_queue.n++] = *op;
}

/* Before guest code of @mm runs: its host mappings catch up. */
void um_host_mm_sync(struct mm_struct *mm)
{
	preempt_disable();
	if (um_host_queue.mm == mm)
		um_host_queue_flush();
	preempt_enable();
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
	preempt_disable();
	um_host_queue_add(mm, &op);
	preempt_enable();
}

/* What was flushed is unmapped on the host when this returns. */
static void um_user_flush_done(struct mm_struct *mm)
{
	um_host_mm_sync(mm);
}

void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end)
{
	um_user_unmap(vma->vm_mm, start, end);
	um_user_flush_done(vma->vm_mm);
}

void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	um_user_unmap(vma->vm_mm, addr, addr + PAGE_SIZE);
	um_user_flush_done(vma->vm_mm);
}

void um_fork_copied(struct mm_struct *oldmm)
{
	oldmm->context.fork_flush = true;
}

/* Queue a change of the host mapping of [@start, @end) to @prot. */
static void um_user_protect(struct mm_struct *mm, unsigned long start,
			    unsigned long end, int prot)
{
	struct os_uspace_op op = {
		.kind = OS_USPACE_PROTECT,
		.addr = start,
		.len = end - start,
		.prot = prot,
	};

	um_host_queue_add(mm, &op);
}

/*
 * The flush after a fork: the copy took write access away from the
 * parent's copy-on-write ptes and changed nothing else, so the host
 * mappings there lose write access too, and stay.  The parent then
 * faults only on the pages it writes, not on every page it touches.
 * Only runs of present ptes can be mapped on the host (young or not: an
 * access bit cleared without a flush leaves the mapping): the rest of an
 * area (a stack or a heap mostly untouched) is left alone, as a hole in
 * a protected range costs the host two system calls a page.
 */
static void um_user_fork_protect(struct mm_struct *mm)
{
	unsigned long addr, end, next, run;
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, 0);
	pte_t *ptep;
	pte_t pte;
	int prot;

	for_each_vma(vmi, vma) {
		if (!is_cow_mapping(vma->vm_flags) ||
		    !(vma->vm_flags & VM_WRITE) || vma->vm_start >= TASK_SIZE)
			continue;
		prot = OS_PROT_READ;
		if (vma->vm_flags & VM_EXEC)
			prot |= OS_PROT_EXEC;
		end = min(vma->vm_end, TASK_SIZE);
		run = 0;
		preempt_disable();
		for (addr = vma->vm_start; addr < end; addr = next) {
			next = min(pmd_addr_end(addr, end), end);
			ptep = um_lookup_pte(mm, addr);
			if (!ptep) {
				if (run)
					um_user_protect(mm, run, addr, prot);
				run = 0;
				continue;
			}
			for (; addr < next; addr += PAGE_SIZE) {
				pte = ptep_get(ptep++);
				if (pte_present(pte)) {
					if (!run)
						run = addr;
				} else if (run) {
					um_user_protect(mm, run, addr, prot);
					run = 0;
				}
			}
		}
		if (run)
			um_user_protect(mm, run, end, prot);
		preempt_enable();
	}
}

void flush_tlb_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, 0);
	bool fork = mm->context.fork_flush;

	mm->context.fork_flush = false;
	/* An mm being torn down loses its host process anyway. */
	if (!atomic_read(&mm->mm_users) || mm->context.host_handle < 0)
		return;
	if (fork) {
		um_user_fork_protect(mm);
	} else {
		for_each_vma(vmi, vma)
			um_user_unmap(mm, vma->vm_start, vma->vm_end);
	}
	um_user_flush_done(mm);
}

/* Queue a host mapping of the page @pte maps at @addr, as far as it allows. */
static void um_user_map_pte(struct mm_struct *mm, unsigned long addr,
			    pte_t pte)
{
	unsigned long phys = pte_pfn(pte) << PAGE_SHIFT;
	struct os_uspace_op op = {
		.kind = OS_USPACE_MAP,
		.addr = addr,
		.len = PAGE_SIZE,
		.fd_is_physmem = 1,
		.prot = OS_PROT_READ,
	};

	if (!pte_present(pte) || !pte_read(pte) || !pte_young(pte) ||
	    !um_phys_in_fd(phys))
		return;
	op.offset = um_phys_to_fd_offset(phys);
	if (pte_write(pte) && pte_dirty(pte))
		op.prot |= OS_PROT_WRITE;
	if (pte_exec(pte))
		op.prot |= OS_PROT_EXEC;
	um_host_queue_add(mm, &op);
}

/*
 * Queue host mappings of the present pages of [@start, @end), a range in
 * one page table.  With preemption off nothing frees it under the walk.
 */
static void um_user_map_ptes(struct mm_struct *mm, unsigned long start,
			     unsigned long end)
{
	pte_t *ptep;

	preempt_disable();
	ptep = um_lookup_pte(mm, start);
	for (; ptep && start < end; start += PAGE_SIZE, ptep++)
		um_user_map_pte(mm, start, ptep_get(ptep));
	preempt_enable();
}

/* Does @addr of @mm map a file's page, which fault-around maps in windows? */
static bool um_maps_file_page(struct mm_struct *mm, unsigned long addr)
{
	unsigned long pfn;
	pte_t *ptep;
	pte_t pte;

	preempt_disable();
	ptep = um_lookup_pte(mm, addr);
	pte = ptep ? ptep_get(ptep) : __pte(0);
	preempt_enable();
	pfn = pte_pfn(pte);
	return pte_present(pte) && pfn_valid(pfn) && !is_zero_pfn(pfn) &&
	       !folio_test_anon(page_folio(pfn_to_page(pfn)));
}

/*
 * After a fault at @addr was handled: map its page and, after a read
 * fault, the present pages after it in its aligned window.  A file's
 * window was filled all at once by the guest's fault-around, and code
 * jumps about: then the pages before @addr too.  (An anonymous window
 * fills page by page: those before @addr are mapped already, likely.)
 */
void um_user_map_page(struct mm_struct *mm, unsigned long addr, bool write)
{
	const unsigned long window = UM_FAULT_AROUND_PAGES * PAGE_SIZE;
	unsigned long start, end;

	addr &= PAGE_MASK;
	start = addr;
	end = addr + PAGE_SIZE;
	if (!write) {
		end = min(ALIGN_DOWN(addr, window) + window, TASK_SIZE);
		if (um_maps_file_page(mm, addr))
			start = ALIGN_DOWN(addr, window);
	}
	/* The window lies in one page table: it is aligned. */
	um_user_map_ptes(mm, start, end);
}

/*
 * A new program is about to start: map what the kernel filled in for it
 * (its stack, the zeroed end of its data), which would otherwise cost a
 * fault each when first touched.
 */
void um_user_map_present(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long addr, end, vma_end;
	VMA_ITERATOR(vmi, mm, 0);

	mmap_read_lock(mm);
	for_each_vma(vmi, vma) {
		vma_end = min(vma->vm_end, TASK_SIZE);
		for (addr = vma->vm_start; addr < vma_end; addr = end) {
			end = pmd_addr_end(addr, vma_end);
			um_user_map_ptes(mm, addr, end);
		}
	}
	mmap_read_unlock(mm);
}
