// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp in the guest: a filter that fails getppid() with EPERM, traps
 * uname() into SIGSYS with the right siginfo, and lets the rest through;
 * strict mode kills on anything but read/write/exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

static volatile int sigsys_nr = -1;

static void on_sigsys(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	if (info->si_code == SYS_SECCOMP && info->si_arch == AUDIT_ARCH_X86_64)
		sigsys_nr = info->si_syscall;
}

int main(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_uname, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(insns) / sizeof(insns[0]),
				   .filter = insns };
	struct sigaction sa = { .sa_sigaction = on_sigsys,
				.sa_flags = SA_SIGINFO };
	struct utsname u;
	int status;
	long ret;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT);
		syscall(SYS_getpid);	/* killed here */
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("%s seccomp: strict mode kills with SIGKILL\n",
	       WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ?
	       "ok" : "not ok");

	sigaction(SIGSYS, &sa, NULL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		printf("not ok seccomp: filter refused: %s\n", strerror(errno));
		return 1;
	}
	errno = 0;
	ret = syscall(SYS_getppid);
	printf("%s seccomp: filter fails getppid with EPERM\n",
	       ret == -1 && errno == EPERM ? "ok" : "not ok");
	ret = syscall(SYS_uname, &u);
	printf("%s seccomp: SECCOMP_RET_TRAP raises SIGSYS (%d)\n",
	       sigsys_nr == SYS_uname ? "ok" : "not ok", sigsys_nr);
	printf("%s seccomp: other calls pass\n",
	       syscall(SYS_getpid) == getpid() ? "ok" : "not ok");
	return 0;
}
