/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_IRQFLAGS_H
#define __UM_ASM_IRQFLAGS_H

/*
 * Interrupts are host signals.  Masking them is a word in memory, not a
 * sigprocmask() call: a signal that arrives while they are masked is
 * recorded in um_irq_pending and replayed when they are enabled again.
 */
#define ARCH_IRQ_DISABLED	0UL
#define ARCH_IRQ_ENABLED	1UL

#ifndef __ASSEMBLY__

extern volatile unsigned long um_irq_enabled;
extern volatile unsigned long um_irq_pending;
void um_irq_replay(void);

static inline unsigned long arch_local_save_flags(void)
{
	return um_irq_enabled;
}

static inline void arch_local_irq_disable(void)
{
	um_irq_enabled = ARCH_IRQ_DISABLED;
	__asm__ __volatile__("" ::: "memory");
}

static inline void arch_local_irq_enable(void)
{
	__asm__ __volatile__("" ::: "memory");
	um_irq_enabled = ARCH_IRQ_ENABLED;
	__asm__ __volatile__("" ::: "memory");
	if (__builtin_expect(um_irq_pending != 0, 0))
		um_irq_replay();
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags == ARCH_IRQ_ENABLED)
		arch_local_irq_enable();
	else
		arch_local_irq_disable();
}

static inline int arch_irqs_disabled_flags(unsigned long flags)
{
	return flags == ARCH_IRQ_DISABLED;
}

static inline int arch_irqs_disabled(void)
{
	return arch_irqs_disabled_flags(arch_local_save_flags());
}

#endif
#endif
