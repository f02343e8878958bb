/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host interrupt service: host signals and descriptor readiness become
 * kernel interrupts (see um/entry.h).  Functions return 0 or -errno.
 */
#ifndef __UM_OS_IRQ_H
#define __UM_OS_IRQ_H

/*
 * Ask for UM_IRQ_FD when @fd becomes readable; @cookie is handed back
 * by os_irq_next_ready_fd().
 */
int os_irq_watch_fd(int fd, unsigned long cookie);
int os_irq_unwatch_fd(int fd);
/*
 * Look at the ready descriptors without waiting: returns 1 and sets
 * *@cookie for each that was ready, then 0 once, which ends the look
 * (the next call looks again).
 */
int os_irq_next_ready_fd(unsigned long *cookie);
/*
 * Sleep in the host until a host interrupt has been raised.  The kernel
 * calls this with its interrupts disabled and @pending telling whether
 * one is already waiting; the check and the sleep are atomic with
 * respect to host signals.
 */
void os_irq_wait(volatile unsigned long *pending);

#endif
