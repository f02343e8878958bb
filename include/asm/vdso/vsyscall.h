/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_VDSO_VSYSCALL_H
#define __UM_ASM_VDSO_VSYSCALL_H

#ifndef __ASSEMBLY__

#include <vdso/datapage.h>

/* The kernel's view of the page guest processes see as [vvar]. */
extern struct vdso_data *um_vdso_data;

static __always_inline struct vdso_data *__um_get_k_vdso_data(void)
{
	return um_vdso_data;
}
#define __arch_get_k_vdso_data __um_get_k_vdso_data

#include <asm-generic/vdso/vsyscall.h>

#endif

#endif
