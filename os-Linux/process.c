// SPDX-License-Identifier: GPL-2.0
/*
 * Host process service: the ways out of ./linux.  Each puts back what
 * the host side changed in state shared with the user's shell first.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <os/process.h>
#include <os/uspace.h>
#include <um/exit_status.h>

#include "internal.h"

static char **saved_argv;
static volatile sig_atomic_t shutdown_signal;

void os_process_save_argv(char **argv)
{
	saved_argv = argv;
}

int os_process_request_shutdown(int sig)
{
	int earlier = shutdown_signal;

	if (!earlier)
		shutdown_signal = sig;
	return earlier;
}

int os_process_shutdown_signal(void)
{
	return shutdown_signal;
}

void os_process_restore_host(void)
{
	os_irq_restore_fds();
	os_console_restore_tty();
}

void os_process_exit(int status)
{
	os_process_restore_host();
	_exit(status);
}

static void write_error(const char *s)
{
	ssize_t n;

	while (*s) {
		n = write(2, s, strlen(s));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
	}
}

void os_process_restart(void)
{
	sigset_t none;
	char num[12];
	int i = sizeof(num), err;

	os_process_restore_host();
	/* Traced guest address spaces would outlive the exec, stopped. */
	os_uspace_kill_all();
	/* A blocked signal would stay blocked in the new image. */
	sigemptyset(&none);
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	if (saved_argv)
		execv("/proc/self/exe", saved_argv);
	err = saved_argv ? errno : ENOENT;

	/* No stdio here: this may run in a signal handler. */
	num[--i] = '\0';
	do {
		num[--i] = '0' + err % 10;
		err /= 10;
	} while (err);
	write_error("linux: cannot restart: execv /proc/self/exe failed, errno ");
	write_error(num + i);
	write_error("\n");
	_exit(UM_EXIT_PANIC);
}
