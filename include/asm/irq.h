/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_IRQ_H
#define __UM_ASM_IRQ_H

/*
 * Lines 0.. are the host events of um/entry.h (timer, descriptor
 * readiness, shutdown request, terminal size, a child's end); from
 * UM_FIRST_DEVICE_IRQ on they are for devices that share descriptor
 * readiness (console, block, network).
 */
#define UM_FIRST_DEVICE_IRQ	8
#define UM_CONSOLE_IRQ		(UM_FIRST_DEVICE_IRQ + 0)
#define UM_UBD_IRQ		(UM_FIRST_DEVICE_IRQ + 1)
#define NR_IRQS			32

#include <asm-generic/irq.h>

#ifndef __ASSEMBLY__
/* Raise @irq whenever host descriptor @fd is readable. */
int um_request_fd_irq(int fd, unsigned int irq);
void um_free_fd_irq(int fd);
#endif

#endif
