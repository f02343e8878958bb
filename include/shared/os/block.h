/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host block service: the disks of ubdN= (os-Linux/block.c).  The host
 * side opens, locks and checks every image before the kernel boots; the
 * kernel finds them by number and moves data with asynchronous requests
 * whose completions it reaps when the event descriptor becomes readable
 * (one for all disks).  Functions return 0 (or a count) or -errno.
 */
#ifndef __UM_OS_BLOCK_H
#define __UM_OS_BLOCK_H

#define OS_BLOCK_MAX_DISKS	16
#define OS_BLOCK_SECTOR_SIZE	512

/* Per-disk properties, fixed at start-up. */
struct os_block_info {
	unsigned long long size;	/* bytes, a multiple of the sector */
	int read_only;			/* flag r, or a copy-on-write base */
	int sync_writes;		/* flag s: every write reaches the disk */
	int no_partitions;		/* flag d */
	int no_discard;			/* flag t, or a copy-on-write overlay */
};

enum os_block_op {
	OS_BLOCK_READ,
	OS_BLOCK_WRITE,
	OS_BLOCK_FLUSH,
	OS_BLOCK_DISCARD,
	OS_BLOCK_WRITE_ZEROES,
};

/* One host buffer of a request: kernel addresses are host addresses. */
struct os_block_iov {
	void *base;
	unsigned long len;
};

/*
 * One request.  @iov is read by os_block_submit() and not kept; @len is
 * the byte count of DISCARD and WRITE_ZEROES.  @cookie comes back in the
 * completion.
 */
struct os_block_request {
	enum os_block_op op;
	int fua;			/* WRITE: on stable storage when done */
	int more;			/* more follow: may wait for commit */
	unsigned long long offset;
	unsigned long long len;
	const struct os_block_iov *iov;
	int nr_iov;
	void *cookie;
};

struct os_block_completion {
	void *cookie;
	int error;			/* 0 or -errno: the whole request failed */
};

/* Most buffers one request may have: a 1 MiB request of 4 KiB pages. */
#define OS_BLOCK_MAX_IOV	256

/* The properties of disk @disk; -ENODEV when ubd@disk= was not given. */
int os_block_info(int disk, struct os_block_info *info);
/* The descriptor that is readable while any disk has completions. */
int os_block_event_fd(void);
/*
 * Start @req on @disk.  0 when it is under way (its completion will be
 * reaped later, and the event descriptor becomes readable), -EBUSY when
 * the disk has no room for another request right now, other -errno when
 * the request is refused (nothing was done and no completion follows).
 */
int os_block_submit(int disk, const struct os_block_request *req);
/*
 * Start what os_block_submit() held back on @disk: requests said @more,
 * so that several go to the host in one call.
 */
void os_block_commit(int disk);
/*
 * Collect up to @max finished requests of @disk without waiting; returns
 * how many were stored in @done.  Call os_block_ack_event() before
 * reaping the disks, so that a completion after the reap reraises it.
 */
int os_block_reap(int disk, struct os_block_completion *done, int max);
/* Empty the event descriptor. */
void os_block_ack_event(void);

#endif
