/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_SWITCH_STACK_H
#define __UM_ASM_SWITCH_STACK_H

/*
 * Kernel threads share the one host thread; each has its own stack and
 * switching between them saves the callee-saved registers on the old
 * stack (x86_64/switch.S).
 */

struct task_struct;

/*
 * Save the callee-saved registers and the stack pointer in *@save_sp,
 * continue on @next_sp; returns @prev in the thread that switches back.
 */
struct task_struct *um_switch_stack(unsigned long *save_sp,
				    unsigned long next_sp,
				    struct task_struct *prev);

/* Where a new thread's first switch lands: calls um_thread_start(prev). */
void um_thread_entry(void);
void um_thread_start(struct task_struct *prev);

/* Leave the kernel for the current guest thread's registers. */
void um_enter_user_mode(void) __attribute__((noreturn));

/* Call @fn on the stack ending at @stack_top; @fn must not return. */
void um_run_on_stack(void (*fn)(void), unsigned long stack_top)
	__attribute__((noreturn));

/* Number of words um_switch_stack() keeps below a saved stack pointer. */
#define UM_SWITCH_FRAME_WORDS	7
#define UM_SWITCH_FRAME_BP	5
#define UM_SWITCH_FRAME_IP	6

#endif
