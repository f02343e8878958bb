// SPDX-License-Identifier: GPL-2.0
/*
 * I/O benchmark for bench/io.sh: the same workloads natively on a host
 * file and inside a guest on its disk.  Queue depth 1 is one process's
 * pread()/pwrite(); depth N is one process keeping N requests in flight
 * with Linux's native AIO (io_submit(), as fio's libaio engine), by raw
 * system calls so that the program stays static and library-free.
 *
 *   [IO_ONLY=WORKLOAD] io TARGET SIZE-MIB SECONDS
 *
 * Prints "name value unit" lines, of every workload or of IO_ONLY's;
 * each runs RAMP_SECONDS before it is measured.  As a guest's
 * init (no arguments) it runs on /dev/ubda for IO_SECONDS (3), both
 * from the kernel's command line, mounts nothing, and powers off.
 *
 * The clock is read every CLOCK_EVERY requests at depth 1 and once per
 * batch of completions at depth N: in a kernel without a vDSO (both
 * UMLs) a clock read is a system call, and this measures the disk.
 *
 * On the host, IO_HANDOVERS=K and IO_BUSY_US=U model what a guest adds
 * at depth N (bench/io-floor.sh): after each batch of completions, K
 * round trips with a second process, each side sleeping in a futex
 * while the other runs (a guest's kernel resuming its process, and the
 * process's next system call going back; bench/turn.h), then U µs of
 * CPU (the guest kernel's own block layer, completing and submitting).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "turn.h"

#define CLOCK_EVERY	16

/*
 * A freshly booted guest settles for its first ~0.1 s (where its
 * threads run, how long they spin): not what a workload is measured on.
 */
#define RAMP_SECONDS	0.5

static const char *target;
static long long size;
static double seconds;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The model of a guest's extra steps (IO_HANDOVERS, IO_BUSY_US). */
static int model_handovers;
static double model_busy;
static uint32_t *model_turn;	/* odd: the peer's turn */

