/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_SIGNAL_H
#define __UM_ASM_UM_SIGNAL_H

#include <linux/signal_types.h>
#include <asm/ptrace.h>

/* The length of "syscall", to step back over when restarting one. */
#define UM_SYSCALL_INSN_LEN	2

/* Run the handler of @ksig in the current guest thread (signal.c). */
void um_deliver_signal(struct ksignal *ksig, struct pt_regs *regs);

#endif
