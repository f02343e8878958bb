// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces without a tracer: the seccomp backend of
 * os/uspace.h.
 *
 * Each address space is a child process running the seccomp stub
 * (seccomp_stub.c), started with spawn.c and three descriptors: the
 * physical memory (fd 3), the write end of a pipe for the results of
 * apply() (fd 4), and the memfd of the shared memory (fd 5), of which it
 * maps its slot and we map all.  Its guest thread runs guest code; a
 * seccomp filter makes every guest system call a SIGSYS, and the stub's
 * handler for that and for every exception writes the event into the
 * shared memory and waits there for the registers to go on with.  So a
 * system call costs two hand-overs between threads on different CPUs,
 * each a spin on a shared counter (struct spin), with a futex wait and
 * wake only when the other side is slow.
 *
 * apply() lists the ops in the part of the shared memory the stub can
 * only read, and the stub's apply thread does them and writes the
 * outcome to the pipe.  Guest code cannot write the pipe, nor make
 * that thread do anything else, so when apply() returns the ops are
 * done, whatever the guest does meanwhile.
 *
 * What the guest thread writes into the shared memory, guest code can
 * write too: events are copied out once and checked, a frame that is
 * not on the signal stack kills the address space, and anything else
 * false there only misleads the kernel about that guest's own
 * registers.  A guest that stops answering (its thread hung in the
 * handler, which only guest code that jumps into the stub can arrange)
 * is killed when an interrupt() has gone unanswered for KICK_TIMEOUT_NS.
 *
 * Assumptions as for the ptrace backend: one host thread makes every
 * call; calls do not nest but for interrupt() and destroy() from a
 * signal handler; SIGCHLD is not SIG_IGN; no malloc(), no stdio; errno
 * is left as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/futex.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <os/mem.h>
#include <os/uspace.h>
#include <um/layout.h>

#include "../internal.h"
#include "backend.h"
#include "common.h"
#include "cpu_probe.h"
#include "placement.h"
#include "seccomp_stub.h"
#include "spawn.h"

#define GUEST_PAGE_SIZE		4096UL

/* Address spaces at once: as many as the host has pids, give or take. */
#define MAX_SPACES		32768

/*
 * How long to spin for the stub before sleeping, in TSC ticks: waking a
 * sleeping thread on another CPU costs ten times what a system call
 * does on a virtual machine, but a spin as long as SPIN_MAX_TICKS (some
 * 50 us) that ends in a sleep anyway takes a CPU that a stub starting,
 * an apply thread or a dying stub wanted.  So each kind of wait learns
 * (struct spin): twice what the waits that ended soon took, halved by
 * each that took longer than the longest spin.
 */
#define SPIN_MAX_TICKS		100000UL
#define SPIN_MIN_TICKS		4000UL

struct spin {
	unsigned long limit;
};

static struct spin event_spin = { SPIN_MAX_TICKS };
static struct spin apply_spin = { SPIN_MAX_TICKS };
/* An event after a run that waited for maps comes later. */
static struct spin mapped_event_spin = { SPIN_MAX_TICKS };

/* A wait that @spin's limit applied to took @ticks in all. */
static void spin_learn(struct spin *spin, unsigned long ticks)
{
	if (ticks > SPIN_MAX_TICKS)
		spin->limit = spin->limit / 2 > SPIN_MIN_TICKS ?
			      spin->limit / 2 : SPIN_MIN_TICKS;
	else if (2 * ticks > spin->limit)
		spin->limit = 2 * ticks < SPIN_MAX_TICKS ?
			      2 * ticks : SPIN_MAX_TICKS;
}

/* An apply unanswered this long: wake the apply thread ourselves. */
#define APPLY_PATIENCE_MS	2

/* A sleep for the stub ends this often to see whether it still lives. */
#define CHECK_INTERVAL_NS	50000000L

/* An interrupt() unanswered this long: the guest is hung, kill it. */
#define KICK_TIMEOUT_NS		2000000000ULL

/* Bits of the x86 page fault error code. */
#define X86_TRAP_PF		14
#define X86_PF_WRITE		(1UL << 1)
#define X86_PF_USER		(1UL << 2)
#define X86_PF_INSTR		(1UL << 4)

/* The host's legacy vsyscall page. */
#define VSYSCALL_START		0xffffffffff600000UL
#define VSYSCALL_END		0xffffffffff601000UL

/* The first user address past the host's (4-level) user range. */
#define HOST_TASK_SIZE_MAX	0x7ffffffff000UL

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE		(1 << 1)
#endif

/* Offsets in the XSAVE layout. */
#define FX_MXCSR		24
#define FX_MXCSR_MASK		28
#define FX_SW_BYTES		464
#define FX_SIZE			512
#define XSAVE_HEADER_SIZE	64
#define FP_XSTATE_MAGIC1	0x46505853U

/* The start of the x86 FXSAVE area's software bytes, as the host fills it. */
struct fx_sw_bytes {
	unsigned int magic1, extended_size;
	unsigned long xfeatures;
	unsigned int xstate_size;
};

