// SPDX-License-Identifier: GPL-2.0
/*
 * The vDSO in guest processes: the kernel's time data page ([vvar],
 * read-only) and the image built from vclock.c ([vdso]) right above
 * it, mapped by every exec and named to the program by AT_SYSINFO_EHDR.
 * Both live in physical memory, as guest mappings must, not in the
 * kernel image.
 */
#include <linux/binfmts.h>
#include <linux/cache.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <vdso/datapage.h>
#include <asm/elf.h>
#include <asm/um_vdso.h>

#define UM_VDSO_MAX_PAGES	4

struct vdso_data *um_vdso_data __ro_after_init;

static void *um_vdso_text __initdata;
static struct page *um_vdso_data_page[1] __ro_after_init;
static struct page *um_vdso_text_pages[UM_VDSO_MAX_PAGES] __ro_after_init;
static unsigned int um_vdso_nr_pages __ro_after_init;

static const struct vm_special_mapping um_vvar_mapping = {
	.name = "[vvar]",
	.pages = um_vdso_data_page,
};

static const struct vm_special_mapping um_vdso_mapping = {
	.name = "[vdso]",
	.pages = um_vdso_text_pages,
};

/*
 * Before timekeeping starts, which writes the time data: memory from
 * memblock, the same as the zero page.
 */
void __init um_vdso_alloc(void)
{
	size_t len = um_vdso_image_end - um_vdso_image;
	unsigned int pages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	char *mem;

	if (pages > UM_VDSO_MAX_PAGES)
		panic("hostlinux: the vDSO is %zu bytes, too big\n", len);
	mem = memblock_alloc((1 + pages) << PAGE_SHIFT, PAGE_SIZE);
	if (!mem)
		panic("hostlinux: no memory for the vDSO\n");
	memcpy(mem + PAGE_SIZE, um_vdso_image, len);
	um_vdso_data = (struct vdso_data *)mem;
	um_vdso_text = mem + PAGE_SIZE;
	um_vdso_nr_pages = pages;
}

/* Once struct pages exist. */
void __init um_vdso_init_pages(void)
{
	unsigned int i;

	um_vdso_data_page[0] = virt_to_page(um_vdso_data);
	for (i = 0; i < um_vdso_nr_pages; i++)
		um_vdso_text_pages[i] = virt_to_page(um_vdso_text +
						     i * PAGE_SIZE);
}

void um_vdso_set_host_clock(unsigned long entry)
{
	int i;

	for (i = 0; i < CS_BASES; i++)
		WRITE_ONCE(um_vdso_data[i].arch_data.host_clock, entry);
}

int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp)
{
	unsigned long text_len = (unsigned long)um_vdso_nr_pages << PAGE_SHIFT;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long addr;
	int err = 0;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	addr = get_unmapped_area(NULL, 0, PAGE_SIZE + text_len, 0, 0);
	if (IS_ERR_VALUE(addr)) {
		err = addr;
		goto out;
	}
	vma = _install_special_mapping(mm, addr, PAGE_SIZE,
				       VM_READ | VM_MAYREAD | VM_DONTDUMP,
				       &um_vvar_mapping);
	if (IS_ERR(vma)) {
		err = PTR_ERR(vma);
		goto out;
	}
	vma = _install_special_mapping(mm, addr + PAGE_SIZE, text_len,
				       VM_READ | VM_EXEC | VM_MAYREAD |
				       VM_MAYWRITE | VM_MAYEXEC,
				       &um_vdso_mapping);
	if (IS_ERR(vma)) {
		/* exec fails and takes the whole new mm with it. */
		err = PTR_ERR(vma);
		goto out;
	}
	mm->context.vdso = addr + PAGE_SIZE;
out:
	mmap_write_unlock(mm);
	return err;
}
