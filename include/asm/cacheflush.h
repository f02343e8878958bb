/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_CACHEFLUSH_H
#define __UM_ASM_CACHEFLUSH_H

#include <asm/tlbflush.h>

/* New vmalloc/vmap pages become visible to the kernel here, not lazily. */
#define flush_cache_vmap(start, end)	um_kernel_range_sync(start, end)
#define flush_cache_vmap_early(start, end)	um_kernel_range_sync(start, end)

#include <asm-generic/cacheflush.h>

#endif
