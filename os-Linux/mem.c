// SPDX-License-Identifier: GPL-2.0
/*
 * Host memory service: physical memory is a host descriptor, and the
 * kernel's mappings of it are host mappings at fixed addresses.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include <os/mem.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23	/* Linux 5.14 */
#endif

static int host_prot(int prot)
{
	return (prot & OS_PROT_READ ? PROT_READ : 0) |
	       (prot & OS_PROT_WRITE ? PROT_WRITE : 0) |
	       (prot & OS_PROT_EXEC ? PROT_EXEC : 0);
}

int os_mem_map(unsigned long addr, unsigned long len, int fd,
	       unsigned long offset, int prot)
{
	int saved_errno = errno, err = 0;
	void *p;

	p = mmap((void *)addr, len, host_prot(prot), MAP_SHARED | MAP_FIXED,
		 fd, offset);
	if (p == MAP_FAILED)
		err = -errno;
	errno = saved_errno;
	return err;
}

/*
 * Munmap would free the range for any later host mmap to take; a fresh
 * inaccessible mapping drops the pages and keeps the range reserved.
 */
int os_mem_unmap(unsigned long addr, unsigned long len)
{
	int saved_errno = errno, err = 0;
	void *p;

	p = mmap((void *)addr, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
		 -1, 0);
	if (p == MAP_FAILED)
		err = -errno;
	errno = saved_errno;
	return err;
}

int os_mem_protect(unsigned long addr, unsigned long len, int prot)
{
	int saved_errno = errno, err = 0;

	if (mprotect((void *)addr, len, host_prot(prot)))
		err = -errno;
	errno = saved_errno;
	return err;
}

int os_mem_populate(unsigned long addr, unsigned long len)
{
	int saved_errno = errno, err = 0;

	if (madvise((void *)addr, len, MADV_POPULATE_WRITE))
		err = -errno;
	errno = saved_errno;
	return err;
}

int os_mem_resident_pages(unsigned long addr, unsigned long len)
{
	unsigned char vec[64];
	unsigned long page = sysconf(_SC_PAGESIZE), done = 0, step;
	int saved_errno = errno, n = 0;
	unsigned int i;

	while (done < len) {
		step = len - done < sizeof(vec) * page ? len - done :
							 sizeof(vec) * page;
		if (mincore((void *)(addr + done), step, vec)) {
			n = -errno;
			break;
		}
		for (i = 0; i < (step + page - 1) / page; i++)
			n += vec[i] & 1;
		done += step;
	}
	errno = saved_errno;
	return n;
}
