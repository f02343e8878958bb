/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_CACHE_H
#define __UM_ASM_CACHE_H

#define L1_CACHE_SHIFT		6
#define L1_CACHE_BYTES		(1 << L1_CACHE_SHIFT)
#define cache_line_size()	L1_CACHE_BYTES

#endif
