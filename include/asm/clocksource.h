/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_CLOCKSOURCE_H
#define __UM_ASM_CLOCKSOURCE_H

#include <asm/vdso/clocksource.h>

#endif
