#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot benchmark: wall time from exec to exit and peak RSS of a kernel
that boots completely and ends at the start of init (the kernel's own
"No working init found" panic, the same point for both kernels), for
./linux and Debian's user-mode-linux (linux.uml), run alternately in one
go.  Prints medians over the runs."""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
ARGS = ["mem=256M", "root=none", "rootfstype=tmpfs"]


def one_run(cmd, cwd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            preexec_fn=lambda: resource.setrlimit(
                                resource.RLIMIT_CORE, (0, 0)))
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    reached = b"No working init found" in out
    return wall, usage.ru_maxrss / 1024.0, reached


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    kernels = [("hostlinux ./linux", [os.path.join(repo, "linux")])]
    uml = shutil.which("linux.uml")
    if uml:
        kernels.append(("Debian user-mode-linux " +
                        subprocess.run(["dpkg-query", "-W", "-f=${Version}",
                                        "user-mode-linux"],
                                       capture_output=True, text=True).stdout,
                        [uml]))
    else:
        print("linux.uml not found: apt-get install user-mode-linux",
              file=sys.stderr)

    results = {name: [] for name, _ in kernels}
    with tempfile.TemporaryDirectory() as cwd:
        for _ in range(RUNS):
            for name, cmd in kernels:
                results[name].append(one_run(cmd + ARGS, cwd))

    print(f"Boot to init (mem=256M), median of {RUNS} runs")
    print(f"| {'kernel':34} | {'wall time':>10} | {'peak RSS':>10} | reached init |")
    print(f"|{'-' * 36}|{'-' * 12}|{'-' * 12}|--------------|")
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        rss = statistics.median(r[1] for r in runs)
        ok = all(r[2] for r in runs)
        print(f"| {name:34} | {wall * 1000:7.1f} ms | {rss:6.1f} MiB | "
              f"{'yes' if ok else 'NO':12} |")


if __name__ == "__main__":
    main()
