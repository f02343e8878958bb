// SPDX-License-Identifier: GPL-2.0
/* What the backends of os/uspace.h do alike (common.h). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <os/mem.h>
#include <um/layout.h>

#include "common.h"
#include "spawn.h"

#define GUEST_PAGE_SIZE		4096UL

static int op_is_valid(const struct os_uspace_op *op)
{
	if ((op->addr | op->len) & (GUEST_PAGE_SIZE - 1) || !op->len ||
	    op->addr >= UM_TASK_SIZE || op->len > UM_TASK_SIZE - op->addr)
		return 0;
	if (op->prot & ~(OS_PROT_READ | OS_PROT_WRITE | OS_PROT_EXEC))
		return 0;
	switch (op->kind) {
	case OS_USPACE_MAP:
		return !op->fd_is_physmem ||
		       !(op->offset & (GUEST_PAGE_SIZE - 1));
	case OS_USPACE_UNMAP:
	case OS_USPACE_PROTECT:
		return 1;
	}
	return 0;
}

int os_uspace_check_ops(const struct os_uspace_op *ops, int n)
{
	int i;

	if (n < 0 || (n && !ops))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!op_is_valid(&ops[i]))
			return -EINVAL;
	return 0;
}

void os_uspace_stub_op(struct stub_op *s, const struct os_uspace_op *op)
{
	s->addr = op->addr;
	s->len = op->len;
	s->prot = (op->prot & OS_PROT_READ ? PROT_READ : 0) |
		  (op->prot & OS_PROT_WRITE ? PROT_WRITE : 0) |
		  (op->prot & OS_PROT_EXEC ? PROT_EXEC : 0);
	s->offset = op->offset;
	if (op->kind == OS_USPACE_MAP)
		s->kind = op->fd_is_physmem ? STUB_OP_MAP_PHYSMEM :
					      STUB_OP_MAP_ANON;
	else if (op->kind == OS_USPACE_UNMAP)
		s->kind = STUB_OP_UNMAP;
	else
		s->kind = STUB_OP_PROTECT;
}

int os_uspace_apply_in_batches(void *space, const struct os_uspace_op *ops,
			    int n, int (*batch)(void *space,
						const struct os_uspace_op *ops,
						int n))
{
	int err = 0, i, chunk;

	for (i = 0; i < n && !err; i += chunk) {
		chunk = n - i < STUB_MAX_OPS ? n - i : STUB_MAX_OPS;
		err = batch(space, ops + i, chunk);
	}
	return err;
}

int os_uspace_load_stub(int *fd, const char *start, const char *end)
{
	int ret;

	if (*fd >= 0)
		return 0;
	ret = os_uspace_spawn_load_image(start, end);
	if (ret < 0)
		return ret;
	*fd = ret;
	return 0;
}

int os_uspace_start_error(int status, int err)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) >= STUB_EXIT_SETUP)
		return -EOPNOTSUPP;
	if (WIFEXITED(status) && WEXITSTATUS(status))
		return -WEXITSTATUS(status);
	return err ? err : -EIO;
}

/* Whether a child of ours (@idtype, @id) has ended: WNOWAIT keeps it. */
static int child_ended(idtype_t idtype, id_t id)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return !waitid(idtype, id, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) &&
	       si.si_pid > 0;
}

int os_uspace_some_child_ended(void)
{
	return child_ended(P_ALL, 0);
}

int os_uspace_stub_ended(int pid)
{
	return pid > 0 && child_ended(P_PID, pid);
}
