// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the host block service (os-Linux/block*.c, cow.c) driven
 * directly: requests through AIO and their completions, overlays,
 * and the start-up refusals.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "internal.h"
#include "test.h"

static char dir[] = "/tmp/hostlinux-block-test.XXXXXX";

static const char *path_of(const char *name)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];

	strcpy(p, dir);
	strcat(p, "/");
	strcat(p, name);
	return p;
}

static void make_file(const char *name, size_t size, int fill)
{
	int fd = open(path_of(name), O_CREAT | O_TRUNC | O_WRONLY, 0644);
	char *buf = malloc(size);

	memset(buf, fill, size);
	if (fd < 0 || write(fd, buf, size) != (ssize_t)size)
		printf("cannot make %s\n", name);
	close(fd);
	free(buf);
}

/* Run one request on @disk and wait for its completion; its error. */
static int run(int disk, enum os_block_op op, unsigned long long off,
	       void *buf, unsigned long len)
{
	struct os_block_iov iov[2] = {
		{ buf, len / 2 }, { (char *)buf + len / 2, len - len / 2 },
	};
	struct os_block_request req = {
		.op = op, .offset = off, .len = len, .iov = iov,
		.nr_iov = 2, .cookie = buf,
	};
	struct os_block_completion done;
	struct pollfd pfd = { .fd = os_block_event_fd(), .events = POLLIN };
	int err, tries;

	err = os_block_submit(disk, &req);
	if (err)
		return err;
	for (tries = 0; tries < 100; tries++) {
		poll(&pfd, 1, 100);
		os_block_ack_event();
		if (os_block_reap(disk, &done, 1) == 1)
			return done.cookie == buf ? done.error : -EFAULT;
	}
	return -ETIMEDOUT;
}

static int attach(int index, const char *file, const char *backing,
		  unsigned int flags, const char **why)
{
	const char *at;

	return os_block_attach(index, path_of(file),
			       backing ? path_of(backing) : NULL, flags, &at, why);
}

static void test_plain(void)
{
	static char buf[8192] __attribute__((aligned(4096)));
	struct os_block_info info;
	const char *why;

	make_file("plain.img", 1 << 20, 'a');
	CHECK(attach(0, "plain.img", NULL, 0, &why) == 0);
	CHECK(os_block_info(0, &info) == 0 && info.size == 1 << 20);
	CHECK(os_block_info(1, &info) == -ENODEV);
	memset(buf, 'z', sizeof(buf));
	CHECK(run(0, OS_BLOCK_WRITE, 4096, buf, sizeof(buf)) == 0);
	memset(buf, 0, sizeof(buf));
	CHECK(run(0, OS_BLOCK_READ, 0, buf, sizeof(buf)) == 0);
	CHECK(buf[0] == 'a' && buf[4095] == 'a' && buf[4096] == 'z' &&
	      buf[8191] == 'z');
	CHECK(run(0, OS_BLOCK_FLUSH, 0, NULL, 0) == 0);
	CHECK(run(0, OS_BLOCK_WRITE_ZEROES, 4096, NULL, 4096) == 0);
	CHECK(run(0, OS_BLOCK_READ, 4096, buf, 4096) == 0 && buf[0] == 0 &&
	      buf[4095] == 0);
	/* The same file again, in this process or as another's writer. */
	CHECK(attach(1, "plain.img", NULL, 0, &why) == -EBUSY && why);
	CHECK(attach(1, "plain.img", NULL, DISK_READ_ONLY, &why) == -EBUSY);
}

/*
 * A file without O_DIRECT: its requests go to the worker threads (16
 * reads handed over together), and land where they should.
 */
