// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces as traced host processes: the ptrace backend of
 * os/uspace.h.
 *
 * Each address space is a child process running the stub (stub.c), a
 * static program embedded in this object (stub_blob.S), started with
 * spawn.c and the physical-memory descriptor as fd 3.  The child waits
 * until we have PTRACE_SEIZEd it before it executes the stub, so every
 * stop of the stub is ours to see.  The stub sets itself up
 * and stops with SIGSTOP; being traced already, that is a plain
 * signal-delivery-stop, never a job-control stop.  PTRACE_O_EXITKILL
 * (and the stub's parent-death signal) end it with the kernel process,
 * whatever way that ends.
 *
 * apply() writes the ops into the stub's data (process_vm_writev()),
 * points the registers at the stub's apply entry and lets it run with
 * PTRACE_CONT until its int3, then reads the result back.  It is the
 * only time the process makes host system calls, and it runs only stub
 * code then.
 *
 * run() loads the guest's registers and resumes with PTRACE_SYSEMU, so
 * every system call the guest makes (syscall, int $0x80, sysenter)
 * stops before the host does anything with it.  Guest code runs under
 * run() and nowhere else.  Stops come back as events:
 *  - a system-call stop is OS_USPACE_SYSCALL;
 *  - SIGSEGV or SIGBUS is let through to the stub's handler, which
 *    records the fault's trap number and error code (ptrace cannot tell
 *    a write from a read), restores the guest's FPU state and makes a
 *    system call to stop: OS_USPACE_FAULT for a page fault,
 *    OS_USPACE_SIGNAL otherwise;
 *  - any other signal the CPU raised (SIGILL, SIGTRAP, SIGFPE) is
 *    OS_USPACE_SIGNAL and never delivered;
 *  - the stop PTRACE_INTERRUPT (interrupt()) causes is
 *    OS_USPACE_INTERRUPTED.
 * Signals sent from outside (si_code <= 0) and stop signals are
 * discarded; the stub blocks all but SIGSEGV and SIGBUS anyway.
 *
 * Assumptions:
 *  - One host thread makes every call (ptrace requests must come from
 *    the thread that attached): the one that called os_uspace_init().
 *  - Calls do not nest, except that a signal handler on that thread may
 *    call interrupt(), or destroy() another address space, amid any
 *    call; other nested calls fail with -EBUSY.  So the kernel must not
 *    switch kernel threads inside a call (preemption off around it).
 *  - The caller's SIGCHLD is not SIG_IGN (children would be reaped
 *    behind waitpid()'s back).  Host signals arrive at any time:
 *    waitpid() is retried on EINTR.
 *  - No malloc(), no stdio; errno is left as it was.
 */
#include <elf.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/futex.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <os/mem.h>
#include <os/uspace.h>
#include <um/layout.h>

#include "backend.h"
#include "common.h"
#include "spawn.h"
#include "stub.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP		1	/* si_code of a seccomp SIGSYS */
#endif

#define GUEST_PAGE_SIZE		4096UL

/* Address spaces at once: as many as the host has pids, give or take. */
#define MAX_SPACES		32768

/* Bits of the x86 page fault error code. */
#define X86_TRAP_GP		13
#define X86_TRAP_PF		14
#define X86_PF_WRITE		(1UL << 1)
#define X86_PF_USER		(1UL << 2)
#define X86_PF_INSTR		(1UL << 4)

/* struct os_guest_regs is what PTRACE_GETREGS and PTRACE_SETREGS take. */
#define SAME_FIELD(a, b)						\
	(offsetof(struct os_guest_regs, a) ==				\
	 offsetof(struct user_regs_struct, b))
_Static_assert(sizeof(struct os_guest_regs) == sizeof(struct user_regs_struct),
	       "os_guest_regs is not user_regs_struct");
_Static_assert(SAME_FIELD(r15, r15) && SAME_FIELD(bp, rbp) &&
	       SAME_FIELD(orig_ax, orig_rax) && SAME_FIELD(ip, rip) &&
	       SAME_FIELD(flags, eflags) && SAME_FIELD(sp, rsp) &&
	       SAME_FIELD(fs_base, fs_base) && SAME_FIELD(gs, gs),
	       "os_guest_regs is not user_regs_struct");

