// SPDX-License-Identifier: GPL-2.0
/*
 * Time: the host's CLOCK_MONOTONIC is the clocksource and sched_clock;
 * one host timer is a one-shot/periodic clockevent device on
 * UM_IRQ_TIMER, so an idle kernel sleeps in the host until its next
 * event.
 */
#include <linux/clockchips.h>
#include <linux/clocksource.h>
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/sched/clock.h>
#include <linux/timekeeping.h>
#include <os/time.h>
#include <asm/um_setup.h>
#include <um/entry.h>

static unsigned long long um_boot_ns __ro_after_init;

/* sched_clock (printk's timestamps) counts from the first instruction. */
void __init um_time_early_init(void)
{
	um_boot_ns = os_time_monotonic_ns();
}

unsigned long long notrace sched_clock(void)
{
	return os_time_monotonic_ns() - um_boot_ns;
}

/* Nanoseconds of the host's CLOCK_MONOTONIC: a 1 GHz, 64-bit counter. */
static u64 um_clocksource_read(struct clocksource *cs)
{
	return os_time_monotonic_ns();
}

static struct clocksource um_clocksource = {
	.name = "host", .read = um_clocksource_read,
	.mask = CLOCKSOURCE_MASK(64), .flags = CLOCK_SOURCE_IS_CONTINUOUS,
	.rating = 300,
	/* Guest processes read it too, through the vDSO (vdso/). */
	.vdso_clock_mode = VDSO_CLOCKMODE_HOST,
};

static int um_timer_next_event(unsigned long delta,
			       struct clock_event_device *evt)
{
	return os_timer_oneshot(delta ? delta : 1);
}

static int um_timer_shutdown(struct clock_event_device *evt)
{
	return os_timer_stop();
}

static int um_timer_periodic(struct clock_event_device *evt)
{
	return os_timer_periodic(NSEC_PER_SEC / HZ);
}

static struct clock_event_device um_clockevent;

static irqreturn_t um_timer_interrupt(int irq, void *dev)
{
	um_clockevent.event_handler(&um_clockevent);
	return IRQ_HANDLED;
}

void read_persistent_clock64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(os_time_realtime_ns());
}

void um_ndelay(unsigned long nsecs)
{
	unsigned long long end = os_time_monotonic_ns() + nsecs;

	while (os_time_monotonic_ns() < end)
		cpu_relax();
}

void __delay(unsigned long loops)
{
	um_ndelay(loops);
}

void __init time_init(void)
{
	int err;

	/* A delay loop is a nanosecond: nothing to calibrate. */
	lpj_fine = NSEC_PER_SEC / HZ;

	err = request_irq(UM_IRQ_TIMER, um_timer_interrupt, IRQF_TIMER,
			  "timer", NULL);
	if (err)
		panic("hostlinux: no timer interrupt: %d\n", err);

	clocksource_register_hz(&um_clocksource, NSEC_PER_SEC);

	um_clockevent.name = "host-timer";
	um_clockevent.irq = UM_IRQ_TIMER;
	um_clockevent.cpumask = cpu_possible_mask;
	um_clockevent.rating = 300;
	um_clockevent.features = CLOCK_EVT_FEAT_ONESHOT | CLOCK_EVT_FEAT_PERIODIC;
	um_clockevent.set_next_event = um_timer_next_event;
	um_clockevent.set_state_periodic = um_timer_periodic;
	/* Any other state leaves the host timer disarmed until the next event. */
	um_clockevent.set_state_oneshot = um_timer_shutdown;
	um_clockevent.set_state_shutdown = um_timer_shutdown;
	um_clockevent.tick_resume = um_timer_shutdown;
	/* The host timer's resolution bounds how soon an event can be. */
	clockevents_config_and_register(&um_clockevent, NSEC_PER_SEC,
					1000, LONG_MAX);
}
