// SPDX-License-Identifier: GPL-2.0
/*
 * Which CPU a thread runs on, cheaply, for the seccomp backend's spins:
 * a spin for a thread waiting to run on the spinner's own CPU only
 * keeps it out.  RDPID, else RDTSCP, read TSC_AUX, which Linux sets per
 * CPU when it has either; the host's kernel says so in /proc/cpuinfo.
 * Not CPUID: some hypervisors hide from user code what their guest
 * kernel uses (and then TSC_AUX names a physical CPU, as good to
 * compare).  Without the flags, RDTSCP is tried (PVM runs guest user
 * code on real CPUs with the host's TSC_AUX and lists no flag): good if
 * it runs and tells two CPUs apart.  Without a probe, both sides spin
 * blindly, and one spinning on the other's CPU holds it off its
 * answer until its spin ends (QD32 disk reads: 63k against 90k IOPS).
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
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

static sigjmp_buf no_rdtscp;

/* By system call: the kernel's own sched_*affinity() take the libc names. */
static int set_cpus(const cpu_set_t *set)
{
	return syscall(SYS_sched_setaffinity, 0, sizeof(*set), set) ? -1 : 0;
}

static void on_sigill(int sig)
{
	(void)sig;
	siglongjmp(no_rdtscp, 1);
}

/* TSC_AUX on CPU @cpu (after moving there), or -1 if RDTSCP faults. */
static long tsc_aux_on(int cpu)
{
	struct sigaction ill = { .sa_handler = on_sigill }, old;
	sigset_t only_ill, old_mask;
	cpu_set_t one;
	unsigned int lo, hi, aux;
	volatile long ret = -1;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (set_cpus(&one))
		return -1;
	sigemptyset(&ill.sa_mask);
	/* A fault on a blocked SIGILL would kill us instead. */
	sigemptyset(&only_ill);
	sigaddset(&only_ill, SIGILL);
	if (pthread_sigmask(SIG_UNBLOCK, &only_ill, &old_mask))
		return -1;
	if (!sigaction(SIGILL, &ill, &old)) {
		if (!sigsetjmp(no_rdtscp, 1)) {
			__asm__ volatile("rdtscp"
					 : "=a"(lo), "=d"(hi), "=c"(aux));
			ret = aux;
		}
		sigaction(SIGILL, &old, NULL);
	}
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	return ret;
}

/* RDTSCP without the flag: usable if two CPUs we may use read apart. */
static unsigned int probe_by_trial(void)
{
	cpu_set_t allowed;
	long first = -1, aux;
	int cpu, found = 0, ok = 0;

	CPU_ZERO(&allowed);
	if (syscall(SYS_sched_getaffinity, 0, sizeof(allowed), &allowed) < 0)
		return SECCOMP_CPU_UNKNOWN;
	for (cpu = 0; cpu < CPU_SETSIZE && found < 2; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		aux = tsc_aux_on(cpu);
		if (aux < 0)
			break;
		if (!found++)
			first = aux;
		else
			ok = aux != first;
	}
	set_cpus(&allowed);
	/* One CPU: any answer is right, "the same CPU" always. */
	return ok || (found == 1 && CPU_COUNT(&allowed) == 1) ?
	       SECCOMP_CPU_RDTSCP : SECCOMP_CPU_UNKNOWN;
}

unsigned int os_uspace_cpu_probe(void)
{
	/* A newline first, so that a "flags" line is found at the start. */
	static char info[8192] = "\n";
	ssize_t n, got = 1;
	unsigned int probe;
	int fd;

	fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return probe_by_trial();
	while (got < (ssize_t)sizeof(info) - 1 &&
	       (n = read(fd, info + got, sizeof(info) - 1 - got)) > 0)
		got += n;
	close(fd);
	info[got] = '\0';
	probe = os_uspace_cpu_probe_of(info);
	return probe == SECCOMP_CPU_UNKNOWN ? probe_by_trial() : probe;
}
