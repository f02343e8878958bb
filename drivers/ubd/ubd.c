// SPDX-License-Identifier: GPL-2.0
/*
 * ubd: block devices /dev/ubda.. backed by host files (ubdN= on the
 * ./linux command line).
 *
 * The host side opened, locked and checked every image before boot; this
 * driver only moves requests.  Each blk-mq request goes to the host as
 * one vectored operation over its segments (kernel addresses are host
 * addresses) and is finished later, from the interrupt the host raises
 * when operations complete, so the one host thread never waits for the
 * disk except where the host has no asynchronous way.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/major.h>
#include <linux/module.h>
#include <asm/irq.h>
#include <os/block.h>

#define UBD_MINORS		16	/* partitions per disk */
#define UBD_HW_QUEUES		2
#define UBD_QUEUE_DEPTH		64	/* host side: 128 slots per disk */

struct ubd_disk {
	int index;
	struct os_block_info info;
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;
	spinlock_t lock;	/* serialises submission to the host */
};

/* Per request: the buffers handed to the host, and the outcome. */
struct ubd_cmd {
	struct os_block_iov iov[OS_BLOCK_MAX_IOV];
	blk_status_t status;
};

static struct ubd_disk *ubd_disks[OS_BLOCK_MAX_DISKS];

static int ubd_map(struct request *req, struct ubd_cmd *cmd)
{
	struct req_iterator iter;
	struct bio_vec bvec;
	int n = 0;

	rq_for_each_segment(bvec, req, iter) {
		void *addr = page_address(bvec.bv_page) + bvec.bv_offset;

		/* Neighbours in memory make one host buffer. */
		if (n && cmd->iov[n - 1].base + cmd->iov[n - 1].len == addr) {
			cmd->iov[n - 1].len += bvec.bv_len;
			continue;
		}
		if (n == OS_BLOCK_MAX_IOV)
			return -EINVAL;
		cmd->iov[n].base = addr;
		cmd->iov[n].len = bvec.bv_len;
		n++;
	}
	return n;
}

