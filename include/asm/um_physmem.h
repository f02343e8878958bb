/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_PHYSMEM_H
#define __UM_ASM_UM_PHYSMEM_H

/*
 * Physical memory past the image is the host descriptor um_physmem_fd;
 * physical address um_physmem_phys_start is its offset 0.
 */
extern unsigned long um_physmem_phys_start;
extern int um_physmem_fd;

static inline bool um_phys_in_fd(unsigned long phys)
{
	return phys >= um_physmem_phys_start;
}

static inline unsigned long um_phys_to_fd_offset(unsigned long phys)
{
	return phys - um_physmem_phys_start;
}

#endif
