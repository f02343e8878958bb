/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ptrace backend's stub (stub.c), linked into ./linux as data: a
 * backend copies it into a memfd and executes that, so nothing beside
 * ./linux is needed.  STUB_IMAGE is the path of the linked stub, given
 * by the makefile; STUB_SYMBOL names the data (seccomp_stub_blob.S
 * uses this file for the seccomp stub).
 */
#ifndef STUB_SYMBOL
#define STUB_SYMBOL os_uspace_stub_image
#endif
#define STUB_END_1(sym) sym##_end
#define STUB_END(sym) STUB_END_1(sym)

	.section .rodata, "a"
	.balign 16
	.globl STUB_SYMBOL
	.type STUB_SYMBOL, @object
STUB_SYMBOL:
	.incbin STUB_IMAGE
	.globl STUB_END(STUB_SYMBOL)
STUB_END(STUB_SYMBOL):
	.size STUB_SYMBOL, STUB_END(STUB_SYMBOL) - STUB_SYMBOL

	.section .note.GNU-stack, "", @progbits
