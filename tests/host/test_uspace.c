// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the guest address-space service (os/uspace.h) against the
 * real host, without the kernel: address spaces with a memfd as physical
 * memory, guest code copied into it, and every kind of event run() can
 * report.  test_main.c calls test_os() only; the makefile links
 * test_os() to __wrap_test_os() below, which runs these tests after it.
 *
 * USPACE_BENCH=1 in the environment also prints what a system call
 * round trip, a page fault round trip, apply() and create() cost.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <os/mem.h>
#include <os/uspace.h>
#include <um/layout.h>

#include "test.h"
#include "uspace/cpu_probe.h"
#include "uspace/placement.h"
#include "uspace/seccomp_stub.h"

#define PAGE		4096UL
#define PHYS_PAGES	64
#define PHYS_SIZE	(PHYS_PAGES * PAGE)

/*
 * Guest addresses, and the pages of physical memory behind them:
 * physical page 0 holds the code, page 1 the data page, page 2 is
 * mapped late, page 3 is for the FPU tests.
 */
#define CODE_ADDR	0x10000000UL
#define DATA_ADDR	0x10001000UL
#define HOLE_ADDR	0x10010000UL
#define HOLE2_ADDR	0x10020000UL
#define CODE_PHYS	0
#define DATA_PHYS	PAGE
#define LATE_PHYS	(2 * PAGE)
#define FP_PHYS		(3 * PAGE)

/* System call numbers the guest code uses to say where it is. */
#define NR_MARK		1000

/*
 * Guest code, copied to the start of physical memory and run at
 * CODE_ADDR.  The snippets take their operands in registers.
 */
__asm__(
	".pushsection .rodata\n"
	".balign 16\n"
	"guest_code:\n"
	/* getpid(); then show what came back: rdi = ax */
	"g_syscall:\n"
	"	mov $39, %eax\n"
	"	syscall\n"
	"	mov %rax, %rdi\n"
	"	mov $1000, %eax\n"
	"	syscall\n"
	/* *rdi = rsi */
	"g_store:\n"
	"	movq %rsi, (%rdi)\n"
	"	mov $1001, %eax\n"
	"	syscall\n"
	/* rsi = *rdi */
	"g_load:\n"
	"	movq (%rdi), %rsi\n"
	"	mov $1002, %eax\n"
	"	syscall\n"
	"g_ud2:\n"
	"	ud2\n"
	"g_int3:\n"
	"	int3\n"
	"	mov $1003, %eax\n"
	"	syscall\n"
	/* 32-bit exit(42): must not end the process */
	"g_int80:\n"
	"	mov $1, %eax\n"
	"	mov $42, %ebx\n"
	"	int $0x80\n"
	"	mov $1004, %eax\n"
	"	syscall\n"
	"g_sysenter:\n"
	"	mov $1, %eax\n"
	"	mov $42, %ebx\n"
	"	sysenter\n"
	"g_loop:\n"
	"	jmp g_loop\n"
	/* *rdi = xmm0 */
	"g_fpstore:\n"
	"	movdqu %xmm0, (%rdi)\n"
	"	mov $1005, %eax\n"
	"	syscall\n"
	/* *rdi = rsi (may fault), then *rdx = xmm0 */
	"g_fault_fp:\n"
	"	movq %rsi, (%rdi)\n"
	"	movdqu %xmm0, (%rdx)\n"
	"	mov $1006, %eax\n"
	"	syscall\n"
	"g_div0:\n"
	"	xor %ecx, %ecx\n"
	"	div %ecx\n"
	"g_hlt:\n"
	"	hlt\n"
	/* rcx quadwords of rax from rdi on */
	"g_scribble:\n"
	"	rep stosq\n"
	"	mov $1007, %eax\n"
	"	syscall\n"
	/* the benchmarks: getpid() forever */
	"g_bench_syscall:\n"
	"	mov $39, %eax\n"
	"	syscall\n"
	"	jmp g_bench_syscall\n"
	/* xmm0 = *rdi, then system call 1008 until xmm0 changes: ud2 */
	"g_fp_loop:\n"
	"	movdqu (%rdi), %xmm0\n"
	"1:	mov $1008, %eax\n"
	"	syscall\n"
	"	movdqu (%rdi), %xmm1\n"
	"	pcmpeqb %xmm0, %xmm1\n"
	"	pmovmskb %xmm1, %eax\n"
	"	cmp $0xffff, %eax\n"
	"	jne g_ud2\n"
	"	jmp 1b\n"
	/* jump to r11: into the stub's own text */
	"g_jump:\n"
	"	jmp *%r11\n"
	"guest_code_end:\n"
	".popsection\n");

extern const char guest_code[], guest_code_end[];
extern const char g_syscall[], g_store[], g_load[], g_ud2[], g_int3[];
extern const char g_int80[], g_sysenter[], g_loop[], g_fpstore[];
extern const char g_fault_fp[], g_div0[], g_hlt[], g_scribble[];
extern const char g_bench_syscall[], g_jump[], g_fp_loop[];

#define GUEST(label)	(CODE_ADDR + (unsigned long)((label) - guest_code))

static int physmem = -1;
static unsigned char *phys;

/* The backend under test is the seccomp one. */
static int seccomp_backend;


static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Registers to start guest code at @ip with. */
static struct os_guest_regs guest_regs(unsigned long ip)
{
	struct os_guest_regs regs = {
		.ip = ip,
		.sp = DATA_ADDR + PAGE,
		.cs = OS_GUEST_CS,
		.ss = OS_GUEST_SS,
		.flags = 0x202,
	};

	return regs;
}

static struct os_uspace_op map_op(unsigned long addr, unsigned long len,
				  unsigned long phys_off, int prot)
{
	struct os_uspace_op op = {
		.kind = OS_USPACE_MAP,
		.prot = prot,
		.fd_is_physmem = 1,
		.addr = addr,
		.len = len,
		.offset = phys_off,
	};

	return op;
}

static struct os_uspace_op other_op(int kind, unsigned long addr,
				    unsigned long len, int prot)
{
	struct os_uspace_op op = {
		.kind = kind,
		.prot = prot,
		.addr = addr,
		.len = len,
	};

	return op;
}

static int apply1(int h, struct os_uspace_op op)
{
	return os_uspace->apply(h, &op, 1);
}

/* An address space with the code page (r-x) and the data page (rw-). */
static int new_space(void)
{
	struct os_uspace_op ops[2] = {
		map_op(CODE_ADDR, PAGE, CODE_PHYS,
		       OS_PROT_READ | OS_PROT_EXEC),
		map_op(DATA_ADDR, PAGE, DATA_PHYS,
		       OS_PROT_READ | OS_PROT_WRITE),
	};
	int h = os_uspace->create(physmem);

	if (h >= 0 && os_uspace->apply(h, ops, 2)) {
		os_uspace->destroy(h);
		return -1;
	}
	return h;
}

/* Run @regs; whether it ends in system call @nr. */
static int run_to_syscall(int h, struct os_guest_regs *regs, unsigned long nr)
{
	struct os_uspace_event ev;

	return os_uspace->run(h, regs, &ev) == 0 &&
	       ev.kind == OS_USPACE_SYSCALL && regs->orig_ax == nr;
}

/* The pids whose parent we are. */
static int children(pid_t *pids, int max)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	int n = 0;

	if (!proc)
		return -1;
	while ((de = readdir(proc))) {
		char path[64], buf[512], *p;
		FILE *f;
		long ppid;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", atoi(de->d_name));
		f = fopen(path, "r");
		if (!f)
			continue;
		p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		fclose(f);
		/* "pid (comm) state ppid ..." */
		if (p && sscanf(p + 1, " %*c %ld", &ppid) == 1 &&
		    ppid == getpid() && n < max)
			pids[n++] = atoi(de->d_name);
	}
	closedir(proc);
	return n;
}