/* The host's struct ucontext on x86_64, as far as we read it. */
struct host_ucontext {
	unsigned long flags, link;
	unsigned long ss_sp;
	unsigned int ss_flags, pad;
	unsigned long ss_size;
	unsigned long gregs[23];	/* struct sigcontext, up to fpstate */
	unsigned long fpstate;
};

/* The stub, from seccomp_stub_blob.S. */
extern const char os_uspace_seccomp_stub_image[];
extern const char os_uspace_seccomp_stub_image_end[];

struct space {
	/* The stub's pid while it lives; read by interrupt(). */
	volatile pid_t pid;
	unsigned char in_use;
	/* interrupt() was called since the last event ... */
	volatile unsigned char kicked;
	/* ... and a wait noticed it at this time (0: not yet). */
	unsigned long long kicked_since;
	/* The read end of the pipe the apply thread answers on. */
	int result_fd;
	/* How the stub ended, once kill_space() reaped it. */
	int exit_status;
	/* discard()ed: its stub, killed, still to be reaped. */
	pid_t dying;
	/* next_lost() named it. */
	unsigned char lost;
	/* Our mapping of its slot of the shared memory. */
	struct seccomp_guest_part *guest;
	struct seccomp_kernel_part *kern;
	/* Where the FPU state of the last event is, in guest->sigstack. */
	unsigned long fpstate_off;
	/* What the guest thread was last given of these. */
	unsigned long fs_base, gs_base, ds, es, fs, gs;
	/*
	 * A batch of maps given without waiting (apply_seq @maps_seq,
	 * apply_done_seq @maps_done before it): its answer is still to be
	 * read; and the next run is to wait for it.
	 */
	unsigned char maps_unanswered, maps_unrun;
	unsigned int maps_seq, maps_done;
};

static struct space spaces[MAX_SPACES];
/* Above every handle given out so far. */
static int handles_top;
/* The address space run() ran last, or -1. */
static int last_run = -1;

/* Set while a call other than interrupt() and destroy() is under way. */
static int busy;

/* The stub's image. */
static int stub_fd = -1;
/* The size of the XSAVE state; 0 when the host has no XSAVE. */
static unsigned long xstate_size;
/* The host lets user code read and write fs and gs base itself. */
static int has_fsgsbase;
static unsigned int cpu_probe;	/* SECCOMP_CPU_* */

static struct space *space_of(int handle)
{
	if (handle < 0 || handle >= MAX_SPACES || !spaces[handle].in_use ||
	    spaces[handle].dying)
		return NULL;
	return &spaces[handle];
}

/*
 * The shared memory of all address spaces, a slot per handle: one
 * memfd, mapped once here, so that starting a stub costs no memfd,
 * mapping or page faults of ours.  A slot is used again only once the
 * stub that had it is reaped.
 */
static int shared_fd = -1;
static char *shared_base;
/*
 * Slots, and so address spaces at once: MAX_SPACES, or as many as fit
 * in the host's file size limit, which binds a memfd too, and in the
 * address space limit (limits.c).
 */
static int nr_slots;

static int map_shared_memory(void)
{
	unsigned long long fit, room;
	unsigned long size;
	int fd, moved, err;
	void *map;

	if (shared_base)
		return 0;
	fit = os_file_size_limit() / SECCOMP_STUB_SHARED_SIZE;
	/* Under an address space limit, a quarter of the room. */
	room = os_address_space_room() / 4 / SECCOMP_STUB_SHARED_SIZE;
	if (room < fit)
		fit = room;
	/* Fewer than a process and a spare is no use. */
	if (fit < 2)
		return -EFBIG;
	nr_slots = fit < MAX_SPACES ? (int)fit : MAX_SPACES;
	size = (unsigned long)nr_slots * SECCOMP_STUB_SHARED_SIZE;
	fd = memfd_create("linux-stub-shared", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Out of the way of the descriptors stubs start with. */
	moved = fcntl(fd, F_DUPFD_CLOEXEC, 3 + SPAWN_MAX_FDS);
	err = moved < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	if (ftruncate(moved, size)) {
		err = -errno;
		close(moved);
		return err;
	}
	map = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_NORESERVE, moved, 0);
	if (map == MAP_FAILED) {
		err = -errno;
		close(moved);
		return err;
	}
	shared_fd = moved;
	shared_base = map;
	return 0;
}

