/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the host block service: what block.c (requests), block_open.c
 * (ubdN= at start-up) and cow.c (overlays) share.
 */
#ifndef __UM_OS_DISK_H
#define __UM_OS_DISK_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <os/block.h>

/* ubdN flags from the command line. */
#define DISK_READ_ONLY		0x1	/* r */
#define DISK_SYNC		0x2	/* s */
#define DISK_NO_PARTITIONS	0x4	/* d */
#define DISK_NO_DISCARD		0x8	/* t */

struct cow_overlay {
	int fd;			/* the overlay file */
	int base_fd;		/* the base image, read-only */
	char *made;		/* its path if this run made it, else NULL */
	unsigned long long data_offset;
	unsigned long long bitmap_offset;
	unsigned char *bitmap;	/* one bit per sector, 1 = in the overlay */
	size_t bitmap_size;
};

struct disk {
	int attached;
	unsigned int flags;
	int fd;			/* O_DIRECT when the host allows it */
	int buffered_fd;	/* the same file without O_DIRECT */
	int direct;
	unsigned long long size;
	dev_t dev;		/* of the image, to refuse it twice */
	ino_t ino;
	dev_t base_dev;		/* and of an overlay's base */
	ino_t base_ino;
	struct cow_overlay *cow;	/* NULL for a plain image */
	struct disk_engine *engine;	/* block.c's asynchronous state */
};

extern struct disk os_disks[OS_BLOCK_MAX_DISKS];

/*
 * Open, lock and check disk @index: @path (and @backing for an overlay)
 * with DISK_* @flags.  On failure returns -errno and sets *@file to the
 * file at fault and *@why to a reason (NULL: strerror of the error).
 */
int os_block_attach(int index, const char *path, const char *backing,
		    unsigned int flags, const char **file, const char **why);

/*
 * A command line refused after some disks were attached: remove the
 * overlays this run made, so that it leaves the user's files as it found
 * them.
 */
void os_block_unmake_overlays(void);

/* block.c: set up the asynchronous engine of an opened disk. */
int os_block_engine_start(struct disk *d, const char **why);

/* cow.c */
/*
 * Whether @path is an overlay: 1 with *@base its base image's path
 * (allocated), 0 when it is not (or cannot be read: opening it says
 * why), -errno with *@why for an overlay whose header is no good.
 */
int os_cow_named_base(const char *path, char **base, const char **why);
/* Open overlay @overlay on @base for @d (read-only with DISK_READ_ONLY). */
int os_cow_open(struct disk *d, const char *overlay, const char *base,
		const char **file, const char **why);
int os_cow_read(struct disk *d, unsigned long long off,
		const struct iovec *iov, int nr);
int os_cow_write(struct disk *d, unsigned long long off,
		 const struct iovec *iov, int nr);
int os_cow_flush(struct disk *d);

/*
 * image_check.c: a file system that needs more than the file holds, a
 * damaged one, or (@writable) a container format such as qcow2.
 */
int os_image_check(int fd, unsigned long long size, int writable,
		   const char **why);

/*
 * block_bounce.c: a contiguous buffer of DISK_BOUNCE_SIZE bytes for a
 * request of many pieces (NULL when none is free), given back with
 * os_bounce_put(); copying a request's pieces into one and out of one.
 */
#define DISK_BOUNCE_SIZE	(1UL << 20)	/* the largest request */
#define DISK_BOUNCE_COUNT	8
void *os_bounce_get(void);
void os_bounce_put(void *buf);
void os_bounce_gather(void *buf, const struct iovec *iov, int nr);
void os_bounce_scatter(const void *buf, size_t len, const struct iovec *iov,
		       int nr);

/*
 * Why the file of @st cannot be another disk of this ./linux (@as_base:
 * as an overlay's base, which overlays may share), or NULL.
 */
const char *os_disk_reused(const struct stat *st, int as_base);

/* Lock the whole of @fd: shared when @shared, else exclusive. */
int os_disk_lock(int fd, int shared);

#endif