/* The one child there should be, or -1. */
static pid_t only_child(void)
{
	pid_t pids[4];

	return children(pids, 4) == 1 ? pids[0] : -1;
}

static int count_fds(pid_t pid, int *only_fd)
{
	char path[64];
	struct dirent *de;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		if (only_fd)
			*only_fd = atoi(de->d_name);
	}
	closedir(dir);
	/* opendir()'s own descriptor is one of ours. */
	return pid == getpid() ? n - 1 : n;
}

/* Whether every mapping of @pid is the stub's, or [vsyscall]. */
static int only_stub_mapped(pid_t pid)
{
	char path[64], line[512];
	int stub_maps = 0, others = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start = strtoul(line, NULL, 16);

		if (strstr(line, "[vsyscall]"))
			continue;
		if (start >= UM_STUB_CODE && start < UM_STUB_DATA + (1UL << 20))
			stub_maps++;
		else
			others++;
	}
	fclose(f);
	/* Text and data; the seccomp stub's shared memory, in two parts. */
	return stub_maps == (seccomp_backend ? 4 : 2) && !others;
}

/*
 * Whether the stub @pid has only its descriptors: physical memory as
 * fd 3, and for the seccomp stub the result pipe as fd 4.
 */
static int stub_fds_ok(pid_t pid)
{
	char path[64];
	struct dirent *de;
	DIR *dir;
	int n = 0, bad = 0, fd;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		fd = atoi(de->d_name);
		n++;
		if (fd != 3 && !(seccomp_backend && fd == 4))
			bad++;
	}
	closedir(dir);
	return !bad && n == (seccomp_backend ? 2 : 1);
}

static void test_create(const char *name)
{
	int h, i;
	pid_t pid;

	CHECK(os_uspace_select("no-such-backend") == -EINVAL);
	CHECK(os_uspace_select(name) == 0);
	CHECK(os_uspace_init() == 0);
	CHECK(os_uspace && !strcmp(os_uspace->name, name));
	/* Later calls just say how the first went. */
	CHECK(os_uspace_init() == 0);

	h = os_uspace->create(physmem);
	CHECK(h >= 0);
	pid = only_child();
	CHECK(pid > 0);
	if (pid <= 0) {
		os_uspace->destroy(h);
		return;
	}
	/* fd 3 is our physical memory; nothing but the stub is mapped. */
	CHECK(stub_fds_ok(pid));
	CHECK(only_stub_mapped(pid));

	os_uspace->destroy(h);
	/* Gone, and reaped: no zombie answers kill(). */
	CHECK(kill(pid, 0) == -1 && errno == ESRCH);
	CHECK(only_child() == -1);
	CHECK(os_uspace->run(h, &(struct os_guest_regs){ 0 },
			     &(struct os_uspace_event){ 0 }) == -EINVAL);

	/* A descriptor that is not open cannot be physical memory. */
	CHECK(os_uspace->create(-1) == -EBADF);
	CHECK(os_uspace->create(1000) == -EBADF);
	CHECK(only_child() == -1);

	/* fd 3 as physical memory: passed on as it is. */
	if (physmem != 3 && dup2(physmem, 3) == 3) {
		h = os_uspace->create(3);
		CHECK(h >= 0);
		pid = only_child();
		CHECK(pid > 0 && stub_fds_ok(pid));
		os_uspace->destroy(h);
		close(3);
	}

	/* Many address spaces at once. */
	{
		pid_t pids[32];
		int hs[20];

		for (i = 0; i < 20; i++)
			hs[i] = os_uspace->create(physmem);
		for (i = 0; i < 20; i++)
			CHECK(hs[i] >= 0);
		CHECK(children(pids, 32) == 20);
		for (i = 0; i < 20; i++)
			os_uspace->destroy(hs[i]);
		CHECK(only_child() == -1);
	}
}

static void test_cycles(void)
{
	int fds = count_fds(getpid(), NULL), i, ok = 1;

	for (i = 0; i < 200; i++) {
		int h = os_uspace->create(physmem);

		if (h < 0) {
			ok = 0;
			break;
		}
		if ((i & 1) && apply1(h, map_op(CODE_ADDR, PAGE, 0,
						OS_PROT_READ)))
			ok = 0;
		os_uspace->destroy(h);
	}
	CHECK(ok);
	CHECK(only_child() == -1);
	CHECK(count_fds(getpid(), NULL) == fds);
}

static void test_syscall(void)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_syscall)), want;
	struct os_uspace_event ev;
	int h = new_space();

	CHECK(h >= 0);
	/* Every register the guest does not change comes back. */
	regs.bx = 0x1111; regs.dx = 0x2222; regs.si = 0x3333;
	regs.di = 0x4444; regs.bp = 0x5555; regs.r8 = 0x8888;
	regs.r9 = 0x9999; regs.r10 = 0x1010; regs.r12 = 0x1212;
	regs.r13 = 0x1313; regs.r14 = 0x1414; regs.r15 = 0x1515;
	want = regs;
	memset(&ev, 0x55, sizeof(ev));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_SYSCALL && !ev.is_compat && !ev.signo &&
	      !ev.addr);
	CHECK(regs.orig_ax == 39);
	CHECK(regs.ax == (unsigned long)-ENOSYS);
	CHECK(regs.ip == GUEST(g_syscall) + 7);
	CHECK(regs.bx == want.bx && regs.dx == want.dx &&
	      regs.si == want.si && regs.di == want.di &&
	      regs.bp == want.bp && regs.sp == want.sp &&
	      regs.r8 == want.r8 && regs.r9 == want.r9 &&
	      regs.r10 == want.r10 && regs.r12 == want.r12 &&
	      regs.r13 == want.r13 && regs.r14 == want.r14 &&
	      regs.r15 == want.r15 && regs.cs == OS_GUEST_CS &&
	      regs.ss == OS_GUEST_SS);
	/* syscall itself puts the return address in rcx. */
	CHECK(regs.cx == regs.ip);

	/* The kernel's answer is what the guest sees. */
	regs.ax = 12345;
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_SYSCALL && regs.orig_ax == NR_MARK &&
	      regs.di == 12345);

	/* Bad segment selectors are the host's to refuse. */
	regs = guest_regs(GUEST(g_syscall));
	regs.cs = 0x8;
	CHECK(os_uspace->run(h, &regs, &ev) == -EIO);
	regs = guest_regs(GUEST(g_syscall));
	CHECK(run_to_syscall(h, &regs, 39));

	os_uspace->destroy(h);
	CHECK(os_uspace->run(h, &regs, &ev) == -EINVAL);
}

