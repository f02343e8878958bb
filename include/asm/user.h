/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_USER_H
#define __UM_ASM_USER_H

#include <linux/types.h>

/* x86_64's core-dump and PTRACE_GETREGS/GETFPREGS layouts. */
struct user_regs_struct {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
	unsigned long fs_base, gs_base, ds, es, fs, gs;
};

struct user_i387_struct {
	unsigned short cwd, swd, twd, fop;
	__u64 rip, rdp;
	__u32 mxcsr, mxcsr_mask;
	__u32 st_space[32];
	__u32 xmm_space[64];
	__u32 padding[24];
};

/*
 * The "user area" that PTRACE_PEEKUSR and PTRACE_POKEUSR index: the
 * registers, then x86_64's other fields, of which only the debug
 * registers are looked at (and read as 0).
 */
struct user {
	struct user_regs_struct regs;
	int u_fpvalid;
	int pad0;
	struct user_i387_struct i387;
	unsigned long u_tsize, u_dsize, u_ssize;
	unsigned long start_code, start_stack;
	long signal;
	int reserved;
	int pad1;
	unsigned long u_ar0;
	struct user_i387_struct *u_fpstate;
	unsigned long magic;
	char u_comm[32];
	unsigned long u_debugreg[8];
	unsigned long error_code;
	unsigned long fault_address;
};

#endif
