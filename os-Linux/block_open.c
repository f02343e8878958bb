// SPDX-License-Identifier: GPL-2.0
/*
 * ubdN= at start-up: open each image, lock it, and check it before the
 * kernel sees it.  Everything here only reads the images (an overlay is
 * created when missing, and removed again when a later disk is refused):
 * a refused command line leaves them as they were.
 *
 * Locks are open-file-description locks (F_OFD_SETLK) over the whole
 * file: exclusive for a writable image, shared for a read-only one or a
 * copy-on-write base, so two ./linux may share a base or a read-only
 * image but never write one image together.  They go away with the
 * process, however it ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "internal.h"

struct disk os_disks[OS_BLOCK_MAX_DISKS];

int os_disk_lock(int fd, int shared)
{
	struct flock lock = {
		.l_type = shared ? F_RDLCK : F_WRLCK,
		.l_whence = SEEK_SET,
	};

	if (fcntl(fd, F_OFD_SETLK, &lock))
		return -errno;
	return 0;
}

/* The image's size, or -errno; only files and block devices serve. */
static int image_stat(int fd, struct stat *st, unsigned long long *size,
		      const char **why)
{
	if (fstat(fd, st))
		return -errno;
	if (S_ISREG(st->st_mode)) {
		*size = st->st_size;
	} else if (S_ISBLK(st->st_mode)) {
		off_t end = lseek(fd, 0, SEEK_END);

		if (end < 0)
			return -errno;
		*size = end;
	} else {
		*why = S_ISDIR(st->st_mode) ? "is a directory" :
			"not a regular file or block device";
		return -EINVAL;
	}
	if (*size == 0 || *size % OS_BLOCK_SECTOR_SIZE) {
		*why = "truncated image: size is not a non-zero multiple of 512 bytes";
		return -EINVAL;
	}
	return 0;
}

/* Can direct I/O read this file?  An aligned probe read says. */
static int probe_direct(const char *path, int rw)
{
	static char probe[4096] __attribute__((aligned(4096)));
	int fd = open(path, (rw ? O_RDWR : O_RDONLY) | O_DIRECT | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (pread(fd, probe, OS_BLOCK_SECTOR_SIZE, 0) != OS_BLOCK_SECTOR_SIZE) {
		close(fd);
		return -1;
	}
	return fd;
}

const char *os_disk_reused(const struct stat *st, int as_base)
{
	int i;

	for (i = 0; i < OS_BLOCK_MAX_DISKS; i++) {
		const struct disk *d = &os_disks[i];

		if (!d->attached)
			continue;
		if (d->dev == st->st_dev && d->ino == st->st_ino)
			return "is already another ubd device of this ./linux";
		/* Overlays may share a base: none of them writes it. */
		if (d->cow && !as_base && d->base_dev == st->st_dev &&
		    d->base_ino == st->st_ino)
			return "is the base of another ubd device of this ./linux";
	}
	return NULL;
}

static int open_plain(struct disk *d, const char *path, const char **why)
{
	int rw = !(d->flags & DISK_READ_ONLY);
	struct stat st;
	int err;

	d->buffered_fd = open(path, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC |
			      (d->flags & DISK_SYNC ? O_DSYNC : 0));
	if (d->buffered_fd < 0) {
		err = -errno;
		if (err == -EACCES || err == -EROFS)
			*why = rw ? "cannot be opened for writing (add the r flag, ubdNr=, for read-only)" : NULL;
		return err;
	}
	err = image_stat(d->buffered_fd, &st, &d->size, why);
	if (err)
		return err;
	/* root writes anything: the mode is the owner's stated intent. */
	if (rw && S_ISREG(st.st_mode) && !(st.st_mode & 0222)) {
		*why = "is a read-only file (add the r flag, ubdNr=, to use it read-only)";
		return -EACCES;
	}
	/* Block devices are not bound by it. */
	if (rw && S_ISREG(st.st_mode) && d->size > os_file_size_limit()) {
		*why = "is larger than the file size limit (ulimit -f) lets ./linux write (add the r flag, ubdNr=, for read-only)";
		return -EFBIG;
	}
	*why = os_disk_reused(&st, 0);
	if (*why)
		return -EBUSY;
	d->dev = st.st_dev;
	d->ino = st.st_ino;
	err = os_disk_lock(d->buffered_fd, !rw);
	if (err == -EAGAIN || err == -EACCES) {
		*why = rw ? "is in use (locked by another ./linux or program)" :
			"is being written by another ./linux or program";
		return -EBUSY;
	}
	if (err)
		return err;
	err = os_image_check(d->buffered_fd, d->size, rw, why);
	if (err)
		return err;

	d->fd = probe_direct(path, rw);
	d->direct = d->fd >= 0;
	if (!d->direct)
		d->fd = d->buffered_fd;
	return 0;
}

/*
 * Why the base an overlay names, @base, failed: the overlay is named.
 * (No snprintf(): in ./linux that name is the kernel's.)
 */
static const char *named_base_error(const char *base, int err, const char *why)
{
	static char text[4200];
	const char *part[] = {
		"the base image it names, ", base, ": ",
		why ? why : strerror(-err),
	};
	size_t len = 0, n;
	unsigned int i;

	for (i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		n = strnlen(part[i], sizeof(text) - 1 - len);
		memcpy(text + len, part[i], n);
		len += n;
	}
	text[len] = '\0';
	return text;
}

/*
 * The relative base path @base an overlay names is not there from here:
 * look for it beside the overlay @path, as when ./linux made the overlay
 * in the overlay's own directory and now runs elsewhere.  Size and
 * modification time still have to match.
 */
static int open_beside(struct disk *d, const char *path, const char *base,
		       const char **file, const char **why)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	char *beside;
	int err;

	if (base[0] == '/' || !dir_len)
		return -ENOENT;
	beside = malloc(dir_len + strlen(base) + 1);
	if (!beside)
		return -ENOENT;
	memcpy(beside, path, dir_len);
	strcpy(beside + dir_len, base);
	err = os_cow_open(d, path, beside, file, why);
	if (*file == beside)
		*file = base;	/* blame what the overlay names */
	free(beside);
	return err;
}

