/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_VDSO_CLOCKSOURCE_H
#define __UM_ASM_VDSO_CLOCKSOURCE_H

/* The clocksource is the host's CLOCK_MONOTONIC (kernel/time.c). */
#define VDSO_ARCH_CLOCKMODES	VDSO_CLOCKMODE_HOST

#endif
