// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of os_cmdline_parse().
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <um/layout.h>

#include "cmdline.h"
#include "disk.h"
#include "test.h"

#define MAX_ARGS	16

static struct os_cmdline cmd;

/* Parse "linux" followed by the NULL-terminated words. */
static int parse(const char *word, ...)
{
	char *argv[MAX_ARGS + 1] = { "linux" };
	int argc = 1;
	va_list ap;

	va_start(ap, word);
	for (; word && argc < MAX_ARGS; word = va_arg(ap, const char *))
		argv[argc++] = (char *)word;
	va_end(ap);
	argv[argc] = NULL;
	return os_cmdline_parse(argc, argv, &cmd);
}

static int parsed_ok(void)
{
	return cmd.error[0] == '\0';
}

static int error_is_one_line(void)
{
	return cmd.error[0] && !strchr(cmd.error, '\n');
}

static int error_mentions(const char *what)
{
	return strstr(cmd.error, what) != NULL;
}

static unsigned long mem_of(const char *word)
{
	if (parse(word, NULL))
		return 0;
	return cmd.mem_size;
}

static void test_defaults(void)
{
	CHECK(parse(NULL) == 0 && parsed_ok());
	CHECK(cmd.mem_size == UM_MEM_DEFAULT);
	CHECK(cmd.console_in_fd == 0 && cmd.console_out_fd == 1);
	CHECK(!cmd.help && !cmd.version);
	CHECK(!strcmp(cmd.kernel_cmdline, ""));
}

static void test_mem(void)
{
	CHECK(mem_of("mem=512M") == 512UL << 20);
	CHECK(mem_of("mem=512m") == 512UL << 20);
	CHECK(mem_of("mem=65536K") == 64UL << 20);
	CHECK(mem_of("mem=65536k") == 64UL << 20);
	CHECK(mem_of("mem=1G") == 1UL << 30);
	CHECK(mem_of("mem=2g") == 2UL << 30);
	CHECK(mem_of("mem=33554432") == 32UL << 20);
	CHECK(mem_of("mem=0x2000000") == 32UL << 20);

	/* The limits themselves are in range; one page either side is not. */
	CHECK(mem_of("mem=16M") == UM_MEM_MIN);
	CHECK(mem_of("mem=64G") == UM_MEM_MAX);
	CHECK(mem_of("mem=16380K") == 0 && error_is_one_line() &&
	      error_mentions("out of range"));
	CHECK(mem_of("mem=67108868K") == 0 && error_mentions("out of range"));
	CHECK(mem_of("mem=1") == 0 && error_mentions("16M to 64G"));

	/* Rounded down to whole 4 KiB pages. */
	CHECK(mem_of("mem=100000001") == (100000001UL & ~4095UL));
	CHECK(mem_of("mem=20001K") == 20000UL << 10);

	/* The kernel sees mem= too, and the last one wins. */
	CHECK(parse("mem=32M", "mem=64M", NULL) == 0);
	CHECK(cmd.mem_size == 64UL << 20);
	CHECK(!strcmp(cmd.kernel_cmdline, "mem=32M mem=64M"));

	CHECK(parse("mem=", NULL) == -EINVAL && error_is_one_line());
	CHECK(parse("mem=abc", NULL) == -EINVAL && error_mentions("mem=abc"));
	CHECK(parse("mem=12X", NULL) == -EINVAL);
	CHECK(parse("mem=64MB", NULL) == -EINVAL);
	CHECK(parse("mem=1T", NULL) == -EINVAL);
	CHECK(parse("mem=-1", NULL) == -EINVAL);
	CHECK(parse("mem=+64M", NULL) == -EINVAL);
	CHECK(parse("mem= 64M", NULL) == -EINVAL);
	CHECK(parse("mem=1.5G", NULL) == -EINVAL);
	CHECK(parse("mem=0x", NULL) == -EINVAL);
	CHECK(parse("mem=99999999999999999999", NULL) == -EINVAL);
	CHECK(parse("mem=18014398509481984K", NULL) == -EINVAL);
	CHECK(parse("mem=17179869184G", NULL) == -EINVAL);
}

