// SPDX-License-Identifier: GPL-2.0
/*
 * Registers and kernel stack words by name and offset in struct
 * pt_regs (HAVE_REGS_AND_STACK_ACCESS_API), for the probe-based
 * tracers; the names are x86_64's, as perf and ftrace users write them.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/thread_info.h>

#define UM_REG(name)	{ #name, offsetof(struct pt_regs, name) }

static const struct {
	const char *name;
	unsigned int offset;
} um_reg_names[] = {
	UM_REG(ax), UM_REG(bx), UM_REG(cx), UM_REG(dx), UM_REG(si),
	UM_REG(di), UM_REG(bp), UM_REG(sp), UM_REG(r8), UM_REG(r9),
	UM_REG(r10), UM_REG(r11), UM_REG(r12), UM_REG(r13), UM_REG(r14),
	UM_REG(r15), UM_REG(ip), UM_REG(flags), UM_REG(cs), UM_REG(ss),
	UM_REG(orig_ax), UM_REG(fs_base), UM_REG(gs_base), UM_REG(ds),
	UM_REG(es), UM_REG(fs), UM_REG(gs),
};

int regs_query_register_offset(const char *name)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(um_reg_names); i++)
		if (!strcmp(name, um_reg_names[i].name))
			return um_reg_names[i].offset;
	return -EINVAL;
}

const char *regs_query_register_name(unsigned int offset)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(um_reg_names); i++)
		if (um_reg_names[i].offset == offset)
			return um_reg_names[i].name;
	return NULL;
}

unsigned long regs_get_register(struct pt_regs *regs, unsigned int offset)
{
	if (offset > MAX_REG_OFFSET || offset % sizeof(unsigned long))
		return 0;
	return *(unsigned long *)((char *)regs + offset);
}

/* @addr on the same kernel stack as @regs' stack pointer. */
int regs_within_kernel_stack(struct pt_regs *regs, unsigned long addr)
{
	return (addr & ~(THREAD_SIZE - 1)) ==
	       (kernel_stack_pointer(regs) & ~(THREAD_SIZE - 1));
}

/* Word @n up from @regs' stack pointer, or 0 past the stack's end. */
unsigned long regs_get_kernel_stack_nth(struct pt_regs *regs, unsigned int n)
{
	unsigned long *addr = (unsigned long *)kernel_stack_pointer(regs) + n;

	return regs_within_kernel_stack(regs, (unsigned long)addr) ? *addr : 0;
}
