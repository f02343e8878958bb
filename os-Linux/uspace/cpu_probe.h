/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the kernel and its stubs tell which host CPU they run on
 * (SECCOMP_CPU_* of seccomp_stub.h, read by seccomp_cpu_id()).
 */
#ifndef __UM_USPACE_CPU_PROBE_H
#define __UM_USPACE_CPU_PROBE_H

/* The way this host offers, from its /proc/cpuinfo. */
unsigned int os_uspace_cpu_probe(void);
/* The way a host whose /proc/cpuinfo reads @cpuinfo offers. */
unsigned int os_uspace_cpu_probe_of(const char *cpuinfo);

#endif
