/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit statuses of ./linux, documented in the README and --help.
 */
#ifndef __UM_SHARED_EXIT_STATUS_H
#define __UM_SHARED_EXIT_STATUS_H

/* halt or poweroff from the guest, or kunit_shutdown=halt */
#define UM_EXIT_POWEROFF	0
/* the kernel panicked (includes "No working init found") */
#define UM_EXIT_PANIC		1
/* bad command line, or the host refused a resource at start-up */
#define UM_EXIT_USAGE		2
/* an orderly shutdown asked for by host signal N exits with 128 + N */
#define UM_EXIT_SIGNAL_BASE	128

#endif