static inline unsigned long rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | (unsigned long)hi << 32;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void futex_wake(volatile unsigned int *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* End the stub of @sp, if it still lives; the rest goes at destroy(). */
static void kill_space(struct space *sp)
{
	pid_t pid = sp->pid;

	/* interrupt() must not find a pid that may be reused. */
	sp->pid = 0;
	__asm__ volatile("" : : : "memory");
	if (pid > 0) {
		kill(pid, SIGKILL);
		os_uspace_spawn_reap(pid, &sp->exit_status);
	}
}

static int space_lost(struct space *sp)
{
	kill_space(sp);
	return -ESRCH;
}

/*
 * The stub has not answered for a while: is it still there?  A stop
 * from outside is undone; a death is -ESRCH; an interrupt() unanswered
 * for too long is a hung guest, killed with -EFAULT.
 */
static int check_stub(struct space *sp)
{
	siginfo_t si;
	unsigned long long t;

	memset(&si, 0, sizeof(si));
	if (!waitid(P_PID, sp->pid, &si,
		    WEXITED | WSTOPPED | WNOHANG | WNOWAIT) &&
	    si.si_pid == sp->pid) {
		if (si.si_code != CLD_STOPPED && si.si_code != CLD_TRAPPED)
			return space_lost(sp);
		kill(sp->pid, SIGCONT);
	}
	if (sp->kicked) {
		t = now_ns();
		if (!sp->kicked_since) {
			sp->kicked_since = t;
		} else if (t - sp->kicked_since > KICK_TIMEOUT_NS) {
			kill_space(sp);
			return -EFAULT;
		}
	}
	return 0;
}

/* Wait for the guest thread's next event and copy it to @ev. */
static int wait_event(struct space *sp, struct seccomp_guest_event *ev,
		      struct spin *spin)
{
	volatile struct seccomp_guest_part *g = sp->guest;
	volatile struct seccomp_kernel_part *k = sp->kern;
	const struct timespec check = { .tv_nsec = CHECK_INTERVAL_NS };
	unsigned int seen;
	unsigned int want = k->run_seq + 1;
	unsigned long start = rdtsc();
	/* On the stub's CPU a spin only keeps the stub from running. */
	unsigned long limit = seccomp_on_cpu(cpu_probe, g->stub_cpu) ?
			      0 : spin->limit;
	int err;

	while (g->event_seq != want) {
		if (rdtsc() - start < limit) {
			__builtin_ia32_pause();
			continue;
		}
		k->kernel_sleeping = 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		seen = g->event_seq;
		if (seen != want)
			syscall(SYS_futex, &g->event_seq, FUTEX_WAIT, seen,
				&check, NULL, 0);
		k->kernel_sleeping = 0;
		if (g->event_seq == want)
			break;
		err = check_stub(sp);
		if (err)
			return err;
		/*
		 * Whether the guest thread was woken for this run was decided
		 * on what guest code can write (apply_done_seq, stub_sleeping):
		 * no event after a sleep here, so wake it anyway.  A guest
		 * thread not waiting for the run goes on as it was.
		 */
		futex_wake(&k->run_seq);
	}
	k->event_taken = rdtsc();
	if (limit)
		spin_learn(spin, k->event_taken - start);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	memcpy(ev, (const void *)&g->event, sizeof(*ev));
	sp->kicked = 0;
	sp->kicked_since = 0;
	return 0;
}

/*
 * Take the signal frame of event @ev: it must lie on the stub's signal
 * stack, its FPU state too, or the stub is not to be trusted.
 */
static int take_frame(struct space *sp, const struct seccomp_guest_event *ev)
{
	const unsigned long base = SECCOMP_STUB_GUEST_PART;
	const unsigned long top = base + SECCOMP_STUB_SIGSTACK_SIZE;
	unsigned long fp_size = xstate_size ? xstate_size : FX_SIZE;
	const struct host_ucontext *uc;
	unsigned long fp;

	if (ev->frame < base || ev->frame > top - sizeof(*uc) ||
	    ev->frame & 7)
		goto bad;
	uc = (const void *)((char *)sp->guest + (ev->frame - base));
	fp = uc->fpstate;
	if (fp < base || fp > top - fp_size || fp & 63)
		goto bad;
	sp->fpstate_off = fp - base;
	return 0;
bad:
	kill_space(sp);
	return -EFAULT;
}

/* A call into the vsyscall page (see ptrace.c): the fault it would be. */
static void vsyscall_fault(const struct seccomp_guest_event *gev,
			   struct os_guest_regs *regs,
			   struct os_uspace_event *ev)
{
	regs->ip = gev->addr;
	regs->sp -= sizeof(long);
	ev->kind = OS_USPACE_FAULT;
	ev->signo = SIGSEGV;
	ev->si_code = SEGV_MAPERR;
	ev->addr = regs->ip;
	ev->is_exec = 1;
	ev->trap_no = X86_TRAP_PF;
	ev->error_code = X86_PF_INSTR | X86_PF_USER;
}

/* What the stub's event @gev means, in the terms of os/uspace.h. */
static int decode_event(struct space *sp, const struct seccomp_guest_event *gev,
			struct os_guest_regs *regs, struct os_uspace_event *ev)
{
	int err = take_frame(sp, gev);

	if (err)
		return err;
	*regs = gev->regs;
	if (!has_fsgsbase) {
		/* Guest code cannot change them but through the kernel. */
		regs->fs_base = sp->fs_base;
		regs->gs_base = sp->gs_base;
	}
	regs->ds = sp->ds;
	regs->es = sp->es;
	regs->fs = sp->fs;
	regs->gs = sp->gs;

	if (gev->kind == SECCOMP_EV_INT80) {
		/* As the ptrace backend sees it: a 32-bit system call. */
		ev->kind = OS_USPACE_SYSCALL;
		ev->is_compat = 1;
		regs->orig_ax = (unsigned long)(long)(int)regs->ax;
		regs->ax = (unsigned long)-ENOSYS;
		regs->ip += 2;
		return 0;
	}
	if (gev->kind != SECCOMP_EV_SIGNAL &&
	    gev->kind != SECCOMP_EV_BAD_RETURN)
		goto bad;
	if (gev->kind == SECCOMP_EV_SIGNAL &&
	    gev->signo == SECCOMP_STUB_INTERRUPT) {
		ev->kind = OS_USPACE_INTERRUPTED;
		return 0;
	}
	if (gev->kind == SECCOMP_EV_SIGNAL && gev->signo == SIGSYS) {
		if (gev->addr >= VSYSCALL_START && gev->addr < VSYSCALL_END) {
			vsyscall_fault(gev, regs, ev);
			return 0;
		}
		ev->kind = OS_USPACE_SYSCALL;
		ev->is_compat = gev->arch == AUDIT_ARCH_I386;
		regs->orig_ax = (unsigned long)(long)(int)gev->syscall_nr;
		regs->ax = (unsigned long)-ENOSYS;
		return 0;
	}
	switch (gev->signo) {
	case SIGSEGV:
	case SIGBUS:
		ev->trap_no = gev->trapno;
		ev->error_code = gev->error_code;
		break;
	case SIGILL:
	case SIGTRAP:
	case SIGFPE:
		break;
	default:
		goto bad;
	}
	ev->kind = gev->trapno == X86_TRAP_PF &&
		   gev->kind == SECCOMP_EV_SIGNAL ? OS_USPACE_FAULT :
						    OS_USPACE_SIGNAL;
	ev->signo = gev->signo;
	ev->si_code = gev->si_code;
	ev->addr = gev->addr;
	if (ev->kind == OS_USPACE_FAULT) {
		ev->is_write = !!(gev->error_code & X86_PF_WRITE);
		ev->is_exec = !!(gev->error_code & X86_PF_INSTR);
	}
	return 0;
bad:
	kill_space(sp);
	return -EFAULT;
}

/* The lowest free handle, so that few slots of shared memory are used. */
static int alloc_handle(void)
{
	int h;

	for (h = 0; h < nr_slots; h++)
		if (!spaces[h].in_use)
			return h;
	return -ENOSPC;
}

/* Free what create() got for @sp but the stub. */
static void release_space(struct space *sp)
{
	if (sp->result_fd >= 0)
		close(sp->result_fd);
	memset(sp, 0, sizeof(*sp));
	sp->result_fd = -1;
}


/* @n in lower-case hex into @buf, which holds 17 bytes at least. */
static void hex(char *buf, unsigned long n)
{
	char digits[16];
	int i = 0;

	do {
		digits[i++] = "0123456789abcdef"[n & 15];
		n >>= 4;
	} while (n);
	while (i)
		*buf++ = digits[--i];
	*buf = '\0';
}

/* Start the stub of a new space on @physmem_fd: a handle, or -errno. */
static int start_space(int physmem_fd)
{
	struct space *sp;
	int handle, pipe_fds[2], fds[3], err;
	char arg[32];
	void *map;
	pid_t pid;

	if (stub_fd < 0 || !shared_base)
		return -ENODEV;
	if (fcntl(physmem_fd, F_GETFD) < 0)
		return -EBADF;
	handle = alloc_handle();
	if (handle < 0)
		return handle;
	sp = &spaces[handle];
	memset(sp, 0, sizeof(*sp));
	sp->result_fd = -1;

	/* The slot's last stub is reaped: only our counters to reset. */
	map = shared_base + (unsigned long)handle * SECCOMP_STUB_SHARED_SIZE;
	sp->guest = map;
	sp->kern = (void *)((char *)map + SECCOMP_STUB_GUEST_SIZE);
	memset((void *)&sp->guest->event_seq, 0,
	       sizeof(*sp->guest) -
	       offsetof(struct seccomp_guest_part, event_seq));
	memset(sp->kern, 0, offsetof(struct seccomp_kernel_part, regs));
	sp->kern->has_fsgsbase = has_fsgsbase;
	sp->kern->cpu_probe = cpu_probe;
	hex(arg, (unsigned long)handle * SECCOMP_STUB_SHARED_SIZE);
	if (pipe2(pipe_fds, O_CLOEXEC)) {
		err = -errno;
		release_space(sp);
		return err;
	}
	sp->result_fd = pipe_fds[0];

	fds[0] = physmem_fd;
	fds[1] = pipe_fds[1];
	fds[2] = shared_fd;
	pid = os_uspace_spawn(stub_fd, arg, fds, 3, NULL);
	/* The stub has its copy; the pipe must end when it does. */
	close(pipe_fds[1]);
	if (pid < 0) {
		release_space(sp);
		return pid;
	}
	sp->pid = pid;
	sp->in_use = 1;
	if (handle >= handles_top)
		handles_top = handle + 1;
	return handle;
}

/* Wait until the stub of @handle is set up: @handle, or -errno. */
static int finish_space(int handle)
{
	struct space *sp = &spaces[handle];
	struct seccomp_guest_event ev;
	int err;

	/* Set up, the stub makes a system call: its first event. */
	err = wait_event(sp, &ev, &event_spin);
	if (!err && (ev.kind != SECCOMP_EV_SIGNAL || ev.signo != SIGSYS ||
		     ev.syscall_nr != SYS_getpid))
		err = -EIO;
	if (!err)
		err = take_frame(sp, &ev);
	if (!err)
		return handle;

	/* A stub that died setting up says why in its exit status. */
	if (err == -ESRCH)
		err = os_uspace_start_error(sp->exit_status, err);
	kill_space(sp);
	release_space(sp);
	return err;
}

/*
 * Handles of discard()ed spaces, whose stubs are killed and not yet
 * reaped (their slots stay taken).  Reaped without waiting by later
 * calls; waited for when the list is full.
 */
#define MAX_DYING		64
static int dying[MAX_DYING];
static int nr_dying;

static void reap_dying(int wait)
{
	struct space *sp;
	int i, status;

	for (i = 0; i < nr_dying;) {
		sp = &spaces[dying[i]];
		if (wait) {
			os_uspace_spawn_reap(sp->dying, &status);
		} else if (waitpid(sp->dying, &status, WNOHANG | __WALL) == 0) {
			i++;
			continue;
		}
		release_space(sp);
		dying[i] = dying[--nr_dying];
	}
}

/* The space prepare() started, and the file of its physical memory. */
static int spare = -1;
static dev_t spare_dev;
static ino_t spare_ino;

static int is_spare_for(int physmem_fd)
{
	struct stat st;

	return spare >= 0 && !fstat(physmem_fd, &st) &&
	       st.st_dev == spare_dev && st.st_ino == spare_ino;
}

static void drop_spare(void)
{
	if (spare < 0)
		return;
	kill_space(&spaces[spare]);
	release_space(&spaces[spare]);
	spare = -1;
}

static int do_create(int physmem_fd)
{
	int handle;

	reap_dying(0);
	if (is_spare_for(physmem_fd)) {
		handle = spare;
		spare = -1;
		/* One killed from outside is no reason to fail. */
		handle = finish_space(handle);
		if (handle >= 0)
			return handle;
	}
	/* Only one stub may be starting at a time (spawn.h). */
	drop_spare();
	handle = start_space(physmem_fd);
	return handle < 0 ? handle : finish_space(handle);
}

static int do_prepare(int physmem_fd)
{
	struct stat st;
	int handle;

	reap_dying(0);
	if (spare >= 0)
		return 0;
	if (fstat(physmem_fd, &st))
		return -errno;
	handle = start_space(physmem_fd);
	if (handle < 0)
		return handle;
	spare = handle;
	spare_dev = st.st_dev;
	spare_ino = st.st_ino;
	return 0;
}

static int seccomp_prepare(int physmem_fd)
{
	int saved_errno = errno, ret;

	if (busy)
		return -EBUSY;
	busy = 1;
	ret = do_prepare(physmem_fd);
	busy = 0;
	errno = saved_errno;
	return ret;
}

static void seccomp_discard(int handle)
{
	int saved_errno = errno;
	struct space *sp = space_of(handle);
	pid_t pid;

	if (!sp || handle == spare)
		return;
	pid = sp->pid;
	if (busy || nr_dying == MAX_DYING || pid <= 0) {
		/* From a signal handler, or too many: the slow way. */
		kill_space(sp);
		release_space(sp);
	} else {
		sp->pid = 0;
		__asm__ volatile("" : : : "memory");
		kill(pid, SIGKILL);
		sp->dying = pid;
		dying[nr_dying++] = handle;
	}
	errno = saved_errno;
}

/* A spare is no one's: create() finds out that it died. */
static int seccomp_next_lost(void)
{
	int saved_errno = errno, h, ret = -ENOENT;
	struct space *sp;

	if (busy)
		return -EBUSY;
	busy = 1;
	reap_dying(0);
	if (!os_uspace_some_child_ended())
		goto out;
	for (h = 0; h < handles_top; h++) {
		sp = space_of(h);
		if (sp && h != spare && !sp->lost &&
		    os_uspace_stub_ended(sp->pid)) {
			sp->lost = 1;
			ret = h;
			break;
		}
	}
out:
	busy = 0;
	errno = saved_errno;
	return ret;
}

static int seccomp_create(int physmem_fd)
{
	int saved_errno = errno, ret;

	if (busy)
		return -EBUSY;
	busy = 1;
	ret = do_create(physmem_fd);
	busy = 0;
	errno = saved_errno;
	return ret;
}

static void seccomp_destroy(int handle)
{
	int saved_errno = errno;
	struct space *sp = space_of(handle);

	if (sp && handle != spare) {
		kill_space(sp);
		release_space(sp);
	}
	errno = saved_errno;
}


/* Hand up to STUB_MAX_OPS checked @ops to the stub's apply thread. */
static void post_batch(struct space *sp, const struct os_uspace_op *ops, int n)
{
	volatile struct seccomp_kernel_part *k = sp->kern;
	volatile struct seccomp_guest_part *g = sp->guest;
	int i;

	for (i = 0; i < n; i++)
		os_uspace_stub_op((struct stub_op *)&k->ops[i], &ops[i]);
	k->nr_ops = n;
	k->kernel_cpu = seccomp_cpu_id(cpu_probe);
	__atomic_add_fetch(&k->apply_seq, 1, __ATOMIC_SEQ_CST);
	/* A spinning guest thread hands its CPU over instead. */
	if (!g->guest_spinning)
		futex_wake(&k->apply_seq);
}

/* The answer to the batch posted when apply_done_seq was @done. */
static int batch_answer(struct space *sp, unsigned int done)
{
	volatile struct seccomp_kernel_part *k = sp->kern;
	volatile struct seccomp_guest_part *g = sp->guest;
	/* The apply thread runs where the guest thread does. */
	int spin = !seccomp_on_cpu(cpu_probe, g->stub_cpu);
	unsigned long start;
	char result[256];
	ssize_t len;

	/* The hint (guest code can write it) only saves a sleep. */
	for (start = rdtsc(); spin && g->apply_done_seq == done &&
	     rdtsc() - start < apply_spin.limit;)
		__builtin_ia32_pause();

	/* A guest thread that said it spun, and did not, only delays us. */
	if (g->apply_done_seq == done &&
	    poll(&(struct pollfd){ .fd = sp->result_fd, .events = POLLIN }, 1,
		 APPLY_PATIENCE_MS) == 0)
		futex_wake(&k->apply_seq);
	do {
		len = read(sp->result_fd, result, sizeof(result));
	} while (len < 0 && errno == EINTR);
	if (spin)
		spin_learn(&apply_spin, rdtsc() - start);
	if (len == 0)
		return space_lost(sp);
	if (len < 0)
		return -errno;
	return len == 1 ? 0 : -(int)(len - 1);
}

/* Do up to STUB_MAX_OPS checked @ops in the stub's apply thread. */
static int apply_batch(void *space, const struct os_uspace_op *ops, int n)
{
	struct space *sp = space;
	unsigned int done = sp->guest->apply_done_seq;

	post_batch(sp, ops, n);
	return batch_answer(sp, done);
}

/* The answer to maps given without waiting, once: 0 or their -errno. */
static int maps_answer(struct space *sp)
{
	if (!sp->maps_unanswered)
		return 0;
	sp->maps_unanswered = 0;
	return batch_answer(sp, sp->maps_done);
}

/*
 * Maps only need not be waited for: a map that fails leaves the guest
 * less than the kernel gave it, never more (what it replaces was
 * unmapped by a flush the kernel waited for), so it only faults again.
 * They go with the next run, which waits for them in the stub.
 */
static int maps_only(const struct os_uspace_op *ops, int n)
{
	int i;

	if (n > STUB_MAX_OPS)
		return 0;
	for (i = 0; i < n; i++)
		if (ops[i].kind != OS_USPACE_MAP)
			return 0;
	return 1;
}

static int do_apply(int handle, const struct os_uspace_op *ops, int n)
{
	struct space *sp = space_of(handle);
	int err;

	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	err = os_uspace_check_ops(ops, n);
	if (!err)
		err = maps_answer(sp);
	if (err || !n)
		return err;
	if (maps_only(ops, n)) {
		sp->maps_done = sp->guest->apply_done_seq;
		post_batch(sp, ops, n);
		sp->maps_seq = sp->kern->apply_seq;
		sp->maps_unanswered = 1;
		sp->maps_unrun = 1;
		return 0;
	}
	return os_uspace_apply_in_batches(sp, ops, n, apply_batch);
}

static int seccomp_apply(int handle, const struct os_uspace_op *ops, int n)
{
	int saved_errno = errno, err;

	if (busy)
		return -EBUSY;
	busy = 1;
	err = do_apply(handle, ops, n);
	busy = 0;
	errno = saved_errno;
	return err;
}

/* Registers the host would refuse, as ptrace's PTRACE_SETREGS does. */
static int regs_are_valid(const struct os_guest_regs *regs)
{
	return (regs->cs & 3) == 3 && (regs->ss & 3) == 3 &&
	       regs->cs <= 0xffff && regs->ss <= 0xffff &&
	       regs->fs_base < HOST_TASK_SIZE_MAX &&
	       regs->gs_base < HOST_TASK_SIZE_MAX;
}

/*
 * Put every live stub on @cpus (placement.c): both its threads, which
 * hand over to each other on one CPU.
 */
static void move_stubs(const cpu_set_t *cpus)
{
	int h;

	for (h = 0; h < handles_top; h++)
		if (spaces[h].in_use && spaces[h].pid > 0)
			os_placement_move_process(spaces[h].pid, cpus);
}

static int do_run(int handle, struct os_guest_regs *regs,
		  struct os_uspace_event *ev)
{
	struct space *sp = space_of(handle);
	struct seccomp_guest_event gev;
	volatile struct seccomp_kernel_part *k;
	struct spin *spin;
	int err;

	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	if (!regs_are_valid(regs))
		return -EIO;
	if (nr_dying)
		reap_dying(0);
	memset(ev, 0, sizeof(*ev));
	/* The stub that ran last waits for nothing soon: let it sleep. */
	if (last_run != handle && space_of(last_run) && spaces[last_run].kern)
		spaces[last_run].kern->switched_away = 1;
	last_run = handle;
	k = sp->kern;
	k->switched_away = 0;
	memcpy((void *)&k->regs, regs, sizeof(*regs));
	sp->fs_base = regs->fs_base;
	sp->gs_base = regs->gs_base;
	sp->ds = regs->ds;
	sp->es = regs->es;
	sp->fs = regs->fs;
	sp->gs = regs->gs;
	k->run_waits = sp->maps_unrun;
	k->run_after_done = sp->maps_seq;
	os_placement_check(move_stubs);
	k->kernel_cpu = seccomp_cpu_id(cpu_probe);
	__atomic_add_fetch(&k->run_seq, 1, __ATOMIC_SEQ_CST);
	/*
	 * The apply thread wakes the guest thread on its CPU: at the end
	 * of the batch this run waits for, or while it spins after one.
	 */
	if ((!sp->maps_unrun || sp->guest->apply_done_seq == sp->maps_seq) &&
	    !sp->guest->apply_spinning && sp->guest->stub_sleeping)
		futex_wake(&k->run_seq);
	spin = sp->maps_unrun ? &mapped_event_spin : &event_spin;
	sp->maps_unrun = 0;

	err = wait_event(sp, &gev, spin);
	if (err)
		return err;
	return decode_event(sp, &gev, regs, ev);
}

static int seccomp_run(int handle, struct os_guest_regs *regs,
		       struct os_uspace_event *ev)
{
	int saved_errno = errno, err;

	if (busy)
		return -EBUSY;
	busy = 1;
	err = do_run(handle, regs, ev);
	busy = 0;
	errno = saved_errno;
	return err;
}

static int seccomp_interrupt(int handle)
{
	int saved_errno = errno, err = 0;
	pid_t pid;

	if (handle < 0 || handle >= MAX_SPACES)
		return -EINVAL;
	pid = spaces[handle].pid;
	if (pid <= 0)
		return -ESRCH;
	spaces[handle].kicked = 1;
	if (syscall(SYS_tgkill, pid, pid, SECCOMP_STUB_INTERRUPT))
		err = -errno;
	errno = saved_errno;
	return err;
}

static unsigned long fpstate_size(void)
{
	return xstate_size ? xstate_size : FX_SIZE;
}

/* The FPU state of the last event, in the signal frame. */
static unsigned char *frame_fpstate(struct space *sp)
{
	return sp->guest->sigstack + sp->fpstate_off;
}

static int seccomp_get_fpstate(int handle, void *buf, unsigned long len)
{
	struct space *sp;

	if (!buf)
		return fpstate_size();
	if (busy)
		return -EBUSY;
	sp = space_of(handle);
	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	if (len < FX_SIZE)
		return -EINVAL;
	len = len >= fpstate_size() ? fpstate_size() : FX_SIZE;
	memcpy(buf, frame_fpstate(sp), len);
	return len;
}

/*
 * What XRSTOR would refuse (a #GP in the stub, which would kill it): an
 * MXCSR with bits the CPU lacks, and, for a whole XSAVE state, features
 * the host did not save or a non-zero rest of the header.
 */
static int fpstate_is_valid(const unsigned char *frame,
			    const unsigned char *buf, unsigned long len)
{
	unsigned int mxcsr, mask;
	unsigned long bv;
	const struct fx_sw_bytes *sw = (const void *)(frame + FX_SW_BYTES);
	unsigned long i;

	memcpy(&mxcsr, buf + FX_MXCSR, sizeof(mxcsr));
	memcpy(&mask, frame + FX_MXCSR_MASK, sizeof(mask));
	if (mxcsr & ~(mask ? mask : 0xffbf))
		return 0;
	if (len < FX_SIZE + XSAVE_HEADER_SIZE)
		return 1;
	memcpy(&bv, buf + FX_SIZE, sizeof(bv));
	if (bv & ~sw->xfeatures)
		return 0;
	for (i = FX_SIZE + 8; i < FX_SIZE + XSAVE_HEADER_SIZE; i++)
		if (buf[i])
			return 0;
	return 1;
}

static int seccomp_set_fpstate(int handle, const void *buf, unsigned long len)
{
	struct space *sp;
	unsigned char *frame;
	unsigned long bv;

	if (busy)
		return -EBUSY;
	sp = space_of(handle);
	if (!sp)
		return -EINVAL;
	if (!sp->pid)
		return -ESRCH;
	if (!buf || len < FX_SIZE)
		return -EINVAL;
	len = xstate_size && len >= xstate_size ? xstate_size : FX_SIZE;
	frame = frame_fpstate(sp);
	if (!fpstate_is_valid(frame, buf, len))
		return -EINVAL;
	/* The host's software bytes stay: its XRSTOR mask is in them. */
	memcpy(frame, buf, FX_SW_BYTES);
	if (len > FX_SIZE) {
		memcpy(frame + FX_SIZE, (const char *)buf + FX_SIZE,
		       len - FX_SIZE);
	} else if (xstate_size) {
		/* x87 and SSE as given, the rest as it was. */
		memcpy(&bv, frame + FX_SIZE, sizeof(bv));
		bv |= 3;
		memcpy(frame + FX_SIZE, &bv, sizeof(bv));
	}
	return 0;
}

const struct os_uspace_ops os_uspace_seccomp_ops = {
	.name = "seccomp",
	.host_clock = SECCOMP_STUB_CLOCK_ENTRY,
	.create = seccomp_create,
	.destroy = seccomp_destroy,
	.prepare = seccomp_prepare,
	.discard = seccomp_discard,
	.apply = seccomp_apply,
	.run = seccomp_run,
	.interrupt = seccomp_interrupt,
	.next_lost = seccomp_next_lost,
	.get_fpstate = seccomp_get_fpstate,
	.set_fpstate = seccomp_set_fpstate,
};

/*
 * Start one address space: the stub executes and sets itself up (the
 * host has seccomp filters), the apply thread maps, a guest system call
 * comes back as one; and learn the size of the XSAVE state from the
 * host's signal frame.
 */
static int probe(void)
{
	static const struct os_uspace_op op = {
		.kind = OS_USPACE_MAP,
		.prot = OS_PROT_READ,
		.fd_is_physmem = 1,
		.addr = UM_TASK_SIZE - GUEST_PAGE_SIZE,
		.len = GUEST_PAGE_SIZE,
	};
	struct os_guest_regs regs = {
		.ip = SECCOMP_STUB_PROBE_ENTRY,
		.sp = UM_STUB_DATA + SECCOMP_STUB_SETUP_STACK,
		.cs = OS_GUEST_CS,
		.ss = OS_GUEST_SS,
		.flags = 0x202,
		.ax = SYS_getpid,
	};
	const struct fx_sw_bytes *sw;
	struct os_uspace_event ev;
	struct space *sp;
	int handle, err;

	has_fsgsbase = !!(getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE);
	cpu_probe = os_uspace_cpu_probe();
	/* Together on one CPU, each side must see that it is. */
	if (cpu_probe != SECCOMP_CPU_UNKNOWN)
		os_placement_init();
	xstate_size = 0;
	handle = do_create(stub_fd);
	if (handle < 0)
		return handle;
	sp = &spaces[handle];
	sw = (const void *)(frame_fpstate(sp) + FX_SW_BYTES);
	if (sw->magic1 == FP_XSTATE_MAGIC1 &&
	    sw->xstate_size >= FX_SIZE + XSAVE_HEADER_SIZE &&
	    sw->xstate_size <= SECCOMP_STUB_SIGSTACK_SIZE / 4)
		xstate_size = sw->xstate_size;
	err = do_apply(handle, &op, 1);
	if (!err)
		err = do_run(handle, &regs, &ev);
	if (!err && (ev.kind != OS_USPACE_SYSCALL ||
		     regs.orig_ax != SYS_getpid ||
		     regs.ip != SECCOMP_STUB_PROBE_ENTRY + 2))
		err = -EOPNOTSUPP;
	seccomp_destroy(handle);
	return err;
}

int os_uspace_seccomp_probe(void)
{
	int saved_errno = errno, err;

	if (busy)
		return -EBUSY;
	busy = 1;
	err = os_uspace_load_stub(&stub_fd, os_uspace_seccomp_stub_image,
				  os_uspace_seccomp_stub_image_end);
	if (!err)
		err = map_shared_memory();
	if (!err)
		err = probe();
	busy = 0;
	errno = saved_errno;
	return err;
}

void os_uspace_seccomp_kill_all(void)
{
	int saved_errno = errno, i, status;
	pid_t pid;

	for (i = 0; i < nr_dying; i++)
		kill(spaces[dying[i]].dying, SIGKILL);
	reap_dying(1);

	for (i = 0; i < MAX_SPACES; i++) {
		pid = spaces[i].pid;
		if (pid > 0)
			kill(pid, SIGKILL);
	}
	for (i = 0; i < MAX_SPACES; i++) {
		pid = spaces[i].pid;
		if (pid > 0) {
			spaces[i].pid = 0;
			os_uspace_spawn_reap(pid, &status);
		}
	}
	/* Nobody holds the spare's handle: free it. */
	if (spare >= 0) {
		release_space(&spaces[spare]);
		spare = -1;
	}
	errno = saved_errno;
}
