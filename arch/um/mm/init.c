// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory and page tables at boot.
 */
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <asm/pgtable.h>
#include <asm/um_host_backing.h>
#include <asm/um_vdso.h>

pgd_t swapper_pg_dir[PTRS_PER_PGD] __page_aligned_bss;
unsigned long um_vmalloc_start __ro_after_init;
unsigned long um_vmalloc_end __ro_after_init;
struct page *um_zero_page __ro_after_init;
EXPORT_SYMBOL(um_zero_page);

void __init paging_init(void)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES] = {
		[ZONE_NORMAL] = max_pfn,
	};
	void *zero = memblock_alloc(PAGE_SIZE, PAGE_SIZE);

	if (!zero)
		panic("hostlinux: no memory for the zero page\n");
	um_vdso_alloc();

	set_max_mapnr(max_pfn);
	free_area_init(max_zone_pfns);
	/* struct pages exist from here on. */
	um_zero_page = virt_to_page(zero);
	um_vdso_init_pages();
}

void __init mem_init(void)
{
	um_host_backing_init();
	memblock_free_all();
}

/*
 * The image's pages are the host binary's own memory, not the physical
 * memory descriptor: init sections stay where they are.
 */
void free_initmem(void)
{
}

pte_t *um_lookup_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	if (pgd_none(*pgd))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (p4d_none(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (pmd_none(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

static pgprot_t protection_map[16] __ro_after_init = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_COPY,
	[VM_WRITE | VM_READ]				= PAGE_COPY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_COPY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};
DECLARE_VM_GET_PAGE_PROT
