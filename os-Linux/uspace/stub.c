// SPDX-License-Identifier: GPL-2.0
/*
 * The stub: the program each guest address space runs on the host.  It
 * is a static binary without libc, its text at UM_STUB_CODE and its data
 * at UM_STUB_DATA (stub.lds.S), above all guest mappings.  The ptrace
 * backend (ptrace.c) starts it with the physical-memory descriptor as
 * fd 3 and traces it; guest code then runs in this process, on the
 * backend's registers, and never under the stub's control.
 *
 * At start the stub makes itself a bare container: it dies with the
 * kernel process, keeps no descriptor but fd 3, leaves the terminal's
 * session, blocks every signal but the two a page fault raises, and
 * unmaps everything that is not the stub (the host's stack, vDSO and
 * vvar), leaving the guest range empty.  Then it stops itself to wait
 * for the tracer.
 *
 * After that it only runs when the backend points it at an entry:
 *  - STUB_APPLY_ENTRY: map, unmap and protect guest ranges as listed in
 *    stub_data.ops, then int3;
 *  - its SIGSEGV/SIGBUS handler, which the backend lets a guest fault
 *    reach: it records what the ucontext says about the fault (the
 *    error code tells a write from a read, which ptrace cannot), puts
 *    the guest's FPU state back (the host reset it for the handler),
 *    then makes a system call, which the tracer stops.
 *
 * Built -ffreestanding -mgeneral-regs-only: the stub runs with the
 * guest's FPU and vector registers live and must not touch them.
 * System calls are made with the syscall instruction directly.
 */
#include <asm/sigcontext.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/ucontext.h>
#include <asm/unistd.h>
#include <linux/errno.h>
#include <linux/filter.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>

#include "stub.h"
#include "stub_syscall.h"

/* The top of the host's user address space (4-level page tables). */
#define HOST_USER_TOP		0x7ffffffff000UL

struct stub_data stub_data __attribute__((section(".bss.stub_data")));

/* From stub.lds.S: the end of the stub's data, page aligned. */
extern char stub_end[];

/*
 * The entry points at their fixed offsets (stub.h), the ELF entry, and
 * the signal restorer the host insists on (never used: the handler
 * ends in a system call the tracer stops, and the backend takes over).
 */
__asm__(
	".pushsection .text.entry, \"ax\"\n"
	".globl stub_apply_entry\n"
	"stub_apply_entry:\n"
	"	call stub_apply\n"
	"	int3\n"
	"	jmp stub_apply_entry\n"
	".org " __stringify(STUB_PROBE_OFFSET) "\n"
	".globl stub_probe_entry\n"
	"stub_probe_entry:\n"
	"	syscall\n"
	"	int3\n"
	".popsection\n"
	".text\n"
	".globl _start\n"
	"_start:\n"
	"	lea stub_data+" __stringify(STUB_STACK_SIZE) "(%rip), %rsp\n"
	"	call stub_main\n"
	"	ud2\n"
	"stub_restorer:\n"
	"	mov $" __stringify(__NR_rt_sigreturn) ", %eax\n"
	"	syscall\n"
	"	ud2\n");

void stub_restorer(void);

/*
 * Protect what is mapped in [@addr, @addr + @len): a hole makes
 * mprotect() fail with ENOMEM, so then page by page, unmapping a page
 * it cannot change (a no-op for a hole).
 */
