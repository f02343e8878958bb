/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the seccomp stub (seccomp_stub.c) and the seccomp backend
 * (seccomp.c) agree on: the descriptors the stub starts with, where it
 * maps the memory it shares with the kernel process, and the records
 * in that memory.  Both sides are built from this one header.
 *
 * The shared memory of an address space is a slot of one memfd, in two
 * parts:
 *  - the guest part, read-write in the stub: the signal stack of the
 *    guest thread and the event records it writes.  Guest code can write
 *    there too, so the backend copies out once and checks what it reads.
 *  - the kernel part, read-only in the stub: the registers to run with,
 *    the ops for the apply thread, and the counters the stub waits on.
 */
#ifndef __UM_USPACE_SECCOMP_STUB_H
#define __UM_USPACE_SECCOMP_STUB_H

#include <um/layout.h>

#include "stub.h"

/* Descriptors the stub starts with, beside STUB_PHYSMEM_FD (3). */
#define SECCOMP_STUB_RESULT_FD	4	/* write end of the apply result pipe */
#define SECCOMP_STUB_SHARED_FD	5	/* the shared memfd, closed once mapped */
/*
 * That memfd holds the shared memory of every address space, one slot
 * of SECCOMP_STUB_SHARED_SIZE each; the stub's one argument is the
 * offset of its slot, in hex.
 */

/*
 * The signal that interrupts guest code (os_uspace->interrupt()): SIGUSR1,
 * a plain number for the assembler.
 */
#define SECCOMP_STUB_INTERRUPT	10

/* The stub's own stack for its set-up, its bss at UM_STUB_DATA. */
#define SECCOMP_STUB_SETUP_STACK	16384

/* The two parts of the shared memory, in the stub. */
#define SECCOMP_STUB_GUEST_PART		(UM_STUB_DATA + 0x10000)
#define SECCOMP_STUB_GUEST_SIZE		0x20000
#define SECCOMP_STUB_KERNEL_PART	(SECCOMP_STUB_GUEST_PART + \
					 SECCOMP_STUB_GUEST_SIZE)
#define SECCOMP_STUB_KERNEL_SIZE	0x10000
#define SECCOMP_STUB_SHARED_SIZE	(SECCOMP_STUB_GUEST_SIZE + \
					 SECCOMP_STUB_KERNEL_SIZE)
#define SECCOMP_STUB_SIGSTACK_SIZE	0x18000

/*
 * A system call at SECCOMP_STUB_PROBE_ENTRY, outside the stub's own
 * system calls, is a guest one: os_uspace_init() runs it.
 */
#define SECCOMP_STUB_PROBE_OFFSET	0x40
#define SECCOMP_STUB_PROBE_ENTRY	(UM_STUB_CODE + SECCOMP_STUB_PROBE_OFFSET)

/*
 * The host clock entry (os_uspace_ops.host_clock): clock_gettime() of
 * the host's CLOCK_MONOTONIC, the one host system call guest code may
 * make, and only from here (8 bytes: mov $nr, %eax; syscall; ret).
 */
#define SECCOMP_STUB_CLOCK_OFFSET	0x50
#define SECCOMP_STUB_CLOCK_ENTRY	(UM_STUB_CODE + SECCOMP_STUB_CLOCK_OFFSET)

/* guest_event.kind */
#define SECCOMP_EV_SIGNAL	1	/* a signal reached the guest thread */
#define SECCOMP_EV_BAD_RETURN	2	/* the way back to guest code faulted */
#define SECCOMP_EV_INT80	3	/* int $0x80 on a host without it */

#ifndef __ASSEMBLER__

#include <os/uspace.h>

/*
 * What the guest thread's signal handler found.  @regs are the guest's
 * at the signal (fs_base and gs_base as the stub last set them); when
 * the signal came on the way back to guest code (an interrupt before it
 * ran, or a fault of iretq on bad registers), they are those it was
 * going back with.  @frame is the address of the ucontext of the
 * signal, on the signal stack: its FPU state is the guest's.
 */
struct seccomp_guest_event {
	unsigned long kind;
	long signo, si_code;
	unsigned long addr;		/* si_addr, or si_call_addr of SIGSYS */
	long syscall_nr;		/* si_syscall of SIGSYS */
	unsigned long arch;		/* si_arch of SIGSYS */
	unsigned long trapno, error_code;
	unsigned long frame;
	struct os_guest_regs regs;
};

