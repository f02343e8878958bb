/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the stub programs (stub.c, seccomp_stub.c), which have no libc:
 * host system calls by the syscall instruction, exit, and the kernel's
 * struct sigaction of x86_64.
 */
#ifndef __UM_USPACE_STUB_SYSCALL_H
#define __UM_USPACE_STUB_SYSCALL_H

#include <asm/siginfo.h>
#include <asm/unistd.h>

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

struct stub_sigaction {
	void (*handler)(int, siginfo_t *, void *);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static inline long stub_syscall6(long nr, long a1, long a2, long a3,
				 long a4, long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define stub_syscall(nr, a1, a2, a3) stub_syscall6(nr, a1, a2, a3, 0, 0, 0)

static inline void __attribute__((noreturn)) stub_exit(int status)
{
	for (;;)
		stub_syscall(__NR_exit_group, status, 0, 0);
}

#endif
