// SPDX-License-Identifier: GPL-2.0
/*
 * Which backend of os/uspace.h runs guest address spaces: the seccomp
 * one where the host allows it (guest system calls and faults are
 * signals in the stub, served without a tracer), else ptrace; or the
 * one os_uspace_select() names.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <os/uspace.h>

#include "backend.h"

struct backend {
	const struct os_uspace_ops *ops;
	int (*probe)(void);
	void (*kill_all)(void);
};

/* In order of preference. */
static const struct backend backends[] = {
	{ &os_uspace_seccomp_ops, os_uspace_seccomp_probe, os_uspace_seccomp_kill_all },
	{ &os_uspace_ptrace_ops, os_uspace_ptrace_probe, os_uspace_ptrace_kill_all },
};

#define NR_BACKENDS	(sizeof(backends) / sizeof(backends[0]))

const struct os_uspace_ops *os_uspace;

/* The one asked for, or NULL for the first that works. */
static const struct backend *chosen;
/* 1 until os_uspace_init() has run, then its result. */
static int init_result = 1;

int os_uspace_select(const char *name)
{
	unsigned int i;

	if (!name) {
		chosen = NULL;
	} else {
		for (i = 0; i < NR_BACKENDS; i++)
			if (!strcmp(name, backends[i].ops->name))
				break;
		if (i == NR_BACKENDS)
			return -EINVAL;
		chosen = &backends[i];
	}
	os_uspace = NULL;
	init_result = 1;
	return 0;
}

int os_uspace_init(void)
{
	unsigned int i;
	int err = -EOPNOTSUPP;

	if (init_result <= 0)
		return init_result;
	for (i = 0; i < NR_BACKENDS; i++) {
		const struct backend *b = chosen ? chosen : &backends[i];

		err = b->probe();
		if (!err) {
			os_uspace = b->ops;
			break;
		}
		if (chosen)
			break;
	}
	init_result = err;
	return err;
}

void os_uspace_kill_all(void)
{
	unsigned int i;

	for (i = 0; i < NR_BACKENDS; i++)
		backends[i].kill_all();
}
