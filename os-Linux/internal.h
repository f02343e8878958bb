/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces between the os-Linux files: set-up called by main()
 * before boot, and the pieces of host state every exit path restores.
 */
#ifndef __UM_OS_INTERNAL_H
#define __UM_OS_INTERNAL_H

/* time.c: create the host timer behind os_timer_*(); 0 or -errno. */
int os_time_init(void);

/* irq.c: create the epoll descriptor and install the host signal handlers. */
int os_irq_init(void);
/* irq.c: give every watched descriptor its original file status flags back. */
void os_irq_restore_fds(void);
/* irq.c: host time the kernel has spent asleep in os_irq_wait(), in ns. */
unsigned long long os_irq_idle_ns(void);
/*
 * irq.c: for a handler that has set the kernel's pending word: if the
 * signal came in os_irq_wait() before its sleep, skip the sleep.
 */
void os_irq_leave_idle_window(void *ucontext);

/*
 * irq_relay.c: a relay thread sends SIGIO for @fd, which cannot itself;
 * the kernel says when it will look at its descriptors anyway (a kick
 * would be wasted) and when it looks (from then on, kicks count again).
 */
int os_irq_relay_add(int fd);
void os_irq_relay_remove(int fd);
void os_irq_relay_will_look(void);
void os_irq_relay_looking(void);

/* helper_thread.c: run @fn in a detached host thread deaf to signals. */
int os_start_helper_thread(void *(*fn)(void *));

/* console.c: put terminal @fd in raw mode, remembering how it was. */
int os_console_make_raw(int fd);
/* console.c: whether some console terminal is in raw mode. */
int os_console_has_raw_tty(void);
/* console.c: put the terminal back the way os_console_make_raw() found it. */
void os_console_restore_tty(void);

/*
 * limits.c: how large a file ./linux may write (RLIMIT_FSIZE), in
 * bytes; ~0ULL for no limit.
 */
unsigned long long os_file_size_limit(void);
/* limits.c: raise the soft descriptor limit to the hard one. */
void os_raise_descriptor_limit(void);
/*
 * limits.c: bytes of address space ./linux may still map (RLIMIT_AS);
 * ~0ULL for no limit.
 */
unsigned long long os_address_space_room(void);

/* process.c: remember argv for os_process_restart(). */
void os_process_save_argv(char **argv);
/*
 * process.c: note that host signal @sig asked for shutdown; returns the
 * signal of an earlier request still pending, 0 if this is the first.
 */
int os_process_request_shutdown(int sig);
/* process.c: undo what the host side changed in state it shares with others. */
void os_process_restore_host(void);

#endif