/* apply() writes a batch's result, count and ops to the stub in one go. */
struct stub_batch {
	struct stub_apply_result result;
	unsigned long nr_ops;
	struct stub_op ops[STUB_MAX_OPS];
};
_Static_assert(offsetof(struct stub_data, nr_ops) -
	       offsetof(struct stub_data, result) ==
	       offsetof(struct stub_batch, nr_ops) &&
	       offsetof(struct stub_data, ops) -
	       offsetof(struct stub_data, result) ==
	       offsetof(struct stub_batch, ops),
	       "stub_batch does not match stub_data");

/* The stub, from stub_blob.S. */
extern const char os_uspace_stub_image[], os_uspace_stub_image_end[];

struct space {
	/* The stub's pid while it lives; read by interrupt(). */
	volatile pid_t pid;
	unsigned char in_use;
	/* The stub sits after the int3 of its apply loop. */
	unsigned char in_apply;
	/* An interrupt stop came while run() was not waiting for one. */
	unsigned char interrupted;
	/* next_lost() named it. */
	unsigned char lost;
};

static struct space spaces[MAX_SPACES];
static int next_handle;

/*
 * Set while create, apply, run or a fpstate call is under way.  They
 * share state (the spawn stack, the batch buffer, a tracee's stops) and
 * must not nest: a host signal handler may call interrupt() or
 * destroy() another address space in the middle of them, nothing else.
 */
static int busy;

/*
 * The stub's image (os_uspace_spawn_load_image()), also the physical
 * memory of the probe.
 */
static int stub_fd = -1;
/* The size of NT_X86_XSTATE; 0 when the host has no XSAVE. */
static unsigned long xstate_size;

/* Registers to enter the stub's apply loop with. */
static const struct os_guest_regs apply_regs = {
	.ip = STUB_APPLY_ENTRY,
	.sp = STUB_STACK_TOP,
	.cs = OS_GUEST_CS,
	.ss = OS_GUEST_SS,
	.flags = 0x202,		/* IF, and the bit that is always set */
	.orig_ax = -1UL,
};

static struct space *space_of(int handle)
{
	if (handle < 0 || handle >= MAX_SPACES || !spaces[handle].in_use)
		return NULL;
	return &spaces[handle];
}

/* End the stub of @sp, if it still lives, and forget it. */
static void kill_space(struct space *sp)
{
	pid_t pid = sp->pid;
	int status;

	/* interrupt() must not find a pid that may be reused. */
	sp->pid = 0;
	__asm__ volatile("" : : : "memory");
	if (pid > 0) {
		kill(pid, SIGKILL);
		os_uspace_spawn_reap(pid, &status);
	}
}

/* The stub died under us (SIGKILL from outside, out of memory...). */
static int space_lost(struct space *sp)
{
	kill_space(sp);
	return -ESRCH;
}

/* A ptrace request failed: -ESRCH means the tracee is gone. */
static int ptrace_failed(struct space *sp)
{
	int err = -errno;

	return err == -ESRCH ? space_lost(sp) : err;
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	       sig == SIGTTOU;
}

/*
 * Resume the tracee with @request (PTRACE_CONT or PTRACE_SYSEMU) and
 * wait for its next stop.  Returns 0 with the stop in *@status, or
 * -ESRCH when it died.
 */
static int resume_and_wait(struct space *sp, int request, int sig,
			   int *status)
{
	if (ptrace(request, sp->pid, 0, (long)sig))
		return ptrace_failed(sp);
	if (!os_uspace_spawn_wait(sp->pid, status) && WIFSTOPPED(*status))
		return 0;
	/* It exited, and that wait reaped it: its pid is free already. */
	sp->pid = 0;
	return -ESRCH;
}

static int stop_event(int status)
{
	return (unsigned int)status >> 16;
}

/*
 * A signal stop while the stub runs its own code (apply, or its fault
 * handler): is it the stub's fault?  Guest code raises signals too, and
 * one can still be pending when interrupt() stopped the guest right at
 * a faulting instruction; it then arrives as the stub starts.  A signal
 * about a guest address, or sent from outside, is not the stub's: it is
 * dropped (the guest, resumed at that instruction, raises it again).
 */
