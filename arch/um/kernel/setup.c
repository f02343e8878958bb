// SPDX-License-Identifier: GPL-2.0
/*
 * setup_arch(): the command line, physical memory and the console.
 */
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/string.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <os/mem.h>
#include <um/boot.h>
#include <asm/um_physmem.h>
#include <asm/um_setup.h>

extern struct um_boot_params um_boot;

unsigned long um_physmem_phys_start __ro_after_init;
int um_physmem_fd __ro_after_init = -1;

static void __init um_memory_setup(void)
{
	phys_addr_t image_end = __pa(um_boot.physmem_start);
	phys_addr_t ram_end = image_end + um_boot.physmem_size;

	um_physmem_fd = um_boot.physmem_fd;
	um_physmem_phys_start = image_end;

	/*
	 * Physical memory starts with the image (and the gap after it),
	 * which the kernel may address but never hands out.
	 */
	memblock_add(0, ram_end);
	memblock_reserve(0, image_end);

	min_low_pfn = 0;
	max_low_pfn = PFN_DOWN(ram_end);
	max_pfn = max_low_pfn;

	um_vmalloc_start = um_boot.vmalloc_start;
	um_vmalloc_end = um_boot.vmalloc_start + um_boot.vmalloc_size;
}

/* The host side mapped initrd=FILE; keep a copy in kernel memory. */
static void __init um_initrd_setup(void)
{
	void *copy;

	if (!IS_ENABLED(CONFIG_BLK_DEV_INITRD) || !um_boot.initrd_size)
		return;
	copy = memblock_alloc(um_boot.initrd_size, PAGE_SIZE);
	if (!copy)
		panic("hostlinux: no memory for the %lu byte initrd\n",
		      um_boot.initrd_size);
	memcpy(copy, (void *)um_boot.initrd_start, um_boot.initrd_size);
	initrd_start = (unsigned long)copy;
	initrd_end = initrd_start + um_boot.initrd_size;
	os_mem_unmap(um_boot.initrd_start, PAGE_ALIGN(um_boot.initrd_size));
}

void __init setup_arch(char **cmdline_p)
{
	strscpy(boot_command_line, um_boot.cmdline, COMMAND_LINE_SIZE);
	*cmdline_p = boot_command_line;

	um_panic_exit_init();
	um_console_early_init(um_boot.console_in_fd, um_boot.console_out_fd);
	parse_early_param();
	um_memory_setup();
	paging_init();
	um_initrd_setup();
}

/* Parsed by the host side before boot; accepted here so init never sees them. */
static int __init um_mem_param(char *arg)
{
	return 0;
}
early_param("mem", um_mem_param);

static int __init um_con0_param(char *arg)
{
	return 0;
}
early_param("con0", um_con0_param);
