// SPDX-License-Identifier: GPL-2.0
/*
 * A look at an image before the kernel gets it.  The block driver does
 * not care what a disk holds, but the common mistakes with ext2/3/4
 * images (a copy cut short, a damaged super block) are cheaper to name
 * here, in one line, than as a failed mount deep in the boot log.  An
 * image without an ext super block (a partitioned disk, another file
 * system, swap) passes untouched.
 *
 * So does a virtual machine image in a container format (qcow2, VMDK,
 * VDI, VHDX), but only read-only: the guest sees the container's bytes,
 * not the disk inside, and its first write to them would ruin the
 * container.  Writable, it is refused with the way to a raw image.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "disk.h"

#define EXT_SUPER_OFFSET	1024
#define EXT_SUPER_SIZE		1024
#define EXT_MAGIC		0xEF53
#define EXT_INCOMPAT_64BIT	0x80
#define EXT_RO_COMPAT_CSUM	0x400

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC32C (Castagnoli) as ext4 keeps it: seed ~0, no final inversion. */
static uint32_t crc32c(uint32_t crc, const unsigned char *p, size_t n)
{
	int bit;

	while (n--) {
		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1));
	}
	return crc;
}

struct container {
	unsigned int offset;
	const char *magic;
	unsigned int len;
	const char *why;
};

#define CONVERT	" image, not a raw disk (qemu-img convert -O raw makes one; " \
		"the r flag hands the guest its bytes)"

static const struct container containers[] = {
	{ 0, "QFI\xfb", 4, "is a qcow" CONVERT },
	{ 0, "KDMV", 4, "is a VMDK" CONVERT },
	{ 0, "# Disk DescriptorFile", 21, "is a VMDK" CONVERT },
	{ 0x40, "\x7f\x10\xda\xbe", 4, "is a VirtualBox VDI" CONVERT },
	{ 0, "vhdxfile", 8, "is a VHDX" CONVERT },
};

/* Why @fd's first bytes make it a container format, or NULL. */
static const char *container_format(int fd, unsigned long long size)
{
	unsigned char head[0x44];
	unsigned int i;

	if (size < sizeof(head) || pread(fd, head, sizeof(head), 0) !=
	    (ssize_t)sizeof(head))
		return NULL;
	for (i = 0; i < sizeof(containers) / sizeof(containers[0]); i++)
		if (!memcmp(head + containers[i].offset, containers[i].magic,
			    containers[i].len))
			return containers[i].why;
	return NULL;
}

int os_image_check(int fd, unsigned long long size, int writable,
		   const char **why)
{
	unsigned char sb[EXT_SUPER_SIZE];
	unsigned long long blocks, need;
	uint32_t log_block_size;

	if (writable) {
		*why = container_format(fd, size);
		if (*why)
			return -EINVAL;
	}
	if (size < EXT_SUPER_OFFSET + EXT_SUPER_SIZE)
		return 0;
	if (pread(fd, sb, sizeof(sb), EXT_SUPER_OFFSET) != sizeof(sb))
		return errno ? -errno : -EIO;
	if ((sb[0x38] | sb[0x39] << 8) != EXT_MAGIC)
		return 0;

	if ((le32(sb + 0x64) & EXT_RO_COMPAT_CSUM) &&
	    crc32c(~0U, sb, 0x3FC) != le32(sb + 0x3FC)) {
		*why = "corrupt ext4 super block (checksum mismatch)";
		return -EINVAL;
	}
	log_block_size = le32(sb + 0x18);
	blocks = le32(sb + 0x4);
	if (le32(sb + 0x60) & EXT_INCOMPAT_64BIT)
		blocks |= (unsigned long long)le32(sb + 0x150) << 32;
	if (log_block_size > 6 || blocks == 0) {
		*why = "corrupt ext super block (block size or count)";
		return -EINVAL;
	}
	need = blocks << (10 + log_block_size);
	if (need > size) {
		*why = "truncated image: its file system is larger than the file";
		return -EINVAL;
	}
	return 0;
}