static void test_faults(void)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_store));
	struct os_uspace_event ev;
	int h = new_space();

	CHECK(h >= 0);
	/* A write to nothing. */
	regs.di = HOLE_ADDR + 0x18;
	regs.si = 0x0123456789abcdefUL;
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_FAULT && ev.addr == HOLE_ADDR + 0x18 &&
	      ev.is_write == 1 && ev.is_exec == 0 && ev.signo == SIGSEGV &&
	      ev.si_code == SEGV_MAPERR && ev.trap_no == 14);
	/* The registers are those at the faulting instruction. */
	CHECK(regs.ip == GUEST(g_store) && regs.di == HOLE_ADDR + 0x18 &&
	      regs.si == 0x0123456789abcdefUL && regs.sp == DATA_ADDR + PAGE);

	/* Map it, run on: the store lands in physical memory. */
	CHECK(apply1(h, map_op(HOLE_ADDR, PAGE, LATE_PHYS,
			       OS_PROT_READ | OS_PROT_WRITE)) == 0);
	CHECK(run_to_syscall(h, &regs, 1001));
	CHECK(*(unsigned long *)(phys + LATE_PHYS + 0x18) ==
	      0x0123456789abcdefUL);

	/* A read from nothing, then from the page just mapped. */
	regs = guest_regs(GUEST(g_load));
	regs.di = HOLE2_ADDR + 8;
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_FAULT && ev.addr == HOLE2_ADDR + 8 &&
	      ev.is_write == 0 && ev.is_exec == 0);
	regs = guest_regs(GUEST(g_load));
	regs.di = HOLE_ADDR + 0x18;
	CHECK(run_to_syscall(h, &regs, 1002) &&
	      regs.si == 0x0123456789abcdefUL);

	/* Executing the data page, and nothing. */
	regs = guest_regs(DATA_ADDR + 0x40);
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_FAULT && ev.addr == DATA_ADDR + 0x40 &&
	      ev.is_exec == 1 && ev.is_write == 0 &&
	      ev.si_code == SEGV_ACCERR);
	regs = guest_regs(HOLE2_ADDR);
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_FAULT && ev.addr == HOLE2_ADDR &&
	      ev.is_exec == 1 && ev.si_code == SEGV_MAPERR);

	/* A write to a read-only page; the code page is one. */
	regs = guest_regs(GUEST(g_store));
	regs.di = CODE_ADDR + 0x800;
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_FAULT && ev.addr == CODE_ADDR + 0x800 &&
	      ev.is_write == 1 && ev.si_code == SEGV_ACCERR);

	/* The stub is out of the guest's range; beyond it, nothing. */
	regs = guest_regs(GUEST(g_load));
	regs.di = UM_TASK_SIZE;
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_FAULT && ev.addr == UM_TASK_SIZE);

	os_uspace->destroy(h);
}

static void test_signals(void)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_ud2));
	struct os_uspace_event ev;
	int h = new_space();

	CHECK(h >= 0);
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_SIGNAL && ev.signo == SIGILL &&
	      ev.si_code == ILL_ILLOPN && ev.addr == GUEST(g_ud2) &&
	      regs.ip == GUEST(g_ud2));

	/* int3 stops past itself; running on continues from there. */
	regs = guest_regs(GUEST(g_int3));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_SIGNAL && ev.signo == SIGTRAP &&
	      regs.ip == GUEST(g_int3) + 1);
	CHECK(run_to_syscall(h, &regs, 1003));

	regs = guest_regs(GUEST(g_div0));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_SIGNAL && ev.signo == SIGFPE &&
	      ev.si_code == FPE_INTDIV && regs.ip == GUEST(g_div0) + 2);

	/* A privileged instruction: a general protection fault. */
	regs = guest_regs(GUEST(g_hlt));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_SIGNAL && ev.signo == SIGSEGV &&
	      ev.trap_no == 13 && regs.ip == GUEST(g_hlt));

	/*
	 * int $0x80 from 64-bit code: a 32-bit system call stop, also on
	 * a host without 32-bit system calls.  Either way the host did not
	 * exit(42).
	 */
	regs = guest_regs(GUEST(g_int80));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_SYSCALL && ev.is_compat &&
	      regs.orig_ax == 1 && regs.bx == 42 &&
	      regs.ip == GUEST(g_int80) + 12);
	CHECK(run_to_syscall(h, &regs, 1004));

	/* sysenter: a 32-bit system call (Intel) or #UD (AMD). */
	regs = guest_regs(GUEST(g_sysenter));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK((ev.kind == OS_USPACE_SYSCALL && ev.is_compat &&
	       regs.orig_ax == 1) ||
	      (ev.kind == OS_USPACE_SIGNAL && ev.signo == SIGILL));
	regs = guest_regs(GUEST(g_syscall));
	CHECK(run_to_syscall(h, &regs, 39));

	os_uspace->destroy(h);
}

static void test_apply(void)
{
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	struct os_uspace_op ops[600];
	int h = new_space(), i, err;

	CHECK(h >= 0);
	/* Malformed ops: nothing of the batch is done. */
	ops[0] = map_op(HOLE_ADDR, PAGE, LATE_PHYS, OS_PROT_READ);
	ops[1] = map_op(HOLE_ADDR + 1, PAGE, 0, OS_PROT_READ);
	CHECK(os_uspace->apply(h, ops, 2) == -EINVAL);
	ops[1] = map_op(UM_TASK_SIZE - PAGE, 2 * PAGE, 0, OS_PROT_READ);
	CHECK(os_uspace->apply(h, ops, 2) == -EINVAL);
	ops[1] = map_op(UM_STUB_DATA, PAGE, 0, OS_PROT_READ);
	CHECK(os_uspace->apply(h, ops, 2) == -EINVAL);
	ops[1] = map_op(DATA_ADDR, PAGE, 100, OS_PROT_READ);
	CHECK(os_uspace->apply(h, ops, 2) == -EINVAL);
	ops[1] = map_op(DATA_ADDR, 0, 0, OS_PROT_READ);
	CHECK(os_uspace->apply(h, ops, 2) == -EINVAL);
	ops[1] = other_op(42, DATA_ADDR, PAGE, 0);
	CHECK(os_uspace->apply(h, ops, 2) == -EINVAL);
	CHECK(os_uspace->apply(h, ops, -1) == -EINVAL);
	CHECK(os_uspace->apply(h, ops, 0) == 0);
	regs = guest_regs(GUEST(g_load));
	regs.di = HOLE_ADDR;
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT);

	/*
	 * A failing op (an offset the host finds too large): the ones
	 * before it are done, the rest not.
	 */
	ops[0] = map_op(HOLE_ADDR, PAGE, LATE_PHYS, OS_PROT_READ);
	ops[1] = map_op(HOLE2_ADDR, PAGE, -PAGE, OS_PROT_READ);
	ops[2] = map_op(HOLE2_ADDR, PAGE, LATE_PHYS, OS_PROT_READ);
	err = os_uspace->apply(h, ops, 3);
	/* Maps only: a backend may tell with the next apply(). */
	if (!err)
		err = os_uspace->apply(h, ops, 0);
	CHECK(err < 0);
	*(unsigned long *)(phys + LATE_PHYS) = 77;
	regs = guest_regs(GUEST(g_load));
	regs.di = HOLE_ADDR;
	CHECK(run_to_syscall(h, &regs, 1002) && regs.si == 77);
	regs = guest_regs(GUEST(g_load));
	regs.di = HOLE2_ADDR;
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT && ev.addr == HOLE2_ADDR);

	/*
	 * Protect over holes: the mapped pages change, the holes stay.
	 * HOLE_ADDR is mapped read-only, HOLE2_ADDR is not mapped.
	 */
	ops[0] = map_op(HOLE_ADDR, PAGE, LATE_PHYS,
			OS_PROT_READ | OS_PROT_WRITE);
	ops[1] = other_op(OS_USPACE_PROTECT, HOLE_ADDR - PAGE,
			  HOLE2_ADDR + 2 * PAGE - (HOLE_ADDR - PAGE),
			  OS_PROT_READ);
	CHECK(os_uspace->apply(h, ops, 2) == 0);
	regs = guest_regs(GUEST(g_load));
	regs.di = HOLE_ADDR;
	CHECK(run_to_syscall(h, &regs, 1002) && regs.si == 77);
	regs = guest_regs(GUEST(g_store));
	regs.di = HOLE_ADDR;
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT && ev.is_write &&
	      ev.si_code == SEGV_ACCERR);
	regs = guest_regs(GUEST(g_load));
	regs.di = HOLE2_ADDR;
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT && ev.si_code == SEGV_MAPERR);

	/* Protect: read-only now, so a store faults; unmap: gone. */
	CHECK(apply1(h, other_op(OS_USPACE_PROTECT, DATA_ADDR, PAGE,
				 OS_PROT_READ)) == 0);
	regs = guest_regs(GUEST(g_store));
	regs.di = DATA_ADDR;
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT && ev.is_write &&
	      ev.si_code == SEGV_ACCERR);
	CHECK(apply1(h, other_op(OS_USPACE_UNMAP, DATA_ADDR, PAGE, 0)) == 0);
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT && ev.si_code == SEGV_MAPERR);

	/* Private zero-filled memory. */
	ops[0] = other_op(OS_USPACE_MAP, DATA_ADDR, PAGE,
			  OS_PROT_READ | OS_PROT_WRITE);
	CHECK(os_uspace->apply(h, ops, 1) == 0);
	regs = guest_regs(GUEST(g_store));
	regs.di = DATA_ADDR + 8;
	regs.si = 99;
	CHECK(run_to_syscall(h, &regs, 1001));
	regs = guest_regs(GUEST(g_load));
	regs.di = DATA_ADDR + 8;
	CHECK(run_to_syscall(h, &regs, 1002) && regs.si == 99);
	CHECK(*(unsigned long *)(phys + DATA_PHYS + 8) != 99);

	/* More ops than the stub takes at once. */
	for (i = 0; i < 600; i++)
		ops[i] = map_op(0x20000000UL + i * PAGE, PAGE,
				(i % PHYS_PAGES) * PAGE, OS_PROT_READ);
	CHECK(os_uspace->apply(h, ops, 600) == 0);
	phys[(599 % PHYS_PAGES) * PAGE + 16] = 0x42;
	regs = guest_regs(GUEST(g_load));
	regs.di = 0x20000000UL + 599 * PAGE + 16;
	CHECK(run_to_syscall(h, &regs, 1002) && (regs.si & 0xff) == 0x42);
	for (i = 0; i < 600; i++)
		ops[i] = other_op(OS_USPACE_UNMAP, 0x20000000UL + i * PAGE,
				  PAGE, 0);
	CHECK(os_uspace->apply(h, ops, 600) == 0);
	regs = guest_regs(GUEST(g_load));
	regs.di = 0x20000000UL + 599 * PAGE;
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT && ev.addr == regs.di);

	os_uspace->destroy(h);
}