static int stub_faulted(struct space *sp)
{
	siginfo_t info;

	if (ptrace(PTRACE_GETSIGINFO, sp->pid, 0, &info))
		return 1;
	return info.si_code > 0 &&
	       (unsigned long)info.si_addr >= UM_TASK_SIZE;
}

static int read_stub(struct space *sp, unsigned long addr, void *buf,
		     unsigned long len)
{
	struct iovec local = { .iov_base = buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)addr, .iov_len = len };
	ssize_t n = process_vm_readv(sp->pid, &local, 1, &remote, 1, 0);

	if (n == (ssize_t)len)
		return 0;
	return n < 0 ? ptrace_failed(sp) : -EFAULT;
}

static int write_stub(struct space *sp, unsigned long addr, const void *buf,
		      unsigned long len)
{
	struct iovec local = { .iov_base = (void *)buf, .iov_len = len };
	struct iovec remote = { .iov_base = (void *)addr, .iov_len = len };
	ssize_t n = process_vm_writev(sp->pid, &local, 1, &remote, 1, 0);

	if (n == (ssize_t)len)
		return 0;
	return n < 0 ? ptrace_failed(sp) : -EFAULT;
}

/* Handles are given out round-robin, so a stale one rarely hits anew. */
static int alloc_handle(void)
{
	int i, h;

	for (i = 0; i < MAX_SPACES; i++) {
		h = (next_handle + i) % MAX_SPACES;
		if (!spaces[h].in_use) {
			next_handle = (h + 1) % MAX_SPACES;
			return h;
		}
	}
	return -ENOSPC;
}


static int do_create(int physmem_fd)
{
	static volatile int go;
	struct space *sp;
	int handle, err, seize_err = 0, status = 0;
	pid_t pid;

	if (stub_fd < 0)
		return -ENODEV;
	handle = alloc_handle();
	if (handle < 0)
		return handle;
	sp = &spaces[handle];

	go = 0;
	pid = os_uspace_spawn(stub_fd, NULL, &physmem_fd, 1, &go);
	if (pid < 0)
		return pid;

	/*
	 * Attach, let the child go on, and wait for the stub to stop itself
	 * once set up (a SIGSTOP signal-delivery-stop, dropped by resuming
	 * with no signal later).  Traced before the stub runs, that SIGSTOP
	 * is never a job-control stop, which would turn later
	 * PTRACE_INTERRUPT stops into group-stop reports.  A child that
	 * failed is reaped and tells why.
	 */
	if (ptrace(PTRACE_SEIZE, pid, 0,
		   PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD))
		seize_err = -errno;
	go = seize_err ? -1 : 1;
	syscall(SYS_futex, &go, FUTEX_WAKE_PRIVATE, 1, NULL);
	err = os_uspace_spawn_wait(pid, &status);
	if (!err && !seize_err && WIFSTOPPED(status) &&
	    WSTOPSIG(status) == SIGSTOP) {
		sp->pid = pid;
		sp->in_use = 1;
		sp->in_apply = 0;
		sp->interrupted = 0;
		sp->lost = 0;
		return handle;
	}
	/* Unless it exited under os_uspace_spawn_wait() already, end it. */
	if (err || WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		os_uspace_spawn_reap(pid, &status);
	}
	return os_uspace_start_error(status, seize_err ? seize_err : err);
}

static int ptrace_create(int physmem_fd)
{
	int saved_errno = errno, ret;

	if (busy)
		return -EBUSY;
	busy = 1;
	ret = do_create(physmem_fd);
	busy = 0;
	errno = saved_errno;
	return ret;
}

static void ptrace_destroy(int handle)
{
	int saved_errno = errno;
	struct space *sp = space_of(handle);

	if (sp) {
		kill_space(sp);
		sp->in_use = 0;
	}
	errno = saved_errno;
}


static struct stub_batch batch;

