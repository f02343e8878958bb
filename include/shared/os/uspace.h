/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host user-space service: guest address spaces.  Each guest address
 * space (an mm) is a host process of its own that the kernel creates,
 * whose mappings of physical memory it changes in batches, and in which
 * it runs guest code until something needs the kernel: a system call, a
 * page fault, another exception, or an interrupt of the kernel's own.
 *
 * The service is a table of operations (os_uspace) so that backends can
 * stand side by side; os_uspace_init() picks one: seccomp.c or
 * ptrace.c in os-Linux/uspace/.
 *
 * All calls come from the one host thread that called os_uspace_init().
 * They do not nest, with two exceptions: a host signal handler on that
 * thread may call interrupt(), or destroy() another address space, in
 * the middle of any call.  Any other call made amid one fails with
 * -EBUSY: the kernel must not switch kernel threads inside a call (run
 * it with preemption disabled; interrupts stay enabled, so that the
 * timer can interrupt() a run()).  Operations return 0 (or what their
 * comment says) or -errno, and leave errno alone.
 *
 * What guest code can reach of the host: its own mappings, and the
 * stub's pages above UM_TASK_SIZE (UM_STUB_CODE, UM_STUB_DATA), which it
 * can read, and write where the stub keeps its stacks and records.  It
 * cannot map, unmap or protect anything (its system calls never run on
 * the host), and what it writes there only misleads the kernel about
 * itself.  It may fake an event and go on running outside run() (under
 * the seccomp backend): so what apply() takes away must be gone before
 * the kernel reuses the memory, and apply() returns only then.  The
 * host's legacy vsyscall page is no system-call
 * path either: a call there is reported as the page fault it would be
 * without such a page (OS_USPACE_FAULT at that address, an instruction
 * fetch).
 */
#ifndef __UM_OS_USPACE_H
#define __UM_OS_USPACE_H

/*
 * The registers of a guest thread: the layout of x86_64's struct
 * user_regs_struct (<sys/user.h>), field for field.
 */
struct os_guest_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10;
	unsigned long r9, r8, ax, cx, dx, si, di, orig_ax;
	unsigned long ip, cs, flags, sp, ss, fs_base, gs_base;
	unsigned long ds, es, fs, gs;
};

/*
 * Segment selectors of the host's user code and stack segments: a new
 * guest thread starts with cs = OS_GUEST_CS, ss = OS_GUEST_SS and the
 * data selectors (ds, es, fs, gs) 0.  OS_GUEST_CS32 is the host's 32-bit
 * code segment.  run() fails with -EIO on a selector the host refuses.
 */
#define OS_GUEST_CS		0x33
#define OS_GUEST_CS32		0x23
#define OS_GUEST_SS		0x2b

/* Kinds of struct os_uspace_op. */
#define OS_USPACE_MAP		1
#define OS_USPACE_UNMAP		2
#define OS_USPACE_PROTECT	3

/*
 * One change to an address space.  [addr, addr + len) must be page
 * aligned and lie below UM_TASK_SIZE (um/layout.h); anything else is
 * -EINVAL and nothing of the batch is done.
 *
 * OS_USPACE_MAP: map the range at exactly @addr with @prot (OS_PROT_*
 *	of os/mem.h), replacing what was there.  With @fd_is_physmem it is
 *	a shared mapping of the physical-memory descriptor given to
 *	create(), at @offset (page aligned); without, fresh private
 *	zero-filled memory, and @offset is ignored.
 * OS_USPACE_UNMAP: unmap the range (@prot, @offset ignored).
 * OS_USPACE_PROTECT: change the protection of what is mapped in the
 *	range to @prot; holes stay holes, and a page whose protection
 *	the host cannot change (it would need too many mappings) is
 *	unmapped instead.
 */
struct os_uspace_op {
	int kind;
	int prot;
	int fd_is_physmem;
	unsigned long addr, len, offset;
};

