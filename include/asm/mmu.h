/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_MMU_H
#define __UM_ASM_MMU_H

/* The host process of an address space: a handle of os/uspace.h, or -1. */
typedef struct {
	int host_handle;
} mm_context_t;

#endif
