/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __UM_ASM_UM_SETUP_H
#define __UM_ASM_UM_SETUP_H

/* Steps of setup_arch() that live with their subsystems. */

/* Clocks count from here. */
void um_time_early_init(void);
/* The con0 console, started first so printk reaches the host at once. */
void um_console_early_init(int in_fd, int out_fd);
/* A panic, even this early, must end the host process. */
void um_panic_exit_init(void);

#endif