/* Do up to STUB_MAX_OPS checked @ops in the stub. */
static int apply_batch(void *space, const struct os_uspace_op *ops, int n)
{
	struct space *sp = space;
	struct stub_apply_result result;
	int i, err, status;

	memset(&batch.result, 0, sizeof(batch.result));
	batch.nr_ops = n;
	for (i = 0; i < n; i++)
		os_uspace_stub_op(&batch.ops[i], &ops[i]);
	err = write_stub(sp, STUB_DATA_ADDR(result), &batch,
			 offsetof(struct stub_batch, ops) +
			 n * sizeof(struct stub_op));
	if (err)
		return err;

	/* After a first batch the stub loops back to its entry by itself. */
	if (!sp->in_apply) {
		if (ptrace(PTRACE_SETREGS, sp->pid, 0, &apply_regs))
			return ptrace_failed(sp);
		sp->in_apply = 1;
	}

	for (status = 0;;) {
		err = resume_and_wait(sp, PTRACE_CONT, 0, &status);
		if (err)
			return err;
		if (stop_event(status) == PTRACE_EVENT_STOP) {
			/* interrupt(): for the next run(). */
			if (WSTOPSIG(status) == SIGTRAP)
				sp->interrupted = 1;
			continue;
		}
		if (is_stop_signal(WSTOPSIG(status)))
			continue;
		if (WSTOPSIG(status) != SIGTRAP) {
			if (!stub_faulted(sp))
				continue;
			/* The stub itself faulted: nothing to trust in it. */
			kill_space(sp);
			return -EFAULT;
		}
		err = read_stub(sp, STUB_DATA_ADDR(result), &result,
				sizeof(result));
		if (err)
			return err;
		/* Not the stub's int3, a SIGTRAP sent from outside? */
		if (result.status == STUB_APPLY_DONE)
			break;
	}
	return result.error;
}

static int do_apply(int handle, const struct os_uspace_op *ops, int n)
{
	struct space *sp = space_of(handle);
	int err;

	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	err = os_uspace_check_ops(ops, n);
	return err ? err : os_uspace_apply_in_batches(sp, ops, n, apply_batch);
}

static int ptrace_apply(int handle, const struct os_uspace_op *ops, int n)
{
	int saved_errno = errno, err;

	if (busy)
		return -EBUSY;
	busy = 1;
	err = do_apply(handle, ops, n);
	busy = 0;
	errno = saved_errno;
	return err;
}

/*
 * Whether the system call at this stop (registers @regs) is a 32-bit one.
 * The syscall instruction puts the return address in rcx and the flags
 * in r11, and the host's 64-bit entry takes ip and flags from there: if
 * they match in 64-bit code, it was syscall, as nearly always.  Else
 * (int $0x80, sysenter, or 32-bit code) the host says, at the price of
 * one more system call.  Guest code that sets up rcx and r11 so before
 * an int $0x80 gets its 32-bit system call taken as a 64-bit one: its
 * own confusion, nothing more.
 */
static int syscall_is_compat(struct space *sp,
			     const struct os_guest_regs *regs)
{
	struct __ptrace_syscall_info info;

	if (regs->cs == OS_GUEST_CS && regs->cx == regs->ip &&
	    regs->r11 == regs->flags)
		return 0;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, sp->pid, sizeof(info), &info) <= 0)
		return 0;
	return info.arch == AUDIT_ARCH_I386;
}

/* Whether the guest's instruction at regs->ip is int $0x80. */
static int is_int80(struct space *sp, const struct os_guest_regs *regs)
{
	unsigned char insn[2];
	struct iovec local = { .iov_base = insn, .iov_len = 2 };
	struct iovec remote = { .iov_base = (void *)regs->ip, .iov_len = 2 };

	return process_vm_readv(sp->pid, &local, 1, &remote, 1, 0) == 2 &&
	       insn[0] == 0xcd && insn[1] == 0x80;
}

/*
 * A SIGSEGV or SIGBUS (@sig) stop: the guest's registers into @regs, then
 * let the stub's handler take the signal and read what it found out.
 * Returns 0 with @ev filled in, 1 when the signal came from outside (the
 * guest is to be resumed with @regs), or -errno.
 */
static int take_fault(struct space *sp, int sig, struct os_guest_regs *regs,
		      struct os_uspace_event *ev)
{
	struct stub_fault fault;
	int err, status;

