/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_SECCOMP_H
#define __UM_ASM_SECCOMP_H

#include <asm/unistd.h>

/*
 * Guests make x86_64 system calls only (32-bit ones are refused before
 * seccomp sees them), so filters see one architecture.
 */
#define SECCOMP_ARCH_NATIVE		AUDIT_ARCH_X86_64
#define SECCOMP_ARCH_NATIVE_NR		NR_syscalls
#define SECCOMP_ARCH_NATIVE_NAME	"x86_64"

#include <asm-generic/seccomp.h>

#endif
