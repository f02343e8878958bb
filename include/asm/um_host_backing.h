/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_HOST_BACKING_H
#define __UM_ASM_UM_HOST_BACKING_H

/*
 * Before the page allocator hands out pages: from then on the host backs
 * physical memory a chunk at a time (arch_alloc_page(), asm/page.h).
 */
void um_host_backing_init(void);

#endif
