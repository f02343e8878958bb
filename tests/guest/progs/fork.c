// SPDX-License-Identifier: GPL-2.0
/*
 * Copy-on-write across fork, in a large private area only partly
 * touched (as a heap or a stack is): after the fork each side writes
 * and the other still reads what was there, pages touched or not, and
 * a shared area stays shared.  The kernel takes write access away from
 * the parent's host mappings at a fork (arch/um/mm/host_mm.c) only
 * where the area has pages.  Prints "ok"/"not ok" lines.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define AREA_PAGES	8192		/* 32 MiB */
#define DENSE_PAGES	1024		/* the first 4 MiB, all touched */
#define SPARSE_STEP	64		/* then one page in 64 */
#define PAGE		4096UL

static unsigned char *area, *shared;

static int touched(long page)
{
	return page < DENSE_PAGES || page % SPARSE_STEP == 0;
}

/* Every page of the area holds what @value says it should. */
static int area_is(unsigned char value)
{
	long page;

	for (page = 0; page < AREA_PAGES; page++) {
		unsigned char want = touched(page) ? value : 0;

		if (area[page * PAGE] != want ||
		    area[page * PAGE + PAGE - 1] != want)
			return 0;
	}
	return 1;
}

static void area_write(unsigned char value, int all)
{
	long page;

	for (page = 0; page < AREA_PAGES; page++)
		if (all || touched(page)) {
			area[page * PAGE] = value;
			area[page * PAGE + PAGE - 1] = value;
		}
}

static void report(int ok, const char *what)
{
	printf("%s fork: %s\n", ok ? "ok" : "not ok", what);
	fflush(stdout);
}

/* The child writes everything; the parent then reads its own values. */
static void child_writes(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		area_write(0xcc, 1);
		shared[0] = 0x5a;
		_exit(area[PAGE] == 0xcc ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	report(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the child writes its copy");
	report(area_is(0xaa), "the parent's pages stay as they were");
	report(shared[0] == 0x5a, "a shared area stays shared");
}

/* The parent writes after the fork; the child then reads the old values. */
static void parent_writes(void)
{
	int go[2], status = -1;
	char c = 0;
	pid_t pid;

	if (pipe(go))
		return report(0, "pipe");
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(area_is(0xaa) ? 0 : 1);
	}
	close(go[0]);
	area_write(0xbb, 0);
	report(area_is(0xbb), "the parent writes its copy");
	if (write(go[1], "x", 1) != 1)
		report(0, "pipe write");
	close(go[1]);
	waitpid(pid, &status, 0);
	report(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "the child's pages stay as they were");
	area_write(0xaa, 0);
}

int main(void)
{
	area = mmap(NULL, AREA_PAGES * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED || shared == MAP_FAILED) {
		report(0, "mmap");
		return 1;
	}
	area_write(0xaa, 0);
	parent_writes();
	child_writes();
	/* Again, now that the parent's pages were made read-only once. */
	parent_writes();
	report(area_is(0xaa), "after two forks the parent's pages are its own");
	return 0;
}
