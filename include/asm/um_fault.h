/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_FAULT_H
#define __UM_ASM_UM_FAULT_H

#include <linux/types.h>

/*
 * Resolve a fault on guest address @addr of current's address space.
 * Returns 0 when the access may be retried, -EFAULT for a bad address
 * (SIGSEGV), -EIO (SIGBUS), -ENOMEM, or -EINTR when a fatal signal
 * interrupted it.
 */
int um_handle_user_fault(unsigned long addr, bool write, bool exec,
			 bool from_user);

#endif
