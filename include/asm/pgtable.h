/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page tables of hostlinux: four levels (p4d folded) walked only by
 * software.  Kernel entries describe the vmalloc area, which is kept in
 * step with the host mapping (mm/host_sync.c); user entries describe
 * guest processes, whose host mappings follow them on TLB flushes.
 */
#ifndef __UM_ASM_PGTABLE_H
#define __UM_ASM_PGTABLE_H

#include <asm-generic/pgtable-nop4d.h>
#include <asm/page.h>

#define PGDIR_SHIFT	39
#define PUD_SHIFT	30
#define PMD_SHIFT	21

#define PTRS_PER_PGD	512
#define PTRS_PER_PUD	512
#define PTRS_PER_PMD	512
#define PTRS_PER_PTE	512

#define PGDIR_SIZE	(_AC(1, UL) << PGDIR_SHIFT)
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
#define PUD_SIZE	(_AC(1, UL) << PUD_SHIFT)
#define PUD_MASK	(~(PUD_SIZE - 1))
#define PMD_SIZE	(_AC(1, UL) << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))

#define USER_PTRS_PER_PGD	((UM_TASK_SIZE + PGDIR_SIZE - 1) / PGDIR_SIZE)
#define FIRST_USER_ADDRESS	0UL

/* Entry bits.  Table entries (pmd/pud/p4d) use PRESENT only. */
#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_ACCESSED	0x008UL
#define _PAGE_DIRTY	0x010UL
#define _PAGE_SPECIAL	0x020UL
#define _PAGE_PROTNONE	0x040UL	/* mapped, but no access (PROT_NONE) */
#define _PAGE_EXEC	0x080UL
#define _PAGE_SWP	0x100UL	/* not present: a swap entry */
#define _PAGE_SWP_EXCLUSIVE 0x200UL
#define _PAGE_PFN_MASK	(~(PAGE_SIZE - 1) & ((1UL << 52) - 1))

#define _PAGE_TABLE	_PAGE_PRESENT
#define _PAGE_CHG_MASK	(_PAGE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | \
			 _PAGE_SPECIAL)

#define PAGE_NONE	__pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED)
#define PAGE_READONLY	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_READONLY_EXEC \
	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_EXEC)
#define PAGE_COPY	PAGE_READONLY
#define PAGE_COPY_EXEC	PAGE_READONLY_EXEC
#define PAGE_SHARED	\
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_SHARED_EXEC \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
		 _PAGE_EXEC)
#define PAGE_KERNEL	\
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL_RO	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED)
#define PAGE_KERNEL_EXEC \
	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | \
		 _PAGE_EXEC)
#define PAGE_KERNEL_RX	__pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_EXEC)

#ifndef __ASSEMBLY__

#include <linux/mm_types.h>

extern pgd_t swapper_pg_dir[PTRS_PER_PGD];
extern unsigned long um_vmalloc_start;
extern unsigned long um_vmalloc_end;
extern struct page *um_zero_page;

#define VMALLOC_START	um_vmalloc_start
#define VMALLOC_END	um_vmalloc_end

#define ZERO_PAGE(vaddr)	(um_zero_page)

#define pte_ERROR(e)	pr_err("%s:%d: bad pte %016lx\n", __FILE__, __LINE__, pte_val(e))
#define pmd_ERROR(e)	pr_err("%s:%d: bad pmd %016lx\n", __FILE__, __LINE__, pmd_val(e))
#define pud_ERROR(e)	pr_err("%s:%d: bad pud %016lx\n", __FILE__, __LINE__, pud_val(e))
#define pgd_ERROR(e)	pr_err("%s:%d: bad pgd %016lx\n", __FILE__, __LINE__, pgd_val(e))

/* Leaf entries */

static inline int pte_none(pte_t pte)
{
	return pte_val(pte) == 0;
}

static inline int pte_present(pte_t pte)
{
	return pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE);
}

/*
 * One flag bit, three accessors: pte_<flag>() tests it, pte_<set>() and
 * pte_<clear>() return the entry with it set or cleared.
 */
