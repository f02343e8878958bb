/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host unit tests' assertion macro and what the stubs of the
 * kernel's entry points (stubs.c) record.
 */
#ifndef __UM_HOST_TEST_H
#define __UM_HOST_TEST_H

#include <stdio.h>

#include <um/entry.h>

extern int tests_passed, tests_failed;

/* One line per failed check; the summary is printed by main(). */
#define CHECK(cond)							\
	do {								\
		if (cond) {						\
			tests_passed++;					\
		} else {						\
			tests_failed++;					\
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__,	\
			       #cond);					\
			fflush(stdout);					\
		}							\
	} while (0)

/* um_host_interrupt(): calls per line, and a pending flag it sets. */
extern volatile int stub_irq_count[UM_IRQ_LINES];
extern volatile unsigned long stub_pending;

/*
 * um_host_fault(): a fault on the page at stub_fault_page makes it
 * read/write and returns, as a late vmalloc mapping would; any other
 * fault ends the test binary.
 */
extern volatile unsigned long stub_fault_page;
extern volatile unsigned long stub_fault_addr;
extern volatile int stub_fault_write;
extern volatile int stub_fault_count;

/* um_host_fatal_signal() exits with this plus the signal number. */
#define STUB_FATAL_EXIT_BASE	100

/* The restart test re-executes this binary with this argument. */
#define RESTART_PROBE		"--restart-probe"
#define RESTART_PROBE_EXIT	42

void test_cmdline(void);
void test_block(void);
void test_os(void);

#endif
