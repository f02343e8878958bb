/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ./linux is linked by the host toolchain with its own default linker
 * script; this one only adds the kernel's sections to it (INSERT), so
 * libc, the dynamic loader and the kernel's tables live side by side.
 * The image starts at UM_IMAGE_BASE (-Ttext-segment, arch/um/Makefile).
 */
#include <asm/cache.h>
#include <asm/page.h>
#include <asm/thread_info.h>
#include <asm-generic/vmlinux.lds.h>

SECTIONS
{
	.kernel.text : {
		_text = .;
		_stext = .;
		TEXT_TEXT
		SCHED_TEXT
		LOCK_TEXT
		KPROBES_TEXT
		ENTRY_TEXT
		IRQENTRY_TEXT
		SOFTIRQENTRY_TEXT
		*(.fixup)
		*(.gnu.warning)
		_etext = .;
	}
}
INSERT BEFORE .text;

SECTIONS
{
	. = ALIGN(PAGE_SIZE);
	.kernel.rodata : {
		__start_rodata = .;
		*(.rodata) *(.rodata.*)
		SCHED_DATA
		RO_AFTER_INIT_DATA
		. = ALIGN(8);
		BOUNDED_SECTION_BY(__tracepoints_ptrs, ___tracepoints_ptrs)
		*(__tracepoints_strings)
		. = ALIGN(8);
		BOUNDED_SECTION_BY(__ex_table, ___ex_table)
		. = ALIGN(8);
		BOUNDED_SECTION_BY(__param, ___param)
		BOUNDED_SECTION_BY(__modver, ___modver)
		. = ALIGN(8);
		__start___ksymtab = .;
		KEEP(*(SORT(___ksymtab+*)))
		__stop___ksymtab = .;
		__start___ksymtab_gpl = .;
		KEEP(*(SORT(___ksymtab_gpl+*)))
		__stop___ksymtab_gpl = .;
		__start___kcrctab = .;
		__stop___kcrctab = .;
		__start___kcrctab_gpl = .;
		__stop___kcrctab_gpl = .;
		__ksymtab_strings = .;
		*(__ksymtab_strings)
		. = ALIGN(8);
		BOUNDED_SECTION_PRE_LABEL(.builtin_fw, _builtin_fw, __start, __end)
		. = ALIGN(4);
		BOUNDED_SECTION_BY(.note.*, _notes)
		__end_rodata = .;
	}
}
INSERT AFTER .rodata;

SECTIONS
{
	. = ALIGN(PAGE_SIZE);
	.kernel.data : {
		_sdata = .;
		INIT_TASK_DATA(THREAD_SIZE)
		NOSAVE_DATA
		PAGE_ALIGNED_DATA(PAGE_SIZE)
		CACHELINE_ALIGNED_DATA(L1_CACHE_BYTES)
		READ_MOSTLY_DATA(L1_CACHE_BYTES)
		DATA_DATA
		CONSTRUCTORS
	}

	. = ALIGN(PAGE_SIZE);
	.kernel.init : {
		__init_begin = .;
		_sinittext = .;
		INIT_TEXT
		_einittext = .;
		INIT_DATA
		INIT_SETUP(16)
		INIT_CALLS
		CON_INITCALL
		INIT_RAM_FS
		__init_end = .;
	}

	.kernel.exit : {
		EXIT_TEXT
		*(.exit.data .exit.data.*)
		EXIT_CALL
	}
}
INSERT AFTER .data;

SECTIONS
{
	__bss_stop = .;
}
INSERT AFTER .bss;

jiffies = jiffies_64;

SECTIONS
{
	/DISCARD/ : {
		*(.export_symbol)
		*(.discard)
		*(.discard.*)
		*(.modinfo)
	}
}
INSERT AFTER .kernel.exit;
