// SPDX-License-Identifier: GPL-2.0
/*
 * main() of ./linux: read the command line, give the kernel its physical
 * memory, vmalloc area, console and host interrupts, then boot it.
 * Until um_kernel_boot() this is an ordinary libc program.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <os/process.h>
#include <os/uspace.h>
#include <um/boot.h>
#include <um/entry.h>
#include <um/exit_status.h>
#include <um/layout.h>

#include "cmdline.h"
#include "disk.h"
#include "internal.h"

/* The end of the ./linux image, from the linker. */
extern char _end[];

/* Static: both hold kilobytes of command line, too much for main's stack. */
static struct os_cmdline cmdline;
static struct um_boot_params params;

static unsigned long align_up(unsigned long x, unsigned long align)
{
	return (x + align - 1) & ~(align - 1);
}

static void print_usage(void)
{
	printf("Usage: linux [OPTION]... [WORD]... [-- INIT-ARG...]\n"
	       "Run Linux 6.12 (hostlinux, ARCH=um) as an ordinary process on this host.\n"
	       "\n"
	       "  mem=SIZE              physical memory, with an optional K, M or G suffix\n"
	       "                        (default %luM, %luM to %luG)\n"
	       "  con0=fd:IN,fd:OUT     the console on host descriptors IN and OUT; fd:N\n"
	       "                        uses N for both (default fd:0,fd:1); a terminal\n"
	       "                        is put in raw mode while the kernel runs\n"
	       "  initrd=FILE           an initial RAM disk (cpio, optionally compressed)\n"
	       "  uspace=seccomp|ptrace how guest processes are run: seccomp (faster)\n"
	       "                        or ptrace; default seccomp where the host has it\n"
	       "  ubdN[FLAGS]=FILE[,BACKING]\n"
	       "                        block device N (0 to 15, or a to p: /dev/ubda...)\n"
	       "                        on host file FILE; FLAGS: r read-only, s synchronous\n"
	       "                        writes, d no partition table, t no discard; with\n"
	       "                        BACKING, FILE is a copy-on-write overlay (made on\n"
	       "                        first use) and BACKING is never written; an\n"
	       "                        overlay given alone uses the base it names; ubd0=\n"
	       "                        implies root=/dev/ubda unless root= is given\n"
	       "  WORD                  any other word is a kernel parameter, e.g.\n"
	       "                        console=tty loglevel=7 init=/bin/sh\n"
	       "  -- INIT-ARG...        arguments for init\n"
	       "  --help                print this help and exit\n"
	       "  --version             print the version and exit\n"
	       "\n"
	       "Exit status:\n"
	       "  %-5d  the guest halted or powered off\n"
	       "  %-5d  the kernel panicked\n"
	       "  %-5d  bad command line, or the host refused a resource at start-up\n"
	       "  %d+N  orderly shutdown asked for by host signal N (SIGTERM, SIGHUP,\n"
	       "         SIGXCPU, or SIGINT when the console is not a terminal); a\n"
	       "         second one, but for SIGXCPU, exits at once\n",
	       UM_MEM_DEFAULT >> 20, UM_MEM_MIN >> 20, UM_MEM_MAX >> 30,
	       UM_EXIT_POWEROFF, UM_EXIT_PANIC, UM_EXIT_USAGE,
	       UM_EXIT_SIGNAL_BASE);
}

/* One line on stderr; exits through os_process_exit() to undo raw mode. */
static void __attribute__((noreturn)) die(const char *what, int err)
{
	if (err)
		fprintf(stderr, "linux: %s: %s\n", what, strerror(err));
	else
		fprintf(stderr, "linux: %s\n", what);
	os_process_exit(UM_EXIT_USAGE);
}

