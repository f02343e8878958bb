/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vDSO image: one read-only, executable segment starting with its
 * own ELF headers, linked at 0; the kernel maps it one page above the
 * time data page, so that page is at -PAGE_SIZE.  Only the entry
 * points glibc looks for are exported.
 */
#include <asm/page.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)

PHDRS
{
	image PT_LOAD FLAGS(5) FILEHDR PHDRS;	/* r-x */
	dynamic PT_DYNAMIC FLAGS(4);
	note PT_NOTE FLAGS(4);
	unwind PT_GNU_EH_FRAME;
}

SECTIONS
{
	_vdso_data = -PAGE_SIZE;

	/* What the dynamic linker reads, in the order it needs it. */
	. = SIZEOF_HEADERS;
	.dynamic : { *(.dynamic) } :image :dynamic
	.dynsym : { *(.dynsym) } :image
	.dynstr : { *(.dynstr) }
	.gnu.version : { *(.gnu.version) }
	.gnu.version_d : { *(.gnu.version_d) }
	.hash : { *(.hash) }
	.gnu.hash : { *(.gnu.hash) }
	.note : { *(.note .note.*) } :image :note
	/* Unwind tables, for debuggers and backtraces through the vDSO. */
	.eh_frame_hdr : { *(.eh_frame_hdr) } :image :unwind
	.eh_frame : { KEEP(*(.eh_frame)) } :image
	/* Nothing here may be written: it is shared by every process. */
	.rodata : {
		*(.rodata .rodata.*)
		*(.data .data.* .bss .bss.* .got .got.plt)
	} :image
	. = ALIGN(16);
	.text : { *(.text .text.*) } :image

	/DISCARD/ : { *(.comment) *(.discard .discard.*) }
}

/* The names glibc looks up on x86_64, and their plain aliases. */
VERSION
{
	LINUX_2.6 {
	global:
		__vdso_clock_gettime; __vdso_gettimeofday; __vdso_time;
		__vdso_clock_getres;
		clock_gettime; gettimeofday; time; clock_getres;
	local: *;
	};
}
