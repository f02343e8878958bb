/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_STRING_H
#define __UM_ASM_STRING_H

/* String moves use the CPU's fast "rep movsb/stosb" (lib/string.S). */
#define __HAVE_ARCH_MEMCPY
extern void *memcpy(void *dest, const void *src, __kernel_size_t n);
#define __HAVE_ARCH_MEMMOVE
extern void *memmove(void *dest, const void *src, __kernel_size_t n);
#define __HAVE_ARCH_MEMSET
extern void *memset(void *s, int c, __kernel_size_t n);

#endif
