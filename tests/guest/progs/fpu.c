// SPDX-License-Identifier: GPL-2.0
/*
 * FPU state and processes: a fork's child inherits the parent's MXCSR,
 * a signal handler starts with the default one and the interrupted code
 * gets its own back, exec starts afresh (MXCSR, x87 control word).
 * Prints "ok"/"not ok" lines.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MXCSR_DEFAULT	0x1f80U
#define MXCSR_ROUND_UP	0x5f80U

static unsigned int get_mxcsr(void)
{
	unsigned int v;

	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

static void set_mxcsr(unsigned int v)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
}

#define FCW_DEFAULT	0x37fU
#define FCW_DOUBLE	0x27fU	/* precision control: double */

static unsigned int get_fcw(void)
{
	unsigned short v;

	__asm__ volatile("fnstcw %0" : "=m"(v));
	return v;
}

static void set_fcw(unsigned short v)
{
	__asm__ volatile("fldcw %0" : : "m"(v));
}

static volatile unsigned int in_handler;

static void handler(int sig)
{
	(void)sig;
	in_handler = get_mxcsr();
	set_mxcsr(MXCSR_DEFAULT | 0x6000);	/* must not leak out */
}

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc > 1) {		/* exec'd by ourselves */
		printf("%s fpu: exec starts with the default MXCSR (%#x)\n",
		       get_mxcsr() == MXCSR_DEFAULT ? "ok" : "not ok",
		       get_mxcsr());
		printf("%s fpu: exec starts with the default x87 control word (%#x)\n",
		       get_fcw() == FCW_DEFAULT ? "ok" : "not ok", get_fcw());
		return 0;
	}
	set_mxcsr(MXCSR_ROUND_UP);
	pid = fork();
	if (pid == 0)
		_exit(get_mxcsr() == MXCSR_ROUND_UP ? 0 : 1);
	waitpid(pid, &status, 0);
	printf("%s fpu: fork child inherits MXCSR\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "not ok");

	signal(SIGUSR1, handler);
	raise(SIGUSR1);
	printf("%s fpu: signal handler starts with the default MXCSR (%#x)\n",
	       in_handler == MXCSR_DEFAULT ? "ok" : "not ok", in_handler);
	printf("%s fpu: sigreturn restores the interrupted MXCSR (%#x)\n",
	       get_mxcsr() == MXCSR_ROUND_UP ? "ok" : "not ok", get_mxcsr());
	fflush(stdout);
	set_fcw(FCW_DOUBLE);
	execl(argv[0], argv[0], "exec", (char *)NULL);
	printf("not ok fpu: exec failed\n");
	return 1;
}
