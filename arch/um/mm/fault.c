// SPDX-License-Identifier: GPL-2.0
/*
 * Page faults on guest addresses, whether the guest touched them or the
 * kernel did on its behalf (mm/uaccess.c).
 */
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <asm/um_fault.h>

int um_handle_user_fault(unsigned long addr, bool write, bool exec,
			 bool from_user)
{
	struct mm_struct *mm = current->mm;
	unsigned int flags = FAULT_FLAG_DEFAULT;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	if (!mm)
		return -EFAULT;
	if (write)
		flags |= FAULT_FLAG_WRITE;
	if (from_user)
		flags |= FAULT_FLAG_USER;

retry:
	vma = lock_mm_and_find_vma(mm, addr, NULL);
	if (!vma)
		return -EFAULT;
	if ((write && !(vma->vm_flags & VM_WRITE)) ||
	    (exec && !(vma->vm_flags & VM_EXEC)) ||
	    !(vma->vm_flags & (VM_READ | VM_EXEC | VM_WRITE))) {
		mmap_read_unlock(mm);
		return -EFAULT;
	}

	fault = handle_mm_fault(vma, addr, flags, NULL);
	/*
	 * A retry that a signal cut short: a guest access is made again
	 * after the signal; the kernel's own gives up only for a fatal one.
	 * (fault_signal_pending() would want guest registers we lack here.)
	 */
	if ((fault & VM_FAULT_RETRY) &&
	    (fatal_signal_pending(current) ||
	     (from_user && signal_pending(current))))
		return -EINTR;
	if (fault & VM_FAULT_COMPLETED)
		return 0;
	if (fault & VM_FAULT_RETRY) {
		flags |= FAULT_FLAG_TRIED;
		goto retry;
	}
	mmap_read_unlock(mm);

	if (fault & VM_FAULT_OOM)
		return -ENOMEM;
	if (fault & (VM_FAULT_SIGBUS | VM_FAULT_HWPOISON |
		     VM_FAULT_HWPOISON_LARGE))
		return -EIO;
	if (fault & VM_FAULT_ERROR)
		return -EFAULT;
	return 0;
}