static void test_buffered(void)
{
	static char bufs[16][4096] __attribute__((aligned(4096)));
	struct os_block_completion done[16];
	struct pollfd pfd = { .fd = os_block_event_fd(), .events = POLLIN };
	const char *why;
	int i, got = 0, tries, bad = 0;

	make_file("buffered.img", 1 << 20, 'b');
	CHECK(attach(7, "buffered.img", NULL, 0, &why) == 0);
	/* As block_open.c leaves a file whose O_DIRECT probe failed. */
	if (os_disks[7].direct) {
		close(os_disks[7].fd);
		os_disks[7].fd = os_disks[7].buffered_fd;
		os_disks[7].direct = 0;
	}
	for (i = 0; i < 16; i++) {
		memset(bufs[i], 'a' + i, 4096);
		CHECK(run(7, OS_BLOCK_WRITE, i * 8192ULL, bufs[i], 4096) == 0);
	}
	for (i = 0; i < 16; i++) {
		struct os_block_iov iov = { bufs[i], 4096 };
		struct os_block_request req = {
			.op = OS_BLOCK_READ, .offset = i * 8192ULL,
			.len = 4096, .iov = &iov, .nr_iov = 1,
			.cookie = bufs[i], .more = i < 15,
		};

		memset(bufs[i], 0, 4096);
		CHECK(os_block_submit(7, &req) == 0);
	}
	for (tries = 0; tries < 100 && got < 16; tries++) {
		poll(&pfd, 1, 100);
		os_block_ack_event();
		got += os_block_reap(7, done + got, 16 - got);
	}
	CHECK(got == 16);
	for (i = 0; i < 16; i++)
		bad += bufs[i][0] != 'a' + i || bufs[i][4095] != 'a' + i;
	CHECK(bad == 0);
	for (i = 0; i < got; i++)
		CHECK(done[i].error == 0);
}

/* Reap completions of @disk into @cookies until @n came, or time is up. */
static int reap_all(int disk, void **cookies, int n)
{
	struct pollfd pfd = { .fd = os_block_event_fd(), .events = POLLIN };
	struct os_block_completion done[8];
	int got = 0, tries, i, k;

	for (tries = 0; tries < 100 && got < n; tries++) {
		poll(&pfd, 1, 100);
		os_block_ack_event();
		k = os_block_reap(disk, done, 8);
		for (i = 0; i < k && got < n; i++)
			cookies[got++] = done[i].error ? NULL : done[i].cookie;
	}
	return got;
}

