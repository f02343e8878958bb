/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The backends of os/uspace.h, for backend.c, which picks one.  Each
 * has its table of operations, a probe that gets it ready and checks
 * that it works on this host (0 or -errno, on the thread that will make
 * every call), and a way to kill all its address spaces.
 */
#ifndef __UM_USPACE_BACKEND_H
#define __UM_USPACE_BACKEND_H

#include <os/uspace.h>

extern const struct os_uspace_ops ptrace_uspace_ops;
int ptrace_uspace_probe(void);
void ptrace_uspace_kill_all(void);

extern const struct os_uspace_ops seccomp_uspace_ops;
int seccomp_uspace_probe(void);
void seccomp_uspace_kill_all(void);

#endif