static long stub_protect(unsigned long addr, unsigned long len, long prot)
{
	unsigned long a;
	long ret = stub_syscall(__NR_mprotect, addr, len, prot);

	if (ret != -ENOMEM)
		return ret;
	for (a = addr; a < addr + len; a += 4096) {
		ret = stub_syscall(__NR_mprotect, a, 4096, prot);
		if (ret == -ENOMEM)
			ret = stub_syscall(__NR_munmap, a, 4096, 0);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* Called from stub_apply_entry; the ops are the backend's, range-checked. */
void __attribute__((used)) stub_apply(void)
{
	volatile struct stub_data *d = &stub_data;
	unsigned long i, n = d->nr_ops;
	long ret = 0;

	if (n > STUB_MAX_OPS)
		n = 0, ret = -EINVAL;
	for (i = 0; i < n; i++) {
		volatile struct stub_op *op = &d->ops[i];
		unsigned long addr = op->addr, len = op->len;

		/* Never touch the stub itself, whatever the ops say. */
		if (addr >= UM_TASK_SIZE || len > UM_TASK_SIZE - addr) {
			ret = -EINVAL;
			break;
		}
		switch (op->kind) {
		case STUB_OP_MAP_PHYSMEM:
			ret = stub_syscall6(__NR_mmap, addr, len, op->prot,
					    MAP_SHARED | MAP_FIXED |
					    MAP_POPULATE,
					    STUB_PHYSMEM_FD, op->offset);
			break;
		case STUB_OP_MAP_ANON:
			ret = stub_syscall6(__NR_mmap, addr, len, op->prot,
					    MAP_PRIVATE | MAP_ANONYMOUS |
					    MAP_FIXED, -1, 0);
			break;
		case STUB_OP_UNMAP:
			ret = stub_syscall(__NR_munmap, addr, len, 0);
			break;
		case STUB_OP_PROTECT:
			ret = stub_protect(addr, len, op->prot);
			break;
		default:
			ret = -EINVAL;
			break;
		}
		/* mmap() returns the address, below UM_TASK_SIZE: positive. */
		if (ret < 0)
			break;
	}
	d->result.done = i;
	d->result.error = ret < 0 ? ret : 0;
	d->result.status = STUB_APPLY_DONE;
}

/* Load the FPU state the host saved in the signal frame. */
static void stub_restore_fpu(struct _fpstate_64 *fp)
{
	struct _fpx_sw_bytes *sw;

	if (!fp)
		return;
	sw = &fp->sw_reserved;
	if (sw->magic1 == FP_XSTATE_MAGIC1) {
		unsigned long mask = sw->xfeatures;

		__asm__ volatile("xrstor64 (%0)"
				 : : "r"(fp), "a"((unsigned int)mask),
				   "d"((unsigned int)(mask >> 32))
				 : "memory");
	} else {
		__asm__ volatile("fxrstor64 (%0)" : : "r"(fp) : "memory");
	}
}

static void stub_fault_handler(int sig, siginfo_t *info, void *context)
{
	struct ucontext *uc = context;
	volatile struct stub_fault *f = &stub_data.fault;

	f->signo = sig;
	f->code = info->si_code;
	f->addr = (unsigned long)info->si_addr;
	f->trapno = uc->uc_mcontext.trapno;
	f->err = uc->uc_mcontext.err;
	stub_restore_fpu((struct _fpstate_64 *)uc->uc_mcontext.fpstate);
	/* Stops in the tracer, and would be harmless if it did not. */
	for (;;)
		stub_syscall(__NR_getpid, 0, 0, 0);
}

/*
 * A second line behind PTRACE_SYSEMU: a system call that reaches the
 * host from anywhere but the stub's text raises SIGSYS, which the tracer
 * sees and the guest gets.  Under SYSEMU guest system calls stop before
 * seccomp; what still gets here is the host's emulation of the legacy
 * vsyscall page, whose calls would otherwise run on the host.
 */
static long stub_confine(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 __builtin_offsetof(struct seccomp_data,
					    instruction_pointer) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, UM_STUB_CODE >> 32, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 __builtin_offsetof(struct seccomp_data,
					    instruction_pointer)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
			 (unsigned int)(UM_STUB_DATA - UM_STUB_CODE), 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	if (stub_syscall6(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0))
		return -1;
	return stub_syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0,
			    (long)&prog);
}

void __attribute__((used, noreturn)) stub_main(void)
{
	struct stub_sigaction sa = {
		.handler = stub_fault_handler,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTORER,
		.restorer = stub_restorer,
		.mask = 0,
	};
	stack_t ss = {
		.ss_sp = stub_data.sigstack,
		.ss_size = sizeof(stub_data.sigstack),
	};
	unsigned long blocked = ~0UL;
	unsigned long end = (unsigned long)stub_end;
	long pid;

	/* The backend's child set it already; it outlives execve, but still. */
	if (stub_syscall(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL, 0))
		stub_exit(STUB_EXIT_SETUP + 1);
	stub_syscall(__NR_prctl, PR_SET_NAME, (long)"linux-stub", 0);

	/* Only the physical-memory descriptor stays. */
	if (stub_syscall(__NR_close_range, 0, STUB_PHYSMEM_FD - 1, 0) ||
	    stub_syscall(__NR_close_range, STUB_PHYSMEM_FD + 1, ~0U, 0))
		stub_exit(STUB_EXIT_SETUP + 2);

	/* Out of the terminal's session: no job-control signals. */
	if (stub_syscall(__NR_setsid, 0, 0, 0) < 0)
		stub_exit(STUB_EXIT_SETUP + 3);

	if (stub_syscall(__NR_sigaltstack, (long)&ss, 0, 0) ||
	    stub_syscall6(__NR_rt_sigaction, SIGSEGV, (long)&sa, 0, 8, 0, 0) ||
	    stub_syscall6(__NR_rt_sigaction, SIGBUS, (long)&sa, 0, 8, 0, 0))
		stub_exit(STUB_EXIT_SETUP + 4);

	/*
	 * Nothing from outside reaches the stub: what is not blocked here
	 * is a fault.  (The host unblocks other signals guest code raises,
	 * SIGILL or SIGTRAP, as it raises them; the tracer sees and
	 * discards those.)
	 */
	blocked &= ~(1UL << (SIGSEGV - 1));
	blocked &= ~(1UL << (SIGBUS - 1));
	if (stub_syscall6(__NR_rt_sigprocmask, SIG_SETMASK, (long)&blocked, 0,
			  8, 0, 0))
		stub_exit(STUB_EXIT_SETUP + 5);

	/*
	 * Leave only the stub: the guest range below UM_TASK_SIZE (where
	 * the host's vDSO may have gone) and everything above the stub's
	 * data, the stack we started on included.
	 */
	if (stub_syscall(__NR_munmap, 0, UM_STUB_CODE, 0) ||
	    stub_syscall(__NR_munmap, end, HOST_USER_TOP - end, 0))
		stub_exit(STUB_EXIT_SETUP + 6);

	if (stub_confine())
		stub_exit(STUB_EXIT_SETUP + 7);

	/* Wait for the tracer, which takes it from here. */
	pid = stub_syscall(__NR_getpid, 0, 0, 0);
	stub_syscall(__NR_kill, pid, SIGSTOP, 0);
	for (;;)
		__asm__ volatile("int3");
}