/* Requests said to have more behind them go at the commit, or before a flush. */
static void test_held(void)
{
	static char bufs[4][4096] __attribute__((aligned(4096)));
	struct os_block_iov iov[4];
	struct os_block_request req = { .op = OS_BLOCK_WRITE, .more = 1,
					.nr_iov = 1 };
	void *cookies[5];
	const char *why;
	int i, j, seen;

	make_file("held.img", 1 << 20, 'a');
	CHECK(attach(2, "held.img", NULL, 0, &why) == 0);
	for (i = 0; i < 3; i++) {
		memset(bufs[i], 'p' + i, 4096);
		iov[i] = (struct os_block_iov){ bufs[i], 4096 };
		req.offset = 4096 * i;
		req.iov = &iov[i];
		req.cookie = bufs[i];
		CHECK(os_block_submit(2, &req) == 0);
	}
	os_block_commit(2);
	CHECK(reap_all(2, cookies, 3) == 3);
	for (i = 0, seen = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			seen += cookies[i] == bufs[j];
	CHECK(seen == 3);

	/* A held write, then a flush: both finish, the write first started. */
	memset(bufs[3], 's', 4096);
	iov[3] = (struct os_block_iov){ bufs[3], 4096 };
	req.offset = 3 * 4096;
	req.iov = &iov[3];
	req.cookie = bufs[3];
	CHECK(os_block_submit(2, &req) == 0);
	req = (struct os_block_request){ .op = OS_BLOCK_FLUSH,
					 .cookie = bufs[2] };
	CHECK(os_block_submit(2, &req) == 0);
	CHECK(reap_all(2, cookies, 2) == 2 &&
	      ((cookies[0] == bufs[3] && cookies[1] == bufs[2]) ||
	       (cookies[0] == bufs[2] && cookies[1] == bufs[3])));
	memset(bufs[0], 0, sizeof(bufs[0]));
	CHECK(run(2, OS_BLOCK_READ, 0, bufs[0], 4096) == 0 &&
	      bufs[0][0] == 'p' && bufs[0][4095] == 'p');
	CHECK(run(2, OS_BLOCK_READ, 3 * 4096, bufs[0], 4096) == 0 &&
	      bufs[0][0] == 's');
}

static void test_refusals(void)
{
	const char *why;

	CHECK(attach(2, "missing.img", NULL, 0, &why) == -ENOENT);
	mkdir(path_of("dir.img"), 0755);
	CHECK(attach(2, "dir.img", NULL, 0, &why) == -EISDIR);
	CHECK(attach(2, "dir.img", NULL, DISK_READ_ONLY, &why) == -EINVAL &&
	      strstr(why, "directory"));
	make_file("odd.img", 1000, 0);
	CHECK(attach(2, "odd.img", NULL, 0, &why) == -EINVAL &&
	      strstr(why, "truncated"));
	make_file("ro.img", 4096, 0);
	chmod(path_of("ro.img"), 0444);
	CHECK(attach(2, "ro.img", NULL, 0, &why) == -EACCES);
	CHECK(attach(2, "ro.img", NULL, DISK_READ_ONLY, &why) == 0);
}

/* Write the @len bytes of @magic at @off of a new 64 KiB image @name. */
static void make_container(const char *name, const char *magic, size_t len,
			   off_t off)
{
	int fd;

	make_file(name, 64 << 10, 0);
	fd = open(path_of(name), O_WRONLY);
	if (fd < 0 || pwrite(fd, magic, len, off) != (ssize_t)len)
		printf("cannot make %s\n", name);
	close(fd);
}

/* A container format (qcow2, VDI...) is refused writable, read with r. */
static void test_containers(void)
{
	const char *why;

	make_container("vm.qcow2", "QFI\xfb\0\0\0\3", 8, 0);
	CHECK(attach(8, "vm.qcow2", NULL, 0, &why) == -EINVAL && why &&
	      strstr(why, "qcow") && strstr(why, "qemu-img convert"));
	make_container("vm.vdi", "\x7f\x10\xda\xbe", 4, 0x40);
	CHECK(attach(8, "vm.vdi", NULL, 0, &why) == -EINVAL && why &&
	      strstr(why, "VDI"));
	make_container("vm.vmdk", "KDMV", 4, 0);
	CHECK(attach(8, "vm.vmdk", NULL, 0, &why) == -EINVAL);
	make_container("vm.vhdx", "vhdxfile", 8, 0);
	CHECK(attach(8, "vm.vhdx", NULL, 0, &why) == -EINVAL);
	/* The same bytes elsewhere are any disk's. */
	make_container("raw.img", "QFI\xfb", 4, 512);
	CHECK(attach(8, "raw.img", NULL, 0, &why) == 0);
	os_disks[8].attached = 0;
	close(os_disks[8].fd);
	close(os_disks[8].buffered_fd);
	CHECK(attach(8, "vm.qcow2", NULL, DISK_READ_ONLY, &why) == 0);
}

/* Files the file size limit would not let ./linux write are refused. */
static void test_size_limit(void)
{
	struct rlimit saved, low;
	const char *why = NULL;

	make_file("big.img", 128 << 10, 0);
	if (getrlimit(RLIMIT_FSIZE, &saved)) {
		CHECK(!"getrlimit");
		return;
	}
	low = saved;
	low.rlim_cur = 64 << 10;
	if (setrlimit(RLIMIT_FSIZE, &low)) {
		CHECK(!"setrlimit");
		return;
	}
	CHECK(os_file_size_limit() == 64 << 10);
	CHECK(attach(9, "big.img", NULL, 0, &why) == -EFBIG && why &&
	      strstr(why, "ulimit -f"));
	CHECK(attach(10, "lim.cow", "big.img", 0, &why) == -EFBIG && why &&
	      strstr(why, "ulimit -f"));
	CHECK(access(path_of("lim.cow"), F_OK) && errno == ENOENT);
	CHECK(attach(9, "big.img", NULL, DISK_READ_ONLY, &why) == 0);
	setrlimit(RLIMIT_FSIZE, &saved);
	CHECK(saved.rlim_cur != RLIM_INFINITY ||
	      os_file_size_limit() == ~0ULL);
}

static void test_cow(void)
{
	static char buf[4096] __attribute__((aligned(4096)));
	const char *why;
	struct stat st;
	int fd;

	make_file("base.img", 64 << 10, 'b');
	CHECK(attach(3, "over.cow", "base.img", 0, &why) == 0);
	memset(buf, 'o', 1024);
	CHECK(run(3, OS_BLOCK_WRITE, 512, buf, 1024) == 0);
	memset(buf, 0, sizeof(buf));
	CHECK(run(3, OS_BLOCK_READ, 0, buf, 2048) == 0);
	CHECK(buf[0] == 'b' && buf[511] == 'b' && buf[512] == 'o' &&
	      buf[1535] == 'o' && buf[1536] == 'b');
	CHECK(run(3, OS_BLOCK_FLUSH, 0, NULL, 0) == 0);
	fd = open(path_of("base.img"), O_RDONLY);
	CHECK(fd >= 0 && pread(fd, buf, 4096, 0) == 4096 && buf[512] == 'b');
	close(fd);
	CHECK(stat(path_of("over.cow"), &st) == 0 && st.st_size > 64 << 10);
	CHECK(run(3, OS_BLOCK_DISCARD, 0, NULL, 4096) == -EOPNOTSUPP);
	/* A base changed under its overlay is refused. */
	make_file("base2.img", 64 << 10, 'b');
	CHECK(attach(4, "over2.cow", "base2.img", 0, &why) == 0);
	os_disks[4].attached = 0;
	close(os_disks[4].cow->fd);
	make_file("base2.img", 128 << 10, 'b');
	CHECK(attach(5, "over2.cow", "base2.img", 0, &why) == -EINVAL &&
	      strstr(why, "changed"));
}

/* An overlay named alone finds its base; with r it is read, not made. */
static void test_cow_alone(void)
{
	static char buf[4096] __attribute__((aligned(4096)));
	const char *why;
	char *base;
	int fd;

	CHECK(os_cow_named_base(path_of("over.cow"), &base, &why) == 1 &&
	      base && !strcmp(base, path_of("base.img")));
	free(base);
	CHECK(os_cow_named_base(path_of("base.img"), &base, &why) == 0 && !base);
	CHECK(os_cow_named_base(path_of("none.cow"), &base, &why) == 0 && !base);
	/* Disk 3 holds over.cow: a second writer is refused, alone too. */
	CHECK(attach(11, "over.cow", NULL, 0, &why) == -EBUSY);
	make_file("base3.img", 64 << 10, 'c');
	CHECK(attach(11, "over3.cow", "base3.img", 0, &why) == 0);
	memset(buf, 'o', 1024);
	CHECK(run(11, OS_BLOCK_WRITE, 1024, buf, 1024) == 0);
	os_disks[11].attached = 0;
	close(os_disks[11].cow->fd);
	close(os_disks[11].cow->base_fd);
	CHECK(attach(12, "over3.cow", NULL, DISK_READ_ONLY, &why) == 0);
	memset(buf, 0, sizeof(buf));
	CHECK(run(12, OS_BLOCK_READ, 0, buf, 4096) == 0);
	CHECK(buf[0] == 'c' && buf[1024] == 'o' && buf[2047] == 'o' &&
	      buf[2048] == 'c');
	CHECK(attach(13, "none.cow", "base3.img", DISK_READ_ONLY, &why) ==
	      -ENOENT && why && access(path_of("none.cow"), F_OK));
	/* A header whose path is cut off names nothing. */
	fd = open(path_of("over3.cow"), O_WRONLY);
	CHECK(fd >= 0 && pwrite(fd, "\0\0\0\0", 4, 56) == 4);
	close(fd);
	CHECK(attach(13, "over3.cow", NULL, 0, &why) == -EINVAL &&
	      strstr(why, "names no base"));
	/* Its base gone: the overlay is named, and the base it names. */
	CHECK(attach(13, "over4.cow", "base4.img", 0, &why) == -ENOENT &&
	      access(path_of("over4.cow"), F_OK));
	make_file("base4.img", 64 << 10, 'd');
	CHECK(attach(13, "over4.cow", "base4.img", 0, &why) == 0);
	os_disks[13].attached = 0;
	close(os_disks[13].cow->fd);
	close(os_disks[13].cow->base_fd);
	unlink(path_of("base4.img"));
	CHECK(attach(14, "over4.cow", NULL, 0, &why) == -ENOENT && why &&
	      strstr(why, "base image it names") && strstr(why, "base4.img"));
}

/* A relative base an overlay names is also looked for beside it. */
static void test_cow_beside(void)
{
	static char buf[4096] __attribute__((aligned(4096)));
	const char *file, *why;
	char cwd[512];

	make_file("base6.img", 64 << 10, 'f');
	CHECK(getcwd(cwd, sizeof(cwd)) && chdir(dir) == 0);
	CHECK(os_block_attach(13, "over6.cow", "base6.img", 0, &file, &why) == 0);
	os_disks[13].attached = 0;
	close(os_disks[13].cow->fd);
	close(os_disks[13].cow->base_fd);
	CHECK(chdir("/") == 0);
	CHECK(os_block_attach(13, path_of("over6.cow"), NULL, DISK_READ_ONLY,
			      &file, &why) == 0);
	CHECK(run(13, OS_BLOCK_READ, 0, buf, 4096) == 0 && buf[4095] == 'f');
	os_disks[13].attached = 0;
	close(os_disks[13].cow->fd);
	close(os_disks[13].cow->base_fd);
	/* Nowhere: the overlay is named, and the base as it names it. */
	unlink(path_of("base6.img"));
	CHECK(os_block_attach(14, path_of("over6.cow"), NULL, 0, &file,
			      &why) == -ENOENT);
	CHECK(strstr(file, "over6.cow") && strstr(why, "it names, base6.img:"));
	CHECK(chdir(cwd) == 0);
}

/* One file, two disks of one ./linux: only overlays share a base. */
static void test_reuse(void)
{
	const char *why;

	/* Disk 0 is plain.img, disk 3 over.cow on base.img. */
	CHECK(attach(15, "base.img", NULL, 0, &why) == -EBUSY &&
	      strstr(why, "base of another ubd device"));
	CHECK(attach(15, "base.img", NULL, DISK_READ_ONLY, &why) == -EBUSY);
	CHECK(attach(15, "over5.cow", "plain.img", 0, &why) == -EBUSY &&
	      strstr(why, "already another ubd device") &&
	      access(path_of("over5.cow"), F_OK));
	CHECK(attach(15, "plain.img", "base.img", 0, &why) == -EBUSY &&
	      strstr(why, "already another ubd device"));
	CHECK(attach(15, "over5.cow", "over.cow", 0, &why) == -EBUSY &&
	      strstr(why, "already another ubd device"));
	CHECK(attach(15, "over7.cow", "over6.cow", 0, &why) == -EINVAL &&
	      strstr(why, "itself an overlay") && access(path_of("over7.cow"), F_OK));
	CHECK(attach(15, "over5.cow", "base.img", 0, &why) == 0);
	/* Refused later: the overlays this run made go, nothing else. */
	os_block_unmake_overlays();
	CHECK(access(path_of("over5.cow"), F_OK) && access(path_of("over.cow"), F_OK));
	CHECK(!access(path_of("over3.cow"), F_OK) && !access(path_of("base.img"), F_OK));
}

/* The byte block @i of the bounce tests holds. */
static char mark(int i)
{
	return (char)('A' + i % 53);
}

/* Fill @n pages every other one of @area with mark(first + i); iov of them. */
static void scattered(char *area, struct os_block_iov *iov, int n, int first,
		      int reversed)
{
	int i;

	for (i = 0; i < n; i++) {
		char *page = area + 2 * (size_t)(reversed ? n - 1 - i : i) * 4096;

		memset(page, mark(first + i), 4096);
		iov[i] = (struct os_block_iov){ page, 4096 };
	}
}

/* Whether the pages of @iov hold mark(first + i) each, whole. */
static int holds_marks(const struct os_block_iov *iov, int n, int first)
{
	int i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < 4096; j++)
			if (((char *)iov[i].base)[j] != mark(first + i))
				return 0;
	return 1;
}