static blk_status_t ubd_queue_rq(struct blk_mq_hw_ctx *hctx,
				 const struct blk_mq_queue_data *bd)
{
	struct ubd_disk *ud = hctx->queue->queuedata;
	struct request *req = bd->rq;
	struct ubd_cmd *cmd = blk_mq_rq_to_pdu(req);
	struct os_block_request host = {
		.offset = (u64)blk_rq_pos(req) << SECTOR_SHIFT,
		.len = blk_rq_bytes(req),
		.cookie = req,
		.more = !bd->last,
	};
	unsigned long flags;
	int err;

	switch (req_op(req)) {
	case REQ_OP_READ:
		host.op = OS_BLOCK_READ;
		break;
	case REQ_OP_WRITE:
		host.op = OS_BLOCK_WRITE;
		host.fua = !!(req->cmd_flags & REQ_FUA);
		break;
	case REQ_OP_FLUSH:
		host.op = OS_BLOCK_FLUSH;
		break;
	case REQ_OP_DISCARD:
		host.op = OS_BLOCK_DISCARD;
		break;
	case REQ_OP_WRITE_ZEROES:
		host.op = OS_BLOCK_WRITE_ZEROES;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	if (host.op == OS_BLOCK_READ || host.op == OS_BLOCK_WRITE) {
		host.nr_iov = ubd_map(req, cmd);
		if (host.nr_iov <= 0)
			return BLK_STS_IOERR;
		host.iov = cmd->iov;
	}

	blk_mq_start_request(req);
	cmd->status = BLK_STS_OK;
	spin_lock_irqsave(&ud->lock, flags);
	err = os_block_submit(ud->index, &host);
	spin_unlock_irqrestore(&ud->lock, flags);
	if (err == -EBUSY)
		return BLK_STS_DEV_RESOURCE;
	if (err == -EOPNOTSUPP)
		return BLK_STS_NOTSUPP;
	if (err)
		return BLK_STS_IOERR;
	return BLK_STS_OK;
}

/* blk-mq stopped before the request it said was the last. */
static void ubd_commit_rqs(struct blk_mq_hw_ctx *hctx)
{
	struct ubd_disk *ud = hctx->queue->queuedata;
	unsigned long flags;

	spin_lock_irqsave(&ud->lock, flags);
	os_block_commit(ud->index);
	spin_unlock_irqrestore(&ud->lock, flags);
}

static void ubd_complete(struct request *req)
{
	struct ubd_cmd *cmd = blk_mq_rq_to_pdu(req);

	blk_mq_end_request(req, cmd->status);
}

static const struct blk_mq_ops ubd_mq_ops = {
	.queue_rq	= ubd_queue_rq,
	.commit_rqs	= ubd_commit_rqs,
	.complete	= ubd_complete,
};

/* Requests that finished well, ended together: one pass over the tags. */
static void ubd_complete_batch(struct io_comp_batch *iob)
{
	blk_mq_end_request_batch(iob);
}

static void ubd_reap(struct ubd_disk *ud)
{
	struct os_block_completion done[32];
	DEFINE_IO_COMP_BATCH(iob);
	unsigned long flags;
	int n, i;

	do {
		spin_lock_irqsave(&ud->lock, flags);
		n = os_block_reap(ud->index, done, ARRAY_SIZE(done));
		spin_unlock_irqrestore(&ud->lock, flags);
		for (i = 0; i < n; i++) {
			struct request *req = done[i].cookie;
			struct ubd_cmd *cmd = blk_mq_rq_to_pdu(req);

			if (done[i].error) {
				pr_err_ratelimited("ubd%c: host I/O error %d at sector %llu\n",
						   'a' + ud->index, done[i].error,
						   (unsigned long long)blk_rq_pos(req));
				cmd->status = BLK_STS_IOERR;
			}
			if (unlikely(blk_should_fake_timeout(req->q)))
				continue;
			if (!blk_mq_add_to_batch(req, &iob, !!done[i].error,
						 ubd_complete_batch))
				blk_mq_complete_request(req);
		}
	} while (n == ARRAY_SIZE(done));
	if (!rq_list_empty(&iob.req_list))
		iob.complete(&iob);
}

static irqreturn_t ubd_interrupt(int irq, void *unused)
{
	int i;

	/* Acknowledge first: what completes during the reap raises it anew. */
	os_block_ack_event();
	for (i = 0; i < OS_BLOCK_MAX_DISKS; i++)
		if (ubd_disks[i])
			ubd_reap(ubd_disks[i]);
	return IRQ_HANDLED;
}

static const struct block_device_operations ubd_fops = {
	.owner		= THIS_MODULE,
};

static int __init ubd_add(int index, const struct os_block_info *info)
{
	struct queue_limits lim = {
		.logical_block_size	= OS_BLOCK_SECTOR_SIZE,
		.max_hw_sectors		= 2048,	/* 1 MiB */
		.max_segments		= OS_BLOCK_MAX_IOV,
		.dma_alignment		= OS_BLOCK_SECTOR_SIZE - 1,
		.features		= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA,
	};
	struct ubd_disk *ud;
	int err;

	/* Flag s: each write is on the host's disk when it completes. */
	if (info->sync_writes)
		lim.features &= ~(BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA);
	if (!info->no_discard && !info->read_only) {
		lim.max_hw_discard_sectors = UINT_MAX >> SECTOR_SHIFT;
		lim.discard_granularity = 4096;
		lim.max_write_zeroes_sectors = UINT_MAX >> SECTOR_SHIFT;
	}
	ud = kzalloc(sizeof(*ud), GFP_KERNEL);
	if (!ud)
		return -ENOMEM;
	ud->index = index;
	ud->info = *info;
	spin_lock_init(&ud->lock);

	ud->tag_set.ops = &ubd_mq_ops;
	ud->tag_set.nr_hw_queues = UBD_HW_QUEUES;
	ud->tag_set.queue_depth = UBD_QUEUE_DEPTH;
	ud->tag_set.numa_node = NUMA_NO_NODE;
	ud->tag_set.cmd_size = sizeof(struct ubd_cmd);
	ud->tag_set.flags = BLK_MQ_F_SHOULD_MERGE;
	err = blk_mq_alloc_tag_set(&ud->tag_set);
	if (err)
		goto free_ud;

	ud->disk = blk_mq_alloc_disk(&ud->tag_set, &lim, ud);
	if (IS_ERR(ud->disk)) {
		err = PTR_ERR(ud->disk);
		goto free_tags;
	}
	ud->disk->major = UBD_MAJOR;
	ud->disk->first_minor = index * UBD_MINORS;
	ud->disk->minors = UBD_MINORS;
	ud->disk->fops = &ubd_fops;
	ud->disk->private_data = ud;
	if (info->no_partitions)
		ud->disk->flags |= GENHD_FL_NO_PART;
	snprintf(ud->disk->disk_name, DISK_NAME_LEN, "ubd%c", 'a' + index);
	set_capacity(ud->disk, info->size >> SECTOR_SHIFT);
	set_disk_ro(ud->disk, info->read_only);

	ubd_disks[index] = ud;
	err = add_disk(ud->disk);
	if (err)
		goto put_disk;
	return 0;

put_disk:
	ubd_disks[index] = NULL;
	put_disk(ud->disk);
free_tags:
	blk_mq_free_tag_set(&ud->tag_set);
free_ud:
	kfree(ud);
	return err;
}

static int __init ubd_init(void)
{
	struct os_block_info info;
	int i, err, found = 0;

	for (i = 0; i < OS_BLOCK_MAX_DISKS; i++)
		if (os_block_info(i, &info) == 0)
			found++;
	if (!found)
		return 0;

	err = register_blkdev(UBD_MAJOR, "ubd");
	if (err)
		return err;
	err = request_irq(UM_UBD_IRQ, ubd_interrupt, 0, "ubd", ubd_disks);
	if (!err)
		err = um_request_fd_irq(os_block_event_fd(), UM_UBD_IRQ);
	if (err) {
		pr_err("ubd: no completion interrupt: %d\n", err);
		return err;
	}
	for (i = 0; i < OS_BLOCK_MAX_DISKS; i++) {
		if (os_block_info(i, &info))
			continue;
		err = ubd_add(i, &info);
		if (err)
			pr_err("ubd%c: cannot add the disk: %d\n", 'a' + i, err);
	}
	return 0;
}
device_initcall(ubd_init);
