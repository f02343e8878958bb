// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own mappings beyond the direct map: vmalloc/vmap pages
 * are host mappings of the physical memory descriptor, made and removed
 * as init_mm's page tables change (flush_cache_vmap(),
 * flush_tlb_kernel_range()).  Runs of contiguous pages become one host
 * call.
 */
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <asm/sections.h>
#include <asm/tlbflush.h>
#include <asm/um_physmem.h>
#include <os/mem.h>

static pte_t *um_kernel_pte(unsigned long addr)
{
	return um_lookup_pte(&init_mm, addr);
}

static int um_pte_host_prot(pte_t pte)
{
	int prot = OS_PROT_READ;

	if (pte_write(pte))
		prot |= OS_PROT_WRITE;
	if (pte_exec(pte))
		prot |= OS_PROT_EXEC;
	return prot;
}

struct um_map_run {
	unsigned long start, end;	/* virtual range */
	unsigned long offset;		/* in the physical memory descriptor */
	int prot;			/* -1: a run of unmapped pages */
};

static void um_map_run_flush(struct um_map_run *run)
{
	unsigned long len = run->end - run->start;
	int err;

	if (!len)
		return;
	if (run->prot < 0)
		err = os_mem_unmap(run->start, len);
	else
		err = os_mem_map(run->start, len, um_physmem_fd, run->offset,
				 run->prot);
	if (err)
		panic("hostlinux: host mapping of %lx-%lx failed: %d\n",
		      run->start, run->end, err);
	run->start = run->end;
}

void um_kernel_range_sync(unsigned long start, unsigned long end)
{
	struct um_map_run run = { .start = 0, .end = 0, .prot = -1 };
	unsigned long addr;

	start = max(start & PAGE_MASK, VMALLOC_START);
	end = min(PAGE_ALIGN(end), VMALLOC_END);

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = um_kernel_pte(addr);
		pte_t pte = ptep ? ptep_get(ptep) : __pte(0);
		unsigned long phys = pte_pfn(pte) << PAGE_SHIFT;
		unsigned long offset = 0;
		int prot = -1;

		if (pte_present(pte) && um_phys_in_fd(phys)) {
			prot = um_pte_host_prot(pte);
			offset = um_phys_to_fd_offset(phys);
		} else if (pte_present(pte)) {
			WARN_ONCE(1, "vmap of image page %lx\n", phys);
		}

		if (run.end == addr && run.prot == prot &&
		    (prot < 0 || run.offset + (addr - run.start) == offset)) {
			run.end += PAGE_SIZE;
			continue;
		}
		um_map_run_flush(&run);
		run = (struct um_map_run) {
			.start = addr, .end = addr + PAGE_SIZE,
			.offset = offset, .prot = prot,
		};
	}
	um_map_run_flush(&run);
}

bool um_kernel_range_ok(const void *ptr, unsigned long len, bool write)
{
	unsigned long addr = (unsigned long)ptr;
	unsigned long last = addr + len - 1;
	unsigned long ram_end = (unsigned long)__va(max_pfn << PAGE_SHIFT);

	if (last < addr)
		return false;
	/* The image: its text and read-only data are mapped read-only. */
	if (addr >= PAGE_OFFSET && last < (unsigned long)_end)
		return !write || addr >= (unsigned long)_sdata;
	if (addr >= (unsigned long)__va(um_physmem_phys_start) && last < ram_end)
		return true;
	if (addr >= VMALLOC_START && last < VMALLOC_END) {
		for (addr &= PAGE_MASK; addr <= last; addr += PAGE_SIZE) {
			pte_t *ptep = um_kernel_pte(addr);
			pte_t pte = ptep ? ptep_get(ptep) : __pte(0);

			if (!pte_present(pte) || (write && !pte_write(pte)))
				return false;
		}
		return true;
	}
	return false;
}
