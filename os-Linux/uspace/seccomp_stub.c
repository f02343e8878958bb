// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp stub: the program each guest address space runs on the
 * host under the seccomp backend (seccomp.c).  No tracer: guest system
 * calls and exceptions become host signals in the stub itself, and its
 * handler hands them to the kernel process through shared memory.
 *
 * Two host threads, one address space:
 *  - the guest thread runs guest code.  A seccomp filter turns every
 *    system call made outside the stub's own few into SIGSYS, so none
 *    reaches the host; the stub's own are futex waits and wakes on the
 *    counters, sched_yield() and setting fs and gs base.  Its handler
 *    (on a signal stack in the shared memory, with guest code's signal
 *    mask) writes the event, wakes the kernel, waits for the registers
 *    to go on with, loads them and irets to guest code.  It never uses
 *    rt_sigreturn, which would let guest code that jumps to it block
 *    the interrupt signal with a forged frame.
 *  - the apply thread maps, unmaps and protects guest ranges as the
 *    kernel lists them in memory this process can only read, and tells
 *    the kernel each batch's outcome through a pipe, written from
 *    read-only bytes.  It uses no stack, and of writable memory it
 *    reads only hints of whom to wake, so guest code, which can write
 *    everything the guest thread can, cannot steer its work nor fake
 *    its answer: what the kernel unmapped is unmapped.  A batch of maps
 *    may come with a run; the apply thread then wakes the guest thread
 *    when done, and the guest thread waits for that (a while at most).
 *
 * Guest code can jump anywhere in the stub's text and write its own
 * part of the shared memory; all it can get that way is its own
 * registers and signal mask changed, or its process killed.
 *
 * Built -ffreestanding -mgeneral-regs-only: the handler runs with the
 * guest's FPU state in its signal frame and must not touch the FPU
 * itself but to load that state back.
 */
#include <asm/prctl.h>
#include <asm/sigcontext.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/ucontext.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/errno.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/seccomp.h>

#include "seccomp_stub.h"
#include "stub_syscall.h"

/* The top of the host's user address space (4-level page tables). */
#define HOST_USER_TOP		0x7ffffffff000UL

#define X86_TRAP_GP		13

/*
 * How long the guest thread spins for the kernel's answer before it
 * sleeps, in TSC ticks (some 25 us to 1 ms).  On a virtual machine a
 * thread asleep on an idle CPU is dear to wake: the waker spends some
 * 35 us, and the sleeper runs 80 to 500 us later still, so the answer to
 * a system call that waits for the disk (a few hundred us) comes sooner
 * to a spinning stub.  A spin that ends in a sleep anyway only wastes a
 * host CPU, so the limit learns as the kernel's does (seccomp.c): twice
 * what the answers within SPIN_MAX_TICKS took, halved by each later one.
 */
#define SPIN_MIN_TICKS		50000UL
#define SPIN_MAX_TICKS		2000000UL

/*
 * How long the guest thread stays runnable, yielding, for a kernel that
 * went on to another process before answering (report_and_wait()), in
 * TSC ticks: learned as the spin is, from the holds that the answer
 * ended, between some 5 and 200 us.
 */
#define HOLD_MIN_TICKS		10000UL
#define HOLD_MAX_TICKS		400000UL

/* How long a run waits for the maps it was given with: 4 x 0.5 ms. */
#define MAPS_PATIENCE_NS	500000L
#define MAPS_PATIENCE_TRIES	4

/* The stub's stack for its set-up; the rest is shared memory. */
unsigned char setup_stack[SECCOMP_STUB_SETUP_STACK]
	__attribute__((section(".bss.stub_data"), aligned(16)));

/* From seccomp_stub.lds.S. */
extern char stub_end[], stub_syscalls_start[], stub_syscalls_end[];

/* The assembly below. */
void stub_restorer(void);
void apply_thread(void);
void __attribute__((noreturn)) stub_return(const struct os_guest_regs *regs);
extern char stub_return_interrupted[], stub_return_end[];
void __attribute__((noreturn)) stub_resume(const struct sigcontext *mc);
void __attribute__((noreturn)) stub_die(void);
long stub_futex(const volatile unsigned int *word, long op, long val);
long stub_futex_timed(const volatile unsigned int *word, long op, long val,
		      const struct __kernel_timespec *timeout);
long stub_arch_prctl(long code, unsigned long addr);
long stub_sched_yield(void);
extern const char stub_zeros[];
extern const unsigned long stub_guest_mask;

static struct seccomp_guest_part *const guest_part =
	(struct seccomp_guest_part *)SECCOMP_STUB_GUEST_PART;
static const struct seccomp_kernel_part *const kernel_part =
	(const struct seccomp_kernel_part *)SECCOMP_STUB_KERNEL_PART;

/* The signals guest code raises, and the interrupt: never blocked. */
#define SIGBIT(sig)		(1UL << ((sig) - 1))
#define GUEST_SIGNALS		(SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) |	\
				 SIGBIT(SIGILL) | SIGBIT(SIGTRAP) |	\
				 SIGBIT(SIGFPE) | SIGBIT(SIGSYS) |	\
				 SIGBIT(SECCOMP_STUB_INTERRUPT))

/*
 * The register layout of struct os_guest_regs, for the assembly: it is
 * struct user_regs_struct, eight bytes a field.
 */
_Static_assert(__builtin_offsetof(struct os_guest_regs, bx) == 40 &&
	       __builtin_offsetof(struct os_guest_regs, ip) == 128 &&
	       __builtin_offsetof(struct os_guest_regs, ss) == 160,
	       "os_guest_regs layout");

/* And of struct sigcontext, which stub_resume() loads. */
_Static_assert(__builtin_offsetof(struct sigcontext, r8) == 0 &&
	       __builtin_offsetof(struct sigcontext, rdi) == 64 &&
	       __builtin_offsetof(struct sigcontext, rcx) == 112 &&
	       __builtin_offsetof(struct sigcontext, rsp) == 120 &&
	       __builtin_offsetof(struct sigcontext, rip) == 128 &&
	       __builtin_offsetof(struct sigcontext, eflags) == 136,
	       "sigcontext layout");

#define KP_OFF(member)	__builtin_offsetof(struct seccomp_kernel_part, member)