	if (ptrace(PTRACE_GETREGS, sp->pid, 0, regs))
		return ptrace_failed(sp);
	/*
	 * Under SYSEMU the handler's closing system call stops: only the
	 * handler can get there, as guest code is not running.
	 */
	sp->in_apply = 0;
	err = resume_and_wait(sp, PTRACE_SYSEMU, sig, &status);
	for (;;) {
		if (err)
			return err;
		sig = WSTOPSIG(status);
		if (sig == (SIGTRAP | 0x80))
			break;
		if (stop_event(status) == PTRACE_EVENT_STOP) {
			if (sig == SIGTRAP)
				sp->interrupted = 1;
		} else if (sig != SIGTRAP && !is_stop_signal(sig) &&
			   stub_faulted(sp)) {
			/* The handler faulted: nothing to trust in the stub. */
			kill_space(sp);
			return -EFAULT;
		}
		/* Anything else came from outside, or is a stale guest one. */
		err = resume_and_wait(sp, PTRACE_SYSEMU, 0, &status);
	}
	err = read_stub(sp, STUB_DATA_ADDR(fault), &fault, sizeof(fault));
	if (err)
		return err;

	/* kill(SIGSEGV) from outside: the guest did nothing wrong. */
	if (fault.code <= 0)
		return 1;
	if (fault.signo == SIGSEGV && fault.trapno == X86_TRAP_GP &&
	    is_int80(sp, regs)) {
		/* A host without 32-bit system calls: as a host with them. */
		ev->kind = OS_USPACE_SYSCALL;
		ev->is_compat = 1;
		regs->orig_ax = (unsigned long)(long)(int)regs->ax;
		regs->ax = (unsigned long)-ENOSYS;
		regs->ip += 2;
		return 0;
	}
	ev->kind = fault.trapno == X86_TRAP_PF ? OS_USPACE_FAULT :
						  OS_USPACE_SIGNAL;
	ev->signo = fault.signo;
	ev->si_code = fault.code;
	ev->addr = fault.addr;
	ev->trap_no = fault.trapno;
	ev->error_code = fault.err;
	if (ev->kind == OS_USPACE_FAULT) {
		ev->is_write = !!(fault.err & X86_PF_WRITE);
		ev->is_exec = !!(fault.err & X86_PF_INSTR);
	}
	return 0;
}

/*
 * The stub's seccomp filter turned a call into the host's legacy
 * vsyscall page into SIGSYS (@info), after the host's emulation popped
 * the return address.  For the guest there is no such page: report the
 * page fault that calling it would be, with the call undone to where it
 * landed.
 */
static int vsyscall_fault(const siginfo_t *info, struct os_guest_regs *regs,
			  struct os_uspace_event *ev)
{
	regs->ip = (unsigned long)info->si_call_addr;
	regs->sp -= sizeof(long);
	ev->kind = OS_USPACE_FAULT;
	ev->signo = SIGSEGV;
	ev->si_code = SEGV_MAPERR;
	ev->addr = regs->ip;
	ev->is_exec = 1;
	ev->trap_no = X86_TRAP_PF;
	ev->error_code = X86_PF_INSTR | X86_PF_USER;
	return 0;
}

static int run_guest(struct space *sp, struct os_guest_regs *regs,
		     struct os_uspace_event *ev)
{
	struct os_guest_regs start = *regs;
	siginfo_t info;
	int err, sig, status;

resume:
	/* orig_ax would only feed the host's system-call restarting. */
	start.orig_ax = -1UL;
	if (ptrace(PTRACE_SETREGS, sp->pid, 0, &start))
		return ptrace_failed(sp);
	sp->in_apply = 0;
	err = resume_and_wait(sp, PTRACE_SYSEMU, 0, &status);
	for (;;) {
		if (err)
			return err;
		sig = WSTOPSIG(status);
		if (sig == (SIGTRAP | 0x80)) {
			if (ptrace(PTRACE_GETREGS, sp->pid, 0, regs))
				return ptrace_failed(sp);
			ev->kind = OS_USPACE_SYSCALL;
			ev->is_compat = syscall_is_compat(sp, regs);
			return 0;
		}
		if (stop_event(status) == PTRACE_EVENT_STOP &&
		    sig == SIGTRAP) {
			if (ptrace(PTRACE_GETREGS, sp->pid, 0, regs))
				return ptrace_failed(sp);
			ev->kind = OS_USPACE_INTERRUPTED;
			return 0;
		}
		if (stop_event(status) || is_stop_signal(sig)) {
			/* A group stop, or a stop signal: not ours to keep. */
		} else if (sig == SIGSEGV || sig == SIGBUS) {
			err = take_fault(sp, sig, regs, ev);
			if (err <= 0)
				return err;
			start = *regs;
			goto resume;
		} else {
			if (ptrace(PTRACE_GETSIGINFO, sp->pid, 0, &info))
				return ptrace_failed(sp);
			/* Raised by the CPU: the guest's; else from outside. */
			if (info.si_code > 0) {
				if (ptrace(PTRACE_GETREGS, sp->pid, 0, regs))
					return ptrace_failed(sp);
				if (sig == SIGSYS && info.si_code == SYS_SECCOMP)
					return vsyscall_fault(&info, regs, ev);
				ev->kind = OS_USPACE_SIGNAL;
				ev->signo = sig;
				ev->si_code = info.si_code;
				ev->addr = (unsigned long)info.si_addr;
				return 0;
			}
		}
		/* Resuming with no signal discards the one at this stop. */
		err = resume_and_wait(sp, PTRACE_SYSEMU, 0, &status);
	}
}

