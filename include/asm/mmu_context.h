/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_MMU_CONTEXT_H
#define __UM_ASM_MMU_CONTEXT_H

#include <asm/mm_hooks.h>

struct mm_struct;
struct task_struct;

/*
 * Every mm that runs has a host process of its own (mm/host_mm.c); an
 * exec's may take over its caller's (mm/exec_handover.c).
 */
#define init_new_context init_new_context
int init_new_context(struct task_struct *task, struct mm_struct *mm);
#define destroy_context destroy_context
void destroy_context(struct mm_struct *mm);

/*
 * After a fault at guest @addr of @mm: map its page as its pte allows
 * (and, for a read, the present pages of its window).  The host sees queued
 * changes by um_host_mm_sync(), before guest code of @mm runs.
 */
void um_user_map_page(struct mm_struct *mm, unsigned long addr, bool write);
void um_host_mm_sync(struct mm_struct *mm);
/* Map every present page of @mm, for a program that has yet to start. */
void um_user_map_present(struct mm_struct *mm);

/* An exec's new mm may take over the old one's host process. */
#define activate_mm activate_mm
void activate_mm(struct mm_struct *old, struct mm_struct *mm);

/* Guest code runs with its own mm's handle: nothing to switch. */
static inline void switch_mm(struct mm_struct *prev, struct mm_struct *next,
			     struct task_struct *tsk)
{
}

#include <asm-generic/mmu_context.h>

#endif
