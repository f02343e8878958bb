/* SPDX-License-Identifier: GPL-2.0 */
/* What the files of arch/um/mm share about an mm's host process. */
#ifndef __UM_MM_HOST_MM_H
#define __UM_MM_HOST_MM_H

struct cred;
struct mm_struct;

/* Give @mm a host process of its own: 0 or -errno (host_mm.c). */
int um_host_mm_create(struct mm_struct *mm);
/* Drop the changes queued for @mm, whose host process goes. */
void um_host_mm_forget_queue(struct mm_struct *mm);

/*
 * An exec's new mm may take over its caller's host process instead of
 * starting one (exec_handover.c): true when it is to be tried, with the
 * caller's credentials kept in @mm to check the exec later.
 */
bool um_exec_may_inherit(struct mm_struct *mm);
/* Free what um_exec_may_inherit() kept in @mm. */
void um_exec_forget(struct mm_struct *mm);
/*
 * Could a program with credentials @old have traced the one it exec'd,
 * with @new and an mm of @dumpable (SUID_DUMP_*)?  Then that one may
 * keep its host process.
 */
bool um_exec_gains_nothing(const struct cred *old, const struct cred *new,
			   int dumpable);

#endif
