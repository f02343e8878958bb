// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of hostlinux's memory handling: guest-memory copies that
 * walk page tables (mm/uaccess.c), vmalloc pages kept in step with
 * host mappings (mm/kernel_map.c), physical memory backed by the host
 * ahead of use (mm/host_backing.c), which execs may keep their
 * caller's host process (mm/exec_handover.c).
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/mman.h>
#include <linux/sched/coredump.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <os/mem.h>

#include "../host_mm.h"

#define UM_TEST_PAGES	3

static unsigned long um_test_user_area(struct kunit *test)
{
	unsigned long addr = kunit_vm_mmap(test, NULL, 0,
					   UM_TEST_PAGES * PAGE_SIZE,
					   PROT_READ | PROT_WRITE,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_VALUE(addr), "vm_mmap failed");
	return addr;
}

/* A copy that straddles pages, each faulted in on first touch. */
static void um_uaccess_across_pages(struct kunit *test)
{
	unsigned long user = um_test_user_area(test);
	size_t len = 2 * PAGE_SIZE;
	char __user *where = (char __user *)(user + PAGE_SIZE / 2);
	char *out = kunit_kmalloc(test, len, GFP_KERNEL);
	char *in = kunit_kzalloc(test, len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, in);
	for (i = 0; i < len; i++)
		out[i] = (char)(i * 7 + 1);

	KUNIT_EXPECT_EQ(test, copy_to_user(where, out, len), 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(in, where, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, len), 0);

	KUNIT_EXPECT_EQ(test, clear_user(where, len), 0);
	KUNIT_EXPECT_EQ(test, copy_from_user(in, where, len), 0);
	KUNIT_EXPECT_EQ(test, memchr_inv(in, 0, len), NULL);
}

/* Copies stop, and say how much is left, where the mapping ends. */
static void um_uaccess_partial_at_unmapped(struct kunit *test)
{
	unsigned long user = um_test_user_area(test);
	unsigned long end = user + UM_TEST_PAGES * PAGE_SIZE;
	char buf[64] = { 0 };

	vm_munmap(end - PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test,
			copy_to_user((void __user *)(end - PAGE_SIZE - 16), buf,
				     sizeof(buf)),
			sizeof(buf) - 16);
	KUNIT_EXPECT_EQ(test,
			copy_from_user(buf, (void __user *)(end - PAGE_SIZE),
				       sizeof(buf)),
			sizeof(buf));
}

/* Read-only guest memory takes no kernel writes. */
static void um_uaccess_respects_protection(struct kunit *test)
{
	unsigned long user = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ,
					   MAP_ANONYMOUS | MAP_PRIVATE, 0);
	char buf[8] = "abcdefg";

	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(user));
	KUNIT_EXPECT_EQ(test, copy_from_user(buf, (void __user *)user, 8), 0);
	KUNIT_EXPECT_EQ(test, buf[0], 0);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)user, buf, 8), 8);
}

static void um_uaccess_strings(struct kunit *test)
{
	unsigned long user = um_test_user_area(test);
	/* The string crosses into the second page. */
	char __user *str = (char __user *)(user + PAGE_SIZE - 3);
	char buf[16];

	KUNIT_ASSERT_EQ(test, copy_to_user(str, "hostlinux", 10), 0);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, str, sizeof(buf)), 9);
	KUNIT_EXPECT_STREQ(test, buf, "hostlinux");
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf, str, 4), 4);
	KUNIT_EXPECT_EQ(test, strnlen_user(str, 100), 10);
	KUNIT_EXPECT_EQ(test, strnlen_user(str, 5), 6);
	KUNIT_EXPECT_EQ(test, strncpy_from_user(buf,
			(const char __user *)(TASK_SIZE - 8), 8), -EFAULT);
}

/* vmalloc memory is usable at once and gone from the host after vfree. */
static void um_vmalloc_host_mapping(struct kunit *test)
{
	size_t len = 5 * PAGE_SIZE;
	unsigned char *p = vmalloc(len);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)i;
	for (i = 0; i < len; i += PAGE_SIZE / 2)
		KUNIT_EXPECT_EQ(test, p[i], (unsigned char)i);
	KUNIT_EXPECT_TRUE(test, um_kernel_range_ok(p, len, true));
	vfree(p);
	vm_unmap_aliases();
	KUNIT_EXPECT_FALSE(test, um_kernel_range_ok(p, 1, false));
}