/* The timer's signal handler interrupts this address space. */
static volatile int interrupt_handle = -1;
static volatile int interrupt_result;

static void interrupt_handler(int sig)
{
	(void)sig;
	interrupt_result = os_uspace->interrupt(interrupt_handle);
}

static void test_interrupt(void)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGRTMIN,
	};
	struct itimerspec its = { .it_value.tv_nsec = 20000000 };
	struct sigaction sa = { .sa_handler = interrupt_handler };
	struct os_guest_regs regs = guest_regs(GUEST(g_loop));
	struct os_uspace_event ev;
	unsigned long long t;
	int h = new_space(), i;
	timer_t timer;

	CHECK(h >= 0);
	interrupt_handle = h;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGRTMIN, &sa, NULL) == 0);
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0);

	for (i = 0; i < 3; i++) {
		interrupt_result = 1;
		t = now_ns();
		CHECK(timer_settime(timer, 0, &its, NULL) == 0);
		CHECK(os_uspace->run(h, &regs, &ev) == 0);
		CHECK(ev.kind == OS_USPACE_INTERRUPTED &&
		      regs.ip == GUEST(g_loop) && interrupt_result == 0);
		CHECK(now_ns() - t >= 15000000ULL);
	}

	/* Asked while not running: the next run() stops at once. */
	CHECK(os_uspace->interrupt(h) == 0);
	CHECK(os_uspace->interrupt(h) == 0);
	regs = guest_regs(GUEST(g_syscall));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_INTERRUPTED && regs.ip == GUEST(g_syscall));
	CHECK(run_to_syscall(h, &regs, 39));

	/* ... also when apply() ran in between. */
	CHECK(os_uspace->interrupt(h) == 0);
	CHECK(apply1(h, map_op(HOLE_ADDR, PAGE, LATE_PHYS,
			       OS_PROT_READ)) == 0);
	regs = guest_regs(GUEST(g_syscall));
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_INTERRUPTED);
	CHECK(run_to_syscall(h, &regs, 39));

	timer_delete(timer);
	signal(SIGRTMIN, SIG_DFL);
	interrupt_handle = -1;
	os_uspace->destroy(h);
	CHECK(os_uspace->interrupt(h) == -ESRCH);
	CHECK(os_uspace->interrupt(-1) == -EINVAL);
}

static const unsigned char xmm_pattern[16] = {
	0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

/*
 * Run guest code @regs for @ns with interrupt() every @every ns; count
 * the system calls 1008 and the interrupts.  Anything else fails.
 */
static int storm(int h, struct os_guest_regs *regs, long every,
		 unsigned long long ns, unsigned long *calls,
		 unsigned long *interrupts)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGRTMIN,
	};
	struct itimerspec its = {
		.it_value.tv_nsec = every,
		.it_interval.tv_nsec = every,
	};
	struct sigaction sa = { .sa_handler = interrupt_handler };
	struct os_uspace_event ev = { 0 };
	unsigned long long end;
	timer_t timer;
	int err = 0;

	*calls = *interrupts = 0;
	interrupt_handle = h;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGRTMIN, &sa, NULL) ||
	    timer_create(CLOCK_MONOTONIC, &sev, &timer))
		return -errno;
	if (timer_settime(timer, 0, &its, NULL))
		err = -errno;
	for (end = now_ns() + ns; !err && now_ns() < end;) {
		err = os_uspace->run(h, regs, &ev);
		if (err)
			break;
		if (ev.kind == OS_USPACE_SYSCALL && regs->orig_ax == 1008)
			(*calls)++;
		else if (ev.kind == OS_USPACE_INTERRUPTED)
			(*interrupts)++;
		else
			err = 1000 + ev.kind;
	}
	timer_delete(timer);
	signal(SIGRTMIN, SIG_DFL);
	interrupt_handle = -1;
	if (err)
		printf("FAIL: interrupts every %ld ns: %d at %#lx\n", every,
		       err, regs->ip);
	return err;
}

/*
 * Interrupts amid system calls, so many come while the seccomp stub's
 * handler runs: each is answered (one lost would kill the address space
 * after 2 s), the FPU state guest code left survives them (it checks
 * xmm0 after each call), and many in a row, each reported on the way
 * back to guest code, do not wear the stub out.
 */
static void test_interrupt_storm(void)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_fp_loop));
	unsigned long calls, interrupts;
	struct os_uspace_event ev;
	int h = new_space(), i;

	CHECK(h >= 0);
	if (h < 0)
		return;
	memcpy(phys + DATA_PHYS + 0x400, xmm_pattern, 16);
	regs.di = DATA_ADDR + 0x400;
	CHECK(storm(h, &regs, 200000, 300000000ULL, &calls,
		    &interrupts) == 0);
	CHECK(calls > 1000 && interrupts > 100);
	/* Asked before each run: each is reported on the way back. */
	for (i = 0, interrupts = 0; i < 200; i++) {
		if (os_uspace->interrupt(h) || os_uspace->run(h, &regs, &ev) ||
		    ev.kind != OS_USPACE_INTERRUPTED)
			break;
		interrupts++;
	}
	CHECK(interrupts == 200);
	CHECK(run_to_syscall(h, &regs, 1008));
	os_uspace->destroy(h);
}

/*
 * In a signal handler amid run(): only interrupt() and destroy() of
 * another address space are allowed.
 */