int os_block_attach(int index, const char *path, const char *backing,
		    unsigned int flags, const char **file, const char **why)
{
	struct disk *d = &os_disks[index];
	char *named_base = NULL;
	int err;

	*file = path;
	*why = NULL;
	memset(d, 0, sizeof(*d));
	d->flags = flags;
	d->fd = d->buffered_fd = -1;
	if (!backing) {
		err = os_cow_named_base(path, &named_base, why);
		if (err < 0)
			return err;
		backing = named_base;
	}
	if (backing) {
		d->flags |= DISK_NO_DISCARD;
		err = os_cow_open(d, path, backing, file, why);
		if (err == -ENOENT && named_base && *file == named_base)
			err = open_beside(d, path, named_base, file, why);
		if (err && named_base && *file == named_base) {
			*file = path;
			*why = named_base_error(named_base, err, *why);
		}
	} else {
		err = open_plain(d, path, why);
	}
	free(named_base);
	if (!err)
		err = os_block_engine_start(d, why);
	if (err) {
		/* Closing drops the locks; exit follows. */
		if (d->fd >= 0 && d->fd != d->buffered_fd)
			close(d->fd);
		if (d->buffered_fd >= 0)
			close(d->buffered_fd);
		d->fd = d->buffered_fd = -1;
		return err;
	}
	d->attached = 1;
	return 0;
}

void os_block_unmake_overlays(void)
{
	int i;

	for (i = 0; i < OS_BLOCK_MAX_DISKS; i++)
		if (os_disks[i].attached && os_disks[i].cow &&
		    os_disks[i].cow->made)
			unlink(os_disks[i].cow->made);
}

int os_block_info(int index, struct os_block_info *info)
{
	const struct disk *d;

	if (index < 0 || index >= OS_BLOCK_MAX_DISKS || !os_disks[index].attached)
		return -ENODEV;
	d = &os_disks[index];
	info->size = d->size;
	info->read_only = !!(d->flags & DISK_READ_ONLY);
	info->sync_writes = !!(d->flags & DISK_SYNC);
	info->no_partitions = !!(d->flags & DISK_NO_PARTITIONS);
	info->no_discard = !!(d->flags & DISK_NO_DISCARD);
	return 0;
}
