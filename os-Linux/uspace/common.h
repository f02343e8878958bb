/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the backends of os/uspace.h do alike: checking and translating
 * mapping changes for their stubs, batching them, and telling why a
 * stub did not start.
 */
#ifndef __UM_USPACE_COMMON_H
#define __UM_USPACE_COMMON_H

#include <os/uspace.h>

#include "stub.h"

/* 0 when @n >= 0 and every op of @ops is well-formed, else -EINVAL. */
int os_uspace_check_ops(const struct os_uspace_op *ops, int n);

/* @op as the stubs take it (stub.h). */
void os_uspace_stub_op(struct stub_op *s, const struct os_uspace_op *op);

/*
 * Do @ops in batches of at most STUB_MAX_OPS with @batch(@space, ...),
 * stopping at the first error; after os_uspace_check_ops().
 */
int os_uspace_apply_in_batches(void *space, const struct os_uspace_op *ops,
			    int n, int (*batch)(void *space,
						const struct os_uspace_op *ops,
						int n));

/*
 * Load the stub image [@start, @end) into *@fd (os_uspace_spawn_load_image())
 * unless an earlier call did: 0 or -errno.
 */
int os_uspace_load_stub(int *fd, const char *start, const char *end);

/*
 * Why a child that was to become a stub exited with @status: -EOPNOTSUPP
 * when the stub could not set itself up, the errno it exited with when
 * it could not execute the stub, else @err or -EIO.
 */
int os_uspace_start_error(int status, int err);

/*
 * For next_lost(): whether any child process of ours has ended and is
 * not reaped (one system call: the answer is no nearly always), and
 * whether stub @pid has, leaving it unreaped either way.
 */
int os_uspace_some_child_ended(void);
int os_uspace_stub_ended(int pid);

#endif