static volatile int nested_other = -1;
static volatile int nested_apply, nested_run, nested_create, nested_fp;

static void nesting_handler(int sig)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_syscall));
	struct os_uspace_event ev;
	unsigned char fp[512];

	(void)sig;
	nested_apply = os_uspace->apply(nested_other, NULL, 0);
	nested_run = os_uspace->run(nested_other, &regs, &ev);
	nested_create = os_uspace->create(physmem);
	nested_fp = os_uspace->get_fpstate(nested_other, fp, sizeof(fp));
	os_uspace->destroy(nested_other);
	interrupt_result = os_uspace->interrupt(interrupt_handle);
}

static void test_nesting(void)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGRTMIN,
	};
	struct itimerspec its = { .it_value.tv_nsec = 10000000 };
	struct sigaction sa = { .sa_handler = nesting_handler };
	struct os_guest_regs regs = guest_regs(GUEST(g_loop));
	struct os_uspace_event ev;
	int h = new_space();
	pid_t pids[4];
	timer_t timer;

	nested_other = new_space();
	CHECK(h >= 0 && nested_other >= 0);
	interrupt_handle = h;
	interrupt_result = 1;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGRTMIN, &sa, NULL) == 0);
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0);
	CHECK(timer_settime(timer, 0, &its, NULL) == 0);
	CHECK(os_uspace->run(h, &regs, &ev) == 0);
	CHECK(ev.kind == OS_USPACE_INTERRUPTED && interrupt_result == 0);
	CHECK(nested_apply == -EBUSY && nested_run == -EBUSY &&
	      nested_create == -EBUSY && nested_fp == -EBUSY);
	CHECK(children(pids, 4) == 1);
	timer_delete(timer);
	signal(SIGRTMIN, SIG_DFL);
	interrupt_handle = -1;

	/* And all is well after. */
	regs = guest_regs(GUEST(g_syscall));
	CHECK(run_to_syscall(h, &regs, 39));
	os_uspace->destroy(h);
	CHECK(only_child() == -1);
}

/*
 * Two address spaces taking turns, as processes that hand the CPU to
 * each other do: a stub the kernel left for the other may hold on
 * (seccomp), and still takes its next run, and the maps given with it,
 * as a sleeping one does.
 */
static void test_take_turns(void)
{
	struct os_guest_regs ra = guest_regs(GUEST(g_bench_syscall));
	struct os_guest_regs rb = ra;
	struct os_uspace_event ev;
	int a = new_space(), b = new_space(), i, ok = 1;
	unsigned long word = 0;

	CHECK(a >= 0 && b >= 0);
	for (i = 0; i < 2000 && ok; i++) {
		ra.bx = i;
		rb.bx = ~(unsigned long)i;
		ok = !os_uspace->run(a, &ra, &ev) &&
		     ev.kind == OS_USPACE_SYSCALL && ra.orig_ax == 39 &&
		     ra.bx == (unsigned long)i &&
		     !os_uspace->run(b, &rb, &ev) &&
		     ev.kind == OS_USPACE_SYSCALL && rb.orig_ax == 39 &&
		     rb.bx == ~(unsigned long)i;
	}
	CHECK(ok);
	memset(phys + LATE_PHYS, 0, sizeof(word));
	CHECK(apply1(a, map_op(HOLE_ADDR, PAGE, LATE_PHYS,
			       OS_PROT_READ | OS_PROT_WRITE)) == 0);
	ra = guest_regs(GUEST(g_store));
	ra.di = HOLE_ADDR;
	ra.si = 0x5eed;
	CHECK(run_to_syscall(a, &ra, 1001));
	memcpy(&word, phys + LATE_PHYS, sizeof(word));
	CHECK(word == 0x5eed);
	os_uspace->destroy(a);
	os_uspace->destroy(b);
}

static void test_fpstate(void)
{
	static unsigned char buf[65536] __attribute__((aligned(64)));
	static unsigned char buf2[65536] __attribute__((aligned(64)));
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	int h = new_space(), size;

	CHECK(h >= 0);
	CHECK(apply1(h, map_op(HOLE_ADDR, PAGE, FP_PHYS,
			       OS_PROT_READ | OS_PROT_WRITE)) == 0);
	size = os_uspace->get_fpstate(h, NULL, 0);
	CHECK(size >= 512 && size <= (int)sizeof(buf));
	if (size < 512 || size > (int)sizeof(buf))
		goto out;
	CHECK(os_uspace->get_fpstate(h, buf, 100) == -EINVAL);
	CHECK(os_uspace->get_fpstate(h, buf, sizeof(buf)) == size);

	/* xmm0 through the whole state; XSTATE_BV must then have SSE. */
	memcpy(buf + 160, xmm_pattern, 16);
	if (size > 512)
		buf[512] |= 2;
	CHECK(os_uspace->set_fpstate(h, buf, size) == 0);
	CHECK(os_uspace->get_fpstate(h, buf2, size) == size &&
	      !memcmp(buf2 + 160, xmm_pattern, 16));
	regs = guest_regs(GUEST(g_fpstore));
	regs.di = HOLE_ADDR;
	CHECK(run_to_syscall(h, &regs, 1005));
	CHECK(!memcmp(phys + FP_PHYS, xmm_pattern, 16));

	/* Just the legacy 512 bytes: xmm1 changes, xmm0 stays. */
	CHECK(os_uspace->get_fpstate(h, buf2, 600) == 512);
	memset(buf2 + 176, 0x77, 16);
	CHECK(os_uspace->set_fpstate(h, buf2, 512) == 0);
	CHECK(os_uspace->get_fpstate(h, buf, sizeof(buf)) == size &&
	      !memcmp(buf + 160, xmm_pattern, 16) && buf[176] == 0x77);
	CHECK(os_uspace->set_fpstate(h, buf, 100) == -EINVAL);

	/* A page fault leaves the FPU state as it was. */
	memset(phys + FP_PHYS, 0, 16);
	regs = guest_regs(GUEST(g_fault_fp));
	regs.di = HOLE2_ADDR;
	regs.dx = HOLE_ADDR;
	CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
	      ev.kind == OS_USPACE_FAULT && ev.addr == HOLE2_ADDR);
	CHECK(os_uspace->get_fpstate(h, buf2, sizeof(buf2)) == size &&
	      !memcmp(buf2 + 160, xmm_pattern, 16) && buf2[176] == 0x77);
	CHECK(apply1(h, map_op(HOLE2_ADDR, PAGE, LATE_PHYS,
			       OS_PROT_READ | OS_PROT_WRITE)) == 0);
	CHECK(run_to_syscall(h, &regs, 1006));
	CHECK(!memcmp(phys + FP_PHYS, xmm_pattern, 16));
out:
	os_uspace->destroy(h);
}

/* The end of the mapping of @pid that starts at @start, or 0. */
static unsigned long mapping_end(pid_t pid, unsigned long start)
{
	char path[64], line[512], *p;
	unsigned long end = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strtoul(line, &p, 16) == start)
			end = strtoul(p + 1, NULL, 16);
	fclose(f);
	return end;
}

/*
 * The seccomp stub's events go through memory guest code can write:
 * scribbling over it may end the address space (-EFAULT), but never
 * hangs or misleads the backend, and the next address space is fine.
 */
