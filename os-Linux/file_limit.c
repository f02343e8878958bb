// SPDX-License-Identifier: GPL-2.0
/*
 * The host's file size limit (RLIMIT_FSIZE, "ulimit -f") binds every
 * file ./linux writes: images and overlays, and the memfds of guest
 * memory and of the stubs' shared memory.  A write at or past it fails
 * with EFBIG (SIGXFSZ is ignored: irq.c).  So what would cross it from
 * the start is refused, or sized to fit, before the kernel runs; a limit
 * lowered later (prlimit) makes the writes past it I/O errors for the
 * guest, never the end of ./linux.
 */
#include <sys/resource.h>

#include "internal.h"

unsigned long long os_file_size_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_FSIZE, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return ~0ULL;
	return rl.rlim_cur;
}
