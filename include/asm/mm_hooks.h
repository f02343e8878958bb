/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks of the generic mm code.  arch_dup_mmap() comes at the end of a
 * fork's copy of the page tables, just before flush_tlb_mm() of the
 * parent: it tells that flush that the parent's ptes only lost write
 * access (mm/host_mm.c).
 */
#ifndef __UM_ASM_MM_HOOKS_H
#define __UM_ASM_MM_HOOKS_H

#include <linux/types.h>

struct mm_struct;
struct vm_area_struct;

void um_fork_copied(struct mm_struct *oldmm);

static inline int arch_dup_mmap(struct mm_struct *oldmm, struct mm_struct *mm)
{
	um_fork_copied(oldmm);
	return 0;
}

static inline void arch_exit_mmap(struct mm_struct *mm)
{
}

static inline bool arch_vma_access_permitted(struct vm_area_struct *vma,
					     bool write, bool execute,
					     bool foreign)
{
	return true;
}

#endif
