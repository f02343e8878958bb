// SPDX-License-Identifier: GPL-2.0
/*
 * Deep-queue data check for the ubd tests: fills a disk (or an image
 * file) with a pattern every 4 KiB block of which names its own block,
 * along every path a request can take to the host, then reads it back.
 *
 *   pattern write|verify TARGET MIB
 *
 * The first quarter is written in 1 MiB requests (one request, one
 * bounce buffer), the second in 64 KiB ones (many segments), the rest as
 * single 4 KiB blocks in a shuffled order, 32 in flight with Linux AIO
 * (bursts of more than 16 go to the host in parts).  All O_DIRECT.
 * "verify" reads the same way, 32 in flight, and compares; run natively
 * on the image afterwards it checks what reached the host's file.
 * Prints "ok pattern written" / "ok pattern verified N blocks", or
 * "not ok ..." with the first bad block, and exits 1 then.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BLOCK		4096
#define DEPTH		32
#define BIG		(1 << 20)
#define MEDIUM		(64 << 10)

static long long blocks;

/* Block @b's content: each 8-byte word says which block and word it is. */
static void fill(uint64_t *p, long long b)
{
	unsigned int i;

	for (i = 0; i < BLOCK / 8; i++)
		p[i] = ((uint64_t)b << 20) ^ (i * 0x9e3779b97f4a7c15ULL) ^
		       0x5542442d74657374ULL;
}

static int matches(const uint64_t *p, long long b)
{
	static uint64_t want[BLOCK / 8];

	fill(want, b);
	return !memcmp(p, want, BLOCK);
}

static void *aligned(size_t len)
{
	void *p;

	if (posix_memalign(&p, BLOCK, len)) {
		printf("not ok pattern: no memory\n");
		exit(1);
	}
	return p;
}

static void fail(const char *what, long long b)
{
	printf("not ok pattern %s at block %lld\n", what, b);
	exit(1);
}

/* Blocks [first, first + n) in requests of @len bytes, one at a time. */
static void runs(int fd, int writing, long long first, long long n, size_t len)
{
	char *buf = aligned(len);
	long long per = len / BLOCK, b, i;

	for (b = first; b < first + n; b += per) {
		if (writing)
			for (i = 0; i < per; i++)
				fill((uint64_t *)(buf + i * BLOCK), b + i);
		if ((writing ? pwrite(fd, buf, len, b * BLOCK) :
			       pread(fd, buf, len, b * BLOCK)) != (ssize_t)len)
			fail(writing ? "write" : "read", b);
		if (!writing)
			for (i = 0; i < per; i++)
				if (!matches((uint64_t *)(buf + i * BLOCK), b + i))
					fail("mismatch", b + i);
	}
	free(buf);
}

/* Blocks [first, first + n) one by one, shuffled, DEPTH in flight. */
static void queued(int fd, int writing, long long first, long long n)
{
	long long *order = malloc(n * sizeof(*order)), i, next = 0, done = 0;
	char *bufs = aligned((size_t)DEPTH * BLOCK);
	struct iocb cbs[DEPTH], *list[DEPTH];
	struct io_event events[DEPTH];
	unsigned int seed = 20261202;
	aio_context_t ctx = 0;
	int free_slots[DEPTH], nr_free = DEPTH;
	int slot, got, k;

	if (!order || syscall(SYS_io_setup, DEPTH, &ctx)) {
		printf("not ok pattern: no AIO\n");
		exit(1);
	}
	for (i = 0; i < n; i++)
		order[i] = first + i;
	for (i = n - 1; i > 0; i--) {
		long long j = rand_r(&seed) % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	/* Each completion frees its slot for the next request. */
	for (slot = 0; slot < DEPTH; slot++)
		free_slots[slot] = slot;
	while (done < n) {
		int nr = 0;

		while (nr_free && next < n) {
			struct iocb *cb;

			slot = free_slots[--nr_free];
			cb = &cbs[slot];
			memset(cb, 0, sizeof(*cb));
			cb->aio_fildes = fd;
			cb->aio_lio_opcode = writing ? IOCB_CMD_PWRITE :
						       IOCB_CMD_PREAD;
			cb->aio_buf = (unsigned long)(bufs + (size_t)slot * BLOCK);
			cb->aio_nbytes = BLOCK;
			cb->aio_offset = order[next] * BLOCK;
			cb->aio_data = slot;
			if (writing)
				fill((uint64_t *)cb->aio_buf, order[next]);
			list[nr++] = cb;
			next++;
		}
		if (nr && syscall(SYS_io_submit, ctx, nr, list) != nr)
			fail("submit", order[next - nr]);
		got = syscall(SYS_io_getevents, ctx, 1, DEPTH, events, NULL);
		if (got <= 0)
			fail("getevents", done);
		for (k = 0; k < got; k++) {
			struct iocb *cb = (struct iocb *)events[k].obj;
			long long b = cb->aio_offset / BLOCK;

			if (events[k].res != BLOCK)
				fail(writing ? "write" : "read", b);
			if (!writing && !matches((uint64_t *)cb->aio_buf, b))
				fail("mismatch", b);
			free_slots[nr_free++] = events[k].data;
			done++;
		}
	}
	syscall(SYS_io_destroy, ctx);
	free(bufs);
	free(order);
}

int main(int argc, char **argv)
{
	int writing, fd;
	long long quarter;

	if (argc != 4 || (strcmp(argv[1], "write") && strcmp(argv[1], "verify"))) {
		fprintf(stderr, "usage: pattern write|verify TARGET MIB\n");
		return 2;
	}
	writing = !strcmp(argv[1], "write");
	blocks = atoll(argv[3]) * (BIG / BLOCK);
	quarter = blocks / 4 / (BIG / BLOCK) * (BIG / BLOCK);
	if (quarter < BIG / BLOCK) {
		fprintf(stderr, "pattern: at least 4 MiB\n");
		return 2;
	}
	fd = open(argv[2], (writing ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	runs(fd, writing, 0, quarter, BIG);
	runs(fd, writing, quarter, quarter, MEDIUM);
	queued(fd, writing, 2 * quarter, blocks - 2 * quarter);
	if (writing && fdatasync(fd))
		fail("fdatasync", 0);
	close(fd);
	if (writing)
		printf("ok pattern written\n");
	else
		printf("ok pattern verified %lld blocks\n", blocks);
	return 0;
}
