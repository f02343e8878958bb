// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts are host signals (um/entry.h).  Masking them is the word
 * um_irq_enabled; a signal that finds them masked sets its line in
 * um_irq_pending and returns, and the kernel replays it when it unmasks.
 * Host signals themselves are never blocked, so a signal can land at any
 * instruction: the pending word is only changed with single atomic
 * instructions, and a delivery masks interrupts before doing anything else.
 */
#include <linux/hardirq.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqchip.h>
#include <linux/irqflags.h>
#include <linux/kernel_stat.h>
#include <linux/sched.h>
#include <asm/irq_regs.h>
#include <asm/um_syscall.h>
#include <os/irq.h>
#include <os/uspace.h>
#include <um/entry.h>

volatile unsigned long um_irq_enabled;
volatile unsigned long um_irq_pending;

/* Descriptor readiness names its device line; don't spin on a stuck one. */
#define UM_FD_EVENTS_PER_IRQ	64

static void um_handle_fd_events(void)
{
	unsigned long line;
	int n;

	for (n = 0; n < UM_FD_EVENTS_PER_IRQ; n++) {
		if (!os_irq_next_ready_fd(&line))
			break;
		generic_handle_irq(line);
	}
}

static void um_dispatch(unsigned long lines, struct pt_regs *regs)
{
	struct pt_regs *old_regs = set_irq_regs(regs);

	irq_enter();
	while (lines) {
		unsigned int line = __ffs(lines);

		lines &= ~BIT(line);
		if (line == UM_IRQ_FD)
			um_handle_fd_events();
		else
			generic_handle_irq(line);
	}
	irq_exit();
	set_irq_regs(old_regs);
}

static unsigned long um_take_pending(void)
{
	return __atomic_exchange_n(&um_irq_pending, 0, __ATOMIC_SEQ_CST);
}

/* Deliver everything pending; interrupts are masked and stay masked. */
static void um_drain(struct pt_regs *regs)
{
	unsigned long lines;

	while ((lines = um_take_pending()))
		um_dispatch(lines, regs);
}

/*
 * Interrupt delivery runs with interrupts masked, as after a hardware
 * interrupt entry; lockdep and irq tracing are told so, as entry code
 * would tell them.
 */
static void um_delivery_begin(void)
{
	um_irq_enabled = ARCH_IRQ_DISABLED;
	barrier();
	trace_hardirqs_off();
}

static void um_delivery_end(void)
{
	trace_hardirqs_on();
	barrier();
	um_irq_enabled = ARCH_IRQ_ENABLED;
	barrier();
}

void um_host_interrupt(enum um_irq_line line, const struct um_host_context *ctx)
{
	struct pt_regs regs = {
		.ip = ctx->ip,
		.sp = ctx->sp,
		.bp = ctx->bp,
	};

	/*
	 * While guest code runs the kernel only waits for it: the tick is
	 * the guest's, and its time user time (ITIMER_VIRTUAL, times()).
	 */
	if (READ_ONCE(um_running_guest) >= 0)
		regs.cs = OS_GUEST_CS;

	__atomic_fetch_or(&um_irq_pending, BIT(line), __ATOMIC_SEQ_CST);
	if (!um_irq_enabled)
		return;

	um_delivery_begin();
	um_drain(&regs);
	um_guest_preempt_check();
	if (IS_ENABLED(CONFIG_PREEMPTION) && !preempt_count() && need_resched())
		preempt_schedule_irq();
	um_delivery_end();
	/* Whatever arrived since the last look at the pending word. */
	if (um_irq_pending)
		um_irq_replay();
}

void um_irq_replay(void)
{
	struct pt_regs regs = {
		.ip = _RET_IP_,
		.sp = (unsigned long)__builtin_frame_address(0),
		.bp = (unsigned long)__builtin_frame_address(0),
	};

	do {
		um_delivery_begin();
		um_drain(&regs);
		um_delivery_end();
	} while (um_irq_pending);
}

static void um_irq_noop(struct irq_data *d)
{
}

/* Host events need no acknowledging: the chip only names the lines. */
static struct irq_chip um_irq_chip = {
	.name		= "host",
	.irq_mask	= um_irq_noop,
	.irq_unmask	= um_irq_noop,
};

static_assert(UM_IRQ_LINES <= UM_FIRST_DEVICE_IRQ);

void __init init_IRQ(void)
{
	unsigned int irq;

	for (irq = 0; irq < NR_IRQS; irq++)
		irq_set_chip_and_handler(irq, &um_irq_chip, handle_simple_irq);
}

/* Have @irq raised whenever host descriptor @fd is readable. */
int um_request_fd_irq(int fd, unsigned int irq)
{
	return os_irq_watch_fd(fd, irq);
}

void um_free_fd_irq(int fd)
{
	os_irq_unwatch_fd(fd);
}
