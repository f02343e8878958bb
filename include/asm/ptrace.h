/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_PTRACE_H
#define __UM_ASM_PTRACE_H

#include <uapi/asm/ptrace-abi.h>

#ifndef __ASSEMBLY__

/*
 * Registers of a guest thread, laid out as x86_64's struct
 * user_regs_struct so the host's PTRACE_GETREGS fills it directly.
 * For an interrupt taken in the kernel itself only ip, sp and bp are
 * meaningful and cs is 0.
 */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
	unsigned long fs_base, gs_base, ds, es, fs, gs;
};

#define user_mode(regs)			(((regs)->cs & 3) == 3)
#define instruction_pointer(regs)	((regs)->ip)
#define user_stack_pointer(regs)	((regs)->sp)
#define frame_pointer(regs)		((regs)->bp)
#define profile_pc(regs)		instruction_pointer(regs)
#define current_pt_regs()		task_pt_regs(current)

static inline long regs_return_value(struct pt_regs *regs)
{
	return regs->ax;
}

static inline void instruction_pointer_set(struct pt_regs *regs,
					   unsigned long val)
{
	regs->ip = val;
}

/* Guest code always runs with interrupts on. */
#define UM_EFLAGS_IF		0x200UL
#define regs_irqs_disabled(regs)	(!((regs)->flags & UM_EFLAGS_IF))

/* The trap flag: single-stepping guest code is the host CPU's. */
#define UM_EFLAGS_TF		0x100UL

#define arch_has_single_step()	(1)

/* Access by name and offset, for tracers (kernel/regs_access.c). */
#define MAX_REG_OFFSET	__builtin_offsetof(struct pt_regs, gs)
#define kernel_stack_pointer(regs)	((regs)->sp)
int regs_query_register_offset(const char *name);
const char *regs_query_register_name(unsigned int offset);
unsigned long regs_get_register(struct pt_regs *regs, unsigned int offset);
int regs_within_kernel_stack(struct pt_regs *regs, unsigned long addr);
unsigned long regs_get_kernel_stack_nth(struct pt_regs *regs, unsigned int n);

#endif /* __ASSEMBLY__ */
#endif
