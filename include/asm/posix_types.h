/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_POSIX_TYPES_H
#define __UM_ASM_POSIX_TYPES_H

#include <asm/posix_types_64.h>

#endif
