// SPDX-License-Identifier: GPL-2.0
/*
 * dio_access DEVICE: O_DIRECT to and from memory the process may not
 * touch that way fails with EFAULT and moves nothing; the kernel pins a
 * buffer's pages for the disk, and the lockless way of doing so must
 * refuse what the process's own access would.
 *
 * Block 0: a write from a PROT_NONE page.  Block 1: a read into a
 * PROT_READ page.  Block 2: a write from the same page made readable,
 * which lands.  The host checks the image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BLOCK	4096

static char *page_of(char fill)
{
	char *p = mmap(NULL, BLOCK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, fill, BLOCK);	/* present, so a pin would find it */
	return p;
}

static void expect_efault(const char *what, ssize_t n)
{
	if (n < 0 && errno == EFAULT)
		printf("ok %s: EFAULT\n", what);
	else
		printf("not ok %s: %zd (%s)\n", what, n,
		       n < 0 ? strerror(errno) : "no error");
}

int main(int argc, char **argv)
{
	char *none, *readonly;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: dio_access DEVICE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_DIRECT);
	none = page_of('N');
	readonly = page_of('R');
	if (fd < 0 || !none || !readonly ||
	    mprotect(none, BLOCK, PROT_NONE) ||
	    mprotect(readonly, BLOCK, PROT_READ)) {
		perror("dio_access: set-up");
		return 1;
	}
	expect_efault("write from PROT_NONE", pwrite(fd, none, BLOCK, 0));
	expect_efault("read into PROT_READ", pread(fd, readonly, BLOCK, BLOCK));
	if (mprotect(none, BLOCK, PROT_READ) == 0 &&
	    pwrite(fd, none, BLOCK, 2 * BLOCK) == BLOCK)
		printf("ok write from the page made readable\n");
	else
		printf("not ok write from the page made readable\n");
	return fsync(fd) ? 1 : 0;
}
