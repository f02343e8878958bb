/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_TLBFLUSH_H
#define __UM_ASM_TLBFLUSH_H

#include <linux/mm_types.h>

/*
 * The "TLB" is the host's mappings.  Kernel ranges are brought in step
 * with init_mm's page tables at once; guest ranges are unmapped and
 * faulted in again.
 */
void um_kernel_range_sync(unsigned long start, unsigned long end);

static inline void flush_tlb_kernel_range(unsigned long start,
					  unsigned long end)
{
	um_kernel_range_sync(start, end);
}

static inline void flush_tlb_all(void)
{
}

/* Guest address spaces: drop the host mappings (mm/host_mm.c). */
void flush_tlb_mm(struct mm_struct *mm);
void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr);
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end);

#endif