static void test_scribble_shared(void)
{
	const unsigned long part = UM_STUB_DATA + 0x10000;
	const unsigned long patterns[] = { 0, -1UL, 0x0000000100000001UL };
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	unsigned int i;
	int h, err;

	for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		h = new_space();
		CHECK(h >= 0);
		pid_t pid = only_child();
		unsigned long end = pid > 0 ? mapping_end(pid, part) : 0;

		CHECK(end > part);
		regs = guest_regs(GUEST(g_scribble));
		regs.di = part;
		regs.cx = end > part ? (end - part) / 8 : 0;
		regs.ax = patterns[i];
		err = os_uspace->run(h, &regs, &ev);
		CHECK(err == -EFAULT || (err == 0 && ev.kind == OS_USPACE_SYSCALL));
		if (!err) {
			/* A run that waits for maps is held up a little only. */
			unsigned long long t = now_ns();

			err = apply1(h, map_op(HOLE_ADDR, PAGE, LATE_PHYS,
					       OS_PROT_READ));
			/*
			 * The apply thread has stopped spinning for the run
			 * by then: waking the guest thread is the kernel's
			 * call, on a done count guest code zeroed.
			 */
			usleep(20000);
			if (!err) {
				regs = guest_regs(GUEST(g_load));
				regs.di = HOLE_ADDR;
				err = os_uspace->run(h, &regs, &ev);
			}
			CHECK(err == -EFAULT || err == 0);
			CHECK(now_ns() - t < 1000000000ULL);
		}
		os_uspace->destroy(h);
		CHECK(only_child() == -1);
	}
	h = new_space();
	regs = guest_regs(GUEST(g_syscall));
	CHECK(h >= 0 && run_to_syscall(h, &regs, 39));
	os_uspace->destroy(h);
}

/*
 * Guest code can still write the stub's data (keeping it out is later
 * work); whatever it leaves there must not mislead the backend.
 */
static void test_scribble(void)
{
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	int h = new_space();
	pid_t pid = only_child();
	unsigned long end = pid > 0 ? mapping_end(pid, UM_STUB_DATA) : 0;
	unsigned long pattern;

	CHECK(h >= 0 && end > UM_STUB_DATA);
	for (pattern = 0; pattern < 3 && h >= 0 && end; pattern++) {
		regs = guest_regs(GUEST(g_scribble));
		regs.di = UM_STUB_DATA;
		regs.cx = (end - UM_STUB_DATA) / 8;
		regs.ax = pattern == 2 ? 0x5eb0d0e5UL : -pattern;
		CHECK(run_to_syscall(h, &regs, 1007));
		regs = guest_regs(GUEST(g_store));
		regs.di = HOLE_ADDR;
		CHECK(os_uspace->run(h, &regs, &ev) == 0 &&
		      ev.kind == OS_USPACE_FAULT && ev.addr == HOLE_ADDR &&
		      ev.is_write);
		CHECK(apply1(h, map_op(HOLE_ADDR, PAGE, LATE_PHYS,
				       OS_PROT_READ | OS_PROT_WRITE)) == 0);
		CHECK(run_to_syscall(h, &regs, 1001));
		CHECK(apply1(h, other_op(OS_USPACE_UNMAP, HOLE_ADDR, PAGE,
					 0)) == 0);
	}
	os_uspace->destroy(h);
	if (seccomp_backend)
		test_scribble_shared();
}

/*
 * The seccomp stub's own system calls, which guest code can jump to:
 * only with the stub's own arguments, anything else kills the process.
 */
static void test_stub_syscalls(void)
{
	static const unsigned long all_signals = ~0UL;
	unsigned char text[512];
	unsigned long target = 0, i;
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	char path[64];
	int h, fd, err;
	pid_t pid;

	struct {
		const char *what;
		unsigned long nr, di, si, dx;
	} tries[] = {
		{ "mmap", 9, HOLE_ADDR, PAGE, 3 },
		{ "a signal mask of its own", 14, 2, DATA_ADDR, 0 },
		{ "kill", 62, 1, 9, 0 },
	};

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		h = new_space();
		pid = only_child();
		CHECK(h >= 0 && pid > 0);
		if (h < 0 || pid <= 0)
			return;
		/* The first syscall instruction of the stub's own ones. */
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
		fd = open(path, O_RDONLY);
		CHECK(fd >= 0 && pread(fd, text, sizeof(text), UM_STUB_CODE) ==
		      (ssize_t)sizeof(text));
		if (fd >= 0)
			close(fd);
		for (target = 0x80; target + 1 < sizeof(text); target++)
			if (text[target] == 0x0f && text[target + 1] == 0x05)
				break;
		CHECK(target + 1 < sizeof(text));
		memcpy(phys + DATA_PHYS, &all_signals, sizeof(all_signals));
		regs = guest_regs(GUEST(g_jump));
		regs.r11 = UM_STUB_CODE + target;
		regs.ax = tries[i].nr;
		regs.di = tries[i].di;
		regs.si = tries[i].si;
		regs.dx = tries[i].dx;
		regs.r10 = 8;
		err = os_uspace->run(h, &regs, &ev);
		if (err != -ESRCH)
			printf("FAIL: the stub made %s for guest code\n",
			       tries[i].what);
		CHECK(err == -ESRCH);
		os_uspace->destroy(h);
		CHECK(only_child() == -1);
	}
}

/* Signals to the stub from outside are not the guest's business. */
static void test_outside(void)
{
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	int h = new_space(), status;
	pid_t pid = only_child();

	CHECK(h >= 0 && pid > 0);
	if (h < 0 || pid <= 0)
		return;
	CHECK(kill(pid, SIGTERM) == 0);
	CHECK(kill(pid, SIGSEGV) == 0);
	CHECK(kill(pid, SIGSTOP) == 0);
	CHECK(kill(pid, SIGTRAP) == 0);
	CHECK(kill(pid, SIGILL) == 0);
	regs = guest_regs(GUEST(g_syscall));
	CHECK(run_to_syscall(h, &regs, 39));
	CHECK(only_child() == pid);

	/* Killed from outside: the next call says so, destroy() reaps. */
	CHECK(kill(pid, SIGKILL) == 0);
	regs = guest_regs(GUEST(g_syscall));
	CHECK(os_uspace->run(h, &regs, &ev) == -ESRCH);
	CHECK(os_uspace->apply(h, NULL, 0) == -ESRCH);
	CHECK(os_uspace->interrupt(h) == -ESRCH);
	CHECK(waitpid(pid, &status, WNOHANG) == -1 && errno == ECHILD);
	os_uspace->destroy(h);
	CHECK(only_child() == -1);
}

/* Until child @pid has ended (unreaped), for up to a second. */
static int wait_ended(pid_t pid)
{
	siginfo_t si;
	int i;

	for (i = 0; i < 1000; i++) {
		memset(&si, 0, sizeof(si));
		if (!waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) &&
		    si.si_pid == pid)
			return 1;
		usleep(1000);
	}
	return 0;
}

/*
 * next_lost() names a space whose stub was killed from outside, once;
 * not one the kernel discarded, nor one that lives.
 */
static void test_lost(void)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_syscall));
	struct os_uspace_event ev;
	int h, other;
	pid_t pid, pids[4];

	CHECK(os_uspace->next_lost() == -ENOENT);
	h = new_space();
	pid = only_child();
	other = new_space();
	CHECK(h >= 0 && pid > 0 && other >= 0);
	if (h < 0 || pid <= 0 || other < 0)
		return;
	CHECK(os_uspace->next_lost() == -ENOENT);
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(wait_ended(pid));
	CHECK(os_uspace->next_lost() == h);
	CHECK(os_uspace->next_lost() == -ENOENT);
	/* The other one runs on; the lost one says so and goes. */
	CHECK(run_to_syscall(other, &regs, 39));
	regs = guest_regs(GUEST(g_syscall));
	CHECK(os_uspace->run(h, &regs, &ev) == -ESRCH);
	os_uspace->destroy(h);
	CHECK(children(pids, 4) == 1);

	/* Discarded, the kernel knows: its end is not news. */
	os_uspace->discard(other);
	usleep(100000);
	CHECK(os_uspace->next_lost() == -ENOENT);
	os_uspace_kill_all();
	CHECK(only_child() == -1);
}

