/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stub (stub.c), linked into ./linux as data: ptrace.c copies it
 * into a memfd and executes that, so nothing beside ./linux is needed.
 * STUB_IMAGE is the path of the linked stub, given by the makefile.
 */
	.section .rodata, "a"
	.balign 16
	.globl os_uspace_stub_image
	.type os_uspace_stub_image, @object
os_uspace_stub_image:
	.incbin STUB_IMAGE
	.globl os_uspace_stub_image_end
os_uspace_stub_image_end:
	.size os_uspace_stub_image, \
		os_uspace_stub_image_end - os_uspace_stub_image

	.section .note.GNU-stack, "", @progbits
