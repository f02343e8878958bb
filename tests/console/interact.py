#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Drive ./linux on a pseudo terminal like a user: window size and its
# changes, Ctrl-C, Ctrl-Z and jobs, stty, then poweroff.  Prints one
# PASS/FAIL line per check.  Usage: interact.py LINUX INITRD PIDFILE
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

linux, initrd, pidfile = sys.argv[1:4]
PROMPT = b"# "


def set_winsize(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


pid, master = pty.fork()
if pid == 0:
    os.execv(linux, [linux, "mem=128M", "initrd=" + initrd, "rdinit=/init"])
with open(pidfile, "w") as f:
    f.write("%d\n" % pid)
set_winsize(master, 30, 100)
seen = b""
transcript = b""


def expect(pattern, timeout=20):
    """Read until @pattern shows up after what was matched before."""
    global seen, transcript
    deadline = time.time() + timeout
    while pattern not in seen:
        left = deadline - time.time()
        if left <= 0:
            return False
        ready, _, _ = select.select([master], [], [], left)
        if not ready:
            continue
        try:
            data = os.read(master, 4096)
        except OSError:
            return False
        if not data:
            return False
        seen += data
        transcript += data
    seen = seen[seen.index(pattern) + len(pattern):]
    return True


def send(text):
    os.write(master, text)


def check(name, ok):
    print("%s: console: %s" % ("PASS" if ok else "FAIL", name), flush=True)
    if not ok and os.environ.get("CONSOLE_DEBUG"):
        print(transcript[-1500:].decode(errors="replace"), flush=True)


def command(line, answer):
    send(line + b"\r")
    return expect(answer)


check("interactive shell prompt", expect(PROMPT, 30))
check("job control enabled (no 'job control turned off')",
      b"job control turned off" not in transcript)
check("stty size is the host terminal's", command(b"stty size", b"30 100"))
expect(PROMPT)
# The foreground job gets SIGWINCH (ash's line editor eats its own).
send(b"sh -c 'trap \"echo got-\\$((6*7))-winch\" WINCH; sleep 2'\r")
time.sleep(0.5)
set_winsize(master, 40, 120)
os.kill(pid, signal.SIGWINCH)
check("host resize raises SIGWINCH in the guest", expect(b"got-42-winch"))
expect(PROMPT)
check("stty size follows the resize", command(b"stty size", b"40 120"))
expect(PROMPT)
send(b"sleep 100\r")
time.sleep(0.5)
send(b"\x03")
check("Ctrl-C interrupts the foreground job",
      expect(PROMPT) and command(b"echo status=$?", b"status=130"))
expect(PROMPT)
send(b"sleep 200\r")
time.sleep(0.5)
send(b"\x1a")
check("Ctrl-Z stops the foreground job", expect(PROMPT) and
      command(b"jobs", b"sleep 200"))
expect(PROMPT)
check("a stopped job resumes in the background and can be killed",
      command(b"bg; kill %1; wait; echo bg-done", b"bg-done"))
expect(PROMPT)
check("stty -echo turns echo off",
      command(b"stty -echo; echo one-$((1+1))", b"one-2"))
send(b"echo hidden\r")
check("no echo of typed input", expect(b"hidden") and
      b"echo hidden" not in seen)
send(b"stty echo\r")
expect(PROMPT)
send(b"poweroff -f\r")
status = None
deadline = time.time() + 30
while time.time() < deadline:
    done, st = os.waitpid(pid, os.WNOHANG)
    if done:
        status = st
        break
    try:
        if select.select([master], [], [], 0.2)[0]:
            os.read(master, 4096)
    except OSError:
        pass
if status is None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
check("poweroff from the shell exits 0",
      status is not None and os.waitstatus_to_exitcode(status) == 0)
