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
 *
 * The address space limit (RLIMIT_AS, "ulimit -v") counts every mapping,
 * reserved or used.  Two of ours are large only because address space is
 * free: the vmalloc area (64 GiB) and the stubs' shared memory (8 GiB).
 * Under such a limit each takes a quarter of the room left when it is
 * made (the vmalloc area 128 MiB at least), so that ./linux starts and
 * runs processes under it.
 */
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

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

/* Bytes of address space in use: the first field of /proc/self/statm. */
static unsigned long long address_space_used(void)
{
	unsigned long long pages = 0;
	char buf[32];
	ssize_t n;
	int fd, i;

	fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;	/* no /proc: the mappings will tell */
	n = read(fd, buf, sizeof(buf));
	close(fd);
	for (i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
		pages = pages * 10 + (buf[i] - '0');
	return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

unsigned long long os_address_space_room(void)
{
	unsigned long long used;
	struct rlimit rl;

	if (getrlimit(RLIMIT_AS, &rl) || rl.rlim_cur == RLIM_INFINITY)
		return ~0ULL;
	used = address_space_used();
	return rl.rlim_cur > used ? rl.rlim_cur - used : 0;
}
