// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory is a host memfd, which the host fills page by page as
 * each is first touched: a host page fault per page, tens of
 * microseconds in a VM, on top of the kernel's own work for the page.
 * The page allocator's hook has the host back a whole chunk at once the
 * first time a page of it is handed out: one host call instead of a
 * fault per page.  The cost is host memory in chunk steps, not pages.
 */
#include <linux/bitops.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <os/mem.h>
#include <asm/um_host_backing.h>
#include <asm/um_physmem.h>

#define UM_BACKING_CHUNK_SHIFT	21	/* 2 MiB */

/* Bit N: physical chunk N was given to the host to back (of um_nr_chunks). */
static unsigned long *um_backed_chunks;
static unsigned long um_nr_chunks;

void __init um_host_backing_init(void)
{
	unsigned long bytes;

	um_nr_chunks = DIV_ROUND_UP(max_pfn << PAGE_SHIFT,
					 1UL << UM_BACKING_CHUNK_SHIFT);
	bytes = BITS_TO_LONGS(um_nr_chunks) * sizeof(long);
	/* Without it pages are backed as they are touched, as before. */
	um_backed_chunks = memblock_alloc(bytes, sizeof(long));
}

static void um_back_chunk(unsigned long chunk)
{
	unsigned long start = chunk << UM_BACKING_CHUNK_SHIFT;
	unsigned long end = start + (1UL << UM_BACKING_CHUNK_SHIFT);
	int err;

	start = max(start, um_physmem_phys_start);
	end = min(end, max_pfn << PAGE_SHIFT);
	if (start >= end)
		return;
	err = os_mem_populate((unsigned long)__va(start), end - start);
	/* An old host cannot: stop asking.  Out of memory: touch by touch. */
	if (err == -EINVAL) {
		pr_info("hostlinux: host cannot populate memory ahead: %d\n",
			err);
		WRITE_ONCE(um_backed_chunks, NULL);
	}
}

void arch_alloc_page(struct page *page, int order)
{
	unsigned long *backed = READ_ONCE(um_backed_chunks);
	unsigned long start = page_to_phys(page);
	unsigned long last = start + (PAGE_SIZE << order) - 1;
	unsigned long chunk;

	if (!backed)
		return;
	for (chunk = start >> UM_BACKING_CHUNK_SHIFT;
	     chunk <= last >> UM_BACKING_CHUNK_SHIFT &&
	     chunk < um_nr_chunks; chunk++)
		if (!test_bit(chunk, backed) &&
		    !test_and_set_bit(chunk, backed))
			um_back_chunk(chunk);
}
