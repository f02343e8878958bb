// SPDX-License-Identifier: GPL-2.0
/*
 * Stand-ins for the kernel's entry points (um/entry.h), recording what
 * the host side hands them.  They run in signal handlers: no stdio.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "test.h"

volatile int stub_irq_count[UM_IRQ_LINES];
volatile unsigned long stub_pending;
volatile unsigned long stub_fault_page;
volatile unsigned long stub_fault_addr;
volatile int stub_fault_write;
volatile int stub_fault_count;

static void __attribute__((noreturn)) die(const char *msg)
{
	if (write(2, msg, strlen(msg)) < 0)
		_exit(3);
	_exit(3);
}

void um_kernel_boot(const struct um_boot_params *params)
{
	(void)params;
	die("stub: um_kernel_boot called\n");
}

void um_host_interrupt(enum um_irq_line line,
		       const struct um_host_context *ctx)
{
	if (line >= UM_IRQ_LINES || !ctx->ip || !ctx->sp)
		die("stub: um_host_interrupt: bad line or context\n");
	stub_irq_count[line]++;
	stub_pending = 1;
}

void um_host_fault(unsigned long addr, int is_write,
		   const struct um_host_context *ctx)
{
	unsigned long page = addr & ~4095UL;

	if (!stub_fault_page || page != stub_fault_page || !ctx->ip)
		die("stub: unexpected fault\n");
	stub_fault_addr = addr;
	stub_fault_write = is_write;
	stub_fault_count++;
	mprotect((void *)page, 4096, PROT_READ | PROT_WRITE);
}

void um_host_fatal_signal(int sig, const struct um_host_context *ctx)
{
	(void)ctx;
	_exit(STUB_FATAL_EXIT_BASE + sig);
}
