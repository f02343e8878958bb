/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_TLB_H
#define __UM_ASM_TLB_H

#include <asm/tlbflush.h>
#include <asm-generic/tlb.h>

#endif
