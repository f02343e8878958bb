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

extern const struct os_uspace_ops os_uspace_ptrace_ops;
int os_uspace_ptrace_probe(void);
void os_uspace_ptrace_kill_all(void);

extern const struct os_uspace_ops os_uspace_seccomp_ops;
int os_uspace_seccomp_probe(void);
void os_uspace_seccomp_kill_all(void);

#endif
