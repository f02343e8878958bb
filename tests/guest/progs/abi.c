// SPDX-License-Identifier: GPL-2.0
/*
 * Corners of the x86_64 ABI: 32-bit system calls are refused, not run;
 * rseq is registered by libc and gives the CPU; arch_prctl.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

extern __thread char rseq_area[] __attribute__((weak));
extern const unsigned int __rseq_size __attribute__((weak));

static sigjmp_buf escape;
static volatile int caught;

static void on_signal(int sig)
{
	caught = sig;
	siglongjmp(escape, 1);
}

/*
 * The host's legacy vsyscall page is no part of the guest: calling
 * time() there must not run on the host.  A guest kernel without it
 * raises a signal (SIGSYS here, SIGSEGV would do as well).
 */
static void check_vsyscall(void)
{
	long (*vtime)(long *) = (long (*)(long *))0xffffffffff600400UL;
	volatile long t = -1;

	signal(SIGSYS, on_signal);
	signal(SIGSEGV, on_signal);
	if (!sigsetjmp(escape, 1))
		t = vtime(NULL);
	signal(SIGSYS, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	printf("%s abi: the host's vsyscall page does not run (signal %d, time %ld)\n",
	       caught && t == -1 ? "ok" : "not ok", caught, (long)t);
}

int main(void)
{
	unsigned long fs = 0;
	long ret;

	/* i386 getpid is 20: int $0x80 must not reach the host. */
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(20L) : "memory");
	printf("%s abi: int $0x80 refused with ENOSYS (%ld)\n",
	       ret == -38 ? "ok" : "not ok", ret);
	printf("%s abi: rseq registered by libc, sched_getcpu %d\n",
	       &__rseq_size && __rseq_size > 0 && sched_getcpu() == 0 ?
	       "ok" : "not ok", sched_getcpu());
	printf("%s abi: arch_prctl(ARCH_GET_FS) is the thread pointer\n",
	       syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0 && fs &&
	       fs == (unsigned long)__builtin_thread_pointer() ?
	       "ok" : "not ok");
	check_vsyscall();
	return 0;
}
