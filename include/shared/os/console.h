/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host console service: the kernel console and tty on host descriptors.
 * Functions return a count or -errno; none blocks.
 */
#ifndef __UM_OS_CONSOLE_H
#define __UM_OS_CONSOLE_H

/* Write all of @buf to @fd, waiting out a full pipe; returns @len or -errno. */
long os_console_write(int fd, const char *buf, unsigned long len);
/* Read what is there, up to @len; 0 when nothing is waiting, -EIO at EOF. */
long os_console_read(int fd, char *buf, unsigned long len);
/* Whether @fd is a terminal the host side put in raw mode. */
int os_console_is_raw_tty(int fd);
/* Terminal size of @fd; -ENOTTY when it is not a terminal. */
int os_console_winsize(int fd, unsigned short *rows, unsigned short *cols);

#endif