#define UM_PTE_FLAG(flag, bit, set, clear)				\
static inline int pte_##flag(pte_t pte)					\
{									\
	return (pte_val(pte) & (bit)) != 0;				\
}									\
static inline pte_t pte_##set(pte_t pte)				\
{									\
	return __pte(pte_val(pte) | (bit));				\
}									\
static inline pte_t pte_##clear(pte_t pte)				\
{									\
	return __pte(pte_val(pte) & ~(bit));				\
}

UM_PTE_FLAG(write, _PAGE_RW, mkwrite_novma, wrprotect)
UM_PTE_FLAG(dirty, _PAGE_DIRTY, mkdirty, mkclean)
UM_PTE_FLAG(young, _PAGE_ACCESSED, mkyoung, mkold)
UM_PTE_FLAG(exec, _PAGE_EXEC, mkexec, exprotect)
UM_PTE_FLAG(special, _PAGE_SPECIAL, mkspecial, clear_special)
UM_PTE_FLAG(swp_exclusive, _PAGE_SWP_EXCLUSIVE, swp_mkexclusive,
	    swp_clear_exclusive)

/* Readable: present and not PROT_NONE. */
static inline int pte_read(pte_t pte)
{
	return (pte_val(pte) & _PAGE_PRESENT) != 0;
}

/*
 * GUP-fast's test, which sees no VMA: the access the guest process itself
 * could make.  pte_present() holds for PROT_NONE too.
 */
static inline bool pte_access_permitted(pte_t pte, bool write)
{
	unsigned long need = _PAGE_PRESENT | _PAGE_USER | (write ? _PAGE_RW : 0);

	return (pte_val(pte) & need) == need;
}
#define pte_access_permitted pte_access_permitted

static inline unsigned long pte_pfn(pte_t pte)
{
	return (pte_val(pte) & _PAGE_PFN_MASK) >> PAGE_SHIFT;
}

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte((pfn << PAGE_SHIFT) | pgprot_val(prot));
}

#define pte_page(pte)		pfn_to_page(pte_pfn(pte))
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), (prot))

static inline pte_t pte_modify(pte_t pte, pgprot_t prot)
{
	return __pte((pte_val(pte) & _PAGE_CHG_MASK) |
		     (pgprot_val(prot) & ~_PAGE_CHG_MASK));
}

static inline pgprot_t pte_pgprot(pte_t pte)
{
	return __pgprot(pte_val(pte) & ~_PAGE_PFN_MASK);
}

static inline void set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(*ptep, pte);
}

static inline void pte_clear(struct mm_struct *mm, unsigned long addr,
			     pte_t *ptep)
{
	set_pte(ptep, __pte(0));
}

#define PFN_PTE_SHIFT	PAGE_SHIFT

static inline void update_mmu_cache_range(struct vm_fault *vmf,
		struct vm_area_struct *vma, unsigned long addr,
		pte_t *ptep, unsigned int nr)
{
}

#define update_mmu_cache(vma, addr, ptep) \
	update_mmu_cache_range(NULL, vma, addr, ptep, 1)

/*
 * A pte that only gained access (young, dirty, writable) needs no flush:
 * a host mapping with less access faults once more and is mapped anew
 * after that fault (mm/host_mm.c), as x86 refetches a stale TLB entry.
 * The generic fallback would unmap the page on the host, synchronously.
 */
static inline void flush_tlb_fix_spurious_fault(struct vm_area_struct *vma,
						unsigned long address,
						pte_t *ptep)
{
}

#define flush_tlb_fix_spurious_fault flush_tlb_fix_spurious_fault

/* Table entries */

static inline int pmd_none(pmd_t pmd)
{
	return pmd_val(pmd) == 0;
}

static inline int pmd_present(pmd_t pmd)
{
	return pmd_val(pmd) & _PAGE_PRESENT;
}

static inline int pmd_bad(pmd_t pmd)
{
	return (pmd_val(pmd) & ~_PAGE_PFN_MASK) != _PAGE_TABLE;
}

static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)
{
	WRITE_ONCE(*pmdp, pmd);
}

static inline void pmd_clear(pmd_t *pmdp)
{
	set_pmd(pmdp, __pmd(0));
}

