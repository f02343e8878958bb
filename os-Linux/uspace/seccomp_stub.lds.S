/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linker script of the seccomp stub (seccomp_stub.c): text at
 * UM_STUB_CODE with the entry points first and the stub's own system
 * calls in one range the guest thread's filter knows, its set-up stack
 * at UM_STUB_DATA, nothing else; the shared memory goes above.  Run
 * through the C preprocessor like stub.lds.S.
 */
#include <um/layout.h>
#include "seccomp_stub.h"

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
		. = ALIGN(64);
		stub_syscalls_start = .;
		KEEP(*(.text.stub_syscalls))
		stub_syscalls_end = .;
		. = ALIGN(64);
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

	/* For the assembly, which cannot take 64-bit constants. */
	stub_guest_part = SECCOMP_STUB_GUEST_PART;
	stub_kernel_part = SECCOMP_STUB_KERNEL_PART;
	stub_task_size = UM_TASK_SIZE;

	/DISCARD/ : {
		*(.comment)
		*(.note .note.*)
		*(.eh_frame .eh_frame_hdr)
	}
}

ASSERT(_start == UM_STUB_CODE, "seccomp stub: entry misplaced")
ASSERT(stub_probe_entry == SECCOMP_STUB_PROBE_ENTRY,
       "seccomp stub: probe entry misplaced")
ASSERT(setup_stack == UM_STUB_DATA, "seccomp stub: stack misplaced")
ASSERT(stub_end <= SECCOMP_STUB_GUEST_PART, "seccomp stub: data too large")
ASSERT(SIZEOF(.data) == 0, "seccomp stub: initialised data would be file-backed")
