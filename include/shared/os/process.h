/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host process service: how the kernel process ends or restarts.
 */
#ifndef __UM_OS_PROCESS_H
#define __UM_OS_PROCESS_H

/* Restore the host terminal and exit with @status (um/exit_status.h). */
void os_process_exit(int status) __attribute__((noreturn));
/* Restore the host terminal and start ./linux afresh with the same arguments. */
void os_process_restart(void) __attribute__((noreturn));
/*
 * The host signal (SIGTERM, SIGHUP or SIGINT) that raised UM_IRQ_SHUTDOWN,
 * 0 if none did; an orderly shutdown then exits with 128 + that signal.
 */
int os_process_shutdown_signal(void);

#endif
