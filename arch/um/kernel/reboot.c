// SPDX-License-Identifier: GPL-2.0
/*
 * How the kernel ends: halt and poweroff exit the host process,
 * reboot starts ./linux afresh, panic exits with its own status, and a
 * host SIGTERM/SIGHUP asks for an orderly poweroff first.
 * Statuses: um/exit_status.h.
 */
#include <linux/console.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/pm.h>
#include <linux/reboot.h>
#include <asm/um_setup.h>
#include <os/process.h>
#include <um/entry.h>
#include <um/exit_status.h>

static int um_exit_status(void)
{
	int sig = os_process_shutdown_signal();

	return sig ? UM_EXIT_SIGNAL_BASE + sig : UM_EXIT_POWEROFF;
}

/* A host process can always power off: it exits. */
static void um_power_off(void)
{
	os_process_exit(um_exit_status());
}

void (*pm_power_off)(void) = um_power_off;
EXPORT_SYMBOL(pm_power_off);

void machine_power_off(void)
{
	do_kernel_power_off();
	os_process_exit(um_exit_status());
}

void machine_halt(void)
{
	os_process_exit(um_exit_status());
}

void machine_restart(char *cmd)
{
	os_process_restart();
}

static int um_panic_exit(struct notifier_block *nb, unsigned long event,
			 void *msg)
{
	console_flush_on_panic(CONSOLE_FLUSH_PENDING);
	os_process_exit(UM_EXIT_PANIC);
	return NOTIFY_DONE;
}

static struct notifier_block um_panic_block = {
	.notifier_call	= um_panic_exit,
	.priority	= INT_MIN,	/* after everyone else has reported */
};

static irqreturn_t um_shutdown_interrupt(int irq, void *dev)
{
	orderly_poweroff(true);
	return IRQ_HANDLED;
}

void __init um_panic_exit_init(void)
{
	atomic_notifier_chain_register(&panic_notifier_list, &um_panic_block);
}

static int __init um_shutdown_irq_init(void)
{
	return request_irq(UM_IRQ_SHUTDOWN, um_shutdown_interrupt, 0,
			   "shutdown", NULL);
}
early_initcall(um_shutdown_irq_init);