static void test_con0(void)
{
	CHECK(parse("con0=fd:3,fd:4", NULL) == 0);
	CHECK(cmd.console_in_fd == 3 && cmd.console_out_fd == 4);
	/* The host side's alone: the kernel gets the descriptors, not the word. */
	CHECK(!strcmp(cmd.kernel_cmdline, ""));
	CHECK(parse("con0=fd:5", NULL) == 0);
	CHECK(cmd.console_in_fd == 5 && cmd.console_out_fd == 5);
	CHECK(parse("con0=fd:5", "con0=fd:0,fd:2", NULL) == 0);
	CHECK(cmd.console_in_fd == 0 && cmd.console_out_fd == 2);

	static const char *const bad[] = {
		"con0=", "con0=fd:", "con0=fd:x", "con0=fd:1,", "con0=fd:1,fd:",
		"con0=3,4", "con0=fd:1,fd:2,fd:3", "con0=fd:1;fd:2",
		"con0=fd:-1", "con0=fd:99999999999", "con0=pty", "con0=fd:1 ",
	};
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(parse(bad[i], NULL) == -EINVAL && error_is_one_line() &&
		      error_mentions("con0="));
		CHECK(cmd.console_in_fd == 0 && cmd.console_out_fd == 1);
	}
}

static void test_help_version(void)
{
	CHECK(parse("--help", NULL) == 0 && cmd.help && !cmd.version);
	CHECK(parse("-h", NULL) == 0 && cmd.help);
	CHECK(parse("--version", NULL) == 0 && cmd.version && !cmd.help);
	/* --help wins over mistakes, wherever it stands. */
	CHECK(parse("mem=bad", "--help", NULL) == 0 && cmd.help && parsed_ok());
	CHECK(parse("--version", "--bogus", NULL) == 0 && cmd.version);
	/* ...but not as an argument for init. */
	CHECK(parse("--", "--help", NULL) == 0 && !cmd.help);
	CHECK(!strcmp(cmd.kernel_cmdline, "-- --help"));

	CHECK(parse("--bogus", NULL) == -EINVAL && error_is_one_line() &&
	      error_mentions("'--bogus'"));
	CHECK(parse("-x", NULL) == -EINVAL);
	/* The first problem is the one reported. */
	CHECK(parse("mem=x", "con0=y", NULL) == -EINVAL &&
	      error_mentions("mem=x") && !error_mentions("con0"));
}

static void test_joining(void)
{
	CHECK(parse("console=tty", "loglevel=7", "ubd0=root.img",
		    "ubd1r=data.img,base.img", "init=/bin/sh", NULL) == 0);
	/* ubdN= are the host's: the kernel gets the default root instead. */
	CHECK(!strcmp(cmd.kernel_cmdline, "console=tty loglevel=7 "
		      "init=/bin/sh root=/dev/ubda"));

	CHECK(parse("quiet", "", "mem=64M", "con0=fd:0,fd:1", "ro", NULL) == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "quiet mem=64M ro"));

	/* Words for init after "--" are passed as they are. */
	CHECK(parse("init=/bin/sh", "--", "-c", "mem=1", "con0=x", NULL) == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "init=/bin/sh -- -c mem=1 con0=x"));
	CHECK(cmd.mem_size == UM_MEM_DEFAULT && cmd.console_in_fd == 0);

	/* Whitespace inside a word is quoted for the kernel's parser. */
	CHECK(parse("init=/bin/sh -c x", "a\tb", NULL) == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "init=\"/bin/sh -c x\" \"a\tb\""));
	CHECK(parse("a b=c", NULL) == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "\"a b=c\""));
	CHECK(parse("foo=\"already quoted\"", NULL) == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "foo=\"already quoted\""));
}

static void test_overlong(void)
{
	static char word[UM_CMDLINE_SIZE + 16];
	static char word2[UM_CMDLINE_SIZE];

	/* Exactly the buffer: UM_CMDLINE_SIZE - 1 characters and the NUL. */
	memset(word, 'a', UM_CMDLINE_SIZE - 1);
	word[UM_CMDLINE_SIZE - 1] = '\0';
	CHECK(parse(word, NULL) == 0 &&
	      strlen(cmd.kernel_cmdline) == UM_CMDLINE_SIZE - 1);

	word[UM_CMDLINE_SIZE - 1] = 'a';
	word[UM_CMDLINE_SIZE] = '\0';
	CHECK(parse(word, NULL) == -EINVAL && error_is_one_line() &&
	      error_mentions("longer than 4095 bytes"));

	/* Two words that fit alone but not with the space between them. */
	memset(word, 'a', 2000);
	word[2000] = '\0';
	memset(word2, 'b', 2094);
	word2[2094] = '\0';
	CHECK(parse(word, word2, NULL) == 0);
	word2[2094] = 'b';
	word2[2095] = '\0';
	CHECK(parse(word, word2, NULL) == -EINVAL);

	/* A long bad word is shortened; the reason survives. */
	memcpy(word, "mem=", 4);
	CHECK(parse(word, NULL) == -EINVAL && error_mentions("...") &&
	      error_mentions("not a size"));
}