/*
 * Entry points, the guest thread's system calls, and the apply thread.
 * Everything in .text.stub_syscalls is in the range the guest thread's
 * filter lets make host system calls (checked there by number and
 * argument); nothing else may be put there.
 */
static void __attribute__((used)) stub_asm(void)
{
	__asm__ volatile(
	".pushsection .text.entry, \"ax\"\n"
	".globl _start\n"
	"_start:\n"
	"	mov %%rsp, %%rdi\n"
	"	lea setup_stack+%c[setup](%%rip), %%rsp\n"
	"	call stub_main\n"
	"	ud2\n"
	".org %c[probe]\n"
	".globl stub_probe_entry\n"
	"stub_probe_entry:\n"
	"	syscall\n"
	"	ud2\n"
	".org %c[clock]\n"
	"	mov $%c[nr_clock_gettime], %%eax\n"
	"	syscall\n"
	"	ret\n"
	".popsection\n"

	".pushsection .text.stub_syscalls, \"ax\"\n"
	".globl stub_futex\n"
	"stub_futex:\n"
	"	xor %%r10d, %%r10d\n"
	"	mov $%c[nr_futex], %%eax\n"
	"	syscall\n"
	"	ret\n"
	".globl stub_futex_timed\n"
	"stub_futex_timed:\n"
	"	mov %%rcx, %%r10\n"
	"	mov $%c[nr_futex], %%eax\n"
	"	syscall\n"
	"	ret\n"
	".globl stub_arch_prctl\n"
	"stub_arch_prctl:\n"
	"	mov $%c[nr_arch_prctl], %%eax\n"
	"	syscall\n"
	"	ret\n"
	".globl stub_sched_yield\n"
	"stub_sched_yield:\n"
	"	mov $%c[nr_sched_yield], %%eax\n"
	"	syscall\n"
	"	ret\n"
	/* The handler's end on a fault of its own: the filter kills. */
	".globl stub_die\n"
	"stub_die:\n"
	"	mov $%c[nr_exit_group], %%eax\n"
	"	syscall\n"
	"	ud2\n"
	".popsection\n"
	"stub_restorer:\n"
	"	ud2\n"
	/*
	 * rdi: the registers to load; the FPU state is loaded already.
	 * All of it up to stub_return_end is the handler's window: an
	 * interrupt there reports these registers, one before it was
	 * noted in interrupt_pending (at most the test below is late).
	 * The handler's frames are done with: from the top of the signal
	 * stack again, so that interrupts here, one after another, each
	 * reported from the window, do not stack frames until it is full.
	 */
	".globl stub_return\n"
	"stub_return:\n"
	"	mov %%rdi, %%rbx\n"
	"	movabs $stub_guest_part+%c[stack_top], %%rsp\n"
	"	movabs $stub_guest_part+%c[pending], %%rax\n"
	"	cmpl $0, (%%rax)\n"
	"	jne stub_return_interrupted\n"
	"	pushq 160(%%rbx)\n"	/* ss */
	"	pushq 152(%%rbx)\n"	/* sp */
	"	pushq 144(%%rbx)\n"	/* flags */
	"	pushq 136(%%rbx)\n"	/* cs */
	"	pushq 128(%%rbx)\n"	/* ip */
	"	mov 0(%%rbx), %%r15\n"
	"	mov 8(%%rbx), %%r14\n"
	"	mov 16(%%rbx), %%r13\n"
	"	mov 24(%%rbx), %%r12\n"
	"	mov 32(%%rbx), %%rbp\n"
	"	mov 48(%%rbx), %%r11\n"
	"	mov 56(%%rbx), %%r10\n"
	"	mov 64(%%rbx), %%r9\n"
	"	mov 72(%%rbx), %%r8\n"
	"	mov 80(%%rbx), %%rax\n"
	"	mov 88(%%rbx), %%rcx\n"
	"	mov 96(%%rbx), %%rdx\n"
	"	mov 104(%%rbx), %%rsi\n"
	"	mov 112(%%rbx), %%rdi\n"
	"	mov 40(%%rbx), %%rbx\n"
	"	iretq\n"
	".globl stub_return_interrupted\n"
	"stub_return_interrupted:\n"
	"	ud2\n"
	".globl stub_return_end\n"
	"stub_return_end:\n"

	/*
	 * rdi: the struct sigcontext of a signal that interrupted the
	 * handler itself; back to where it was, FPU state loaded already.
	 */
	".globl stub_resume\n"
	"stub_resume:\n"
	"	mov %%ss, %%rax\n"
	"	push %%rax\n"
	"	pushq 120(%%rdi)\n"	/* rsp */
	"	pushq 136(%%rdi)\n"	/* eflags */
	"	mov %%cs, %%rax\n"
	"	push %%rax\n"
	"	pushq 128(%%rdi)\n"	/* rip */
	"	mov 0(%%rdi), %%r8\n"
	"	mov 8(%%rdi), %%r9\n"
	"	mov 16(%%rdi), %%r10\n"
	"	mov 24(%%rdi), %%r11\n"
	"	mov 32(%%rdi), %%r12\n"
	"	mov 40(%%rdi), %%r13\n"
	"	mov 48(%%rdi), %%r14\n"
	"	mov 56(%%rdi), %%r15\n"
	"	mov 72(%%rdi), %%rsi\n"
	"	mov 80(%%rdi), %%rbp\n"
	"	mov 88(%%rdi), %%rbx\n"
	"	mov 96(%%rdi), %%rdx\n"
	"	mov 104(%%rdi), %%rax\n"
	"	mov 112(%%rdi), %%rcx\n"
	"	mov 64(%%rdi), %%rdi\n"
	"	iretq\n"
	".pushsection .rodata, \"a\"\n"
	".balign 8\n"
	".globl stub_guest_mask\n"
	"stub_guest_mask:\n"
	"	.quad %c[guest_mask]\n"
	".globl stub_zeros\n"
	"stub_zeros:\n"
	"	.fill 256, 1, 0\n"
	".popsection\n"
	:
	: [setup] "i"(SECCOMP_STUB_SETUP_STACK),
	  [probe] "i"(SECCOMP_STUB_PROBE_OFFSET),
	  [clock] "i"(SECCOMP_STUB_CLOCK_OFFSET),
	  [nr_clock_gettime] "i"(__NR_clock_gettime),
	  [nr_exit_group] "i"(__NR_exit_group),
	  [pending] "i"(__builtin_offsetof(struct seccomp_guest_part,
					    interrupt_pending)),
	  [stack_top] "i"(__builtin_offsetof(struct seccomp_guest_part,
					      sigstack) +
			  SECCOMP_STUB_SIGSTACK_SIZE),
	  [nr_futex] "i"(__NR_futex),
	  [nr_arch_prctl] "i"(__NR_arch_prctl),
	  [nr_sched_yield] "i"(__NR_sched_yield),
	  [guest_mask] "i"(~GUEST_SIGNALS));

	/* More offsets for the apply thread than an asm takes operands. */
	__asm__ volatile(
	".equ kp_run_waits, %c[run_waits]\n"
	".equ kp_run_after_done, %c[run_after_done]\n"
	".equ gp_done_sleeping, %c[done_sleeping]\n"
	".equ gp_stub_sleeping, %c[stub_sleeping]\n"
	:
	: [run_waits] "i"(KP_OFF(run_waits)),
	  [run_after_done] "i"(KP_OFF(run_after_done)),
	  [done_sleeping] "i"(__builtin_offsetof(struct seccomp_guest_part,
						 done_sleeping)),
	  [stub_sleeping] "i"(__builtin_offsetof(struct seccomp_guest_part,
						 stub_sleeping)));

	__asm__ volatile(
	/*
	 * The apply thread: registers only.  rbx the kernel part, r12d the
	 * last apply_seq done, r13 the op, r14 the ops left, r15 the errno.
	 * It wakes the guest thread only when a run came while it spun.
	 */
	".pushsection .text, \"ax\"\n"
	".globl apply_thread\n"
	"apply_thread:\n"
	"	xor %%esp, %%esp\n"
	"	mov $%c[nr_seccomp], %%eax\n"
	"	mov $%c[set_filter], %%edi\n"
	"	xor %%esi, %%esi\n"
	"	lea apply_filter_prog(%%rip), %%rdx\n"
	"	syscall\n"
	"	test %%rax, %%rax\n"
	"	jnz 9f\n"
	"	lea stub_kernel_part(%%rip), %%rbx\n"
	"	xor %%r12d, %%r12d\n"
	"1:	mov %c[apply_seq](%%rbx), %%eax\n"
	"	cmp %%eax, %%r12d\n"
	"	jne 2f\n"
	"	lea %c[apply_seq](%%rbx), %%rdi\n"
	"	mov $%c[futex_wait], %%esi\n"
	"	mov %%r12d, %%edx\n"
	"	xor %%r10d, %%r10d\n"
	"	mov $%c[nr_futex], %%eax\n"
	"	syscall\n"
	"	jmp 1b\n"
	"2:	mov %%eax, %%r12d\n"
	"	mov %c[nr_ops](%%rbx), %%r14\n"
	"	lea %c[ops](%%rbx), %%r13\n"
	"	xor %%r15d, %%r15d\n"
	"	cmp $%c[max_ops], %%r14\n"
	"	ja 7f\n"
	"3:	test %%r14, %%r14\n"
	"	jz 8f\n"
	"	mov 8(%%r13), %%rdi\n"		/* addr */
	"	mov 16(%%r13), %%rsi\n"		/* len */
	"	movabs $stub_task_size, %%rax\n"
	"	cmp %%rax, %%rdi\n"
	"	jae 7f\n"
	"	sub %%rdi, %%rax\n"
	"	cmp %%rax, %%rsi\n"
	"	ja 7f\n"
	"	mov 24(%%r13), %%rdx\n"		/* prot */
	"	mov 0(%%r13), %%rax\n"		/* kind */
	"	cmp $%c[op_map_physmem], %%rax\n"
	"	je 4f\n"
	"	cmp $%c[op_map_anon], %%rax\n"
	"	je 5f\n"
	"	cmp $%c[op_unmap], %%rax\n"
	"	je 6f\n"
	"	cmp $%c[op_protect], %%rax\n"
	"	jne 7f\n"
	/*
	 * Protect what is mapped: a hole makes mprotect() fail with
	 * ENOMEM, so then page by page, unmapping a page it cannot
	 * change (a no-op for a hole).  rdx, the protection, survives.
	 */
	"	mov $%c[nr_mprotect], %%eax\n"
	"	syscall\n"
	"	cmp $-%c[enomem], %%rax\n"
	"	jne 16f\n"
	"	lea (%%rdi,%%rsi), %%r8\n"
	"	mov %%rdi, %%r9\n"
	"17:	cmp %%r8, %%r9\n"
	"	jae 19f\n"
	"	mov %%r9, %%rdi\n"
	"	mov $4096, %%esi\n"
	"	mov $%c[nr_mprotect], %%eax\n"
	"	syscall\n"
	"	cmp $-%c[enomem], %%rax\n"
	"	jne 18f\n"
	"	mov %%r9, %%rdi\n"
	"	mov $4096, %%esi\n"
	"	mov $%c[nr_munmap], %%eax\n"
	"	syscall\n"
	"18:	cmp $-4095, %%rax\n"
	"	jae 11f\n"
	"	add $4096, %%r9\n"
	"	jmp 17b\n"
	"19:	xor %%eax, %%eax\n"
	"	jmp 16f\n"
	"4:	mov $%c[map_shared], %%r10d\n"
	"	mov $%c[physmem_fd], %%r8d\n"
	"	mov 32(%%r13), %%r9\n"		/* offset */
	"	mov $%c[nr_mmap], %%eax\n"
	"	jmp 10f\n"
	"5:	mov $%c[map_anon], %%r10d\n"
	"	mov $-1, %%r8\n"
	"	xor %%r9d, %%r9d\n"
	"	mov $%c[nr_mmap], %%eax\n"
	"	jmp 10f\n"
	"6:	mov $%c[nr_munmap], %%eax\n"
	"10:	syscall\n"
	"16:	cmp $-4095, %%rax\n"
	"	jae 11f\n"
	"	add $%c[op_size], %%r13\n"
	"	dec %%r14\n"
	"	jmp 3b\n"
	"11:	neg %%rax\n"
	"	mov %%rax, %%r15\n"
	"	jmp 8f\n"
	"7:	mov $%c[einval], %%r15d\n"
	/* Tell: 1 + errno bytes (at most 256), from read-only zeros. */
	"8:	cmp $255, %%r15\n"
	"	jbe 12f\n"
	"	mov $255, %%r15d\n"
	"12:	mov %c[run_seq](%%rbx), %%ebp\n"
	"	movl $1, stub_guest_part+%c[apply_spinning](%%rip)\n"
	"	lea 1(%%r15), %%rdx\n"
	"	mov $%c[result_fd], %%edi\n"
	"	lea stub_zeros(%%rip), %%rsi\n"
	"	mov $%c[nr_write], %%eax\n"
	"	syscall\n"
	"	lock incl stub_guest_part+%c[done](%%rip)\n"
	/*
	 * A run given with this batch waits for it: wake the guest
	 * thread, wherever it sleeps, and sleep (it wants this CPU).
	 */
	"	cmpl $0, kp_run_waits(%%rbx)\n"
	"	je 23f\n"
	"	cmp kp_run_after_done(%%rbx), %%r12d\n"
	"	jne 23f\n"
	"	cmpl $0, stub_guest_part+gp_done_sleeping(%%rip)\n"
	"	je 24f\n"
	"	lea stub_guest_part+%c[done](%%rip), %%rdi\n"
	"	mov $%c[futex_wake], %%esi\n"
	"	mov $1, %%edx\n"
	"	mov $%c[nr_futex], %%eax\n"
	"	syscall\n"
	"24:	movl $0, stub_guest_part+%c[apply_spinning](%%rip)\n"
	"	mfence\n"
	"	cmpl $0, stub_guest_part+gp_stub_sleeping(%%rip)\n"
	"	jne 15f\n"
	"	jmp 1b\n"
	"23:\n"
	/*
	 * The guest thread most likely sleeps now, and another apply or
	 * a run comes soon: spin for them (ebp the run_seq seen, r13 the
	 * start), and on a run wake the guest thread, here on this CPU.
	 */
	"	rdtsc\n"
	"	shl $32, %%rdx\n"
	"	or %%rdx, %%rax\n"
	"	mov %%rax, %%r13\n"
	"13:	pause\n"
	"	cmp %c[apply_seq](%%rbx), %%r12d\n"
	"	jne 14f\n"
	"	cmp %c[run_seq](%%rbx), %%ebp\n"
	"	jne 15f\n"
	"	cmpl $0, %c[switched_away](%%rbx)\n"
	"	jne 20f\n"
	"	rdtsc\n"
	"	shl $32, %%rdx\n"
	"	or %%rdx, %%rax\n"
	"	sub %%r13, %%rax\n"
	"	cmp $%c[spin], %%rax\n"
	"	jb 13b\n"
	/* Done spinning; a run that came meanwhile is still ours. */
	"20:	movl $0, stub_guest_part+%c[apply_spinning](%%rip)\n"
	"	mfence\n"
	"	cmp %c[run_seq](%%rbx), %%ebp\n"
	"	jne 15f\n"
	"	jmp 1b\n"
	"14:	movl $0, stub_guest_part+%c[apply_spinning](%%rip)\n"
	"	jmp 1b\n"
	"15:	movl $0, stub_guest_part+%c[apply_spinning](%%rip)\n"
	"	lea %c[run_seq](%%rbx), %%rdi\n"
	"	mov $%c[futex_wake], %%esi\n"
	"	mov $1, %%edx\n"
	"	mov $%c[nr_futex], %%eax\n"
	"	syscall\n"
	"	jmp 1b\n"
	"9:	ud2\n"
	".popsection\n"
	:
	: [nr_seccomp] "i"(__NR_seccomp),
	  [set_filter] "i"(SECCOMP_SET_MODE_FILTER),
	  [apply_seq] "i"(KP_OFF(apply_seq)),
	  [futex_wait] "i"(FUTEX_WAIT),
	  [nr_ops] "i"(KP_OFF(nr_ops)),
	  [ops] "i"(KP_OFF(ops)),
	  [max_ops] "i"(STUB_MAX_OPS),
	  [op_map_physmem] "i"(STUB_OP_MAP_PHYSMEM),
	  [op_map_anon] "i"(STUB_OP_MAP_ANON),
	  [op_unmap] "i"(STUB_OP_UNMAP),
	  [op_protect] "i"(STUB_OP_PROTECT),
	  [nr_mprotect] "i"(__NR_mprotect),
	  [map_shared] "i"(MAP_SHARED | MAP_FIXED | MAP_POPULATE),
	  [physmem_fd] "i"(STUB_PHYSMEM_FD),
	  [nr_mmap] "i"(__NR_mmap),
	  [map_anon] "i"(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
	  [nr_munmap] "i"(__NR_munmap),
	  [op_size] "i"(sizeof(struct stub_op)),
	  [einval] "i"(EINVAL),
	  [enomem] "i"(ENOMEM),
	  [done] "i"(__builtin_offsetof(struct seccomp_guest_part,
					apply_done_seq)),
	  [apply_spinning] "i"(__builtin_offsetof(struct seccomp_guest_part,
						  apply_spinning)),
	  [run_seq] "i"(KP_OFF(run_seq)),
	  [switched_away] "i"(KP_OFF(switched_away)),
	  [futex_wake] "i"(FUTEX_WAKE),
	  [spin] "i"(SPIN_MIN_TICKS),
	  [result_fd] "i"(SECCOMP_STUB_RESULT_FD),
	  [nr_write] "i"(__NR_write),
	  [nr_futex] "i"(__NR_futex));
}

/* The apply thread's filter: the calls it makes, nothing else. */
static const struct sock_filter apply_filter[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		 __builtin_offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		 __builtin_offsetof(struct seccomp_data, nr)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mmap, 5, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_munmap, 4, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mprotect, 3, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_futex, 2, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_write, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

const struct sock_fprog apply_filter_prog = {
	.len = sizeof(apply_filter) / sizeof(apply_filter[0]),
	.filter = (struct sock_filter *)apply_filter,
};

static inline unsigned long rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | (unsigned long)hi << 32;
}

/* Load the FPU state of the signal frame @uc into the CPU. */
static void load_fpu(const struct ucontext *uc)
{
	struct _fpstate_64 *fp = (void *)uc->uc_mcontext.fpstate;
	unsigned long mask;

	if (!fp)
		return;
	if (fp->sw_reserved.magic1 == FP_XSTATE_MAGIC1) {
		mask = fp->sw_reserved.xfeatures;
		__asm__ volatile("xrstor64 (%0)"
				 : : "r"(fp), "a"((unsigned int)mask),
				   "d"((unsigned int)(mask >> 32))
				 : "memory");
	} else {
		__asm__ volatile("fxrstor64 (%0)" : : "r"(fp) : "memory");
	}
}

/*
 * Back to guest code with @regs and the FPU state of frame @uc.  An
 * interrupt that comes from stub_return() on reports @regs as they are;
 * one that came before, while the handler ran, stub_return() reports.
 */
static void __attribute__((noreturn))
go_back(const struct os_guest_regs *regs, const struct ucontext *uc)
{
	struct seccomp_guest_part *g = guest_part;

	if (kernel_part->has_fsgsbase) {
		__asm__ volatile("wrfsbase %0" : : "r"(regs->fs_base));
		__asm__ volatile("wrgsbase %0" : : "r"(regs->gs_base));
	} else {
		/* The kernel checked them; a failure leaves the old ones. */
		if (regs->fs_base != g->cur_fs_base &&
		    !stub_arch_prctl(ARCH_SET_FS, regs->fs_base))
			g->cur_fs_base = regs->fs_base;
		if (regs->gs_base != g->cur_gs_base &&
		    !stub_arch_prctl(ARCH_SET_GS, regs->gs_base))
			g->cur_gs_base = regs->gs_base;
	}
	load_fpu(uc);
	g->returning = (unsigned long)regs;
	stub_return(regs);
}

static void regs_from_frame(struct os_guest_regs *r, const struct ucontext *uc)
{
	const struct sigcontext *mc = &uc->uc_mcontext;
	struct seccomp_guest_part *g = guest_part;

	r->r15 = mc->r15;
	r->r14 = mc->r14;
	r->r13 = mc->r13;
	r->r12 = mc->r12;
	r->bp = mc->rbp;
	r->bx = mc->rbx;
	r->r11 = mc->r11;
	r->r10 = mc->r10;
	r->r9 = mc->r9;
	r->r8 = mc->r8;
	r->ax = mc->rax;
	r->cx = mc->rcx;
	r->dx = mc->rdx;
	r->si = mc->rsi;
	r->di = mc->rdi;
	r->orig_ax = -1UL;
	r->ip = mc->rip;
	r->cs = mc->cs;
	r->flags = mc->eflags;
	r->sp = mc->rsp;
	r->ss = mc->ss;
	if (kernel_part->has_fsgsbase) {
		__asm__ volatile("rdfsbase %0" : "=r"(g->cur_fs_base));
		__asm__ volatile("rdgsbase %0" : "=r"(g->cur_gs_base));
	}
	r->fs_base = g->cur_fs_base;
	r->gs_base = g->cur_gs_base;
	r->ds = r->es = r->fs = r->gs = 0;
}

/*
 * The run just given waits for the maps of batch @target: wait until
 * the apply thread says it is done, a while at most (guest code can
 * write the counter; going on too soon only faults again).
 */
static void wait_for_maps(unsigned int target)
{
	static const struct __kernel_timespec patience = {
		.tv_nsec = MAPS_PATIENCE_NS,
	};
	struct seccomp_guest_part *g = guest_part;
	unsigned int done;
	int tries;

	for (tries = 0; tries < MAPS_PATIENCE_TRIES; tries++) {
		g->done_sleeping = 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		done = g->apply_done_seq;
		if ((int)(done - target) >= 0)
			break;
		stub_futex_timed(&g->apply_done_seq, FUTEX_WAIT, done,
				 &patience);
	}
	g->done_sleeping = 0;
}

/* The limit as learned; guest code can write it, so keep it in bounds. */
static unsigned long spin_limit(const struct seccomp_guest_part *g)
{
	unsigned long limit = g->spin_limit;

	return limit < SPIN_MIN_TICKS ? SPIN_MIN_TICKS :
	       limit > SPIN_MAX_TICKS ? SPIN_MAX_TICKS : limit;
}

/*
 * The answer came @ticks after the kernel took the event: spin about
 * twice that.  Not after the event itself: an answer from a kernel that
 * had to be woken is late by the wake-up, not by the work (a program
 * sleeping 3 ms at a time would learn from its clock reads to spin 1 ms
 * in every sleep); nor only from answers that did not wake the kernel
 * (a program writing 1 MiB at a time woke it for every write, so never
 * learned to spin through one, and each answer then woke the stub).
 */
static void learn_spin(struct seccomp_guest_part *g, unsigned long start)
{
	const volatile struct seccomp_kernel_part *k = kernel_part;
	unsigned long limit = spin_limit(g), now = rdtsc();
	unsigned long taken = k->event_taken, ticks = now - start;
	/* Not set for this event (taken elsewhere): a time of no use. */
	int known = taken >= start && taken <= now;

	if (known)
		ticks = now - taken;
	if (ticks > SPIN_MAX_TICKS)
		limit = limit / 2 > SPIN_MIN_TICKS ? limit / 2 : SPIN_MIN_TICKS;
	else if (2 * ticks > limit && known)
		limit = 2 * ticks < SPIN_MAX_TICKS ? 2 * ticks : SPIN_MAX_TICKS;
	g->spin_limit = limit;
}

/* The limit as learned, kept in bounds like the spin's. */
static unsigned long hold_limit(const struct seccomp_guest_part *g)
{
	unsigned long limit = g->hold_limit;

	return limit < HOLD_MIN_TICKS ? HOLD_MIN_TICKS :
	       limit > HOLD_MAX_TICKS ? HOLD_MAX_TICKS : limit;
}

/*
 * The kernel went on to another process before answering run @seq.
 * Processes that take turns (a pipe, a yield) bring it back soon, and
 * the next one's stub most likely waits on this CPU: asleep, it would
 * leave the CPU idle, and the kernel's wake-up of a thread on an idle
 * CPU of a virtual machine costs the kernel some 30 us, and as long
 * again until the thread runs (two processes yielding to each other:
 * 55 us a switch).  So stay runnable a while, yielding to any thread
 * that wants this CPU: the kernel then finds the next stub awake, or
 * wakes it here without an idle CPU to rouse.  Returns when it began.
 */
static unsigned long hold(const struct seccomp_guest_part *g,
			  unsigned int seq)
{
	const volatile struct seccomp_kernel_part *k = kernel_part;
	unsigned long limit = hold_limit(g), start = rdtsc();

	do
		stub_sched_yield();
	while (k->run_seq == seq && rdtsc() - start < limit);
	return start;
}

/*
 * The answer came, after a hold that began at @start: hold about twice
 * as long as it took, if it came within HOLD_MAX_TICKS; half as long as
 * before, if not.
 */
static void learn_hold(struct seccomp_guest_part *g, unsigned long start)
{
	unsigned long limit = hold_limit(g), ticks = rdtsc() - start;

	if (ticks > HOLD_MAX_TICKS)
		limit /= 2;
	else if (2 * ticks > limit)
		limit = 2 * ticks;
	g->hold_limit = limit;
}

/* Tell the kernel that an event is written, and wait for its answer. */
static void report_and_wait(void)
{
	struct seccomp_guest_part *g = guest_part;
	const volatile struct seccomp_kernel_part *k = kernel_part;
	unsigned int seq = k->run_seq;
	unsigned long start, limit, held = 0;
	unsigned int cpu = seccomp_cpu_id(k->cpu_probe);
	int woke_apply = 0, spin;

	/*
	 * The event answers run request @seq: a number, not a count, so
	 * that nothing guest code wrote there before can put it off.
	 */
	unsigned int apply = k->apply_seq;

	g->stub_cpu = cpu;
	spin = k->cpu_probe == SECCOMP_CPU_UNKNOWN || cpu != k->kernel_cpu;
	g->guest_spinning = spin;
	start = rdtsc();	/* before the kernel can take the event */
	__atomic_store_n(&g->event_seq, seq + 1, __ATOMIC_SEQ_CST);
	if (k->kernel_sleeping)
		stub_futex(&g->event_seq, FUTEX_WAKE, 1);

	/*
	 * A system call is answered soon: spin.  An apply first means the
	 * apply thread is wanted: give it this CPU (no other CPU then runs
	 * this process, so its unmaps need no TLB shootdown there).  Not
	 * on the kernel's CPU: there it would only keep the kernel out.
	 */
	limit = spin_limit(g);
	while (spin && k->run_seq == seq) {
		if (k->apply_seq != apply || k->switched_away) {
			spin = 0;	/* says nothing of how soon answers come */
			break;
		}
		if (rdtsc() - start > limit)
			break;
		__builtin_ia32_pause();
	}
	/* The kernel left waking the apply thread to us while we spun. */
	g->guest_spinning = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (k->apply_seq != apply) {
		stub_futex(&k->apply_seq, FUTEX_WAKE, 1);
		woke_apply = 1;
	}
	if (k->switched_away && k->run_seq == seq &&
	    k->cpu_probe != SECCOMP_CPU_UNKNOWN && cpu != k->kernel_cpu)
		held = hold(g, seq);
	while (k->run_seq == seq) {
		g->stub_sleeping = 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (k->run_seq == seq)
			stub_futex(&k->run_seq, FUTEX_WAIT, seq);
		g->stub_sleeping = 0;
	}
	if (spin)
		learn_spin(g, start);
	if (held)
		learn_hold(g, held);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (k->run_waits) {
		/* Only now may an apply have come that no one woke for. */
		if (!woke_apply && k->apply_seq != apply)
			stub_futex(&k->apply_seq, FUTEX_WAKE, 1);
		wait_for_maps(k->run_after_done);
	}
}

/*
 * The handler was interrupted itself: its code, on its signal stack.
 * (Guest code that jumps into the stub with its stack there fools only
 * itself: its interrupt waits for its next event.)
 */
static int in_handler(const struct ucontext *uc)
{
	unsigned long ip = uc->uc_mcontext.rip, sp = uc->uc_mcontext.rsp;
	unsigned long stack = (unsigned long)guest_part->sigstack;

	return ip >= UM_STUB_CODE && ip < (unsigned long)stub_end &&
	       sp >= stack && sp < stack + sizeof(guest_part->sigstack);
}

/*
 * The handler runs with the guest thread's signal mask, so that going
 * back needs no system call to restore it: guest signals and the
 * interrupt can come while it runs.
 */
static void stub_handler(int sig, siginfo_t *info, void *context)
{
	struct ucontext *uc = context;
	struct seccomp_guest_part *g = guest_part;
	struct seccomp_guest_event *ev = &g->event;
	const struct os_guest_regs *back = (void *)g->returning;
	unsigned long ip = uc->uc_mcontext.rip;
	int in_window;

	/* On the way back to guest code, in stub_return()? */
	in_window = ip >= (unsigned long)stub_return &&
		    ip < (unsigned long)stub_return_end &&
		    (back == &kernel_part->regs || back == &g->resume_regs);

	/*
	 * Within the handler: an interrupt is noted for the way back (the
	 * event under way may answer it already: then one more comes, which
	 * does no harm), one from outside is nothing, and a fault is the
	 * stub's own.
	 */
	if (!in_window && in_handler(uc)) {
		if (sig == SECCOMP_STUB_INTERRUPT)
			g->interrupt_pending = 1;
		else if (info->si_code > 0)
			stub_die();
		load_fpu(uc);
		stub_resume(&uc->uc_mcontext);
	}

	/* Sent from outside: the guest did nothing; go on as before. */
	if (info->si_code <= 0 && sig != SECCOMP_STUB_INTERRUPT) {
		if (in_window)
			go_back(back, uc);
		regs_from_frame(&g->resume_regs, uc);
		go_back(&g->resume_regs, uc);
	}

	if (in_window) {
		/* An interrupt that came while the handler ran. */
		if (ip == (unsigned long)stub_return_interrupted)
			sig = SECCOMP_STUB_INTERRUPT;
		ev->regs = *back;
		ev->kind = sig == SECCOMP_STUB_INTERRUPT ? SECCOMP_EV_SIGNAL :
							   SECCOMP_EV_BAD_RETURN;
	} else {
		regs_from_frame(&ev->regs, uc);
		ev->kind = SECCOMP_EV_SIGNAL;
		/*
		 * A host without 32-bit system calls makes int $0x80 a
		 * general protection fault; the CPU read both bytes there.
		 */
		if (sig == SIGSEGV && uc->uc_mcontext.trapno == X86_TRAP_GP &&
		    *(const volatile unsigned short *)ip == 0x80cd)
			ev->kind = SECCOMP_EV_INT80;
	}
	ev->signo = sig;
	ev->si_code = info->si_code;
	ev->addr = (unsigned long)info->si_addr;
	ev->syscall_nr = sig == SIGSYS ? info->si_syscall : -1;
	ev->arch = sig == SIGSYS ? info->si_arch : 0;
	ev->trapno = uc->uc_mcontext.trapno;
	ev->error_code = uc->uc_mcontext.err;
	ev->frame = (unsigned long)uc;
	/* This event answers any interrupt so far. */
	g->interrupt_pending = 0;
	report_and_wait();
	go_back(&kernel_part->regs, uc);
}

/* Append one BPF instruction. */
#define INSN(code, k, jt, jf) \
	(f[n++] = (struct sock_filter){ (code), (jt), (jf), (k) })
#define LD(off)		INSN(BPF_LD | BPF_W | BPF_ABS, (off), 0, 0)
#define RET(val)	INSN(BPF_RET | BPF_K, (val), 0, 0)
#define DATA(field)	__builtin_offsetof(struct seccomp_data, field)
#define ARG_LO(i)	(DATA(args) + 8 * (i))
#define ARG_HI(i)	(DATA(args) + 8 * (i) + 4)

/*
 * The guest thread's filter.  A system call from anywhere but the
 * stub's system-call text is the guest's: SIGSYS, so the handler hands
 * it to the kernel (32-bit ones too).  From that text, only what the
 * stub itself does is allowed; anything else kills the process.
 */
static long confine_guest_thread(void)
{
	const unsigned long start = (unsigned long)stub_syscalls_start;
	const unsigned long end = (unsigned long)stub_syscalls_end;
	const unsigned long event = SECCOMP_STUB_GUEST_PART +
		__builtin_offsetof(struct seccomp_guest_part, event_seq);
	const unsigned long run = SECCOMP_STUB_KERNEL_PART +
		__builtin_offsetof(struct seccomp_kernel_part, run_seq);
	const unsigned long apply = SECCOMP_STUB_KERNEL_PART +
		__builtin_offsetof(struct seccomp_kernel_part, apply_seq);
	const unsigned long done = SECCOMP_STUB_GUEST_PART +
		__builtin_offsetof(struct seccomp_guest_part, apply_done_seq);
	/* Where the entry's syscall instruction (5 bytes in) ends. */
	const unsigned long clock = SECCOMP_STUB_CLOCK_ENTRY + 7;
	struct sock_filter f[64];
	struct sock_fprog prog;
	unsigned int n = 0;

	_Static_assert(SECCOMP_STUB_GUEST_PART >> 32 ==
		       SECCOMP_STUB_KERNEL_PART >> 32,
		       "counters must share their high half");

	/* 0 */ LD(DATA(arch));
	/* 1 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	/* 2 */ RET(SECCOMP_RET_TRAP);
	/*
	 * 3: the host clock entry's clock_gettime(CLOCK_MONOTONIC, any):
	 * it writes only where guest code could write itself.  (The
	 * host reads the clock id as an int.)
	 */
	LD(DATA(instruction_pointer) + 4);
	/* 4 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, clock >> 32, 0, 7);
	/* 5 */ LD(DATA(instruction_pointer));
	/* 6 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)clock, 0, 5);
	/* 7 */ LD(DATA(nr));
	/* 8 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, __NR_clock_gettime, 0, 3);
	/* 9 */ LD(ARG_LO(0));
	/* 10 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, CLOCK_MONOTONIC, 0, 1);
	/* 11 */ RET(SECCOMP_RET_ALLOW);
	/* 12: the instruction pointer is past the syscall instruction. */
	LD(DATA(instruction_pointer) + 4);
	/* 13 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, start >> 32, 1, 0);
	/* 14 */ RET(SECCOMP_RET_TRAP);
	/* 15 */ LD(DATA(instruction_pointer));
	/* 16 */ INSN(BPF_JMP | BPF_JGT | BPF_K, (unsigned int)start, 1, 0);
	/* 17 */ RET(SECCOMP_RET_TRAP);
	/* 18 */ INSN(BPF_JMP | BPF_JGT | BPF_K, (unsigned int)end, 0, 1);
	/* 19 */ RET(SECCOMP_RET_TRAP);
	/* 20 */ LD(DATA(nr));
	/* 21 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, __NR_futex, 4, 0);
	/* 22 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, __NR_arch_prctl, 16, 0);
	/* 23 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, __NR_sched_yield, 0, 1);
	/* 24 */ RET(SECCOMP_RET_ALLOW);
	/* 25 */ RET(SECCOMP_RET_KILL_PROCESS);
	/*
	 * 26: futex(event_seq, run_seq, apply_seq or apply_done_seq,
	 * FUTEX_WAIT or _WAKE, any value and timeout)
	 */
	LD(ARG_HI(0));
	/* 27 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, event >> 32, 0, 10);
	/* 28 */ LD(ARG_LO(0));
	/* 29 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)event, 3, 0);
	/* 30 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)run, 2, 0);
	/* 31 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)apply, 1, 0);
	/* 32 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)done, 0, 5);
	/* 33 */ LD(ARG_HI(1));
	/* 34 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3);
	/* 35 */ LD(ARG_LO(1));
	/* 36 */ INSN(BPF_JMP | BPF_JGT | BPF_K, FUTEX_WAKE, 1, 0);
	/* 37 */ RET(SECCOMP_RET_ALLOW);
	/* 38 */ RET(SECCOMP_RET_KILL_PROCESS);
	/* 39: arch_prctl(ARCH_SET_FS or ARCH_SET_GS, any) */
	LD(ARG_HI(0));
	/* 40 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4);
	/* 41 */ LD(ARG_LO(0));
	/* 42 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, ARCH_SET_FS, 1, 0);
	/* 43 */ INSN(BPF_JMP | BPF_JEQ | BPF_K, ARCH_SET_GS, 0, 1);
	/* 44 */ RET(SECCOMP_RET_ALLOW);
	/* 45 */ RET(SECCOMP_RET_KILL_PROCESS);

	prog.len = n;
	prog.filter = f;
	return stub_syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0,
			    (long)&prog);
}

