// SPDX-License-Identifier: GPL-2.0
/*
 * Host helper threads (the I/O worker, the interrupt relay): small,
 * detached, and deaf to every signal, because host signals are the
 * kernel's interrupts and must reach the kernel's own thread.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>

#include "internal.h"

int os_start_helper_thread(void *(*fn)(void *))
{
	pthread_attr_t attr;
	pthread_t thread;
	sigset_t all;
	int err;

	sigfillset(&all);
	if (pthread_attr_init(&attr))
		return -ENOMEM;
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_attr_setsigmask_np(&attr, &all);
	if (!err)
		err = pthread_create(&thread, &attr, fn, NULL);
	pthread_attr_destroy(&attr);
	return -err;
}
