/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ./linux command line: what the host side takes from it, and the
 * kernel command line made of the rest.
 */
#ifndef __UM_OS_CMDLINE_H
#define __UM_OS_CMDLINE_H

#include <limits.h>

#include <os/block.h>
#include <um/boot.h>

#define OS_CMDLINE_ERROR_SIZE 256

/* ubdN[FLAGS]=FILE[,BACKING] */
struct os_cmdline_ubd {
	int given;
	unsigned int flags;		/* DISK_* of os-Linux/disk.h */
	char file[PATH_MAX];
	char backing[PATH_MAX];		/* empty: not an overlay */
};

struct os_cmdline {
	unsigned long mem_size;		/* mem=, in bytes, page-aligned */
	int console_in_fd;		/* con0=fd:IN,fd:OUT */
	int console_out_fd;
	const char *initrd;		/* initrd=FILE, NULL if none */
	const char *uspace;		/* uspace=seccomp|ptrace, NULL: either */
	struct os_cmdline_ubd ubd[OS_BLOCK_MAX_DISKS];
	int help;			/* --help: print usage and exit */
	int version;			/* --version: print version and exit */
	char kernel_cmdline[UM_CMDLINE_SIZE];
	char error[OS_CMDLINE_ERROR_SIZE];	/* set when parsing fails */
};

/*
 * Parse @argv[1..@argc-1] into @out.  Returns 0, or -EINVAL with
 * @out->error saying what is wrong.  Touches nothing but @out.
 */
int os_cmdline_parse(int argc, char **argv, struct os_cmdline *out);

#endif