static inline int pmd_leaf(pmd_t pmd)
{
	return 0;
}
#define pmd_leaf pmd_leaf


static inline unsigned long pmd_pfn(pmd_t pmd)
{
	return (pmd_val(pmd) & _PAGE_PFN_MASK) >> PAGE_SHIFT;
}
#define pmd_page(pmd)		pfn_to_page(pmd_pfn(pmd))
#define pmd_page_vaddr(pmd)	((unsigned long)pfn_to_virt(pmd_pfn(pmd)))
#define pmd_pgtable(pmd)	pmd_page(pmd)

static inline int pud_none(pud_t pud)
{
	return pud_val(pud) == 0;
}

static inline int pud_present(pud_t pud)
{
	return pud_val(pud) & _PAGE_PRESENT;
}

static inline int pud_bad(pud_t pud)
{
	return (pud_val(pud) & ~_PAGE_PFN_MASK) != _PAGE_TABLE;
}

static inline void set_pud(pud_t *pudp, pud_t pud)
{
	WRITE_ONCE(*pudp, pud);
}

static inline void pud_clear(pud_t *pudp)
{
	set_pud(pudp, __pud(0));
}

static inline int pud_leaf(pud_t pud)
{
	return 0;
}
#define pud_leaf pud_leaf


static inline unsigned long pud_pfn(pud_t pud)
{
	return (pud_val(pud) & _PAGE_PFN_MASK) >> PAGE_SHIFT;
}
#define pud_page(pud)		pfn_to_page(pud_pfn(pud))
#define pud_pgtable(pud)	((pmd_t *)pfn_to_virt(pud_pfn(pud)))

static inline int p4d_none(p4d_t p4d)
{
	return p4d_val(p4d) == 0;
}

static inline int p4d_present(p4d_t p4d)
{
	return p4d_val(p4d) & _PAGE_PRESENT;
}

static inline int p4d_bad(p4d_t p4d)
{
	return (p4d_val(p4d) & ~_PAGE_PFN_MASK) != _PAGE_TABLE;
}

static inline void set_p4d(p4d_t *p4dp, p4d_t p4d)
{
	WRITE_ONCE(*p4dp, p4d);
}

static inline void p4d_clear(p4d_t *p4dp)
{
	set_p4d(p4dp, __p4d(0));
}

static inline unsigned long p4d_pfn(p4d_t p4d)
{
	return (p4d_val(p4d) & _PAGE_PFN_MASK) >> PAGE_SHIFT;
}
#define p4d_page(p4d)		pfn_to_page(p4d_pfn(p4d))
#define p4d_pgtable(p4d)	((pud_t *)pfn_to_virt(p4d_pfn(p4d)))

/*
 * Swap entries: not present, _PAGE_SWP set (so never pte_none), type in
 * bits 1-5, offset from bit 12.
 */
#define __SWP_TYPE_SHIFT	1
#define __SWP_TYPE_BITS		5
#define __SWP_OFFSET_SHIFT	PAGE_SHIFT
#define MAX_SWAPFILES_CHECK() \
	BUILD_BUG_ON(MAX_SWAPFILES_SHIFT > __SWP_TYPE_BITS)

#define __swp_type(x)	(((x).val >> __SWP_TYPE_SHIFT) & \
			 ((1UL << __SWP_TYPE_BITS) - 1))
#define __swp_offset(x)	((x).val >> __SWP_OFFSET_SHIFT)
#define __swp_entry(type, offset) \
	((swp_entry_t) { ((type) << __SWP_TYPE_SHIFT) | \
			 ((offset) << __SWP_OFFSET_SHIFT) | _PAGE_SWP })
#define __pte_to_swp_entry(pte)	((swp_entry_t) { pte_val(pte) })
#define __swp_entry_to_pte(x)	((pte_t) { (x).val })

void paging_init(void);

/* The pte of @addr in @mm (&init_mm for the kernel's), or NULL: no lock taken. */
pte_t *um_lookup_pte(struct mm_struct *mm, unsigned long addr);

#endif /* __ASSEMBLY__ */

#endif
