/* SPDX-License-Identifier: GPL-2.0 */
/* The built vDSO (vdso.so), which vdso.c copies into physical memory. */

	.section .init.rodata, "a"
	.balign 64
	.globl um_vdso_image, um_vdso_image_end
um_vdso_image:
	.incbin UM_VDSO_IMAGE
um_vdso_image_end:
	.previous