/* mmap at exactly @addr, refusing to replace anything already there. */
static void map_fixed(unsigned long addr, unsigned long size, int prot,
		      int flags, int fd, const char *what)
{
	void *p;

	p = mmap((void *)addr, size, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
	if (p == MAP_FAILED) {
		int err = errno;

		fprintf(stderr, "linux: cannot map %s at %#lx (%lu bytes): %s%s\n",
			what, addr, size, strerror(err),
			err == ENOMEM && os_address_space_room() != ~0ULL ?
			" (address space limit, ulimit -v)" : "");
		os_process_exit(UM_EXIT_USAGE);
	}
	/* Hosts before 4.17 take MAP_FIXED_NOREPLACE as a mere hint. */
	if ((unsigned long)p != addr) {
		munmap(p, size);
		fprintf(stderr, "linux: cannot map %s at %#lx: host kernel placed it elsewhere\n",
			what, addr);
		os_process_exit(UM_EXIT_USAGE);
	}
}

static void setup_physmem(unsigned long size)
{
	int fd;

	/* Guest memory is a file too: one that cannot be written is no use. */
	if (size > os_file_size_limit()) {
		fprintf(stderr, "linux: mem=%luM: guest memory is larger than the file size limit (ulimit -f) of %llu MiB\n",
			size >> 20, os_file_size_limit() >> 20);
		os_process_exit(UM_EXIT_USAGE);
	}
	fd = memfd_create("hostlinux-physmem", MFD_CLOEXEC);
	if (fd < 0)
		die("cannot create physical memory (memfd_create)", errno);
	if (ftruncate(fd, size))
		die("cannot size physical memory (ftruncate)", errno);
	params.physmem_fd = fd;
	params.physmem_start = align_up((unsigned long)_end, UM_PHYSMEM_ALIGN);
	params.physmem_size = size;
	map_fixed(params.physmem_start, size, PROT_READ | PROT_WRITE,
		  MAP_SHARED, fd, "physical memory");
}

/* As much vmalloc space as a 32-bit x86 kernel has: enough to run. */
#define VMALLOC_MIN	(128UL << 20)

/* Only address space: the kernel maps vmalloc pages into it one by one. */
static void reserve_vmalloc(void)
{
	unsigned long physmem_end = params.physmem_start + params.physmem_size;
	unsigned long long room = os_address_space_room();

	params.vmalloc_start = align_up(physmem_end + UM_VMALLOC_GAP,
					UM_PHYSMEM_ALIGN);
	/*
	 * Under an address space limit (ulimit -v): a quarter of the room
	 * left, or VMALLOC_MIN if that leaves as much again for the rest.
	 */
	params.vmalloc_size = UM_VMALLOC_SIZE;
	if (room / 4 < params.vmalloc_size)
		params.vmalloc_size = room / 4 & ~(UM_PHYSMEM_ALIGN - 1);
	if (params.vmalloc_size < VMALLOC_MIN)
		params.vmalloc_size = VMALLOC_MIN;
	if (room < 2 * VMALLOC_MIN) {
		fprintf(stderr, "linux: the address space limit (ulimit -v) leaves too little room beside mem=%luM\n",
			params.physmem_size >> 20);
		os_process_exit(UM_EXIT_USAGE);
	}
	map_fixed(params.vmalloc_start, params.vmalloc_size, PROT_NONE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
		  "the vmalloc area");
}

/* The initial RAM disk: the kernel copies it out during boot. */
static void map_initrd(const char *path)
{
	struct stat st;
	void *p;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "linux: initrd=%s: %s\n", path, strerror(errno));
		os_process_exit(UM_EXIT_USAGE);
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		fprintf(stderr, "linux: initrd=%s: not a non-empty regular file\n",
			path);
		os_process_exit(UM_EXIT_USAGE);
	}
	p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "linux: initrd=%s: %s\n", path, strerror(errno));
		os_process_exit(UM_EXIT_USAGE);
	}
	close(fd);
	params.initrd_start = (unsigned long)p;
	params.initrd_size = st.st_size;
}

/* ubdN=: opened, locked and checked before the kernel runs. */
static void attach_disks(void)
{
	const char *file, *why;
	int i, err;

	for (i = 0; i < OS_BLOCK_MAX_DISKS; i++) {
		const struct os_cmdline_ubd *ubd = &cmdline.ubd[i];

		if (!ubd->given)
			continue;
		err = os_block_attach(i, ubd->file,
				      ubd->backing[0] ? ubd->backing : NULL,
				      ubd->flags, &file, &why);
		if (err) {
			fprintf(stderr, "linux: ubd%d: %s: %s\n", i, file,
				why ? why : strerror(-err));
			os_block_unmake_overlays();
			os_process_exit(UM_EXIT_USAGE);
		}
	}
}

static void check_console_fd(int fd)
{
	if (fcntl(fd, F_GETFL) < 0) {
		fprintf(stderr, "linux: con0: descriptor %d is not open\n", fd);
		os_process_exit(UM_EXIT_USAGE);
	}
}

int main(int argc, char **argv)
{
	int err;

	if (os_cmdline_parse(argc, argv, &cmdline)) {
		fprintf(stderr, "linux: %s\n", cmdline.error);
		return UM_EXIT_USAGE;
	}
	if (cmdline.help) {
		print_usage();
		return 0;
	}
	if (cmdline.version) {
		printf("hostlinux 0.1 (Linux 6.12, ARCH=um)\n");
		return 0;
	}
	os_process_save_argv(argv);
	os_raise_descriptor_limit();

	check_console_fd(cmdline.console_in_fd);
	check_console_fd(cmdline.console_out_fd);
	params.console_in_fd = cmdline.console_in_fd;
	params.console_out_fd = cmdline.console_out_fd;

	if (cmdline.initrd)
		map_initrd(cmdline.initrd);
	os_uspace_select(cmdline.uspace);
	setup_physmem(cmdline.mem_size);
	reserve_vmalloc();
	/* After the fixed mappings: it starts a thread, whose stack goes anywhere. */
	attach_disks();

	err = os_time_init();
	if (err)
		die("cannot create the host timer", -err);
	/*
	 * Handlers first: from the moment the terminal is raw, every way
	 * out must be one that puts it back.
	 */
	err = os_irq_init();
	if (err)
		die("cannot set up host signals", -err);
	if (isatty(params.console_in_fd)) {
		err = os_console_make_raw(params.console_in_fd);
		if (err)
			die("cannot put the console terminal in raw mode", -err);
	}

	memcpy(params.cmdline, cmdline.kernel_cmdline, sizeof(params.cmdline));
	/* Whatever stdio holds must not surface at some later exit. */
	fflush(NULL);
	um_kernel_boot(&params);
}
