// SPDX-License-Identifier: GPL-2.0
/*
 * ptrace inside the guest, as strace and gdb use it: system-call stops
 * with registers and PTRACE_GET_SYSCALL_INFO, changing a result with
 * PTRACE_SETREGS, PEEKUSER, PEEKDATA, FPU registers, single steps and
 * a breakpoint.  Prints "ok"/"not ok" lines.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAGIC_RESULT 4242

static volatile unsigned long poke_me = 0x1234;

static void report(int ok, const char *what)
{
	printf("%s ptrace: %s\n", ok ? "ok" : "not ok", what);
}

/* The traced child: stop, make known system calls, check one result. */
static void child(void)
{
	unsigned int mxcsr = 0x3f80;

	ptrace(PTRACE_TRACEME, 0, 0, 0);
	__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	raise(SIGSTOP);
	/* The tracer turns this getppid() into MAGIC_RESULT. */
	if (syscall(SYS_getppid) != MAGIC_RESULT)
		_exit(3);
	raise(SIGSTOP);
	/* Single-stepped by the tracer, then a breakpoint. */
	__asm__ volatile("nop; nop; nop; int3; nop");
	_exit(poke_me == 0x5678 ? 0 : 4);
}

static int wait_stop(pid_t pid, int sig)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return 0;
	return WSTOPSIG(status) == sig;
}

int main(void)
{
	struct user_regs_struct regs;
	struct user_fpregs_struct fp;
	struct __ptrace_syscall_info info;
	struct iovec iov = { &regs, sizeof(regs) };
	unsigned long ip0, ip;
	int status, steps, ok;
	long word;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		child();
	report(wait_stop(pid, SIGSTOP), "child stops with SIGSTOP");
	ptrace(PTRACE_SETOPTIONS, pid, 0, PTRACE_O_TRACESYSGOOD);

	report(ptrace(PTRACE_GETFPREGS, pid, 0, &fp) == 0 &&
	       fp.mxcsr == 0x3f80, "PTRACE_GETFPREGS sees the child's MXCSR");
	report(ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &iov) == 0 &&
	       iov.iov_len == sizeof(regs), "PTRACE_GETREGSET NT_PRSTATUS");

	/* Syscall stops until getppid's entry; then fake its result. */
	ok = 0;
	for (steps = 0; steps < 50; steps++) {
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
		if (!wait_stop(pid, SIGTRAP | 0x80))
			break;
		ptrace(PTRACE_GETREGS, pid, 0, &regs);
		if (regs.orig_rax == SYS_getppid) {
			ok = ptrace(PTRACE_GET_SYSCALL_INFO, pid, sizeof(info),
				    &info) > 0 &&
			     info.op == PTRACE_SYSCALL_INFO_ENTRY &&
			     info.entry.nr == SYS_getppid &&
			     info.arch == AUDIT_ARCH_X86_64;
			break;
		}
	}
	report(ok, "system-call entry stop with GET_SYSCALL_INFO");
	word = ptrace(PTRACE_PEEKUSER, pid,
		      offsetof(struct user_regs_struct, orig_rax), 0);
	report(word == SYS_getppid, "PTRACE_PEEKUSER orig_rax");
	ptrace(PTRACE_SYSCALL, pid, 0, 0);
	report(wait_stop(pid, SIGTRAP | 0x80), "system-call exit stop");
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	report(regs.rax == (unsigned long)getpid(), "exit stop sees the result");
	regs.rax = MAGIC_RESULT;
	report(ptrace(PTRACE_SETREGS, pid, 0, &regs) == 0,
	       "PTRACE_SETREGS changes the result");
	regs.cs = 0x10;		/* the host's kernel code: refused */
	report(ptrace(PTRACE_SETREGS, pid, 0, &regs) == -1 && errno == EIO,
	       "PTRACE_SETREGS refuses a kernel code segment");
	ptrace(PTRACE_CONT, pid, 0, 0);
	report(wait_stop(pid, SIGSTOP), "child saw the changed result");

	/* Single steps move ip one instruction at a time, then int3 traps. */
	ptrace(PTRACE_GETREGS, pid, 0, &regs);
	ip0 = regs.rip;
	ok = 1;
	for (steps = 0; steps < 3; steps++) {
		if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0) ||
		    !wait_stop(pid, SIGTRAP)) {
			ok = 0;
			break;
		}
		ptrace(PTRACE_GETREGS, pid, 0, &regs);
		ip = regs.rip;
		if (ip == ip0)
			ok = 0;
		ip0 = ip;
	}
	report(ok, "PTRACE_SINGLESTEP moves one instruction at a time");
	word = ptrace(PTRACE_PEEKDATA, pid, &poke_me, 0);
	report(word == 0x1234, "PTRACE_PEEKDATA reads the child's memory");
	ptrace(PTRACE_POKEDATA, pid, &poke_me, 0x5678);
	ptrace(PTRACE_CONT, pid, 0, 0);
	ok = 0;
	for (steps = 0; steps < 10; steps++) {
		if (!wait_stop(pid, SIGTRAP))
			break;
		ptrace(PTRACE_GETREGS, pid, 0, &regs);
		if (regs.eflags & 0x100)
			break;	/* the trap flag leaked past stepping */
		ok = 1;
		break;
	}
	report(ok, "int3 stops the child with SIGTRAP, trap flag off");
	ptrace(PTRACE_CONT, pid, 0, 0);
	waitpid(pid, &status, 0);
	report(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "child finished with the poked value");
	return 0;
}
