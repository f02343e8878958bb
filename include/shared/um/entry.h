/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry points from the host side into the kernel: the only kernel
 * functions os-Linux/ calls.  Each runs on the current kernel stack.
 */
#ifndef __UM_SHARED_ENTRY_H
#define __UM_SHARED_ENTRY_H

#include <um/boot.h>

/* The interrupt lines host events are delivered on. */
enum um_irq_line {
	UM_IRQ_TIMER = 0,	/* the clockevent timer expired */
	UM_IRQ_FD = 1,		/* some registered descriptor is ready */
	UM_IRQ_SHUTDOWN = 2,	/* SIGTERM, SIGHUP, or SIGINT on a non-tty */
	UM_IRQ_WINCH = 3,	/* the host terminal changed size */
	UM_IRQ_CHILD = 4,	/* a host child process ended */
	UM_IRQ_LINES
};

/* Where a host signal interrupted the kernel, for traces and profiling. */
struct um_host_context {
	unsigned long ip;
	unsigned long sp;
	unsigned long bp;
};

/*
 * um_kernel_boot - start the kernel; never returns.
 * @params: what the host side set up; copied before use.
 */
void um_kernel_boot(const struct um_boot_params *params)
	__attribute__((noreturn));

/*
 * um_host_interrupt - a host signal announced event @line.
 * Called from a signal handler with host signals unblocked; the kernel
 * defers it while its interrupts are disabled.
 */
void um_host_interrupt(enum um_irq_line line,
		       const struct um_host_context *ctx);

/*
 * um_host_fault - the kernel itself touched @addr and the host said
 * SIGSEGV/SIGBUS.  Returns when the access may be retried (a vmalloc
 * page mapped late); otherwise reports an oops and does not return.
 */
void um_host_fault(unsigned long addr, int is_write,
		   const struct um_host_context *ctx);

/* um_host_signal_name - a host signal arrived that ends the kernel. */
void um_host_fatal_signal(int sig, const struct um_host_context *ctx)
	__attribute__((noreturn));

#endif
