/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_MMU_H
#define __UM_ASM_MMU_H

/* Per address space state of the host side (its host process, later). */
typedef struct {
	unsigned long host_handle;
} mm_context_t;

#endif