/* The part the stub writes, at SECCOMP_STUB_GUEST_PART. */
struct seccomp_guest_part {
	unsigned char sigstack[SECCOMP_STUB_SIGSTACK_SIZE];
	/* Set to kernel_part.run_seq + 1 once @event is written. */
	volatile unsigned int event_seq;
	/*
	 * Who waits how, for the one who wakes them: guest code can write
	 * these too, and so fool only itself (the kernel never trusts them
	 * with more than a delay).
	 *  - stub_sleeping: the guest thread sleeps on run_seq.
	 *  - guest_spinning: the guest thread spins on run_seq and
	 *    apply_seq; it wakes the apply thread if an apply comes first,
	 *    so that the two take turns on one CPU.
	 *  - apply_spinning: the apply thread spins on apply_seq and
	 *    run_seq after a batch; it wakes the guest thread for a run.
	 *  - done_sleeping: the guest thread sleeps on apply_done_seq, for
	 *    the batch its run waits for (kernel_part.run_after_done).
	 */
	volatile unsigned int stub_sleeping;
	volatile unsigned int guest_spinning;
	volatile unsigned int apply_spinning;
	volatile unsigned int done_sleeping;
	/*
	 * Bumped by the apply thread after each batch: a hint to the
	 * kernel, and what a run given with maps waits for (a while at
	 * most: guest code can write it too).
	 */
	volatile unsigned int apply_done_seq;
	/* Where the guest thread last waited (seccomp_cpu_id()). */
	volatile unsigned int stub_cpu;
	/* How long it spins for an answer, as it learned (0: not yet). */
	unsigned long spin_limit;
	/* How long it holds for a kernel gone elsewhere, likewise. */
	unsigned long hold_limit;
	struct seccomp_guest_event event;
	/* fs and gs base of the guest thread, as the stub last set them. */
	unsigned long cur_fs_base, cur_gs_base;
	/* The registers the way back to guest code is loading. */
	unsigned long returning;
	/* Registers to resume with after a signal from outside. */
	struct os_guest_regs resume_regs;
	/*
	 * An interrupt came while the handler ran: the way back reports
	 * one instead (guest code that sets it gets an interrupt).
	 */
	volatile unsigned int interrupt_pending;
};

/* The part the kernel writes, at SECCOMP_STUB_KERNEL_PART. */
struct seccomp_kernel_part {
	/* Bumped once @regs are set: the guest thread runs them. */
	volatile unsigned int run_seq;
	/* Bumped once @ops are set: the apply thread does them. */
	volatile unsigned int apply_seq;
	/* The kernel sleeps on guest_part.event_seq. */
	volatile unsigned int kernel_sleeping;
	/* The host CPU has rdfsbase and wrfsbase for user code. */
	unsigned int has_fsgsbase;
	/* The kernel went on to another address space: do not spin. */
	volatile unsigned int switched_away;
	/*
	 * Set with run_seq: the run waits for batch run_after_done (the
	 * apply_seq it was given with), maps the kernel did not wait for.
	 * Its apply thread wakes the guest thread once done.
	 */
	volatile unsigned int run_waits;
	volatile unsigned int run_after_done;
	/*
	 * How a thread tells which CPU it is on (SECCOMP_CPU_*), and where
	 * the kernel was when it last handed over: a side that would spin
	 * for the other on the other's CPU only keeps it from running.
	 */
	unsigned int cpu_probe;
	volatile unsigned int kernel_cpu;
	/*
	 * TSC when the kernel took the guest thread's last event: its
	 * answer came that long after, whatever it took to wake the kernel.
	 */
	volatile unsigned long event_taken;
	struct os_guest_regs regs;
	unsigned long nr_ops;
	struct stub_op ops[STUB_MAX_OPS];
};

#define SECCOMP_CPU_UNKNOWN	0
#define SECCOMP_CPU_RDTSCP	1
#define SECCOMP_CPU_RDPID	2

/*
 * Which CPU the caller runs on, by @probe: TSC_AUX, which Linux sets to
 * the CPU's number (under some hypervisors the physical CPU's, as good
 * to compare); 0 for SECCOMP_CPU_UNKNOWN.
 */
static inline unsigned int seccomp_cpu_id(unsigned int probe)
{
	unsigned long id = 0;
	unsigned int lo, hi, aux;

	if (probe == SECCOMP_CPU_RDPID) {
		__asm__ volatile("rdpid %0" : "=r"(id));
	} else if (probe == SECCOMP_CPU_RDTSCP) {
		__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
		id = aux;
	}
	return (unsigned int)id;
}

/* Whether the caller runs on CPU @cpu, as far as @probe tells. */
static inline int seccomp_on_cpu(unsigned int probe, unsigned int cpu)
{
	return probe != SECCOMP_CPU_UNKNOWN && seccomp_cpu_id(probe) == cpu;
}

_Static_assert(sizeof(struct seccomp_guest_part) <= SECCOMP_STUB_GUEST_SIZE,
	       "seccomp stub: guest part too large");
_Static_assert(sizeof(struct seccomp_kernel_part) <= SECCOMP_STUB_KERNEL_SIZE,
	       "seccomp stub: kernel part too large");

#endif /* __ASSEMBLER__ */

#endif
