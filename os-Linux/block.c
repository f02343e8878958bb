// SPDX-License-Identifier: GPL-2.0
/*
 * Host block service, the moving of data: each kernel request becomes
 * one vectored Linux AIO operation on the image (a big one, on a
 * contiguous bounce buffer: block_bounce.c), and the requests the
 * kernel hands over together go in one io_submit(); finished
 * operations are reaped without waiting when the kernel's interrupt
 * says some are there.
 *
 * How completions become interrupts: every operation names one eventfd
 * (IOCB_FLAG_RESFD), which the kernel watches like any descriptor (the
 * interrupt layer relays it, an eventfd sending no SIGIO itself).
 * Operations the host can only do synchronously (overlays, a file
 * without O_DIRECT, discard, write zeroes, a flush the file system
 * cannot do asynchronously, fallbacks) go to worker host threads, so
 * that they never hold up the kernel; they complete into a small queue
 * and poke the same eventfd.
 * Whatever changes the disk goes to one worker, in order (an overlay's
 * bitmap is written by it alone); reads go to READ_WORKERS of their own,
 * so that an overlay or a file without O_DIRECT still reads with some
 * queue depth.
 *
 * Short transfers and EINTR/EAGAIN are resubmitted for the rest; a
 * misaligned buffer refused by O_DIRECT (EINVAL) is redone buffered.
 */
#include <errno.h>
#include <fcntl.h>
#include <libaio.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include "disk.h"
#include "internal.h"

#define DISK_SLOTS	128	/* requests in flight per disk */

/*
 * Every this many requests of a burst go to the host without waiting for
 * the rest: the host's io_submit() passes its requests to the disk only
 * once it has prepared them all, and the host disk answers a burst some
 * 120 us after its first request, whatever came after (one io_submit()
 * of 32 takes ~80 us here).  Against 16: QD32 reads 165-184k against
 * 153-161k IOPS in three pairs of alternate boots, for ~2% more host
 * CPU per request; every 4 or 6 did no better than 8 for more CPU, and
 * all 32 at once lost 8%.
 */
#define SUBMIT_EARLY	8

/* Direct I/O of this many bytes goes through a bounce buffer if one is free. */
#define BOUNCE_MIN_LEN	(64UL << 10)

struct slot {
	struct iocb iocb;
	struct iovec iov[OS_BLOCK_MAX_IOV];
	int nr_iov;
	/* In place of iov for the host, or NULL (block_bounce.c). */
	char *bounce;
	size_t bounce_len, bounce_done;
	enum os_block_op op;
	int fua;
	unsigned long long offset;	/* of what is left to do */
	unsigned long long len;		/* DISCARD, WRITE_ZEROES */
	void *cookie;
	struct disk *disk;
	int error;			/* of work the worker did */
	struct slot *next_free;
	struct slot *next_work;
};

struct disk_engine {
	io_context_t ctx;
	int aio_fdsync_broken;
	struct slot *slots;
	struct slot *free;
	/* slots the worker finished, a ring (work_lock) */
	struct slot *done[DISK_SLOTS];
	unsigned int done_head, done_tail;
	/* prepared, to go to the host together at the next commit */
	struct iocb *held[DISK_SLOTS];
	int nr_held;
};

static int event_fd = -1;

#define READ_WORKERS	4

/*
 * The workers' queues, and every disk's finished ring: the kernel's side
 * takes the lock only with its interrupts off (under the driver's lock),
 * so no interrupt of ours can come in while it is held.
 */
struct work_queue {
	pthread_cond_t ready;
	struct slot *head, *tail;
};

static pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;
static struct work_queue ordered_work = { .ready = PTHREAD_COND_INITIALIZER };
static struct work_queue read_work = { .ready = PTHREAD_COND_INITIALIZER };
static int workers_started;
static void *ordered_worker(void *unused);
static void *read_worker(void *unused);

int os_block_event_fd(void)
{
	return event_fd;
}

void os_block_ack_event(void)
{
	uint64_t n;

	if (read(event_fd, &n, sizeof(n)) < 0)
		return;		/* EAGAIN: nothing since the last look */
}

