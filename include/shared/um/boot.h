/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host side hands the kernel at boot.
 */
#ifndef __UM_SHARED_BOOT_H
#define __UM_SHARED_BOOT_H

#define UM_CMDLINE_SIZE 4096

struct um_boot_params {
	/* physical memory: a host descriptor mapped at physmem_start */
	int physmem_fd;
	unsigned long physmem_start;
	unsigned long physmem_size;
	/* vmalloc area, reserved PROT_NONE by the host side */
	unsigned long vmalloc_start;
	unsigned long vmalloc_size;
	/* initrd=FILE: its contents, mapped read-only by the host side */
	unsigned long initrd_start;
	unsigned long initrd_size;
	/* console descriptors (con0=) */
	int console_in_fd;
	int console_out_fd;
	/* kernel command line, NUL-terminated */
	char cmdline[UM_CMDLINE_SIZE];
};

#endif
