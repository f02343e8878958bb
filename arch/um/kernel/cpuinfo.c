// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/cpuinfo: one virtual CPU.
 */
#include <linux/seq_file.h>
#include <linux/delay.h>
#include <linux/utsname.h>

static int um_cpuinfo_show(struct seq_file *m, void *v)
{
	seq_puts(m, "processor\t: 0\n");
	seq_puts(m, "vendor_id\t: hostlinux\n");
	seq_printf(m, "model name\t: %s\n", utsname()->machine);
	seq_printf(m, "bogomips\t: %lu.%02lu\n\n",
		   loops_per_jiffy / (500000 / HZ),
		   (loops_per_jiffy / (5000 / HZ)) % 100);
	return 0;
}

static void *um_cpuinfo_start(struct seq_file *m, loff_t *pos)
{
	return *pos == 0 ? (void *)1 : NULL;
}

static void *um_cpuinfo_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return NULL;
}

static void um_cpuinfo_stop(struct seq_file *m, void *v)
{
}

const struct seq_operations cpuinfo_op = {
	.start	= um_cpuinfo_start,
	.next	= um_cpuinfo_next,
	.stop	= um_cpuinfo_stop,
	.show	= um_cpuinfo_show,
};
