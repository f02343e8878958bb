/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_SETUP_H
#define __UM_ASM_SETUP_H

#include <um/boot.h>

#define COMMAND_LINE_SIZE	UM_CMDLINE_SIZE

#endif
