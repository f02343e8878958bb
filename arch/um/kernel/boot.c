// SPDX-License-Identifier: GPL-2.0
/*
 * From the host's main() to start_kernel(): keep what the host side set
 * up and move onto init_task's stack.
 */
#include <linux/init.h>
#include <linux/sched/task.h>
#include <linux/start_kernel.h>
#include <linux/string.h>
#include <asm/switch_stack.h>
#include <asm/um_setup.h>
#include <um/entry.h>

struct um_boot_params um_boot __ro_after_init;

static void __init um_start_kernel(void)
{
	start_kernel();
}

/* Called by the host side's main(), which modpost takes for kernel text. */
void __ref um_kernel_boot(const struct um_boot_params *params)
{
	um_time_early_init();
	memcpy(&um_boot, params, sizeof(um_boot));
	um_run_on_stack(um_start_kernel,
			(unsigned long)init_stack + THREAD_SIZE);
}