int os_block_engine_start(struct disk *d, const char **why)
{
	struct disk_engine *e;
	int err, i;

	if (event_fd < 0) {
		event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (event_fd < 0) {
			*why = "cannot create the I/O completion eventfd";
			return -errno;
		}
	}
	if (!workers_started) {
		err = os_start_helper_thread(ordered_worker);
		for (i = 0; !err && i < READ_WORKERS; i++)
			err = os_start_helper_thread(read_worker);
		if (err) {
			*why = "cannot start the I/O worker threads";
			return err;
		}
		workers_started = 1;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->slots = calloc(DISK_SLOTS, sizeof(*e->slots));
	if (!e->slots)
		return -ENOMEM;
	for (i = 0; i < DISK_SLOTS; i++) {
		e->slots[i].next_free = e->free;
		e->free = &e->slots[i];
	}
	err = io_setup(DISK_SLOTS, &e->ctx);
	if (err) {
		*why = "cannot set up Linux AIO (io_setup; see /proc/sys/fs/aio-max-nr)";
		return err;
	}
	d->engine = e;
	return 0;
}

/* Drop @n bytes from the front of @s's buffers. */
static void slot_advance(struct slot *s, size_t n)
{
	int i = 0;

	while (n && i < s->nr_iov) {
		size_t step = n < s->iov[i].iov_len ? n : s->iov[i].iov_len;

		s->iov[i].iov_base = (char *)s->iov[i].iov_base + step;
		s->iov[i].iov_len -= step;
		n -= step;
		if (!s->iov[i].iov_len)
			i++;
	}
	memmove(s->iov, s->iov + i, (s->nr_iov - i) * sizeof(s->iov[0]));
	s->nr_iov -= i;
}

/* Move a big request's data through a bounce buffer, if one is free (@s->bounce is NULL). */
static void slot_bounce(struct slot *s)
{
	size_t len = 0;
	int i;

	for (i = 0; i < s->nr_iov; i++)
		len += s->iov[i].iov_len;
	if (len < BOUNCE_MIN_LEN || len > DISK_BOUNCE_SIZE)
		return;
	s->bounce = os_bounce_get();
	if (!s->bounce)
		return;
	if (s->op == OS_BLOCK_WRITE)
		os_bounce_gather(s->bounce, s->iov, s->nr_iov);
	s->bounce_len = len;
	s->bounce_done = 0;
}

/* Back to @s's own buffers, with what the bounce buffer holds of a read. */
static void slot_unbounce(struct slot *s)
{
	if (!s->bounce)
		return;
	if (s->op == OS_BLOCK_READ)
		os_bounce_scatter(s->bounce, s->bounce_done, s->iov,
				  s->nr_iov);
	slot_advance(s, s->bounce_done);
	os_bounce_put(s->bounce);
	s->bounce = NULL;
}

/* The rest of @s, synchronously, on the buffered descriptor. */
static int slot_do_sync(struct disk *d, struct slot *s)
{
	while (s->nr_iov) {
		ssize_t n;

		if (d->cow && s->op == OS_BLOCK_READ)
			return os_cow_read(d, s->offset, s->iov, s->nr_iov);
		if (d->cow) {
			int err = os_cow_write(d, s->offset, s->iov, s->nr_iov);

			return err || !s->fua ? err : os_cow_flush(d);
		}
		if (s->op == OS_BLOCK_READ)
			n = preadv(d->buffered_fd, s->iov, s->nr_iov, s->offset);
		else
			n = pwritev2(d->buffered_fd, s->iov, s->nr_iov,
				     s->offset, s->fua ? RWF_DSYNC : 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {
			if (s->op != OS_BLOCK_READ)
				return -EIO;
			/* The file shrank under us: past its end reads zeroes. */
			while (s->nr_iov) {
				memset(s->iov[0].iov_base, 0, s->iov[0].iov_len);
				slot_advance(s, s->iov[0].iov_len);
			}
			break;
		}
		s->offset += n;
		slot_advance(s, n);
	}
	return 0;
}

static int flush(struct disk *d)
{
	if (d->cow)
		return os_cow_flush(d);
	return fdatasync(d->buffered_fd) ? -errno : 0;
}

/* What the worker does for @s: 0 or -errno. */
static int do_blocking(struct disk *d, struct slot *s)
{
	int mode;

	switch (s->op) {
	case OS_BLOCK_READ:
	case OS_BLOCK_WRITE:
		return slot_do_sync(d, s);
	case OS_BLOCK_FLUSH:
		return flush(d);
	case OS_BLOCK_DISCARD:
	case OS_BLOCK_WRITE_ZEROES:
		mode = FALLOC_FL_KEEP_SIZE | (s->op == OS_BLOCK_DISCARD ?
			FALLOC_FL_PUNCH_HOLE : FALLOC_FL_ZERO_RANGE);
		return fallocate(d->buffered_fd, mode, s->offset, s->len) ?
		       -errno : 0;
	}
	return -EINVAL;
}

static void *work(struct work_queue *q)
{
	struct disk_engine *e;
	struct slot *s;
	uint64_t one = 1;

	for (;;) {
		pthread_mutex_lock(&work_lock);
		while (!q->head)
			pthread_cond_wait(&q->ready, &work_lock);
		s = q->head;
		q->head = s->next_work;
		pthread_mutex_unlock(&work_lock);

		s->error = do_blocking(s->disk, s);

		pthread_mutex_lock(&work_lock);
		e = s->disk->engine;
		/* A disk's slots are as many as its ring holds. */
		e->done[e->done_tail++ % DISK_SLOTS] = s;
		pthread_mutex_unlock(&work_lock);
		if (write(event_fd, &one, sizeof(one)) < 0)
			continue;	/* the counter is never near overflow */
	}
	return NULL;
}

static void *ordered_worker(void *unused)
{
	(void)unused;
	return work(&ordered_work);
}

static void *read_worker(void *unused)
{
	(void)unused;
	return work(&read_work);
}

/* Hand @s, filled in, to a worker, which works on its own buffers. */
static void queue_work(struct disk *d, struct slot *s)
{
	struct work_queue *q = s->op == OS_BLOCK_READ ? &read_work :
							&ordered_work;

	slot_unbounce(s);
	s->disk = d;
	s->next_work = NULL;
	pthread_mutex_lock(&work_lock);
	if (q->head)
		q->tail->next_work = s;
	else
		q->head = s;
	q->tail = s;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&work_lock);
}

static void slot_prepare(struct disk *d, struct slot *s)
{
	struct iocb *cb = &s->iocb;

	if (s->bounce) {
		char *rest = s->bounce + s->bounce_done;
		size_t left = s->bounce_len - s->bounce_done;

		if (s->op == OS_BLOCK_READ)
			io_prep_pread(cb, d->fd, rest, left, s->offset);
		else
			io_prep_pwrite(cb, d->fd, rest, left, s->offset);
	} else if (s->op == OS_BLOCK_READ)
		io_prep_preadv(cb, d->fd, s->iov, s->nr_iov, s->offset);
	else
		io_prep_pwritev(cb, d->fd, s->iov, s->nr_iov, s->offset);
	cb->aio_rw_flags = s->fua ? RWF_DSYNC : 0;
	io_set_eventfd(cb, event_fd);
	cb->data = s;
}

static int slot_submit(struct disk *d, struct slot *s)
{
	struct iocb *cb = &s->iocb;
	int err;

	slot_prepare(d, s);
	do {
		err = io_submit(d->engine->ctx, 1, &cb);
	} while (err == -EINTR);
	return err == 1 ? 0 : err;
}

static void slot_free(struct disk_engine *e, struct slot *s)
{
	s->next_free = e->free;
	e->free = s;
}

/*
 * Submit the held requests in as few calls as the host takes; one it
 * refuses goes to the worker, and the rest are tried again.
 */
static void submit_held(struct disk *d)
{
	struct disk_engine *e = d->engine;
	int done = 0, n;

	while (done < e->nr_held) {
		n = io_submit(e->ctx, e->nr_held - done, e->held + done);
		if (n == -EINTR)
			continue;
		if (n > 0) {
			done += n;
			continue;
		}
		/* Refused: the same work, synchronously, by the worker. */
		queue_work(d, e->held[done++]->data);
	}
	e->nr_held = 0;
}

void os_block_commit(int index)
{
	if (index >= 0 && index < OS_BLOCK_MAX_DISKS && os_disks[index].attached)
		submit_held(&os_disks[index]);
}

int os_block_submit(int index, const struct os_block_request *req)
{
	struct disk *d = &os_disks[index];
	struct disk_engine *e = d->engine;
	int moves_data = req->op == OS_BLOCK_READ || req->op == OS_BLOCK_WRITE;
	struct slot *s;
	int i;

	if (index < 0 || index >= OS_BLOCK_MAX_DISKS || !d->attached)
		return -ENODEV;
	switch (req->op) {
	case OS_BLOCK_READ:
	case OS_BLOCK_WRITE:
		if (req->nr_iov < 1 || req->nr_iov > OS_BLOCK_MAX_IOV)
			return -EINVAL;
		break;
	case OS_BLOCK_FLUSH:
		break;
	case OS_BLOCK_DISCARD:
	case OS_BLOCK_WRITE_ZEROES:
		if (d->cow)
			return -EOPNOTSUPP;
		break;
	default:
		return -EINVAL;
	}
	/* Anything else waits for what came before it. */
	if (!moves_data)
		submit_held(d);
	s = e->free;
	if (!s)
		return -EBUSY;
	e->free = s->next_free;
	s->nr_iov = moves_data ? req->nr_iov : 0;
	for (i = 0; i < s->nr_iov; i++) {
		s->iov[i].iov_base = req->iov[i].base;
		s->iov[i].iov_len = req->iov[i].len;
	}
	s->op = req->op;
	s->bounce = NULL;
	if (moves_data && d->direct && !d->cow)
		slot_bounce(s);
	/* Flag s: every write reaches the disk before it completes. */
	s->fua = req->fua ||
		 (req->op == OS_BLOCK_WRITE && (d->flags & DISK_SYNC));
	s->offset = req->offset;
	s->len = req->len;
	s->cookie = req->cookie;

	if (req->op == OS_BLOCK_FLUSH && !d->cow && !e->aio_fdsync_broken) {
		struct iocb *cb = &s->iocb;

		io_prep_fdsync(cb, d->buffered_fd);
		io_set_eventfd(cb, event_fd);
		cb->data = s;
		if (io_submit(e->ctx, 1, &cb) == 1)
			return 0;
		/* Older hosts and some file systems: the worker does it. */
		e->aio_fdsync_broken = 1;
	}
	/* Linux AIO on a file without O_DIRECT would block in io_submit(). */
	if (d->cow || !moves_data || !d->direct) {
		queue_work(d, s);
		return 0;
	}
	slot_prepare(d, s);
	e->held[e->nr_held++] = &s->iocb;
	if (!req->more || e->nr_held >= SUBMIT_EARLY)
		submit_held(d);
	return 0;
}

/*
 * The host maps an AIO context's completion ring at the context's
 * address: Linux's struct aio_ring, head and tail in its header and the
 * events after it.  The host only adds at the tail and takes the head
 * as we store it, so completions can be taken from there without
 * io_getevents() (as fio's userspace_reap does); only this thread takes
 * them.
 */
struct aio_ring_header {
	unsigned int id, nr, head, tail;
	unsigned int magic, compat_features, incompat_features, header_length;
};

#define AIO_RING_MAGIC	0xa10a10a1U

/* Up to @max events into @events; -1 when the ring is not as we know it. */
static int aio_ring_take(io_context_t ctx, struct io_event *events, int max)
{
	struct aio_ring_header *ring = (void *)ctx;
	const struct io_event *ring_events = (const void *)(ring + 1);
	unsigned int head, tail;
	int n = 0;

	if (ring->magic != AIO_RING_MAGIC || ring->incompat_features ||
	    ring->header_length != sizeof(*ring))
		return -1;
	head = __atomic_load_n(&ring->head, __ATOMIC_RELAXED);
	tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
	if (head >= ring->nr || tail >= ring->nr)
		return -1;
	while (head != tail && n < max) {
		events[n++] = ring_events[head];
		head = head + 1 == ring->nr ? 0 : head + 1;
	}
	/* The events are copied before the host may reuse their places. */
	__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
	return n;
}

/* One AIO event of @s: 1 when @s is finished, with *@error set. */
static int slot_event(struct disk *d, struct slot *s, long res, int *error)
{
	if (s->op == OS_BLOCK_FLUSH) {
		*error = res < 0 ? (int)res : 0;
		return 1;
	}
	if (res > 0) {
		s->offset += res;
		if (!s->bounce) {
			slot_advance(s, res);
		} else {
			s->bounce_done += res;
			if (s->bounce_done == s->bounce_len)
				slot_unbounce(s);
		}
		if (!s->nr_iov) {
			*error = 0;
			return 1;
		}
	} else if (res == 0 || res == -EINVAL || (res < 0 && res != -EINTR &&
						 res != -EAGAIN)) {
		if (res < 0 && res != -EINVAL) {
			slot_unbounce(s);
			*error = res;
			return 1;
		}
		/* The end of the file, or O_DIRECT refused: buffered. */
		queue_work(d, s);
		return 0;
	}
	/* The rest of a short transfer, or a retry. */
	if (slot_submit(d, s))
		queue_work(d, s);
	return 0;
}

int os_block_reap(int index, struct os_block_completion *done, int max)
{
	struct disk *d = &os_disks[index];
	struct disk_engine *e;
	struct io_event events[32];
	struct timespec no_wait = { 0, 0 };
	int n = 0, got, i;

	if (index < 0 || index >= OS_BLOCK_MAX_DISKS || !d->attached)
		return -ENODEV;
	e = d->engine;
	pthread_mutex_lock(&work_lock);
	while (n < max && e->done_head != e->done_tail) {
		struct slot *s = e->done[e->done_head++ % DISK_SLOTS];

		done[n++] = (struct os_block_completion){
			.cookie = s->cookie, .error = s->error };
		slot_free(e, s);
	}
	pthread_mutex_unlock(&work_lock);
	while (n < max) {
		int want = max - n < 32 ? max - n : 32;

		got = aio_ring_take(e->ctx, events, want);
		if (got < 0)
			got = io_getevents(e->ctx, 0, want, events, &no_wait);
		if (got == -EINTR)
			continue;
		if (got <= 0)
			break;
		for (i = 0; i < got; i++) {
			struct slot *s = events[i].data;
			int error;

			if (!slot_event(d, s, (long)events[i].res, &error))
				continue;
			done[n++] = (struct os_block_completion){
				.cookie = s->cookie, .error = error };
			slot_free(e, s);
		}
	}
	return n;
}
