// SPDX-License-Identifier: GPL-2.0
/*
 * Write zeroes for the ubd tests: BLKZEROOUT on a block device, which
 * the guest's block layer sends to a disk that offers it as one write
 * zeroes request (the host's fallocate(FALLOC_FL_ZERO_RANGE)).
 *
 *   zeroout DEVICE OFFSET LENGTH
 *
 * Offset and length in bytes.  Prints "ok zeroed" or "not ok zeroout:
 * <error>", and exits 1 then.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uint64_t range[2];
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: zeroout DEVICE OFFSET LENGTH\n");
		return 2;
	}
	range[0] = strtoull(argv[2], NULL, 0);
	range[1] = strtoull(argv[3], NULL, 0);
	fd = open(argv[1], O_WRONLY);
	if (fd < 0 || ioctl(fd, BLKZEROOUT, range) || fsync(fd)) {
		printf("not ok zeroout: %s\n", strerror(errno));
		return 1;
	}
	printf("ok zeroed\n");
	return 0;
}