/* Big requests of many pieces: through a bounce buffer, or as they are when none is free. */
static void test_bounced(void)
{
	enum { PAGES = OS_BLOCK_MAX_IOV, BIG = DISK_BOUNCE_COUNT + 2, SMALL = 32 };
	static struct os_block_iov iov[BIG][PAGES];
	char *area = aligned_alloc(4096, (size_t)BIG * 2 * PAGES * 4096);
	struct os_block_request req = { .op = OS_BLOCK_WRITE,
					.nr_iov = PAGES, .iov = iov[0],
					.offset = 1 << 20, .cookie = area };
	void *cookies[BIG], *held[DISK_BOUNCE_COUNT];
	char *page = aligned_alloc(4096, 4096);
	const char *why;
	int fd, i, ok;

	make_file("bounce.img", 4 << 20, 0);
	CHECK(attach(6, "bounce.img", NULL, 0, &why) == 0);

	/* Pages far apart, written together, land in order... */
	scattered(area, iov[0], PAGES, 0, 0);
	CHECK(os_block_submit(6, &req) == 0 && reap_all(6, cookies, 1) == 1 &&
	      cookies[0] == area);
	fd = open(path_of("bounce.img"), O_RDONLY);
	for (i = 0, ok = 1; i < PAGES; i++)
		ok &= pread(fd, page, 4096, (1 << 20) + 4096L * i) == 4096 &&
		      page[0] == mark(i) && page[4095] == mark(i);
	close(fd);
	CHECK(ok);

	/* ...and reads back into pages in the opposite order. */
	memset(area, 0, (size_t)2 * PAGES * 4096);
	scattered(area, iov[0], PAGES, 999, 1);
	req.op = OS_BLOCK_READ;
	CHECK(os_block_submit(6, &req) == 0 && reap_all(6, cookies, 1) == 1 &&
	      cookies[0] == area && holds_marks(iov[0], PAGES, 0));

	/* More big reads at once than there are bounce buffers. */
	for (i = 0; i < BIG; i++) {
		scattered(area + (size_t)i * 2 * PAGES * 4096, iov[i], SMALL,
			  999, 0);
		req = (struct os_block_request){
			.op = OS_BLOCK_READ, .nr_iov = SMALL, .iov = iov[i],
			.offset = (1 << 20) + 4096L * SMALL * (i % 4),
			.cookie = iov[i], .more = i < BIG - 1 };
		CHECK(os_block_submit(6, &req) == 0);
	}
	CHECK(reap_all(6, cookies, BIG) == BIG);
	for (i = 0, ok = 1; i < BIG; i++)
		ok &= holds_marks(iov[i], SMALL, SMALL * (i % 4));
	CHECK(ok);

	/* A read past the end of a file that shrank: the rest is zeroes. */
	CHECK(truncate(path_of("bounce.img"), (1 << 20) + 4096 * 3) == 0);
	scattered(area, iov[0], SMALL, 999, 0);
	req = (struct os_block_request){ .op = OS_BLOCK_READ,
					 .nr_iov = SMALL, .iov = iov[0],
					 .offset = 1 << 20, .cookie = area };
	CHECK(os_block_submit(6, &req) == 0 && reap_all(6, cookies, 1) == 1 &&
	      cookies[0] == area && holds_marks(iov[0], 3, 0) &&
	      ((char *)iov[0][3].base)[0] == 0 &&
	      ((char *)iov[0][SMALL - 1].base)[4095] == 0);

	/* The pool: so many buffers, each given out once. */
	for (i = 0; i < DISK_BOUNCE_COUNT; i++)
		held[i] = os_bounce_get();
	CHECK(held[DISK_BOUNCE_COUNT - 1] && !os_bounce_get() &&
	      held[DISK_BOUNCE_COUNT - 1] != held[DISK_BOUNCE_COUNT - 2]);
	for (i = 0; i < DISK_BOUNCE_COUNT; i++)
		os_bounce_put(held[i]);
	CHECK(os_bounce_get() == held[0]);
	os_bounce_put(held[0]);
	free(page);
	free(area);
}

void test_block(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	test_plain();
	test_held();
	test_buffered();
	test_refusals();
	test_containers();
	test_size_limit();
	test_cow();
	test_cow_alone();
	test_cow_beside();
	test_reuse();
	test_bounced();
	strcpy(cmd, "rm -rf ");
	strcat(cmd, dir);
	if (system(cmd))
		CHECK(!"rm");
}
