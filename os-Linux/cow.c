// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-on-write overlays: ubdN=OVERLAY,BASE.  The base is opened
 * read-only (and share-locked) and never written; every sector the guest
 * writes lands in the overlay, and a bitmap there says which sectors it
 * holds.  Reads of other sectors go to the base.
 *
 * Overlay format, version 1 (all numbers little-endian):
 *
 *   offset  size  field
 *        0     8  magic "HLUBDCOW"
 *        8     4  version (1)
 *       12     4  sector size (512)
 *       16     8  base size in bytes
 *       24     8  base modification time, seconds
 *       32     8  base modification time, nanoseconds
 *       40     8  bitmap offset (4096)
 *       48     8  data offset: sector S of the disk is at data + S * 512
 *       56     4  length of the base path
 *       64  4032  base path as given when the overlay was made, NUL-ended
 *     4096     .  bitmap: bit S % 8 of byte S / 8 set = sector S written
 *
 * The data area is a sparse file as large as the base.  A write puts the
 * data in place before it sets the bits (so a crash in between loses only
 * a write the guest was never told had finished); flush makes both
 * durable.  A base whose size or modification time differs from the
 * header is refused: the overlay's sectors would no longer fit around it.
 *
 * An overlay named alone (ubdN=OVERLAY) finds its base by the path in its
 * header, as it was given when the overlay was made (a relative one from
 * the directory ./linux runs in, or else beside the overlay:
 * block_open.c).  With the r flag an overlay is read and share-locked,
 * never made or written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "internal.h"

#define COW_MAGIC		"HLUBDCOW"
#define COW_VERSION		1
#define COW_HEADER_SIZE		4096
#define COW_PATH_OFFSET		64
#define COW_ALIGN		4096ULL

struct cow_header {
	unsigned long long base_size;
	unsigned long long mtime_sec;
	unsigned long long mtime_nsec;
	unsigned long long bitmap_offset;
	unsigned long long data_offset;
	unsigned int version;
	unsigned int sector_size;
};

static void put_le(unsigned char *p, unsigned long long v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = v >> (8 * i);
}