static void model_start(void)
{
	const char *handovers = getenv("IO_HANDOVERS");
	const char *busy = getenv("IO_BUSY_US");
	uint32_t turn;
	pid_t parent = getpid();

	model_handovers = handovers ? atoi(handovers) : 0;
	model_busy = busy ? atof(busy) / 1e6 : 0;
	if (model_handovers <= 0)
		return;
	model_turn = mmap(NULL, sizeof(*model_turn), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (model_turn == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	*model_turn = 0;
	switch (fork()) {
	case -1:
		perror("fork");
		exit(1);
	case 0:
		break;
	default:
		return;
	}
	/* The peer: answers every turn until the program ends. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	for (turn = 1;; turn += 2) {
		turn_wait(model_turn, turn, 0);
		turn_give(model_turn, turn + 1, 0);
	}
}

/* After a batch of completions: what a guest would add before the next. */
static void model_steps(void)
{
	static uint32_t turn;
	double until;
	int i;

	for (i = 0; i < model_handovers; i++, turn += 2) {
		turn_give(model_turn, turn + 1, 0);
		turn_wait(model_turn, turn + 2, 0);
	}
	if (model_busy > 0)
		for (until = now() + model_busy; now() < until;)
			;
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

/*
 * MiB/s of whole passes over the target in 1 MiB requests, for SECONDS
 * (one pass, ~0.1 s here, swings with this VM's disk from one moment to
 * the next); each pass of writes ends in fdatasync().
 */
static double sequential(int writing)
{
	int fd = open_target(writing ? O_WRONLY : O_RDONLY);
	char *buf = buffer(1 << 20);
	double t = now(), end = t + seconds;
	long long off, passes = 0;

	do {
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
		passes++;
	} while (now() < end);
	t = now() - t;
	close(fd);
	free(buf);
	return passes * (size / 1048576.0) / t;
}

/* A random 4 KiB-aligned offset in the target. */
static off_t random_offset(unsigned int *seed)
{
	return (off_t)(rand_r(seed) % (size / 4096)) * 4096;
}

/* Operations per second of random 4 KiB requests one at a time. */
static double random_sync(int writing, int sync)
{
	int fd = open_target(writing ? O_WRONLY : O_RDONLY);
	char *buf = buffer(4096);
	unsigned int seed = getpid();
	double t = now(), end = t + seconds;
	long long ops = 0;

	while (ops % CLOCK_EVERY || now() < end) {
		off_t off = random_offset(&seed);
		ssize_t n = writing ? pwrite(fd, buf, 4096, off) :
			pread(fd, buf, 4096, off);

		if (n != 4096 || (sync && fdatasync(fd))) {
			perror("random");
			exit(1);
		}
		ops++;
	}
	t = now() - t;
	close(fd);
	return ops / t;
}

/* Point @cb at a new random request on @fd into @buf. */
static void prepare_iocb(struct iocb *cb, int fd, int writing, char *buf,
			 unsigned int *seed)
{
	memset(cb, 0, sizeof(*cb));
	cb->aio_fildes = fd;
	cb->aio_lio_opcode = writing ? IOCB_CMD_PWRITE : IOCB_CMD_PREAD;
	cb->aio_buf = (unsigned long)buf;
	cb->aio_nbytes = 4096;
	cb->aio_offset = random_offset(seed);
	cb->aio_data = (unsigned long)cb;
}

/* Operations per second of random 4 KiB requests, @depth in flight. */
static double random_queued(int writing, int depth)
{
	int fd = open_target(writing ? O_WRONLY : O_RDONLY);
	char *bufs = buffer(4096 * (size_t)depth);
	struct iocb *cbs = calloc(depth, sizeof(*cbs));
	struct iocb **list = calloc(depth, sizeof(*list));
	struct io_event *events = calloc(depth, sizeof(*events));
	unsigned int seed = getpid();
	aio_context_t ctx = 0;
	double t, end;
	long long ops = 0;
	int i, n, inflight, more;

	if (!cbs || !list || !events ||
	    syscall(SYS_io_setup, depth, &ctx)) {
		perror("io_setup");
		exit(1);
	}
	for (i = 0; i < depth; i++) {
		prepare_iocb(&cbs[i], fd, writing, bufs + 4096 * (size_t)i,
			     &seed);
		list[i] = &cbs[i];
	}
	t = now();
	end = t + seconds;
	if (syscall(SYS_io_submit, ctx, depth, list) != depth) {
		perror("io_submit");
		exit(1);
	}
	inflight = depth;
	while (inflight) {
		n = syscall(SYS_io_getevents, ctx, 1, depth, events, NULL);
		if (n < 0) {
			perror("io_getevents");
			exit(1);
		}
		inflight -= n;
		model_steps();
		more = now() < end;
		for (i = 0; i < n; i++) {
			struct iocb *cb = (struct iocb *)(unsigned long)
					  events[i].data;

			if (events[i].res != 4096) {
				fprintf(stderr, "random: request failed: %lld\n",
					(long long)events[i].res);
				exit(1);
			}
			ops++;
			if (!more)
				continue;
			prepare_iocb(cb, fd, writing, (char *)(unsigned long)
				     cb->aio_buf, &seed);
			list[i] = cb;
		}
		if (more && n > 0) {
			if (syscall(SYS_io_submit, ctx, n, list) != n) {
				perror("io_submit");
				exit(1);
			}
			inflight += n;
		}
	}
	t = now() - t;
	syscall(SYS_io_destroy, ctx);
	close(fd);
	free(cbs);
	free(list);
	free(events);
	free(bufs);
	return ops / t;
}

static double seq_write(void) { return sequential(1); }
static double seq_read(void) { return sequential(0); }
static double rand_read_qd1(void) { return random_sync(0, 0); }
static double rand_read_qd32(void) { return random_queued(0, 32); }
static double rand_write_qd1(void) { return random_sync(1, 0); }
static double rand_write_qd32(void) { return random_queued(1, 32); }
static double fsync_4k(void) { return random_sync(1, 1); }

/* Each runs RAMP_SECONDS untimed first, as fio's ramp_time. */
static const struct workload {
	const char *name, *unit;
	double (*run)(void);
} workloads[] = {
	{ "seq-write", "MiB/s", seq_write },
	{ "seq-read", "MiB/s", seq_read },
	{ "rand-read-qd1", "IOPS", rand_read_qd1 },
	{ "rand-read-qd32", "IOPS", rand_read_qd32 },
	{ "rand-write-qd1", "IOPS", rand_write_qd1 },
	{ "rand-write-qd32", "IOPS", rand_write_qd32 },
	{ "fsync-4k", "ops/s", fsync_4k },
};

int main(int argc, char **argv)
{
	/* In a guest these come from the kernel's command line. */
	const char *only = getenv("IO_ONLY"), *secs = getenv("IO_SECONDS");
	int init = getpid() == 1;
	size_t i;

	if (init) {
		mount("proc", "/proc", "proc", 0, NULL);
		mount("dev", "/dev", "devtmpfs", 0, NULL);
		target = "/dev/ubda";
		size = 256LL << 20;
		seconds = secs ? atof(secs) : 3;
	} else if (argc == 4) {
		target = argv[1];
		size = atoll(argv[2]) << 20;
		seconds = atof(argv[3]);
	} else {
		fprintf(stderr, "usage: [IO_ONLY=WORKLOAD] io TARGET SIZE-MIB SECONDS\n");
		return 2;
	}
	if (!init)
		model_start();
	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
		double measured = seconds;

		if (only && strcmp(only, workloads[i].name))
			continue;
		seconds = RAMP_SECONDS;
		workloads[i].run();
		seconds = measured;
		printf("%s %.0f %s\n", workloads[i].name, workloads[i].run(),
		       workloads[i].unit);
		fflush(stdout);
	}
	if (init)
		reboot(RB_POWER_OFF);
	return 0;
}
