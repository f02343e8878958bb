// SPDX-License-Identifier: GPL-2.0
/*
 * Constants generated for assembly code (include/generated/asm-offsets.h).
 */
#define COMPILE_OFFSETS
#include <linux/kbuild.h>
#include <linux/sched.h>

int main(void)
{
	DEFINE(TASK_THREAD_SWITCH_SP, offsetof(struct task_struct, thread.switch_sp));
	return 0;
}
