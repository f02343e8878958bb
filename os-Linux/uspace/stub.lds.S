/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linker script of the stub (stub.c): text at UM_STUB_CODE with the
 * entry points first, data at UM_STUB_DATA with struct stub_data first,
 * nothing else.  Run through the C preprocessor with the C suffixes
 * stripped from the numbers of um/layout.h (see the makefiles).
 */
#include <um/layout.h>
#include "stub.h"

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);		/* r-x */
	data PT_LOAD FLAGS(6);		/* rw- */
	stack PT_GNU_STACK FLAGS(6);	/* no executable stack */
}

SECTIONS
{
	. = UM_STUB_CODE;
	.text : {
		KEEP(*(.text.entry))
		*(.text .text.*)
		*(.rodata .rodata.*)
	} :text

	. = UM_STUB_DATA;
	.bss : {
		KEEP(*(.bss.stub_data))
		*(.bss .bss.*)
		*(COMMON)
	} :data
	.data : {
		*(.data .data.*)
	} :data
	. = ALIGN(4096);
	stub_end = .;

	/DISCARD/ : {
		*(.comment)
		*(.note .note.*)
		*(.eh_frame .eh_frame_hdr)
	}
}

ASSERT(stub_apply_entry == STUB_APPLY_ENTRY, "stub: apply entry misplaced")
ASSERT(stub_probe_entry == STUB_PROBE_ENTRY, "stub: probe entry misplaced")
ASSERT(stub_data == UM_STUB_DATA, "stub: stub_data misplaced")
ASSERT(SIZEOF(.data) == 0, "stub: initialised data would be file-backed")