static int do_run(int handle, struct os_guest_regs *regs,
		  struct os_uspace_event *ev)
{
	struct space *sp = space_of(handle);

	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	memset(ev, 0, sizeof(*ev));
	if (sp->interrupted) {
		sp->interrupted = 0;
		ev->kind = OS_USPACE_INTERRUPTED;
		return 0;
	}
	return run_guest(sp, regs, ev);
}

static int ptrace_run(int handle, struct os_guest_regs *regs,
		      struct os_uspace_event *ev)
{
	int saved_errno = errno, err;

	if (busy)
		return -EBUSY;
	busy = 1;
	err = do_run(handle, regs, ev);
	busy = 0;
	errno = saved_errno;
	return err;
}

static int ptrace_interrupt(int handle)
{
	int saved_errno = errno, err = 0;
	pid_t pid;

	if (handle < 0 || handle >= MAX_SPACES)
		return -EINVAL;
	pid = spaces[handle].pid;
	if (pid <= 0)
		return -ESRCH;
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0))
		err = -errno;
	errno = saved_errno;
	return err;
}

static unsigned long fpstate_size(void)
{
	return xstate_size ? xstate_size : sizeof(struct user_fpregs_struct);
}

static int do_get_fpstate(int handle, void *buf, unsigned long len)
{
	struct space *sp = space_of(handle);
	unsigned long size = fpstate_size();
	struct iovec iov = { .iov_base = buf, .iov_len = size };

	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	if (len < sizeof(struct user_fpregs_struct))
		return -EINVAL;
	if (xstate_size && len >= xstate_size) {
		if (ptrace(PTRACE_GETREGSET, sp->pid, NT_X86_XSTATE, &iov))
			return ptrace_failed(sp);
		return size;
	}
	if (ptrace(PTRACE_GETFPREGS, sp->pid, 0, buf))
		return ptrace_failed(sp);
	return sizeof(struct user_fpregs_struct);
}

static int ptrace_get_fpstate(int handle, void *buf, unsigned long len)
{
	int saved_errno = errno, ret;

	if (!buf)
		return fpstate_size();
	if (busy)
		return -EBUSY;
	busy = 1;
	ret = do_get_fpstate(handle, buf, len);
	busy = 0;
	errno = saved_errno;
	return ret;
}

static int do_set_fpstate(int handle, const void *buf, unsigned long len)
{
	struct space *sp = space_of(handle);
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = xstate_size };
	int err = 0;

	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	if (!buf || len < sizeof(struct user_fpregs_struct))
		return -EINVAL;
	if (xstate_size && len >= xstate_size) {
		if (ptrace(PTRACE_SETREGSET, sp->pid, NT_X86_XSTATE, &iov))
			err = ptrace_failed(sp);
	} else {
		if (ptrace(PTRACE_SETFPREGS, sp->pid, 0, buf))
			err = ptrace_failed(sp);
	}
	/* The host checks the XSAVE header: EFAULT is its "bad header". */
	return err == -EFAULT ? -EINVAL : err;
}

static int ptrace_set_fpstate(int handle, const void *buf, unsigned long len)
{
	int saved_errno = errno, err;

	if (busy)
		return -EBUSY;
	busy = 1;
	err = do_set_fpstate(handle, buf, len);
	busy = 0;
	errno = saved_errno;
	return err;
}

