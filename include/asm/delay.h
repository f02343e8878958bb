/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_DELAY_H
#define __UM_ASM_DELAY_H

/*
 * Delays spin on the host's monotonic clock.  A delay "loop" is one
 * nanosecond, so loops_per_jiffy is known without calibrating.
 */
void um_ndelay(unsigned long nsecs);
void __delay(unsigned long loops);

#define ndelay(n)	um_ndelay(n)
#define udelay(n)	um_ndelay((n) * 1000UL)

#endif
