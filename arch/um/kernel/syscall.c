// SPDX-License-Identifier: GPL-2.0
/*
 * Guest system calls: x86_64's numbers and argument registers, served by
 * the kernel's own system call functions, plus the few x86_64 calls that
 * are architecture code.
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/syscalls.h>
#include <asm/prctl.h>
#include <asm/unistd.h>
#include <asm/um_syscall.h>

typedef long (*um_syscall_fn)(unsigned long, unsigned long, unsigned long,
			      unsigned long, unsigned long, unsigned long);

/* x86_64's mmap takes its offset in bytes, the kernel's in pages. */
SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	return offset_in_page(off) ? -EINVAL :
	       ksys_mmap_pgoff(addr, len, prot, flags, fd, PHYS_PFN(off));
}

SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, arg2)
{
	struct pt_regs *regs = current_pt_regs();
	unsigned long __user *out = (unsigned long __user *)arg2;

	switch (option) {
	case ARCH_SET_FS:
		if (arg2 >= TASK_SIZE)
			return -EPERM;
		regs->fs_base = arg2;
		return 0;
	case ARCH_SET_GS:
		if (arg2 >= TASK_SIZE)
			return -EPERM;
		regs->gs_base = arg2;
		return 0;
	case ARCH_GET_FS:
		return put_user(regs->fs_base, out);
	case ARCH_GET_GS:
		return put_user(regs->gs_base, out);
	default:
		return -EINVAL;
	}
}

/* Guests get no I/O ports: they are the host's. */
SYSCALL_DEFINE1(iopl, unsigned int, level)
{
	return -EPERM;
}

SYSCALL_DEFINE3(ioperm, unsigned long, from, unsigned long, num, int, on)
{
	return -EPERM;
}

/* Segment descriptor tables are the host's business. */
SYSCALL_DEFINE3(modify_ldt, int, func, void __user *, ptr,
		unsigned long, bytecount)
{
	return -ENOSYS;
}

/* signal.c */
asmlinkage long sys_rt_sigreturn(void);

/* Every entry point is declared by now: <linux/syscalls.h> and the above. */
#define __SYSCALL(nr, sym)	[nr] = (um_syscall_fn)(void *)sym,
#define __SYSCALL_NORETURN	__SYSCALL
static const um_syscall_fn um_syscall_table[] = {
#include <asm/syscall_table_64.h>
};
#undef __SYSCALL_NORETURN
#undef __SYSCALL

/* The entry code (user.c) checked @nr against seccomp and tracers. */
void um_syscall(struct pt_regs *regs, unsigned long nr)
{
	um_syscall_fn fn = NULL;

	if (nr < ARRAY_SIZE(um_syscall_table))
		fn = um_syscall_table[nr];
	if (!fn) {
		regs->ax = -ENOSYS;
		return;
	}
	regs->ax = fn(regs->di, regs->si, regs->dx, regs->r10, regs->r8,
		      regs->r9);
}
