/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UACCESS_H
#define __UM_ASM_UACCESS_H

#include <asm/processor.h>

/*
 * Guest memory is not mapped in the kernel's host process: user copies
 * walk the current address space's page tables and use the direct map,
 * faulting pages in as the guest's own access would (mm/uaccess.c).
 * They return the number of bytes not copied.
 */
unsigned long raw_copy_from_user(void *to, const void __user *from,
				 unsigned long n);
unsigned long raw_copy_to_user(void __user *to, const void *from,
			       unsigned long n);
unsigned long um_clear_user(void __user *to, unsigned long n);
#define __clear_user um_clear_user

long strncpy_from_user(char *dst, const char __user *src, long count);
long strnlen_user(const char __user *str, long n);

/*
 * Kernel accesses that may fail: the address must lie in the image,
 * physical memory or a mapped vmalloc page.
 */
bool um_kernel_range_ok(const void *addr, unsigned long len, bool write);

#define __get_kernel_nofault(dst, src, type, err_label)			\
do {									\
	if (!um_kernel_range_ok((src), sizeof(type), false))		\
		goto err_label;						\
	*((type *)(dst)) = *((const type *)(src));			\
} while (0)

#define __put_kernel_nofault(dst, src, type, err_label)			\
do {									\
	if (!um_kernel_range_ok((dst), sizeof(type), true))		\
		goto err_label;						\
	*((type *)(dst)) = *((const type *)(src));			\
} while (0)

#include <asm-generic/uaccess.h>

#endif