/* Starting a stub needs this thread all along: nothing to do ahead. */
static int ptrace_prepare(int physmem_fd)
{
	(void)physmem_fd;
	return 0;
}

static int ptrace_next_lost(void)
{
	int saved_errno = errno, h, ret = -ENOENT;
	struct space *sp;

	if (busy)
		return -EBUSY;
	if (!os_uspace_some_child_ended())
		goto out;
	for (h = 0; h < MAX_SPACES; h++) {
		sp = &spaces[h];
		if (sp->in_use && !sp->lost && os_uspace_stub_ended(sp->pid)) {
			sp->lost = 1;
			ret = h;
			break;
		}
	}
out:
	errno = saved_errno;
	return ret;
}

const struct os_uspace_ops os_uspace_ptrace_ops = {
	.name = "ptrace",
	.host_clock = 0,	/* every system call stops in the tracer */
	.create = ptrace_create,
	.destroy = ptrace_destroy,
	.prepare = ptrace_prepare,
	.discard = ptrace_destroy,
	.apply = ptrace_apply,
	.run = ptrace_run,
	.interrupt = ptrace_interrupt,
	.next_lost = ptrace_next_lost,
	.get_fpstate = ptrace_get_fpstate,
	.set_fpstate = ptrace_set_fpstate,
};

/*
 * Start one address space and check what the backend relies on: the
 * stub executes, its apply loop maps, a system call stops in the tracer
 * (PTRACE_SYSEMU), and how large the XSAVE state is.
 */
static int probe(void)
{
	static const struct os_uspace_op op = {
		.kind = OS_USPACE_MAP,
		.prot = OS_PROT_READ,
		.fd_is_physmem = 1,
		.addr = UM_TASK_SIZE - GUEST_PAGE_SIZE,
		.len = GUEST_PAGE_SIZE,
	};
	const unsigned long buf_size = 65536;
	struct os_guest_regs regs = apply_regs;
	struct os_uspace_event ev;
	struct iovec iov;
	int handle, err;
	void *buf;

	handle = do_create(stub_fd);
	if (handle < 0)
		return handle;
	err = do_apply(handle, &op, 1);
	if (!err) {
		regs.ip = STUB_PROBE_ENTRY;
		regs.ax = SYS_getpid;
		err = do_run(handle, &regs, &ev);
	}
	if (!err && (ev.kind != OS_USPACE_SYSCALL ||
		     regs.orig_ax != SYS_getpid ||
		     regs.ip != STUB_PROBE_ENTRY + 2))
		err = -EOPNOTSUPP;

	/* The host copies out what it has and says how much. */
	buf = mmap(NULL, buf_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!err && buf == MAP_FAILED)
		err = -ENOMEM;
	if (!err) {
		iov.iov_base = buf;
		iov.iov_len = buf_size;
		if (!ptrace(PTRACE_GETREGSET, spaces[handle].pid,
			    NT_X86_XSTATE, &iov) &&
		    iov.iov_len > sizeof(struct user_fpregs_struct) &&
		    iov.iov_len < buf_size)
			xstate_size = iov.iov_len;
	}
	if (buf != MAP_FAILED)
		munmap(buf, buf_size);
	ptrace_destroy(handle);
	return err;
}

void os_uspace_ptrace_kill_all(void)
{
	int saved_errno = errno, i, status;
	pid_t pid;

	for (i = 0; i < MAX_SPACES; i++) {
		pid = spaces[i].pid;
		if (pid > 0)
			kill(pid, SIGKILL);
	}
	for (i = 0; i < MAX_SPACES; i++) {
		pid = spaces[i].pid;
		if (pid > 0) {
			spaces[i].pid = 0;
			os_uspace_spawn_reap(pid, &status);
		}
	}
	errno = saved_errno;
}

int os_uspace_ptrace_probe(void)
{
	int saved_errno = errno, err;

	if (busy)
		return -EBUSY;
	busy = 1;
	err = os_uspace_load_stub(&stub_fd, os_uspace_stub_image,
				  os_uspace_stub_image_end);
	if (!err)
		err = probe();
	busy = 0;
	errno = saved_errno;
	return err;
}