enum os_uspace_event_kind {
	/*
	 * The guest asked for a system call (syscall, int $0x80, sysenter,
	 * or syscall from 32-bit code): nothing ran on the host.  regs->ax
	 * is -ENOSYS, regs->orig_ax the number, regs->ip is past the
	 * instruction.  @is_compat says it is a 32-bit system call (int
	 * $0x80 even from 64-bit code, sysenter, or any entry with regs->cs
	 * == OS_GUEST_CS32): number and arguments then follow the i386
	 * convention (ebx, ecx, edx, si, di, bp).  Neither regs->cs nor
	 * regs->orig_ax tells int $0x80 from 64-bit code apart from syscall;
	 * @is_compat does (unless the guest itself made rcx and r11 look
	 * as syscall leaves them before its int $0x80).  After sysenter,
	 * regs->ip is not the guest's: the host put its own vDSO landing
	 * pad there.  On a host without 32-bit system calls, where int $0x80
	 * is a general protection fault, it still comes as such a stop
	 * (sysenter is then SIGILL or SIGSEGV).
	 * Set regs->ax to the result and run() again to return it.
	 */
	OS_USPACE_SYSCALL,
	/*
	 * A page fault (@trap_no 14) the host could not satisfy: @addr is
	 * the address, @is_write and @is_exec are bits 1 and 4 of
	 * @error_code, @signo/@si_code what the host said (SIGSEGV with
	 * SEGV_MAPERR or SEGV_ACCERR; SIGBUS when physical memory could not
	 * back a mapped page).  regs are the guest's at the faulting
	 * instruction, so run() with them retries it.
	 */
	OS_USPACE_FAULT,
	/*
	 * Another exception: @signo is the host signal it raised (SIGILL for
	 * ud2, SIGTRAP for int3 or a single step, SIGFPE, SIGSEGV for a
	 * general protection fault, SIGBUS for an alignment check...),
	 * @si_code its code, @addr its si_addr.  @trap_no and @error_code
	 * are the x86 trap number and error code for SIGSEGV and SIGBUS, 0
	 * for the others.  Nothing was delivered on the host; regs are as
	 * the guest left them (for int3, past the instruction).
	 */
	OS_USPACE_SIGNAL,
	/*
	 * interrupt() stopped the guest; regs are where it stopped (as
	 * they came, when it stopped before running).
	 */
	OS_USPACE_INTERRUPTED,
};

/* What ended a run(); fields not described for @kind are 0. */
struct os_uspace_event {
	int kind;		/* enum os_uspace_event_kind */
	int signo;
	int si_code;
	int is_write;
	int is_exec;
	int is_compat;
	unsigned long addr;	/* fault address */
	unsigned long trap_no, error_code;
};

struct os_uspace_ops {
	/* @name: the backend's name, for the boot log ("ptrace"). */
	const char *name;

	/*
	 * @host_clock: where guest code of every address space may call to
	 * read the host's CLOCK_MONOTONIC without the kernel, or 0 (the
	 * vDSO, arch/um/vdso/).  Called with %rdi CLOCK_MONOTONIC and %rsi
	 * a struct timespec to fill, it returns 0 or -errno in %rax as the
	 * host's clock_gettime() does, and changes only %rcx and %r11.
	 */
	unsigned long host_clock;

	/**
	 * @create: start a new, empty address space.
	 * @physmem_fd: the physical-memory descriptor that OS_USPACE_MAP
	 *	ops with fd_is_physmem map; the address space keeps its own
	 *	reference to it.
	 *
	 * Nothing is mapped below UM_TASK_SIZE.  Returns a handle >= 0 for
	 * the other operations, or -errno: -EBADF when @physmem_fd is not
	 * open, -EAGAIN or -ENOMEM when the host is short of processes or
	 * memory, -ENOSPC when too many address spaces exist, -EPERM when
	 * the host forbids tracing.
	 */
	int (*create)(int physmem_fd);

	/**
	 * @destroy: end address space @handle and free its handle.
	 *
	 * Nothing of it is left on the host when this returns.  Also to be
	 * called for an address space whose run() or apply() said -ESRCH.
	 * A handle that is not one is ignored; the other operations say
	 * -EINVAL to it.
	 */
	void (*destroy)(int handle);

	/**
	 * @prepare: start an address space ahead of need, for the next
	 * create() with the same physical memory (@physmem_fd, or another
	 * descriptor of the same file), which then need not wait for a new
	 * host process.  0 or -errno; a backend may do nothing.
	 */
	int (*prepare)(int physmem_fd);

	/**
	 * @discard: destroy() without waiting: the host process is killed
	 * at once and reaped by a later call (all of them by
	 * os_uspace_kill_all()); the handle is free when this returns.
	 */
	void (*discard)(int handle);

	/**
	 * @apply: change the mappings of address space @handle.
	 * @ops: @n changes, done in order.
	 *
	 * All @ops are checked first: one that is malformed (see struct
	 * os_uspace_op) is -EINVAL and nothing is done.  Then they are done
	 * in order until one fails; its -errno (-ENOMEM...) is returned and
	 * the ones before it stay done.  -ESRCH: the address space died on
	 * the host; -EFAULT: its stub misbehaved and was killed (destroy()
	 * it, either way).  Changes no guest register.
	 *
	 * A batch of OS_USPACE_MAP ops only may still be under way when
	 * this returns 0: it is done before guest code of @handle next
	 * runs, and an error of it is what the next apply() returns.
	 */
	int (*apply)(int handle, const struct os_uspace_op *ops, int n);

