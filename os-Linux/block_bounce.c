// SPDX-License-Identifier: GPL-2.0
/*
 * Bounce buffers for the host block service: one contiguous buffer in
 * place of a request's many small ones.
 *
 * Why: the pages of a guest's big request lie apart in the host's
 * memory (the guest's page allocator hands a program's buffer out in any
 * order, and the host backs the guest's memory file page by page), and
 * the host's disk takes one descriptor per piece.  Measured here, on a
 * virtio disk without indirect descriptors, a MiB read of scattered
 * pages took the ring on its own: its second half waited for the
 * first, where a program reading into one contiguous buffer had the
 * whole MiB in flight at once.  Copying a MiB costs some 20-60 us; the
 * wait it saves, a disk access (1 MiB reads in a guest: 1.0-1.5 ->
 * 1.6-3.4 GB/s, the host's own 1.5-3.1 GB/s).
 *
 * The buffers are carved from transparent huge pages where the host
 * gives them (and from pages faulted in one after the other, which the
 * host mostly lays side by side, where it does not).  A few only, made
 * on first use: a request that finds none free goes as it is.
 *
 * Used from the kernel's side of block.c only, with the kernel's
 * interrupts off: never two callers at once.
 */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "disk.h"

#define HUGE_PAGE_SIZE	(2UL << 20)

static char *pool;
static unsigned int in_use;	/* a bit per buffer */
_Static_assert(DISK_BOUNCE_COUNT <= 8 * sizeof(in_use),
	       "block bounce: more buffers than bits");
static int pool_failed;

static int make_pool(void)
{
	size_t len = DISK_BOUNCE_COUNT * DISK_BOUNCE_SIZE;
	uintptr_t start;
	char *area;

	/* Room to start on a huge page boundary. */
	area = mmap(NULL, len + HUGE_PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (area == MAP_FAILED)
		return -1;
	start = ((uintptr_t)area + HUGE_PAGE_SIZE - 1) & ~(HUGE_PAGE_SIZE - 1);
	/* Advice only: without it the buffers work all the same. */
	madvise((void *)start, len, MADV_HUGEPAGE);
	pool = (char *)start;
	return 0;
}

void *os_bounce_get(void)
{
	int i;

	if (!pool && (pool_failed || make_pool())) {
		pool_failed = 1;
		return NULL;
	}
	for (i = 0; i < DISK_BOUNCE_COUNT; i++) {
		if (!(in_use & (1U << i))) {
			in_use |= 1U << i;
			return pool + (size_t)i * DISK_BOUNCE_SIZE;
		}
	}
	return NULL;
}

void os_bounce_put(void *buf)
{
	size_t i = ((char *)buf - pool) / DISK_BOUNCE_SIZE;

	in_use &= ~(1U << i);
}

void os_bounce_gather(void *buf, const struct iovec *iov, int nr)
{
	char *p = buf;
	int i;

	for (i = 0; i < nr; i++) {
		memcpy(p, iov[i].iov_base, iov[i].iov_len);
		p += iov[i].iov_len;
	}
}

void os_bounce_scatter(const void *buf, size_t len, const struct iovec *iov,
		       int nr)
{
	const char *p = buf;
	int i;

	for (i = 0; i < nr && len; i++) {
		size_t step = len < iov[i].iov_len ? len : iov[i].iov_len;

		memcpy(iov[i].iov_base, p, step);
		p += step;
		len -= step;
	}
}
