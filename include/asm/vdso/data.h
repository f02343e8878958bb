/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_VDSO_DATA_H
#define __UM_ASM_VDSO_DATA_H

/*
 * @host_clock: the backend's entry that reads the host's clock in a
 *	guest process (os_uspace_ops.host_clock), or 0 until a backend is
 *	chosen and when it has none: then the vDSO makes system calls.
 */
struct arch_vdso_data {
	unsigned long host_clock;
};

#endif
