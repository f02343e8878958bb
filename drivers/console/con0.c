// SPDX-License-Identifier: GPL-2.0
/*
 * con0: the kernel console and /dev/console on host descriptors
 * (con0=fd:IN,fd:OUT, default the host's stdin and stdout).
 *
 * printk output goes straight to the output descriptor from the first
 * line of boot.  The tty reads the input descriptor when the host says
 * it is readable (an interrupt line) and writes synchronously: the host
 * side waits out a full pipe.  When the host terminal is in raw mode,
 * printk's bare newlines become CR LF; tty output is already cooked by
 * the line discipline.
 */
#include <linux/console.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/major.h>
#include <linux/module.h>
#include <linux/tty.h>
#include <linux/tty_flip.h>
#include <linux/workqueue.h>
#include <asm/irq.h>
#include <asm/um_setup.h>
#include <os/console.h>
#include <um/entry.h>

static int con0_in_fd = -1;
static int con0_out_fd = -1;
static bool con0_out_raw;
static bool con0_in_eof;

static struct tty_driver *con0_driver;
static struct tty_port con0_port;

static void con0_printk_write(struct console *con, const char *s,
			      unsigned int n)
{
	const char *end = s + n;

	if (!con0_out_raw) {
		os_console_write(con0_out_fd, s, n);
		return;
	}
	while (s < end) {
		const char *nl = memchr(s, '\n', end - s);

		if (!nl) {
			os_console_write(con0_out_fd, s, end - s);
			return;
		}
		os_console_write(con0_out_fd, s, nl - s);
		os_console_write(con0_out_fd, "\r\n", 2);
		s = nl + 1;
	}
}

static struct tty_driver *con0_console_device(struct console *con, int *index)
{
	*index = 0;
	return con0_driver;
}

static struct console con0_console = {
	.name		= "tty",
	.write		= con0_printk_write,
	.device		= con0_console_device,
	.flags		= CON_PRINTBUFFER | CON_ANYTIME,
	.index		= -1,
};

void __init um_console_early_init(int in_fd, int out_fd)
{
	con0_in_fd = in_fd;
	con0_out_fd = out_fd;
	con0_out_raw = os_console_is_raw_tty(out_fd) > 0;
	register_console(&con0_console);
}

static irqreturn_t con0_input_interrupt(int irq, void *dev)
{
	char buf[256];
	long n;

	while ((n = os_console_read(con0_in_fd, buf, sizeof(buf))) > 0) {
		tty_insert_flip_string(&con0_port, buf, n);
		tty_flip_buffer_push(&con0_port);
	}
	if (n < 0 && n != -EAGAIN && n != -EINTR) {
		/* End of input: stop listening, or readiness would never stop. */
		con0_in_eof = true;
		um_free_fd_irq(con0_in_fd);
	}
	return IRQ_HANDLED;
}

/* The host terminal's size becomes the tty's (and SIGWINCH in the guest). */
static void con0_update_winsize(struct tty_struct *tty)
{
	unsigned short rows, cols;

	if (os_console_winsize(con0_out_fd, &rows, &cols) == 0) {
		struct winsize ws = { .ws_row = rows, .ws_col = cols };

		tty_do_resize(tty, &ws);
	}
}

/* tty_do_resize() sleeps: out of the interrupt into a work item. */
static void con0_winch_work_fn(struct work_struct *work)
{
	struct tty_struct *tty = tty_port_tty_get(&con0_port);

	if (tty) {
		con0_update_winsize(tty);
		tty_kref_put(tty);
	}
}

static DECLARE_WORK(con0_winch_work, con0_winch_work_fn);

static irqreturn_t con0_winch_interrupt(int irq, void *dev)
{
	schedule_work(&con0_winch_work);
	return IRQ_HANDLED;
}

static int con0_port_activate(struct tty_port *port, struct tty_struct *tty)
{
	con0_update_winsize(tty);
	if (!con0_in_eof && um_request_fd_irq(con0_in_fd, UM_CONSOLE_IRQ)) {
		/* e.g. /dev/null: output still works, input never comes */
		pr_info("con0: input descriptor %d cannot interrupt; ignoring input\n",
			con0_in_fd);
		con0_in_eof = true;
	}
	return 0;
}

static void con0_port_shutdown(struct tty_port *port)
{
	if (!con0_in_eof)
		um_free_fd_irq(con0_in_fd);
}

static const struct tty_port_operations con0_port_ops = {
	.activate	= con0_port_activate,
	.shutdown	= con0_port_shutdown,
};

static int con0_open(struct tty_struct *tty, struct file *filp)
{
	return tty_port_open(&con0_port, tty, filp);
}

static void con0_close(struct tty_struct *tty, struct file *filp)
{
	tty_port_close(&con0_port, tty, filp);
}

static void con0_hangup(struct tty_struct *tty)
{
	tty_port_hangup(&con0_port);
}

static ssize_t con0_write(struct tty_struct *tty, const u8 *buf, size_t n)
{
	long done = os_console_write(con0_out_fd, buf, n);

	return done < 0 ? done : n;
}

static unsigned int con0_write_room(struct tty_struct *tty)
{
	return 4096;
}

static const struct tty_operations con0_tty_ops = {
	.open		= con0_open,
	.close		= con0_close,
	.hangup		= con0_hangup,
	.write		= con0_write,
	.write_room	= con0_write_room,
};

static int __init con0_tty_init(void)
{
	struct tty_driver *driver;
	int err;

	driver = tty_alloc_driver(1, TTY_DRIVER_REAL_RAW |
				     TTY_DRIVER_DYNAMIC_DEV);
	if (IS_ERR(driver))
		return PTR_ERR(driver);

	driver->driver_name = "con0";
	driver->name = "tty";
	driver->major = TTY_MAJOR;
	driver->minor_start = 0;
	driver->type = TTY_DRIVER_TYPE_CONSOLE;
	driver->init_termios = tty_std_termios;
	tty_set_operations(driver, &con0_tty_ops);

	tty_port_init(&con0_port);
	con0_port.ops = &con0_port_ops;
	tty_port_link_device(&con0_port, driver, 0);

	err = tty_register_driver(driver);
	if (err) {
		tty_driver_kref_put(driver);
		tty_port_destroy(&con0_port);
		return err;
	}
	tty_register_device(driver, 0, NULL);

	err = request_irq(UM_CONSOLE_IRQ, con0_input_interrupt, 0, "con0",
			  &con0_port);
	if (err)
		pr_err("con0: no input interrupt: %d\n", err);
	err = request_irq(UM_IRQ_WINCH, con0_winch_interrupt, 0, "con0-winch",
			  &con0_port);
	if (err)
		pr_err("con0: no window size interrupt: %d\n", err);
	con0_driver = driver;
	return 0;
}
device_initcall(con0_tty_init);
