// SPDX-License-Identifier: GPL-2.0
/*
 * Host faults taken by the kernel itself: a vmalloc page the host has
 * not mapped yet is mapped and retried; anything else is an oops.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/panic.h>
#include <linux/sched/debug.h>
#include <asm/tlbflush.h>
#include <um/entry.h>

static void um_show_host_context(const struct um_host_context *ctx)
{
	struct pt_regs regs = {
		.ip = ctx->ip,
		.sp = ctx->sp,
		.bp = ctx->bp,
	};

	show_regs(&regs);
}

void um_host_fault(unsigned long addr, int is_write,
		   const struct um_host_context *ctx)
{
	if (addr >= VMALLOC_START && addr < VMALLOC_END &&
	    um_kernel_range_ok((void *)addr, 1, is_write)) {
		um_kernel_range_sync(addr & PAGE_MASK, (addr & PAGE_MASK) + PAGE_SIZE);
		return;
	}

	pr_alert("BUG: unable to handle kernel %s at %016lx\n",
		 is_write ? "write" : "read", addr);
	um_show_host_context(ctx);
	panic("Kernel mode fault at addr 0x%lx, ip 0x%lx\n", addr, ctx->ip);
}

void um_host_fatal_signal(int sig, const struct um_host_context *ctx)
{
	pr_alert("BUG: host signal %d in the kernel at %pS\n", sig,
		 (void *)ctx->ip);
	um_show_host_context(ctx);
	panic("Kernel mode signal %d\n", sig);
}