/* The same physical page seen through vmap and the direct map. */
static void um_vmap_aliases_direct_map(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	unsigned long *direct, *mapped;

	KUNIT_ASSERT_NOT_NULL(test, page);
	mapped = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mapped);
	direct = page_address(page);
	mapped[3] = 0x600dcafe;
	KUNIT_EXPECT_EQ(test, direct[3], 0x600dcafeUL);
	direct[4] = 42;
	KUNIT_EXPECT_EQ(test, mapped[4], 42UL);
	vunmap(mapped);
	__free_page(page);
}

/*
 * A block the allocator hands out is backed by the host at once (mm/
 * host_backing.c): resident before anything touched it.  Early after
 * boot a block this large comes from memory nothing used yet.
 */
static void um_allocated_block_is_host_backed(struct kunit *test)
{
	const unsigned int order = 9;
	struct page *block = alloc_pages(GFP_KERNEL, order);
	unsigned long addr;

	KUNIT_ASSERT_NOT_NULL(test, block);
	addr = (unsigned long)page_address(block);
	KUNIT_EXPECT_EQ(test, os_mem_resident_pages(addr, PAGE_SIZE << order),
			1 << order);
	__free_pages(block, order);
}

/*
 * An exec keeps its caller's host process only when the caller could
 * have traced the new program: the same ids, no new capability, an mm
 * that may be dumped.
 */
static void um_exec_keeps_host_only_without_gain(struct kunit *test)
{
	const struct cred *old = current_cred();
	struct cred *new = prepare_creds();

	KUNIT_ASSERT_NOT_NULL(test, new);
	KUNIT_EXPECT_TRUE(test, um_exec_gains_nothing(old, new,
						      SUID_DUMP_USER));
	KUNIT_EXPECT_FALSE(test, um_exec_gains_nothing(old, new,
						       SUID_DUMP_DISABLE));
	KUNIT_EXPECT_FALSE(test, um_exec_gains_nothing(old, new,
						       SUID_DUMP_ROOT));

	new->euid = KUIDT_INIT(__kuid_val(old->euid) + 1);
	KUNIT_EXPECT_FALSE(test, um_exec_gains_nothing(old, new,
						       SUID_DUMP_USER));
	new->euid = old->euid;
	new->fsgid = KGIDT_INIT(__kgid_val(old->fsgid) + 1);
	KUNIT_EXPECT_FALSE(test, um_exec_gains_nothing(old, new,
						       SUID_DUMP_USER));
	new->fsgid = old->fsgid;

	/* Fewer capabilities are no gain; one more is. */
	cap_lower(new->cap_permitted, CAP_SYS_ADMIN);
	KUNIT_EXPECT_TRUE(test, um_exec_gains_nothing(old, new,
						      SUID_DUMP_USER));
	KUNIT_EXPECT_FALSE(test, um_exec_gains_nothing(new, old,
						       SUID_DUMP_USER));
	abort_creds(new);
}

static struct kunit_case um_mm_cases[] = {
	KUNIT_CASE(um_uaccess_across_pages),
	KUNIT_CASE(um_uaccess_partial_at_unmapped),
	KUNIT_CASE(um_uaccess_respects_protection),
	KUNIT_CASE(um_uaccess_strings),
	KUNIT_CASE(um_vmalloc_host_mapping),
	KUNIT_CASE(um_vmap_aliases_direct_map),
	KUNIT_CASE(um_allocated_block_is_host_backed),
	KUNIT_CASE(um_exec_keeps_host_only_without_gain),
	{}
};

static struct kunit_suite um_mm_suite = {
	.name = "hostlinux-mm",
	.test_cases = um_mm_cases,
};
kunit_test_suite(um_mm_suite);

MODULE_DESCRIPTION("KUnit tests of hostlinux's memory handling");
MODULE_LICENSE("GPL");
