/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host memory service: mapping physical memory (a host descriptor) into
 * the kernel's address space.  Functions return 0 or -errno.
 */
#ifndef __UM_OS_MEM_H
#define __UM_OS_MEM_H

#define OS_PROT_READ	1
#define OS_PROT_WRITE	2
#define OS_PROT_EXEC	4

/* Map @len bytes of @fd at @offset to exactly @addr, replacing what is there. */
int os_mem_map(unsigned long addr, unsigned long len, int fd,
	       unsigned long offset, int prot);
/* Make [@addr, @addr + @len) inaccessible again, keeping it reserved. */
int os_mem_unmap(unsigned long addr, unsigned long len);
/* Change the protection of an existing mapping. */
int os_mem_protect(unsigned long addr, unsigned long len, int prot);
/*
 * Have the host back [@addr, @addr + @len) of a writable shared mapping
 * now, without a fault per page; -EINVAL when the host cannot.
 */
int os_mem_populate(unsigned long addr, unsigned long len);
/* How many pages of [@addr, @addr + @len) the host holds in memory. */
int os_mem_resident_pages(unsigned long addr, unsigned long len);

#endif
