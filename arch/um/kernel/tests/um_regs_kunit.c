// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of register access by name and offset (regs_access.c):
 * what a probe tracer's "%ax" or "+8(%sp)" turns into.
 */
#include <kunit/test.h>
#include <linux/ptrace.h>
#include <linux/stddef.h>

static void um_regs_names_and_offsets(struct kunit *test)
{
	static const char * const names[] = {
		"ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "r8", "r9",
		"r10", "r11", "r12", "r13", "r14", "r15", "ip", "flags",
	};
	int i, offset;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		offset = regs_query_register_offset(names[i]);
		KUNIT_ASSERT_GE_MSG(test, offset, 0, "%s", names[i]);
		KUNIT_EXPECT_STREQ(test, regs_query_register_name(offset),
				   names[i]);
	}
	KUNIT_EXPECT_EQ(test, regs_query_register_offset("di"),
			(int)offsetof(struct pt_regs, di));
	KUNIT_EXPECT_EQ(test, regs_query_register_offset("eax"), -EINVAL);
	KUNIT_EXPECT_NULL(test, regs_query_register_name(MAX_REG_OFFSET + 8));
}

static void um_regs_get_register(struct kunit *test)
{
	struct pt_regs regs = { .ax = 0x1234, .r15 = 15, .gs = 0x2b };

	KUNIT_EXPECT_EQ(test, regs_get_register(&regs,
			regs_query_register_offset("ax")), 0x1234UL);
	KUNIT_EXPECT_EQ(test, regs_get_register(&regs, 0), 15UL);
	KUNIT_EXPECT_EQ(test, regs_get_register(&regs, MAX_REG_OFFSET), 0x2bUL);
	/* Past the end or between fields: nothing. */
	KUNIT_EXPECT_EQ(test, regs_get_register(&regs, MAX_REG_OFFSET + 8), 0UL);
	KUNIT_EXPECT_EQ(test, regs_get_register(&regs, 4), 0UL);
}

/* Words of this very stack, up from a stack pointer in it. */
static void um_regs_kernel_stack(struct kunit *test)
{
	unsigned long words[4] = { 10, 11, 12, 13 };
	struct pt_regs regs = { .sp = (unsigned long)words };

	KUNIT_EXPECT_TRUE(test, regs_within_kernel_stack(&regs,
			  (unsigned long)&words[3]));
	KUNIT_EXPECT_EQ(test, regs_get_kernel_stack_nth(&regs, 2), 12UL);
	KUNIT_EXPECT_EQ(test, regs_get_kernel_stack_nth(&regs, THREAD_SIZE), 0UL);
}

static struct kunit_case um_regs_cases[] = {
	KUNIT_CASE(um_regs_names_and_offsets),
	KUNIT_CASE(um_regs_get_register),
	KUNIT_CASE(um_regs_kernel_stack),
	{}
};

static struct kunit_suite um_regs_suite = {
	.name = "um_regs",
	.test_cases = um_regs_cases,
};
kunit_test_suite(um_regs_suite);

MODULE_DESCRIPTION("KUnit tests of hostlinux register access by name");
MODULE_LICENSE("GPL");
