// SPDX-License-Identifier: GPL-2.0
/*
 * The ./linux command line.  The host side takes con0= for itself, reads
 * mem= (which the kernel sees too) and hands every other word on as the
 * kernel command line.
 *
 * This file touches no host state so that the host unit tests can drive
 * it.  The kernel's snprintf() and friends replace libc's in the final
 * link, so messages are put together by hand.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <um/layout.h>

#include "cmdline.h"
#include "disk.h"

#define HOST_PAGE_SIZE	4096UL

/* A string being built in a fixed buffer; running out is an error. */
struct text {
	char *buf;
	size_t size;
	size_t len;
	int overflow;
};

static void text_init(struct text *t, char *buf, size_t size)
{
	t->buf = buf;
	t->size = size;
	t->len = 0;
	t->overflow = 0;
	buf[0] = '\0';
}

static void text_add_n(struct text *t, const char *s, size_t n)
{
	if (t->overflow || t->len + n >= t->size) {
		t->overflow = 1;
		return;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

static void text_add(struct text *t, const char *s)
{
	text_add_n(t, s, strlen(s));
}

/* @size in the largest unit that holds it exactly: "16M", "4095". */
static void text_add_size(struct text *t, unsigned long long size)
{
	static const char units[] = "\0KMG";
	char digits[24];
	int unit = 0, i = sizeof(digits);

	while (unit < 3 && size && !(size & 1023)) {
		size >>= 10;
		unit++;
	}
	if (unit)
		digits[--i] = units[unit];
	do {
		digits[--i] = '0' + size % 10;
		size /= 10;
	} while (size);
	text_add_n(t, digits + i, sizeof(digits) - i);
}

#define MAX_QUOTED_WORD	80

/*
 * Report "@before@word@after", @word shortened so that the rest still
 * fits.  Only the first problem is reported; later words are still
 * parsed so that --help anywhere wins over a mistake elsewhere.
 */
static void fail(struct os_cmdline *out, const char *before, const char *word,
		 const char *after)
{
	struct text t;

	if (out->error[0])
		return;
	text_init(&t, out->error, sizeof(out->error));
	text_add(&t, before);
	if (word && strlen(word) > MAX_QUOTED_WORD) {
		text_add_n(&t, word, MAX_QUOTED_WORD);
		text_add(&t, "...");
	} else if (word) {
		text_add(&t, word);
	}
	text_add(&t, after);
}

/* A number with an optional K, M or G suffix, in the kernel's memparse base. */
static int parse_size(const char *s, unsigned long long *size)
{
	unsigned long long n;
	int shift = 0;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case 'K': case 'k':
		shift = 10;
		break;
	case 'M': case 'm':
		shift = 20;
		break;
	case 'G': case 'g':
		shift = 30;
		break;
	}
	if (shift)
		end++;
	if (*end || n > (ULLONG_MAX >> shift))
		return -EINVAL;
	*size = n << shift;
	return 0;
}

static void parse_mem(const char *value, struct os_cmdline *out)
{
	unsigned long long size;
	struct text t;

	if (parse_size(value, &size)) {
		fail(out, "mem=", value,
		     ": not a size (a number with an optional K, M or G suffix)");
		return;
	}
	if (size < UM_MEM_MIN || size > UM_MEM_MAX) {
		char range[48];

		text_init(&t, range, sizeof(range));
		text_add(&t, ": out of range (");
		text_add_size(&t, UM_MEM_MIN);
		text_add(&t, " to ");
		text_add_size(&t, UM_MEM_MAX);
		text_add(&t, ")");
		fail(out, "mem=", value, range);
		return;
	}
	out->mem_size = size & ~(HOST_PAGE_SIZE - 1);
}

/* "fd:N"; returns what follows it, or NULL. */
static const char *parse_fd(const char *s, int *fd)
{
	unsigned long n;
	char *end;

	if (strncmp(s, "fd:", 3) || s[3] < '0' || s[3] > '9')
		return NULL;
	errno = 0;
	n = strtoul(s + 3, &end, 10);
	if (errno || n > INT_MAX)
		return NULL;
	*fd = n;
	return end;
}

static void parse_con0(const char *value, struct os_cmdline *out)
{
	const char *rest;
	int in, io;

	rest = parse_fd(value, &in);
	if (rest && *rest == '\0') {
		io = in;
	} else if (rest && *rest == ',') {
		rest = parse_fd(rest + 1, &io);
		if (!rest || *rest)
			rest = NULL;
	} else {
		rest = NULL;
	}
	if (!rest) {
		fail(out, "con0=", value, ": expected fd:IN,fd:OUT or fd:INOUT");
		return;
	}
	out->console_in_fd = in;
	out->console_out_fd = io;
}

/*
 * ubdN[FLAGS]=FILE[,BACKING]: N is 0..15 or a..p, FLAGS any of r (read
 * only), s (synchronous writes), d (no partition table), t (no discard).
 * Every other word that starts with "ubd" is a mistake, not a kernel
 * parameter (no kernel parameter starts so): a mistyped disk would
 * otherwise be left out without a word.  Returns 0 for a word that is
 * not a ubd word.
 */
static int parse_ubd(const char *word, struct os_cmdline *out)
{
	const char *p = word + 3, *comma;
	struct os_cmdline_ubd *ubd;
	unsigned int flags = 0;
	size_t file_len;
	int index;

	if (strncmp(word, "ubd", 3))
		return 0;
	if (*p >= '0' && *p <= '9') {
		index = *p++ - '0';
		if (*p >= '0' && *p <= '9')
			index = index * 10 + (*p++ - '0');
	} else if (*p >= 'a' && *p <= 'p') {
		index = *p++ - 'a';
	} else {
		index = OS_BLOCK_MAX_DISKS;	/* no disk: refused below */
	}
	for (; *p && *p != '=' && index < OS_BLOCK_MAX_DISKS; p++) {
		switch (*p) {
		case 'r':
			flags |= DISK_READ_ONLY;
			break;
		case 's':
			flags |= DISK_SYNC;
			break;
		case 'd':
			flags |= DISK_NO_PARTITIONS;
			break;
		case 't':
			flags |= DISK_NO_DISCARD;
			break;
		default:
			fail(out, "", word, ": unknown ubd flag (r, s, d, t)");
			return 1;
		}
	}
	if (*p != '=' || index >= OS_BLOCK_MAX_DISKS) {
		fail(out, "", word, ": expected ubdN[rsdt]=FILE[,BACKING], N 0 to 15 or a to p");
		return 1;
	}
	ubd = &out->ubd[index];
	if (ubd->given) {
		fail(out, "", word, ": that ubd device was given twice");
		return 1;
	}
	p++;
	comma = strchr(p, ',');
	file_len = comma ? (size_t)(comma - p) : strlen(p);
	if (!file_len || (comma && !comma[1])) {
		fail(out, "", word, ": expected a file name");
		return 1;
	}
	if (file_len >= sizeof(ubd->file) ||
	    (comma && strlen(comma + 1) >= sizeof(ubd->backing))) {
		fail(out, "", word, ": file name too long");
		return 1;
	}
	memcpy(ubd->file, p, file_len);
	ubd->file[file_len] = '\0';
	if (comma)
		strcpy(ubd->backing, comma + 1);
	ubd->flags = flags;
	ubd->given = 1;
	return 1;
}

/*
 * Append @word to the kernel command line.  A word holding whitespace
 * would fall apart there, so it is quoted the way the kernel's parser
 * understands (param="value with spaces"), unless it already holds quotes,
 * in which case its author did the quoting.
 */
static void add_kernel_word(struct text *cmdline, const char *word)
{
	size_t before_space = strcspn(word, " \t\n\v\f\r");
	const char *eq = memchr(word, '=', before_space);

	if (cmdline->len)
		text_add(cmdline, " ");
	if (!word[before_space] || strchr(word, '"')) {
		text_add(cmdline, word);
		return;
	}
	if (eq) {
		text_add_n(cmdline, word, eq + 1 - word);
		word = eq + 1;
	}
	text_add(cmdline, "\"");
	text_add(cmdline, word);
	text_add(cmdline, "\"");
}

/* ./linux ubd0=rootfs.img needs no root= of its own. */
static void add_default_root(struct text *cmdline, const struct os_cmdline *out,
			     int root_given)
{
	if (out->ubd[0].given && !root_given)
		add_kernel_word(cmdline, "root=/dev/ubda");
}

int os_cmdline_parse(int argc, char **argv, struct os_cmdline *out)
{
	struct text cmdline;
	int init_args = 0, root_given = 0;
	int i;

	memset(out, 0, sizeof(*out));
	out->mem_size = UM_MEM_DEFAULT;
	out->console_in_fd = 0;
	out->console_out_fd = 1;
	text_init(&cmdline, out->kernel_cmdline, sizeof(out->kernel_cmdline));

	for (i = 1; i < argc; i++) {
		const char *word = argv[i];

		/* An empty "$VAR" is nothing to complain about. */
		if (!word[0])
			continue;
		/* After "--" the words are init's arguments, not ours. */
		if (init_args) {
			add_kernel_word(&cmdline, word);
			continue;
		}
		if (!strcmp(word, "--help") || !strcmp(word, "-h")) {
			out->help = 1;
		} else if (!strcmp(word, "--version")) {
			out->version = 1;
		} else if (!strcmp(word, "--")) {
			init_args = 1;
			add_default_root(&cmdline, out, root_given);
			add_kernel_word(&cmdline, word);
		} else if (word[0] == '-') {
			fail(out, "unknown option '", word, "' (try --help)");
		} else if (!strncmp(word, "con0=", 5)) {
			parse_con0(word + 5, out);
		} else if (!strncmp(word, "initrd=", 7)) {
			/* A host file: the kernel gets its contents, not its name. */
			if (!word[7])
				fail(out, "initrd=", "", ": expected a file name");
			out->initrd = word + 7;
		} else if (!strncmp(word, "uspace=", 7)) {
			/* How guest processes run: a host matter only. */
			if (strcmp(word + 7, "seccomp") &&
			    strcmp(word + 7, "ptrace"))
				fail(out, "uspace=", word + 7,
				     ": expected seccomp or ptrace");
			out->uspace = word + 7;
		} else if (parse_ubd(word, out)) {
			/* The host opens the file; the kernel finds the disk. */
		} else {
			if (!strncmp(word, "root=", 5))
				root_given = 1;
			if (!strncmp(word, "mem=", 4))
				parse_mem(word + 4, out);
			add_kernel_word(&cmdline, word);
		}
	}

	if (!init_args)
		add_default_root(&cmdline, out, root_given);
	if (out->help || out->version) {
		out->error[0] = '\0';
		return 0;
	}
	if (cmdline.overflow) {
		char limit[48];
		struct text t;

		text_init(&t, limit, sizeof(limit));
		text_add_size(&t, sizeof(out->kernel_cmdline) - 1);
		text_add(&t, " bytes");
		fail(out, "the kernel command line is longer than ", limit, "");
	}
	return out->error[0] ? -EINVAL : 0;
}