/*
 * Where this stub's part of the shared memory starts in it: the one
 * argument, in hex (the initial stack @sp holds argc, then argv).
 */
static unsigned long shared_offset(const unsigned long *sp)
{
	const char *p = sp[0] >= 2 ? (const char *)sp[2] : "0";
	unsigned long off = 0;

	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			off = off * 16 + (*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			off = off * 16 + (*p - 'a' + 10);
		else
			stub_exit(STUB_EXIT_SETUP + 4);
	}
	return off;
}

void __attribute__((used, noreturn)) stub_main(const unsigned long *sp)
{
	unsigned long offset = shared_offset(sp);
	struct stub_sigaction sa = {
		.handler = stub_handler,
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_NODEFER,
		.restorer = stub_restorer,
		.mask = 0,
	};
	static const int guest_signals[] = {
		SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGSYS,
		SECCOMP_STUB_INTERRUPT,
	};
	stack_t ss = {
		.ss_sp = guest_part->sigstack,
		.ss_size = sizeof(guest_part->sigstack),
	};
	unsigned long all = ~0UL, end = (unsigned long)stub_end;
	unsigned int i;
	long ret;

	if (stub_syscall(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL, 0))
		stub_exit(STUB_EXIT_SETUP + 1);
	stub_syscall(__NR_prctl, PR_SET_NAME, (long)"linux-stub", 0);

	/* Physical memory, the result pipe and the shared memory only. */
	if (stub_syscall(__NR_close_range, 0, STUB_PHYSMEM_FD - 1, 0) ||
	    stub_syscall(__NR_close_range, SECCOMP_STUB_SHARED_FD + 1, ~0U, 0))
		stub_exit(STUB_EXIT_SETUP + 2);
	if (stub_syscall(__NR_setsid, 0, 0, 0) < 0)
		stub_exit(STUB_EXIT_SETUP + 3);

	ret = stub_syscall6(__NR_mmap, SECCOMP_STUB_GUEST_PART,
			    SECCOMP_STUB_GUEST_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_FIXED, SECCOMP_STUB_SHARED_FD,
			    offset);
	if (ret != SECCOMP_STUB_GUEST_PART)
		stub_exit(STUB_EXIT_SETUP + 4);
	ret = stub_syscall6(__NR_mmap, SECCOMP_STUB_KERNEL_PART,
			    SECCOMP_STUB_KERNEL_SIZE, PROT_READ,
			    MAP_SHARED | MAP_FIXED, SECCOMP_STUB_SHARED_FD,
			    offset + SECCOMP_STUB_GUEST_SIZE);
	if (ret != SECCOMP_STUB_KERNEL_PART ||
	    stub_syscall(__NR_close, SECCOMP_STUB_SHARED_FD, 0, 0))
		stub_exit(STUB_EXIT_SETUP + 4);

	/*
	 * Signals from outside stay blocked (spawn.c blocked them all,
	 * the guest's mask blocks all but the handler's), never delivered.
	 */
	if (stub_syscall(__NR_sigaltstack, (long)&ss, 0, 0))
		stub_exit(STUB_EXIT_SETUP + 5);
	for (i = 0; i < sizeof(guest_signals) / sizeof(guest_signals[0]); i++)
		if (stub_syscall6(__NR_rt_sigaction, guest_signals[i],
				  (long)&sa, 0, 8, 0, 0))
			stub_exit(STUB_EXIT_SETUP + 5);

	/* Leave only the stub, as in stub.c. */
	if (stub_syscall(__NR_munmap, 0, UM_STUB_CODE, 0) ||
	    stub_syscall(__NR_munmap, end, SECCOMP_STUB_GUEST_PART - end, 0) ||
	    stub_syscall(__NR_munmap, SECCOMP_STUB_KERNEL_PART +
			 SECCOMP_STUB_KERNEL_SIZE, HOST_USER_TOP -
			 SECCOMP_STUB_KERNEL_PART - SECCOMP_STUB_KERNEL_SIZE,
			 0))
		stub_exit(STUB_EXIT_SETUP + 6);

	if (stub_syscall6(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0))
		stub_exit(STUB_EXIT_SETUP + 7);

	/* The apply thread starts with every signal blocked, and no stack. */
	if (stub_syscall6(__NR_rt_sigprocmask, SIG_SETMASK, (long)&all, 0, 8,
			  0, 0))
		stub_exit(STUB_EXIT_SETUP + 8);
	{
		register long r10 __asm__("r10") = 0;
		register long r8 __asm__("r8") = 0;

		__asm__ volatile("syscall\n"
				 "test %%rax, %%rax\n"
				 "jz apply_thread\n"
				 : "=a"(ret)
				 : "a"((long)__NR_clone),
				   "D"((long)(CLONE_VM | CLONE_FS | CLONE_FILES |
					      CLONE_SIGHAND | CLONE_THREAD |
					      CLONE_SYSVSEM)),
				   "S"(0L), "d"(0L), "r"(r10), "r"(r8)
				 : "rcx", "r11", "memory");
	}
	if (ret < 0)
		stub_exit(STUB_EXIT_SETUP + 8);

	if (stub_syscall6(__NR_rt_sigprocmask, SIG_SETMASK,
			  (long)&stub_guest_mask, 0, 8, 0, 0) ||
	    confine_guest_thread())
		stub_exit(STUB_EXIT_SETUP + 9);

	/*
	 * Ready: a guest system call, the first event the kernel waits
	 * for.  The handler takes it from here; this frame is never
	 * returned to.
	 */
	__asm__ volatile("jmp stub_probe_entry" : : "a"((long)__NR_getpid));
	__builtin_unreachable();
}
