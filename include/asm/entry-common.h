/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_ENTRY_COMMON_H
#define __UM_ASM_ENTRY_COMMON_H

#include <linux/thread_info.h>

/* Before guest code runs, its thread's FPU state goes into the host. */
#define ARCH_EXIT_TO_USER_MODE_WORK	(_TIF_FPU_LOAD)

void um_exit_to_user_mode_work(struct pt_regs *regs, unsigned long ti_work);

static inline void arch_exit_to_user_mode_work(struct pt_regs *regs,
					       unsigned long ti_work)
{
	if (ti_work & _TIF_FPU_LOAD)
		um_exit_to_user_mode_work(regs, ti_work);
}
#define arch_exit_to_user_mode_work arch_exit_to_user_mode_work

#endif
