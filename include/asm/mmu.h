/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_MMU_H
#define __UM_ASM_MMU_H

struct cred;
struct task_struct;

/*
 * @host_handle: the host process of an address space, a handle of
 *	os/uspace.h, or -1.
 * @fpu_owner: the thread whose FPU state the host process holds, with
 *	a reference; NULL while it holds the initial state (kernel/fpu.c)
 *	or, with @fpu_stale, an earlier program's.
 * @fpu_stale: the host process holds the FPU state of the program that
 *	exec'd this mm's, to be replaced by the initial one.
 * @fork_flush: a fork copied the page tables and write-protected the
 *	copy-on-write ones; its flush comes next (mm/host_mm.c).
 * @exec_cred: while an exec may take over its caller's host process,
 *	and from then until the exec is known to gain no privilege, the
 *	caller's credentials, with a reference (mm/exec_handover.c).
 * @vdso: where exec mapped the vDSO's image (vdso/vdso.c), or 0.
 */
typedef struct {
	int host_handle;
	struct task_struct *fpu_owner;
	bool fpu_stale;
	bool fork_flush;
	const struct cred *exec_cred;
	unsigned long vdso;
} mm_context_t;

#endif
