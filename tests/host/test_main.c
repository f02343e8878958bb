// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of os-Linux/: prints one line per failed check, then
 * "N passed, M failed"; exits non-zero on any failure.
 */
#include <string.h>
#include <unistd.h>

#include "test.h"

int tests_passed, tests_failed;

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], RESTART_PROBE))
		_exit(RESTART_PROBE_EXIT);

	test_cmdline();
	test_block();
	test_os();

	printf("%d passed, %d failed\n", tests_passed, tests_failed);
	return tests_failed ? 1 : 0;
}
