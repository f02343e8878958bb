/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_VDSO_H
#define __UM_ASM_UM_VDSO_H

/* The image built from vclock.c (vdso_image.S). */
extern const char um_vdso_image[], um_vdso_image_end[];

/* arch/um/vdso/vdso.c: the time data and image, then their pages. */
void um_vdso_alloc(void);
void um_vdso_init_pages(void);
/* The backend's host clock entry (os_uspace_ops.host_clock), or 0. */
void um_vdso_set_host_clock(unsigned long entry);

#endif