/* The way out through execve: every stub goes at once. */
static void test_kill_all(void)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_syscall));
	struct os_uspace_event ev;
	pid_t pids[8];
	int h[3], i;

	for (i = 0; i < 3; i++)
		h[i] = new_space();
	CHECK(h[0] >= 0 && h[1] >= 0 && h[2] >= 0);
	CHECK(children(pids, 8) == 3);
	os_uspace_kill_all();
	CHECK(children(pids, 8) == 0);
	CHECK(os_uspace->run(h[1], &regs, &ev) == -ESRCH);
	for (i = 0; i < 3; i++)
		os_uspace->destroy(h[i]);
	h[0] = new_space();
	CHECK(h[0] >= 0 && run_to_syscall(h[0], &regs, 39));
	os_uspace->destroy(h[0]);
}

/*
 * prepare() starts an address space ahead for the next create() on the
 * same memory; discard() does not wait for the host process to go.
 */
static void test_prepare(void)
{
	struct os_guest_regs regs = guest_regs(GUEST(g_syscall));
	int h, h2, other, spares = seccomp_backend ? 1 : 0;
	pid_t pids[4];

	CHECK(os_uspace->prepare(physmem) == 0);
	CHECK(os_uspace->prepare(physmem) == 0);
	CHECK(children(pids, 4) == spares);
	h = new_space();
	CHECK(h >= 0 && children(pids, 4) == 1 && run_to_syscall(h, &regs, 39));

	/* A spare for other memory is not taken: it goes. */
	CHECK(os_uspace->prepare(physmem) == 0);
	other = memfd_create("test-other", MFD_CLOEXEC);
	CHECK(other >= 0 && ftruncate(other, PHYS_SIZE) == 0);
	h2 = os_uspace->create(other);
	CHECK(h2 >= 0 && children(pids, 4) == 2);
	os_uspace->destroy(h2);
	close(other);

	os_uspace->discard(h);
	CHECK(os_uspace->run(h, &regs, &(struct os_uspace_event){ 0 }) ==
	      -EINVAL);
	os_uspace_kill_all();
	CHECK(only_child() == -1);
}

/* Host signals keep interrupting waitpid() in the backend. */
static volatile int ticks;

static void tick_handler(int sig)
{
	(void)sig;
	ticks++;
}

static void test_eintr(void)
{
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGRTMIN + 1,
	};
	struct itimerspec its = {
		.it_interval.tv_nsec = 200000,
		.it_value.tv_nsec = 200000,
	};
	struct sigaction sa = { .sa_handler = tick_handler };
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	int h, i, ok = 1;
	timer_t timer;

	/* No SA_RESTART: each tick that lands in waitpid() fails it. */
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGRTMIN + 1, &sa, NULL) == 0);
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0);
	h = new_space();
	CHECK(h >= 0);
	ticks = 0;
	CHECK(timer_settime(timer, 0, &its, NULL) == 0);
	for (i = 0; i < 3000 && ok; i++) {
		regs = guest_regs(GUEST(g_syscall));
		ok = run_to_syscall(h, &regs, 39);
		regs.ax = i;
		ok = ok && run_to_syscall(h, &regs, NR_MARK) &&
		     regs.di == (unsigned long)i;
		if (i % 10 == 0) {
			regs = guest_regs(GUEST(g_store));
			regs.di = HOLE_ADDR;
			ok = ok && !os_uspace->run(h, &regs, &ev) &&
			     ev.kind == OS_USPACE_FAULT;
			ok = ok && !apply1(h, other_op(OS_USPACE_UNMAP,
						       HOLE_ADDR, PAGE, 0));
		}
	}
	CHECK(ok);
	timer_delete(timer);
	signal(SIGRTMIN + 1, SIG_DFL);
	CHECK(ticks > 10);
	os_uspace->destroy(h);
}

static void bench_report(const char *what, int n, unsigned long long t,
			 int ok)
{
	printf("uspace bench: %s: %llu ns each (%d)%s\n", what, t / n, n,
	       ok ? "" : " FAILED");
}

static void bench(void)
{
	struct os_guest_regs regs;
	struct os_uspace_event ev;
	struct os_uspace_op ops[64];
	unsigned long long t;
	int h = new_space(), i, j, n, ok = 1;

	if (h < 0)
		return;
	n = 100000;
	regs = guest_regs(GUEST(g_bench_syscall));
	t = now_ns();
	for (i = 0; i < n && ok; i++) {
		ok = !os_uspace->run(h, &regs, &ev) &&
		     ev.kind == OS_USPACE_SYSCALL;
		regs.ax = 1;
	}
	bench_report("system call round trip", n, now_ns() - t, ok);

	{
		struct os_guest_regs other = guest_regs(GUEST(g_bench_syscall));
		int h2 = new_space();

		regs = other;
		t = now_ns();
		for (i = 0; i < n && ok && h2 >= 0; i++)
			ok = !os_uspace->run(i & 1 ? h2 : h,
					     i & 1 ? &other : &regs, &ev) &&
			     ev.kind == OS_USPACE_SYSCALL;
		bench_report("system call, two spaces in turn", n,
			     now_ns() - t, ok && h2 >= 0);
		if (h2 >= 0)
			os_uspace->destroy(h2);
	}

	n = 20000;
	regs = guest_regs(GUEST(g_store));
	regs.di = HOLE_ADDR;
	t = now_ns();
	for (i = 0; i < n && ok; i++)
		ok = !os_uspace->run(h, &regs, &ev) &&
		     ev.kind == OS_USPACE_FAULT;
	bench_report("page fault round trip", n, now_ns() - t, ok);

	ops[0] = map_op(HOLE_ADDR, PAGE, LATE_PHYS,
			OS_PROT_READ | OS_PROT_WRITE);
	ops[1] = other_op(OS_USPACE_UNMAP, HOLE_ADDR, PAGE, 0);
	t = now_ns();
	for (i = 0; i < n && ok; i++)
		ok = !apply1(h, ops[i & 1]);
	bench_report("apply() of one map or unmap", n, now_ns() - t, ok);

	t = now_ns();
	for (i = 0; i < n && ok; i++) {
		regs = guest_regs(GUEST(g_store));
		regs.di = HOLE_ADDR;
		ok = !os_uspace->run(h, &regs, &ev) &&
		     ev.kind == OS_USPACE_FAULT && !apply1(h, ops[0]) &&
		     run_to_syscall(h, &regs, 1001) && !apply1(h, ops[1]);
	}
	bench_report("fault, map, run on, unmap", n, now_ns() - t, ok);

	for (j = 0; j < 64; j++)
		ops[j] = map_op(0x20000000UL + j * PAGE, PAGE, 0,
				OS_PROT_READ);
	n = 2000;
	t = now_ns();
	for (i = 0; i < n && ok; i++)
		ok = !os_uspace->apply(h, ops, 64);
	bench_report("apply() of 64 maps", n, now_ns() - t, ok);

	n = 500;
	t = now_ns();
	for (i = 0; i < n && ok; i++) {
		int h2 = os_uspace->create(physmem);

		ok = h2 >= 0;
		os_uspace->destroy(h2);
	}
	bench_report("create + destroy", n, now_ns() - t, ok);
	os_uspace->destroy(h);
}

