/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_VDSO_PROCESSOR_H
#define __UM_ASM_VDSO_PROCESSOR_H

#ifndef __ASSEMBLY__

/* Here for the vDSO too: lib/vdso/ spins with it on a changing time. */
static __always_inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

#endif

#endif