/* initrd= names a host file: the host side takes it, the kernel never sees it. */
static void test_initrd(void)
{
	CHECK(parse("initrd=/tmp/root.cpio", "quiet", NULL) == 0);
	CHECK(cmd.initrd && !strcmp(cmd.initrd, "/tmp/root.cpio"));
	CHECK(!strcmp(cmd.kernel_cmdline, "quiet"));
	CHECK(parse("quiet", NULL) == 0 && cmd.initrd == NULL);
	CHECK(parse("initrd=", NULL) == -EINVAL);
	CHECK(error_is_one_line() && error_mentions("initrd="));
}

/* uspace= picks the backend for guest processes; the kernel never sees it. */
static void test_uspace_option(void)
{
	CHECK(parse("uspace=ptrace", "quiet", NULL) == 0);
	CHECK(cmd.uspace && !strcmp(cmd.uspace, "ptrace"));
	CHECK(!strcmp(cmd.kernel_cmdline, "quiet"));
	CHECK(parse("uspace=seccomp", NULL) == 0 &&
	      !strcmp(cmd.uspace, "seccomp"));
	CHECK(parse("quiet", NULL) == 0 && cmd.uspace == NULL);
	CHECK(parse("uspace=kvm", NULL) == -EINVAL);
	CHECK(error_is_one_line() && error_mentions("uspace=") &&
	      error_mentions("kvm"));
}

/* ubdN[rsdt]=FILE[,BACKING]: the host takes it; ubd0 brings root=/dev/ubda. */
static void test_ubd(void)
{
	CHECK(parse("ubd0=/img", "quiet", NULL) == 0 && parsed_ok());
	CHECK(cmd.ubd[0].given && !strcmp(cmd.ubd[0].file, "/img"));
	CHECK(!cmd.ubd[0].backing[0] && cmd.ubd[0].flags == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "quiet root=/dev/ubda"));
	CHECK(parse("ubd0=/img", "root=/dev/ubdb", NULL) == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "root=/dev/ubdb"));
	CHECK(parse("ubd0=/img", "--", "x", NULL) == 0);
	CHECK(!strcmp(cmd.kernel_cmdline, "root=/dev/ubda -- x"));
	CHECK(parse("ubd1=/img", NULL) == 0 && !strcmp(cmd.kernel_cmdline, ""));
	CHECK(parse("ubd15rsdt=/a,/b", NULL) == 0 && cmd.ubd[15].given);
	CHECK(cmd.ubd[15].flags == (DISK_READ_ONLY | DISK_SYNC |
				    DISK_NO_PARTITIONS | DISK_NO_DISCARD));
	CHECK(!strcmp(cmd.ubd[15].file, "/a") &&
	      !strcmp(cmd.ubd[15].backing, "/b"));
	CHECK(parse("ubdd=/x", NULL) == 0 && cmd.ubd[3].given &&
	      cmd.ubd[3].flags == 0);
	CHECK(parse("ubdad=/x", NULL) == 0 && cmd.ubd[0].given &&
	      cmd.ubd[0].flags == DISK_NO_PARTITIONS);
	CHECK(parse("ubd16=/x", NULL) == -EINVAL && error_mentions("ubd16"));
	CHECK(parse("ubd0x=/x", NULL) == -EINVAL && error_mentions("flag"));
	CHECK(parse("ubd0=", NULL) == -EINVAL && error_is_one_line());
	CHECK(parse("ubd0=/a,", NULL) == -EINVAL);
	CHECK(parse("ubd0=/a", "ubda=/b", NULL) == -EINVAL &&
	      error_mentions("twice"));
	/* A mistyped disk is refused, not handed to the kernel. */
	CHECK(parse("ubdq=/x", NULL) == -EINVAL && error_mentions("ubdq"));
	CHECK(parse("ubd=/x", NULL) == -EINVAL && error_mentions("a to p"));
	CHECK(parse("ubdz", NULL) == -EINVAL && error_is_one_line());
	CHECK(parse("ubd-1=/x", NULL) == -EINVAL);
	CHECK(parse("udb0=/x", NULL) == 0 && !strcmp(cmd.kernel_cmdline, "udb0=/x"));
}

void test_cmdline(void)
{
	test_ubd();
	test_initrd();
	test_uspace_option();
	test_defaults();
	test_mem();
	test_con0();
	test_help_version();
	test_joining();
	test_overlong();
}