static unsigned long long get_le(const unsigned char *p, int bytes)
{
	unsigned long long v = 0;
	int i;

	for (i = bytes - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static unsigned long long align_up(unsigned long long x)
{
	return (x + COW_ALIGN - 1) & ~(COW_ALIGN - 1);
}

static int write_all(int fd, const void *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf = (const char *)buf + n;
		len -= n;
		off += n;
	}
	return 0;
}

static int create_overlay(struct cow_overlay *c, const char *base,
			  const struct stat *st, const char **why)
{
	unsigned char h[COW_HEADER_SIZE] = { 0 };
	size_t path_len = strlen(base);
	int err;

	if (path_len >= COW_HEADER_SIZE - COW_PATH_OFFSET) {
		*why = "base path too long for the overlay header";
		return -ENAMETOOLONG;
	}
	memcpy(h, COW_MAGIC, 8);
	put_le(h + 8, COW_VERSION, 4);
	put_le(h + 12, OS_BLOCK_SECTOR_SIZE, 4);
	put_le(h + 16, st->st_size, 8);
	put_le(h + 24, st->st_mtim.tv_sec, 8);
	put_le(h + 32, st->st_mtim.tv_nsec, 8);
	put_le(h + 40, c->bitmap_offset, 8);
	put_le(h + 48, c->data_offset, 8);
	put_le(h + 56, path_len, 4);
	memcpy(h + COW_PATH_OFFSET, base, path_len);
	if (ftruncate(c->fd, c->data_offset + st->st_size))
		return -errno;
	err = write_all(c->fd, h, sizeof(h), 0);
	if (!err && fsync(c->fd))
		err = -errno;
	return err;
}

static int check_overlay(struct cow_overlay *c, const struct stat *st,
			 const char **why)
{
	unsigned char h[COW_HEADER_SIZE];

	if (pread(c->fd, h, sizeof(h), 0) != sizeof(h) ||
	    memcmp(h, COW_MAGIC, 8)) {
		*why = "not a hostlinux copy-on-write overlay";
		return -EINVAL;
	}
	if (get_le(h + 8, 4) != COW_VERSION ||
	    get_le(h + 12, 4) != OS_BLOCK_SECTOR_SIZE ||
	    get_le(h + 40, 8) != c->bitmap_offset ||
	    get_le(h + 48, 8) != c->data_offset) {
		*why = "overlay of another version or geometry";
		return -EINVAL;
	}
	if (get_le(h + 16, 8) != (unsigned long long)st->st_size ||
	    get_le(h + 24, 8) != (unsigned long long)st->st_mtim.tv_sec ||
	    get_le(h + 32, 8) != (unsigned long long)st->st_mtim.tv_nsec) {
		*why = "its base image changed since the overlay was made (size or modification time)";
		return -EINVAL;
	}
	return 0;
}

/* Whether the file of @fd begins as an overlay does. */
static int has_overlay_magic(int fd)
{
	char magic[8];

	return pread(fd, magic, sizeof(magic), 0) == sizeof(magic) &&
	       !memcmp(magic, COW_MAGIC, sizeof(magic));
}

int os_cow_named_base(const char *path, char **base, const char **why)
{
	unsigned char h[COW_HEADER_SIZE];
	unsigned long long len;
	struct stat st;
	int fd, overlay;

	*base = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	overlay = !fstat(fd, &st) && S_ISREG(st.st_mode) &&
		  pread(fd, h, sizeof(h), 0) == sizeof(h) &&
		  !memcmp(h, COW_MAGIC, 8);
	close(fd);
	if (!overlay)
		return 0;
	len = get_le(h + 56, 4);
	if (!len || len >= COW_HEADER_SIZE - COW_PATH_OFFSET ||
	    memchr(h + COW_PATH_OFFSET, 0, len)) {
		*why = "overlay whose header names no base image";
		return -EINVAL;
	}
	*base = strndup((const char *)h + COW_PATH_OFFSET, len);
	return *base ? 1 : -ENOMEM;
}

int os_cow_open(struct disk *d, const char *overlay, const char *base,
		const char **file, const char **why)
{
	int read_only = !!(d->flags & DISK_READ_ONLY);
	struct cow_overlay *c;
	struct stat st, ost;
	int created = 0, err;
	ssize_t got;

	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fd = c->base_fd = -1;
	d->cow = c;

	*file = base;
	c->base_fd = open(base, O_RDONLY | O_CLOEXEC);
	if (c->base_fd < 0)
		return -errno;
	if (fstat(c->base_fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode)) {
		*why = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
		return -EINVAL;
	}
	if (st.st_size == 0 || st.st_size % OS_BLOCK_SECTOR_SIZE) {
		*why = "truncated image: size is not a non-zero multiple of 512 bytes";
		return -EINVAL;
	}
	*why = os_disk_reused(&st, 1);
	if (*why)
		return -EBUSY;
	if (has_overlay_magic(c->base_fd)) {
		*why = "is itself an overlay (an overlay's base must be a plain image)";
		return -EINVAL;
	}
	if (os_disk_lock(c->base_fd, 1)) {
		*why = "is being written by another ./linux or program";
		return -EBUSY;
	}
	err = os_image_check(c->base_fd, st.st_size, 0, why);
	if (err)
		return err;

	*file = overlay;
	c->fd = open(overlay, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (c->fd < 0 && errno == ENOENT && !read_only) {
		c->fd = open(overlay, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		created = c->fd >= 0;
	}
	if (c->fd < 0 && errno == ENOENT && read_only) {
		*why = "no such overlay (the r flag reads one, it does not make one)";
		return -ENOENT;
	}
	if (c->fd < 0)
		return -errno;
	if (fstat(c->fd, &ost))
		return -errno;
	if (!S_ISREG(ost.st_mode)) {
		*why = "overlay is not a regular file";
		return -EINVAL;
	}
	if (ost.st_dev == st.st_dev && ost.st_ino == st.st_ino) {
		*why = "is its own base";
		return -EINVAL;
	}
	*why = os_disk_reused(&ost, 0);
	if (*why)
		return -EBUSY;
	if (os_disk_lock(c->fd, read_only)) {
		*why = read_only ? "is being written by another ./linux or program" :
			"is in use (locked by another ./linux or program)";
		if (created)
			unlink(overlay);
		return -EBUSY;
	}
	c->bitmap_offset = COW_HEADER_SIZE;
	c->bitmap_size = (st.st_size / OS_BLOCK_SECTOR_SIZE + 7) / 8;
	c->data_offset = align_up(c->bitmap_offset + c->bitmap_size);
	if (!read_only && c->data_offset + st.st_size > os_file_size_limit()) {
		*why = "overlay would be larger than the file size limit (ulimit -f) lets ./linux write";
		err = -EFBIG;
	} else {
		err = created ? create_overlay(c, base, &st, why) :
			check_overlay(c, &st, why);
	}
	if (err) {
		if (created)
			unlink(overlay);
		return err;
	}
	c->bitmap = calloc(1, c->bitmap_size);
	if (!c->bitmap)
		return -ENOMEM;
	got = pread(c->fd, c->bitmap, c->bitmap_size, c->bitmap_offset);
	if (got != (ssize_t)c->bitmap_size) {
		*why = "overlay shorter than its bitmap";
		return -EINVAL;
	}
	d->size = st.st_size;
	d->fd = d->buffered_fd = c->fd;
	d->dev = ost.st_dev;
	d->ino = ost.st_ino;
	d->base_dev = st.st_dev;
	d->base_ino = st.st_ino;
	if (created)
		c->made = strdup(overlay);
	return 0;
}

/*
 * Readers run on several worker threads while the one that writes sets
 * bits: each byte is read and set whole.
 */
static int sector_written(const struct cow_overlay *c, unsigned long long s)
{
	return __atomic_load_n(&c->bitmap[s / 8], __ATOMIC_RELAXED) >>
	       (s % 8) & 1;
}

/*
 * Read or write @len bytes at @off of @fd into/from the part of @iov that
 * starts @skip bytes in.
 */
static int io_part(int fd, int write, unsigned long long off,
		   const struct iovec *iov, int nr, size_t skip, size_t len)
{
	while (len) {
		size_t step;
		ssize_t n;

		while (skip >= iov->iov_len) {
			skip -= iov->iov_len;
			iov++;
			nr--;
		}
		step = iov->iov_len - skip;
		if (step > len)
			step = len;
		n = write ? pwrite(fd, (char *)iov->iov_base + skip, step, off) :
			pread(fd, (char *)iov->iov_base + skip, step, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {
			if (write)
				return -EIO;
			memset((char *)iov->iov_base + skip, 0, step);
			n = step;
		}
		skip += n;
		len -= n;
		off += n;
	}
	(void)nr;
	return 0;
}

static size_t iov_total(const struct iovec *iov, int nr)
{
	size_t n = 0;

	while (nr--)
		n += iov[nr].iov_len;
	return n;
}

int os_cow_read(struct disk *d, unsigned long long off,
		const struct iovec *iov, int nr)
{
	const struct cow_overlay *c = d->cow;
	unsigned long long sector = off / OS_BLOCK_SECTOR_SIZE;
	size_t len = iov_total(iov, nr), done = 0;

	while (done < len) {
		int in_overlay = sector_written(c, sector);
		size_t run = 0;
		int err;

		while (done + run < len &&
		       sector_written(c, sector) == in_overlay) {
			run += OS_BLOCK_SECTOR_SIZE;
			sector++;
		}
		err = io_part(in_overlay ? c->fd : c->base_fd, 0,
			      off + done + (in_overlay ? c->data_offset : 0),
			      iov, nr, done, run);
		if (err)
			return err;
		done += run;
	}
	return 0;
}

int os_cow_write(struct disk *d, unsigned long long off,
		 const struct iovec *iov, int nr)
{
	struct cow_overlay *c = d->cow;
	unsigned long long first = off / OS_BLOCK_SECTOR_SIZE;
	size_t len = iov_total(iov, nr);
	unsigned long long last = first + len / OS_BLOCK_SECTOR_SIZE - 1;
	unsigned long long s;
	int err, changed = 0;

	err = io_part(c->fd, 1, c->data_offset + off, iov, nr, 0, len);
	if (err)
		return err;
	for (s = first; s <= last; s++) {
		if (!sector_written(c, s)) {
			__atomic_fetch_or(&c->bitmap[s / 8], 1 << (s % 8),
					  __ATOMIC_RELAXED);
			changed = 1;
		}
	}
	if (!changed)
		return 0;
	return write_all(c->fd, c->bitmap + first / 8, last / 8 - first / 8 + 1,
			 c->bitmap_offset + first / 8);
}

int os_cow_flush(struct disk *d)
{
	return fdatasync(d->cow->fd) ? -errno : 0;
}