	/**
	 * @run: run guest code in address space @handle until an event.
	 * @regs: in, the registers to run with; out, the registers at the
	 *	event.  orig_ax is not used on the way in.
	 * @ev: out, what happened (see enum os_uspace_event_kind).
	 *
	 * Returns 0 when @ev says what happened; -EIO when the host refused
	 * @regs (a bad segment selector, a non-canonical fs_base): nothing
	 * ran.  -ESRCH when the address space died on the host (killed from
	 * outside, out of memory), -EFAULT when its stub misbehaved and was
	 * killed: destroy() it; @regs and @ev mean nothing then.
	 */
	int (*run)(int handle, struct os_guest_regs *regs,
		   struct os_uspace_event *ev);

	/**
	 * @interrupt: make run() on @handle return OS_USPACE_INTERRUPTED
	 * as soon as possible.
	 *
	 * Safe in a host signal handler.  When @handle is not running, the
	 * next run() returns OS_USPACE_INTERRUPTED without running guest
	 * code; several calls before that come out as one.  -ESRCH when the
	 * handle has no live address space.
	 */
	int (*interrupt)(int handle);

	/**
	 * @next_lost: name an address space whose host process ended
	 * though neither destroy() nor discard() ended it (killed from
	 * outside, the host out of memory), so that the kernel can end its
	 * guest threads now rather than when they next run, which for a
	 * sleeping one may be never.
	 *
	 * Returns its handle, each such address space once, or -ENOENT
	 * when there is none.  Cheap when none ended (a system call, and
	 * the reaping of discarded ones): the kernel asks whenever the host
	 * says a child process ended (UM_IRQ_CHILD).  The handle stays the
	 * caller's to destroy() or discard().
	 */
	int (*next_lost)(void);

	/**
	 * @get_fpstate: copy the FPU/vector state of @handle to @buf.
	 *
	 * The state is in the x86 XSAVE standard format; its first 512
	 * bytes are the FXSAVE layout (struct user_fpregs_struct: x87, MXCSR
	 * at 24, xmm0-15 from 160).  With @buf NULL, returns the size of the
	 * whole state (512 on a host without XSAVE).  With @len at least
	 * that size, stores the whole state and returns its size; with @len
	 * from 512 up to it, stores the first 512 bytes and returns 512;
	 * -EINVAL for less.
	 */
	int (*get_fpstate)(int handle, void *buf, unsigned long len);

	/**
	 * @set_fpstate: load the FPU/vector state of @handle from @buf.
	 *
	 * @len as for get_fpstate(): the whole state (the host checks its
	 * XSAVE header: a component whose bit is clear in XSTATE_BV, the
	 * 8 bytes at 512, is loaded in its initial state, so set bit 1
	 * when writing xmm registers there), or just the first 512 bytes,
	 * leaving the rest as it was.  Returns 0 or -errno (-EINVAL for a
	 * bad size or header).
	 */
	int (*set_fpstate)(int handle, const void *buf, unsigned long len);
};

/* The backend in use; set by os_uspace_init(). */
extern const struct os_uspace_ops *os_uspace;

/*
 * Find a backend that works on this host and set os_uspace; the first
 * call probes (starts and ends one address space), later ones return
 * its result.  The seccomp backend comes first, then ptrace, unless
 * os_uspace_select() named one.  0 or -errno: -EPERM when tracing is
 * not allowed (a seccomp filter, a security module), -EOPNOTSUPP when
 * the host lacks something else a backend needs (seccomp filters,
 * PTRACE_SYSEMU, close_range() of Linux 5.9...).
 */
int os_uspace_init(void);

/*
 * Use the backend called @name ("seccomp", "ptrace") from the next
 * os_uspace_init() on, or the first that works with NULL; -EINVAL for
 * a name that is none.  Only before os_uspace_init(), or while no
 * address space exists: it forgets the backend in use.
 */
int os_uspace_select(const char *name);

/*
 * Kill every address space and wait for them to go, as the way out
 * through execve (os_process_restart()) needs: traced processes outlive
 * their tracer's execve, stopped.  (Exiting needs nothing: they die with
 * the kernel process.)  Safe in a signal handler; handles stay valid
 * until destroy(), the other operations say -ESRCH to them.
 */
void os_uspace_kill_all(void);

#endif
