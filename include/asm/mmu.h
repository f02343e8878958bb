/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_MMU_H
#define __UM_ASM_MMU_H

struct task_struct;

/*
 * @host_handle: the host process of an address space, a handle of
 *	os/uspace.h, or -1.
 * @fpu_owner: the thread whose FPU state the host process holds, with
 *	a reference; NULL while it holds the initial state (kernel/fpu.c).
 * @fork_flush: a fork copied the page tables and write-protected the
 *	copy-on-write ones; its flush comes next (mm/host_mm.c).
 */
typedef struct {
	int host_handle;
	struct task_struct *fpu_owner;
	bool fork_flush;
} mm_context_t;

#endif
