/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Starting and ending stub processes, for the backends of os/uspace.h:
 * each address space is a child that executes a stub program embedded
 * in ./linux, from a sealed memfd, with a few descriptors and nothing
 * else.
 */
#ifndef __UM_USPACE_SPAWN_H
#define __UM_USPACE_SPAWN_H

#include <sys/types.h>

/* Descriptors a stub starts with: fds[i] becomes 3 + i. */
#define SPAWN_MAX_FDS		4

/*
 * Copy the program [@start, @end) into a sealed, close-on-exec memfd
 * numbered above the stubs' descriptors.  Returns it, or -errno.
 */
int os_uspace_spawn_load_image(const char *start, const char *end);

/*
 * Start a child that dies with us, moves @fds[0..@nfds) to 3, 4, ...,
 * and executes @image_fd, with @arg (if not NULL, under 32 bytes) as its
 * one argument and no other descriptor open but what the stub closes
 * itself.  With @go, the child first waits until *@go is
 * non-zero (the caller sets it after attaching; futex-wake it), and
 * exits with status 0 if it is negative.  The child exits with an errno
 * when it cannot get as far as the stub.  Returns its pid, or -errno,
 * without waiting for the execve: call again only once the child has
 * shown that the stub runs, or has been reaped.
 */
pid_t os_uspace_spawn(int image_fd, const char *arg, const int *fds, int nfds,
		      volatile int *go);

/* waitpid() for one child, through host signals: 0 or -errno. */
int os_uspace_spawn_wait(pid_t pid, int *status);

/* Wait until child @pid has gone; its last status in *@status. */
void os_uspace_spawn_reap(pid_t pid, int *status);

#endif
