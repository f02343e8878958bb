// SPDX-License-Identifier: GPL-2.0
/*
 * Host console service.  The console may be the user's terminal: in raw
 * mode the guest's tty layer does all line discipline work itself, and
 * the terminal must be given back as it was found on every way out.
 */
#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <os/console.h>

#include "internal.h"

static struct termios saved_termios;
static volatile int raw_tty_fd = -1;
/* The terminal's device, to know it again through other descriptors. */
static dev_t raw_tty_rdev;

long os_console_write(int fd, const char *buf, unsigned long len)
{
	int saved_errno = errno;
	unsigned long done = 0;
	long err = 0;

	while (done < len) {
		ssize_t n = write(fd, buf + done, len - done);

		if (n >= 0) {
			done += n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (poll(&pfd, 1, -1) >= 0 || errno == EINTR)
				continue;
		}
		err = -errno;
		break;
	}
	errno = saved_errno;
	return err ? err : (long)len;
}

long os_console_read(int fd, char *buf, unsigned long len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int saved_errno = errno;
	long ret;
	ssize_t n;

	if (!len)
		return 0;
	for (;;) {
		n = poll(&pfd, 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n ? -errno : 0;
			goto out;
		}
		if (pfd.revents & POLLNVAL) {
			ret = -EBADF;
			goto out;
		}
		break;
	}
	/* POLLHUP or POLLERR: read() says which, EOF or an error. */
	do {
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n > 0)
		ret = n;
	else if (n == 0)
		ret = -EIO;
	else if (errno == EAGAIN)
		ret = 0;
	else
		ret = -errno;
out:
	errno = saved_errno;
	return ret;
}

/*
 * True for the raw terminal through any descriptor: con0=fd:0,fd:1 on a
 * terminal names it twice, and output needs the same care as input.
 */
int os_console_is_raw_tty(int fd)
{
	int saved_errno = errno;
	struct stat st;
	int raw;

	if (raw_tty_fd < 0)
		return 0;
	if (fd == raw_tty_fd)
		return 1;
	raw = !fstat(fd, &st) && S_ISCHR(st.st_mode) &&
	      st.st_rdev == raw_tty_rdev;
	errno = saved_errno;
	return raw;
}

int os_console_winsize(int fd, unsigned short *rows, unsigned short *cols)
{
	int saved_errno = errno, err = 0;
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws)) {
		err = -errno;
	} else {
		*rows = ws.ws_row;
		*cols = ws.ws_col;
	}
	errno = saved_errno;
	return err;
}

int os_console_make_raw(int fd)
{
	struct termios raw;
	struct stat st;

	if (tcgetattr(fd, &saved_termios) || fstat(fd, &st))
		return -errno;
	raw = saved_termios;
	raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
			 ICRNL | IXON);
	raw.c_oflag &= ~OPOST;
	raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cflag &= ~(CSIZE | PARENB);
	raw.c_cflag |= CS8;
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	/* TCSANOW: what the user typed ahead is input for the guest. */
	if (tcsetattr(fd, TCSANOW, &raw))
		return -errno;
	raw_tty_rdev = st.st_rdev;
	raw_tty_fd = fd;
	return 0;
}

int os_console_has_raw_tty(void)
{
	return raw_tty_fd >= 0;
}

/* Called from exit paths, signal handlers included; once is enough. */
void os_console_restore_tty(void)
{
	int saved_errno = errno;
	int fd = raw_tty_fd;

	if (fd < 0)
		return;
	raw_tty_fd = -1;
	/* TCSADRAIN: the guest's last words reach the screen first. */
	tcsetattr(fd, TCSADRAIN, &saved_termios);
	errno = saved_errno;
}
