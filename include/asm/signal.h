/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_SIGNAL_H
#define __UM_ASM_SIGNAL_H

/* Guest processes see x86_64's signals. */
#define _NSIG		64
#define _NSIG_BPW	64
#define _NSIG_WORDS	(_NSIG / _NSIG_BPW)

#ifndef __ASSEMBLY__
typedef unsigned long old_sigset_t;

typedef struct {
	unsigned long sig[_NSIG_WORDS];
} sigset_t;
#endif

#include <uapi/asm/signal.h>

#define __ARCH_HAS_SA_RESTORER

#endif
