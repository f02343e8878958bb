// SPDX-License-Identifier: GPL-2.0
/*
 * I/O benchmark for bench/io.sh: the same workloads natively on a host
 * file and inside a guest on its disk.  Static and libaio-free: queue
 * depth N is N forked workers each doing one request at a time.
 *
 *   io TARGET SIZE-MIB SECONDS
 *
 * Prints "name value unit" lines.  As a guest's init (no arguments) it
 * runs on /dev/ubda, mounts nothing, and powers off.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *target;
static long long size;
static double seconds;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *buffer(size_t len)
{
	void *p;

	if (posix_memalign(&p, 4096, len))
		exit(1);
	memset(p, 0x5a, len);
	return p;
}

static int open_target(int flags)
{
	int fd = open(target, flags | O_DIRECT);

	if (fd < 0) {
		perror(target);
		exit(1);
	}
	return fd;
}

/* MiB/s of one pass over the target in 1 MiB requests. */
static double sequential(int writing)
{
	int fd = open_target(writing ? O_WRONLY : O_RDONLY);
	char *buf = buffer(1 << 20);
	double t = now();
	long long off;

	for (off = 0; off < size; off += 1 << 20) {
		ssize_t n = writing ? pwrite(fd, buf, 1 << 20, off) :
			pread(fd, buf, 1 << 20, off);

		if (n != 1 << 20) {
			perror("sequential");
			exit(1);
		}
	}
	if (writing)
		fdatasync(fd);
	t = now() - t;
	close(fd);
	return size / 1048576.0 / t;
}

/* Operations per second of @depth workers doing random 4 KiB requests. */
static double random_io(int writing, int depth, int sync)
{
	int fds[2], i;
	long long total = 0, ops;
	double t = now();

	if (pipe(fds))
		exit(1);
	for (i = 0; i < depth; i++) {
		if (fork() == 0) {
			int fd = open_target(writing ? O_WRONLY : O_RDONLY);
			char *buf = buffer(4096);
			double end = now() + seconds;
			unsigned int seed = getpid();

			ops = 0;
			while (now() < end) {
				off_t off = (rand_r(&seed) % (size / 4096)) * 4096;
				ssize_t n = writing ? pwrite(fd, buf, 4096, off) :
					pread(fd, buf, 4096, off);

				if (n != 4096)
					_exit(1);
				if (sync && fdatasync(fd))
					_exit(1);
				ops++;
			}
			if (write(fds[1], &ops, sizeof(ops)) != sizeof(ops))
				_exit(1);
			_exit(0);
		}
	}
	close(fds[1]);
	while (read(fds[0], &ops, sizeof(ops)) == sizeof(ops))
		total += ops;
	close(fds[0]);
	while (wait(NULL) > 0)
		;
	return total / (now() - t);
}

int main(int argc, char **argv)
{
	int init = getpid() == 1;

	if (init) {
		mount("proc", "/proc", "proc", 0, NULL);
		mount("dev", "/dev", "devtmpfs", 0, NULL);
		target = "/dev/ubda";
		size = 256LL << 20;
		seconds = 3;
	} else if (argc == 4) {
		target = argv[1];
		size = atoll(argv[2]) << 20;
		seconds = atof(argv[3]);
	} else {
		fprintf(stderr, "usage: io TARGET SIZE-MIB SECONDS\n");
		return 2;
	}
	printf("seq-write %.0f MiB/s\n", sequential(1));
	fflush(stdout);
	printf("seq-read %.0f MiB/s\n", sequential(0));
	fflush(stdout);
	printf("rand-read-qd1 %.0f IOPS\n", random_io(0, 1, 0));
	fflush(stdout);
	printf("rand-read-qd32 %.0f IOPS\n", random_io(0, 32, 0));
	fflush(stdout);
	printf("rand-write-qd1 %.0f IOPS\n", random_io(1, 1, 0));
	fflush(stdout);
	printf("rand-write-qd32 %.0f IOPS\n", random_io(1, 32, 0));
	fflush(stdout);
	printf("fsync-4k %.0f ops/s\n", random_io(1, 1, 1));
	fflush(stdout);
	if (init)
		reboot(RB_POWER_OFF);
	return 0;
}
