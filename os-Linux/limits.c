// SPDX-License-Identifier: GPL-2.0
/*
 * The host's resource limits on ./linux as a whole.
 *
 * The file size limit (RLIMIT_FSIZE, "ulimit -f") binds every file
 * ./linux writes: images and overlays, and the memfds of guest memory
 * and of the stubs' shared memory.  A write at or past it fails with
 * EFBIG (SIGXFSZ is ignored: irq.c).  So what would cross it from the
 * start is refused, or sized to fit, before the kernel runs; a limit
 * lowered later (prlimit) makes the writes past it I/O errors for the
 * guest, never the end of ./linux.
 *
 * The descriptor limit (RLIMIT_NOFILE) counts one descriptor of ours
 * per guest process under the seccomp backend (its stub's result pipe):
 * the usual soft limit of 1024 would cap the guest at some 1000
 * processes, its forks failing with ENOMEM.  The soft limit is raised
 * to the hard one, as any program that needs many descriptors and uses
 * no select() may do.
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

void os_raise_descriptor_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	/* Refused (a hard limit above the host's nr_open): keep ours. */
	setrlimit(RLIMIT_NOFILE, &rl);
}
