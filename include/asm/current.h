/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_CURRENT_H
#define __UM_ASM_CURRENT_H

#ifndef __ASSEMBLY__

struct task_struct;

/* One CPU: the running task is one word, switched in __switch_to(). */
extern struct task_struct *um_current_task;

static __always_inline struct task_struct *get_current(void)
{
	return um_current_task;
}

#define current get_current()

#endif
#endif
