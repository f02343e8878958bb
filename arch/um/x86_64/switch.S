/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Switching kernel stacks inside the one host thread.  The frame left on
 * a stack that was switched away from is, from the saved stack pointer
 * up: r15 r14 r13 r12 rbx rbp return-address (see asm/switch_stack.h).
 */
#include <linux/linkage.h>

	.text

/* um_switch_stack(save_sp = rdi, next_sp = rsi, prev = rdx) */
SYM_FUNC_START(um_switch_stack)
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdx, %rax
	ret
SYM_FUNC_END(um_switch_stack)

/* First return of a new thread: rax holds the task switched away from. */
SYM_FUNC_START(um_thread_entry)
	movq	%rax, %rdi
	call	um_thread_start
	ud2
SYM_FUNC_END(um_thread_entry)

/* um_run_on_stack(fn = rdi, stack_top = rsi) */
SYM_FUNC_START(um_run_on_stack)
	movq	%rsi, %rsp
	xorl	%ebp, %ebp
	call	*%rdi
	ud2
SYM_FUNC_END(um_run_on_stack)
