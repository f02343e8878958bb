// SPDX-License-Identifier: GPL-2.0
/*
 * Copies to and from guest memory.  The guest's pages are not mapped in
 * the kernel's host process: each access walks current's page tables
 * and goes through the direct map, faulting the page in first when the
 * guest itself would fault (and only if page faults are allowed here).
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <asm/mmu_context.h>
#include <asm/um_fault.h>

/*
 * The kernel address of guest byte @addr, ready for a read or @write;
 * NULL when the guest could not access it either.
 */
static void *um_user_byte(unsigned long addr, bool write)
{
	struct mm_struct *mm = current->mm;
	int tries;

	if (!mm || addr >= TASK_SIZE)
		return NULL;

	for (tries = 0; tries < 3; tries++) {
		pte_t *ptep = um_lookup_pte(mm, addr);
		pte_t pte = ptep ? ptep_get(ptep) : __pte(0);

		/* Accessed and dirty bits are set by the fault path, as in hardware. */
		if (pte_read(pte) && pte_young(pte) &&
		    (!write || (pte_write(pte) && pte_dirty(pte))))
			return (char *)pfn_to_virt(pte_pfn(pte)) +
			       (addr & ~PAGE_MASK);

		if (pagefault_disabled() ||
		    um_handle_user_fault(addr, write, false, false))
			return NULL;
		/* The guest is likely to touch what the kernel just did. */
		um_user_map_page(mm, addr, write);
	}
	return NULL;
}

/* Copy @n bytes page by page with @copy; returns the bytes left undone. */
static unsigned long um_user_copy(unsigned long uaddr, unsigned long n,
				  bool write,
				  void (*copy)(void *kern, void *arg,
					       unsigned long off,
					       unsigned long len),
				  void *arg)
{
	unsigned long done = 0;

	while (done < n) {
		unsigned long addr = uaddr + done;
		unsigned long len = min(n - done, PAGE_SIZE - (addr & ~PAGE_MASK));
		void *kern = um_user_byte(addr, write);

		if (!kern)
			break;
		copy(kern, arg, done, len);
		done += len;
	}
	return n - done;
}

static void um_copy_in(void *kern, void *to, unsigned long off,
		       unsigned long len)
{
	memcpy((char *)to + off, kern, len);
}

static void um_copy_out(void *kern, void *from, unsigned long off,
			unsigned long len)
{
	memcpy(kern, (const char *)from + off, len);
}

static void um_zero_out(void *kern, void *unused, unsigned long off,
			unsigned long len)
{
	memset(kern, 0, len);
}

unsigned long raw_copy_from_user(void *to, const void __user *from,
				 unsigned long n)
{
	return um_user_copy((unsigned long)from, n, false, um_copy_in, to);
}
EXPORT_SYMBOL(raw_copy_from_user);

unsigned long raw_copy_to_user(void __user *to, const void *from,
			       unsigned long n)
{
	return um_user_copy((unsigned long)to, n, true, um_copy_out,
			    (void *)from);
}
EXPORT_SYMBOL(raw_copy_to_user);

unsigned long um_clear_user(void __user *to, unsigned long n)
{
	return um_user_copy((unsigned long)to, n, true, um_zero_out, NULL);
}
EXPORT_SYMBOL(um_clear_user);

/*
 * Walk a guest string: copy (when @dst) at most @count bytes up to and
 * including its NUL.  Returns its length without the NUL, @count if it
 * is longer, or -EFAULT.
 */
static long um_user_string(char *dst, const char __user *src, long count)
{
	unsigned long addr = (unsigned long)src;
	long done = 0;

	while (done < count) {
		unsigned long chunk = min_t(unsigned long, count - done,
				PAGE_SIZE - ((addr + done) & ~PAGE_MASK));
		const char *kern = um_user_byte(addr + done, false);
		const char *nul;

		if (!kern)
			return -EFAULT;
		nul = memchr(kern, 0, chunk);
		if (nul)
			chunk = nul - kern;
		if (dst)
			memcpy(dst + done, kern, nul ? chunk + 1 : chunk);
		done += chunk;
		if (nul)
			return done;
	}
	return count;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	if (count <= 0)
		return 0;
	return um_user_string(dst, src, count);
}
EXPORT_SYMBOL(strncpy_from_user);

long strnlen_user(const char __user *str, long n)
{
	long len;

	if (n <= 0)
		return 0;
	len = um_user_string(NULL, str, n);
	if (len < 0)
		return 0;
	return len < n ? len + 1 : n + 1;
}
EXPORT_SYMBOL(strnlen_user);
