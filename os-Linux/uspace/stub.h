/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the stub (stub.c) and the ptrace backend (ptrace.c) agree on: the
 * entry points at fixed places of the stub's text, and the layout of the
 * stub's data at UM_STUB_DATA, which the backend reads and writes with
 * process_vm_readv()/process_vm_writev() while the stub is stopped.
 * Both sides are built from this one header.
 */
#ifndef __UM_USPACE_STUB_H
#define __UM_USPACE_STUB_H

#include <um/layout.h>

/*
 * Entry points, placed by stub.lds.S and checked there.
 *
 * STUB_APPLY_ENTRY does the ops in stub_data (stub_apply()), then
 * executes int3; resumed after the int3, it does them again, so that a
 * second batch needs no register change.
 * STUB_PROBE_ENTRY is "syscall; int3": os_uspace_init() runs it to see
 * that system calls stop in the tracer.
 */
#define STUB_APPLY_ENTRY	UM_STUB_CODE
#define STUB_PROBE_OFFSET	0x40
#define STUB_PROBE_ENTRY	(UM_STUB_CODE + STUB_PROBE_OFFSET)

/* The physical-memory descriptor, in the stub. */
#define STUB_PHYSMEM_FD		3

/*
 * The stub exits with STUB_EXIT_SETUP + n when step n of its set-up
 * fails; the backend's child exits with an errno below that when it
 * cannot execute the stub.
 */
#define STUB_EXIT_SETUP		100

/*
 * Stack sizes, plain numbers for the assembler.  The signal stack takes
 * the host's signal frame, whose size grows with the CPU's vector state
 * (about 3 KiB with AVX-512, 11 KiB with AMX).
 */
#define STUB_STACK_SIZE		16384
#define STUB_SIGSTACK_SIZE	65536
#define STUB_STACK_TOP		(UM_STUB_DATA + STUB_STACK_SIZE)

/* Ops per stub call; the backend splits longer batches. */
#define STUB_MAX_OPS		256

/* stub_op.kind; prot is the host's PROT_* already. */
#define STUB_OP_MAP_PHYSMEM	1	/* MAP_SHARED of fd 3 at offset */
#define STUB_OP_MAP_ANON	2	/* MAP_PRIVATE | MAP_ANONYMOUS */
#define STUB_OP_UNMAP		3
#define STUB_OP_PROTECT		4

/* stub_apply_result.status once the stub has done a batch. */
#define STUB_APPLY_DONE		0x5eb0d0e5UL

/* The rest is C, for stub.c and ptrace.c; stub.lds.S wants the numbers. */
#ifndef __ASSEMBLER__

struct stub_op {
	unsigned long kind, addr, len, prot, offset;
};

/*
 * Written by the stub after a batch: @done ops succeeded, and @error is
 * the failed op's -errno (0 if none failed).
 */
struct stub_apply_result {
	unsigned long status;
	unsigned long done;
	long error;
};

/*
 * Written by the stub's SIGSEGV/SIGBUS handler: the siginfo, and the
 * trap number and error code of the ucontext.  The handler then makes a
 * system call, which stops in the tracer (it runs under PTRACE_SYSEMU):
 * a stop nothing from outside can fake, unlike a SIGTRAP.
 */
struct stub_fault {
	long signo, code;
	unsigned long addr, trapno, err;
};

/*
 * The whole of the stub's data, at UM_STUB_DATA.  The stack comes first,
 * so that an overflow runs into the unmapped gap below.  The backend
 * writes @result (cleared), @nr_ops and @ops in one go: keep them
 * adjacent.
 */
struct stub_data {
	unsigned char stack[STUB_STACK_SIZE];
	unsigned char sigstack[STUB_SIGSTACK_SIZE];
	struct stub_fault fault;
	struct stub_apply_result result;
	unsigned long nr_ops;
	struct stub_op ops[STUB_MAX_OPS];
};

/* The address of @member of the stub's data, in the stub's process. */
#define STUB_DATA_ADDR(member) \
	(UM_STUB_DATA + __builtin_offsetof(struct stub_data, member))

#endif /* __ASSEMBLER__ */

#endif