/* Which CPU-telling instruction a host's /proc/cpuinfo offers. */
static void test_cpu_probe(void)
{
	CHECK(os_uspace_cpu_probe_of("\nflags\t\t: fpu rdtscp rdpid\n") ==
	      SECCOMP_CPU_RDPID);
	CHECK(os_uspace_cpu_probe_of("\nflags\t\t: fpu rdtscp tsc\n") ==
	      SECCOMP_CPU_RDTSCP);
	CHECK(os_uspace_cpu_probe_of("\nflags\t\t: fpu rdtscp") ==
	      SECCOMP_CPU_RDTSCP);
	/* A longer name is not the flag, nor are other lines. */
	CHECK(os_uspace_cpu_probe_of("\nflags\t\t: fpu rdpidx rdtscpy\n") ==
	      SECCOMP_CPU_UNKNOWN);
	CHECK(os_uspace_cpu_probe_of("\nbugs\t\t: rdpid\nflags\t\t: fpu\n"
				   "flags\t\t: rdpid\n") == SECCOMP_CPU_UNKNOWN);
	CHECK(os_uspace_cpu_probe_of("") == SECCOMP_CPU_UNKNOWN);
}

/*
 * The probe this host gets, with or without its flags, tells two CPUs
 * apart and leaves the caller's CPUs as they were.
 */
static void test_cpu_probe_here(void)
{
	cpu_set_t all, after, one;
	unsigned int probe = os_uspace_cpu_probe(), ids[2];
	int cpu, n = 0;

	CHECK(sched_getaffinity(0, sizeof(all), &all) == 0);
	if (probe == SECCOMP_CPU_UNKNOWN) {
		printf("  (this host offers no way to tell CPUs apart)\n");
		return;
	}
	CHECK(sched_getaffinity(0, sizeof(after), &after) == 0 &&
	      CPU_EQUAL(&all, &after));
	for (cpu = 0; cpu < CPU_SETSIZE && n < 2; cpu++) {
		if (!CPU_ISSET(cpu, &all))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		CHECK(sched_setaffinity(0, sizeof(one), &one) == 0);
		ids[n] = seccomp_cpu_id(probe);
		CHECK(seccomp_on_cpu(probe, ids[n]));
		n++;
	}
	CHECK(n < 2 || ids[0] != ids[1]);
	CHECK(sched_setaffinity(0, sizeof(all), &all) == 0);
}

/*
 * Device interrupts per CPU from /proc/interrupts: numbered lines only
 * (a CPU's own, "LOC:" and the like, say nothing of devices), columns
 * as the header names CPUs, the rest of a line (chip, name) ignored.
 */
static void test_placement_parse(void)
{
	static const char text[] =
		"           CPU0       CPU1       \n"
		"  0:         40          0   IO-APIC   2-edge      timer\n"
		" 28:          2          0  PCI-MSIX-0000:00:01.0   0-edge"
		"      virtio0-config\n"
		" 36:          7   28185101  PCI-MSIX-0000:00:02.0   1-edge"
		"      virtio1-req.0\n"
		"NMI:          0          0   Non-maskable interrupts\n"
		"LOC:    9876543    8765432   Local timer interrupts\n"
		"ERR:          0\n"
		"cut short:  1";
	unsigned long long count[PLACEMENT_MAX_CPUS];
	unsigned long long one[4];

	CHECK(os_placement_parse_irqs(text, count, PLACEMENT_MAX_CPUS) == 2);
	CHECK(count[0] == 49 && count[1] == 28185101 && count[2] == 0);
	/* More CPUs than asked for: the first @max. */
	CHECK(os_placement_parse_irqs(text, one, 1) == 1 && one[0] == 49);
	CHECK(os_placement_parse_irqs("no header", count, 2) == -1);
}

/* The CPU whose device interrupts grew most, if by enough, and allowed. */
static void test_placement_busiest(void)
{
	const unsigned long long before[3] = { 100, 1000, 5 };
	const unsigned long long after[3] = { 150, 1100, 5 };
	const unsigned long long few[3] = { 110, 1010, 5 };
	cpu_set_t all, not1;
	int i;

	CPU_ZERO(&all);
	for (i = 0; i < 3; i++)
		CPU_SET(i, &all);
	not1 = all;
	CPU_CLR(1, &not1);
	CHECK(os_placement_busiest(before, after, 3, &all) == 1);
	CHECK(os_placement_busiest(before, after, 3, &not1) == 0);
	/* 10 interrupts in a window tell nothing. */
	CHECK(os_placement_busiest(before, few, 3, &all) == -1);
	/* A count that went down (a CPU gone, a line reset) is not growth. */
	CHECK(os_placement_busiest(after, before, 3, &all) == -1);
}

/* Every thread of a process, ours or a child's, moves to the CPUs asked. */
static void test_placement_move(void)
{
	cpu_set_t all, one, got;
	pid_t child;
	int cpu, status;

	CHECK(sched_getaffinity(0, sizeof(all), &all) == 0);
	for (cpu = 0; !CPU_ISSET(cpu, &all); cpu++)
		;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);

	os_placement_move_process(0, &one);
	CHECK(sched_getaffinity(0, sizeof(got), &got) == 0 &&
	      CPU_EQUAL(&got, &one));
	os_placement_move_process(0, &all);
	CHECK(sched_getaffinity(0, sizeof(got), &got) == 0 &&
	      CPU_EQUAL(&got, &all));

	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	CHECK(child > 0);
	os_placement_move_process(child, &one);
	CHECK(sched_getaffinity(child, sizeof(got), &got) == 0 &&
	      CPU_EQUAL(&got, &one));
	kill(child, SIGKILL);
	CHECK(waitpid(child, &status, 0) == child);
}

/*
 * The kernel and its stub on one CPU: they hand over without spinning
 * for each other (the stub is placed off the kernel's CPU only when
 * there is another).
 */
static void test_one_cpu(void)
{
	cpu_set_t all, one;
	unsigned int cpu;

	CHECK(sched_getaffinity(0, sizeof(all), &all) == 0 &&
	      getcpu(&cpu, NULL) == 0);
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	CHECK(sched_setaffinity(0, sizeof(one), &one) == 0);
	test_syscall();
	test_faults();
	test_signals();
	test_apply();
	test_fpstate();
	CHECK(sched_setaffinity(0, sizeof(all), &all) == 0);
}

/* Every test, with backend @name. */
static void test_backend(const char *name)
{
	printf("uspace tests: the %s backend\n", name);
	seccomp_backend = !strcmp(name, "seccomp");
	test_create(name);
	if (!os_uspace)
		return;
	test_cycles();
	test_syscall();
	test_faults();
	test_signals();
	test_apply();
	test_interrupt();
	test_interrupt_storm();
	test_take_turns();
	test_nesting();
	test_fpstate();
	test_scribble();
	if (seccomp_backend) {
		test_stub_syscalls();
		test_cpu_probe();
		test_cpu_probe_here();
		test_one_cpu();
	}
	test_outside();
	test_lost();
	test_kill_all();
	test_prepare();
	test_eintr();
	if (getenv("USPACE_BENCH"))
		bench();
}

void __real_test_os(void);
void __wrap_test_os(void);

void __wrap_test_os(void)
{
	__real_test_os();

	/* Placement's pieces do not depend on a backend: once. */
	test_placement_parse();
	test_placement_busiest();
	test_placement_move();

	physmem = memfd_create("test-physmem", MFD_CLOEXEC);
	CHECK(physmem >= 0 && ftruncate(physmem, PHYS_SIZE) == 0);
	phys = mmap(NULL, PHYS_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    physmem, 0);
	CHECK(phys != MAP_FAILED);
	if (physmem < 0 || phys == MAP_FAILED)
		return;
	memcpy(phys + CODE_PHYS, guest_code, guest_code_end - guest_code);

	test_backend("seccomp");
	test_backend("ptrace");
	os_uspace_select(NULL);

	munmap(phys, PHYS_SIZE);
	close(physmem);
}
