// SPDX-License-Identifier: GPL-2.0
/*
 * Which CPU a thread runs on, cheaply, for the seccomp backend's spins:
 * a spin for a thread waiting to run on the spinner's own CPU only
 * keeps it out.  RDPID, else RDTSCP, read TSC_AUX, which Linux sets per
 * CPU when it has either; the host's kernel says so in /proc/cpuinfo.
 * Not CPUID: some hypervisors hide from user code what their guest
 * kernel uses (and then TSC_AUX names a physical CPU, as good to
 * compare).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cpu_probe.h"
#include "seccomp_stub.h"

/* Whether the first "flags" line of @info names @flag. */
static int has_flag(const char *info, const char *flag)
{
	const char *line = strstr(info, "\nflags"), *end, *p;
	size_t len = strlen(flag);

	if (!line)
		return 0;
	end = strchr(line + 1, '\n');
	for (p = strstr(line, flag); p && (!end || p < end);
	     p = strstr(p + 1, flag))
		if (p[-1] == ' ' && (p[len] == ' ' || p[len] == '\n' ||
				     !p[len]))
			return 1;
	return 0;
}

unsigned int os_uspace_cpu_probe_of(const char *cpuinfo)
{
	if (has_flag(cpuinfo, "rdpid"))
		return SECCOMP_CPU_RDPID;
	if (has_flag(cpuinfo, "rdtscp"))
		return SECCOMP_CPU_RDTSCP;
	return SECCOMP_CPU_UNKNOWN;
}

unsigned int os_uspace_cpu_probe(void)
{
	/* A newline first, so that a "flags" line is found at the start. */
	static char info[8192] = "\n";
	ssize_t n, got = 1;
	int fd;

	fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return SECCOMP_CPU_UNKNOWN;
	while (got < (ssize_t)sizeof(info) - 1 &&
	       (n = read(fd, info + got, sizeof(info) - 1 - got)) > 0)
		got += n;
	close(fd);
	info[got] = '\0';
	return os_uspace_cpu_probe_of(info);
}
