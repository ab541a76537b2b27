"""Processes that end with the one that started them, and how many cores there are to start them on.

A worker blocked on a pipe, or busy in native code, outlives a parent killed with SIGKILL, which runs no
cleanup: the build's extraction workers (770 MB of them) and the endpoint's query processes would stay.
Linux's ``PR_SET_PDEATHSIG`` makes the kernel kill a child when its parent thread ends, however it ends
(:func:`die_with_parent`); a process that is not the child of the one it serves (the build's workers are
forked by multiprocessing's fork server) waits on a pidfd of that process instead (:func:`exit_with`).
"""
from __future__ import annotations

import ctypes
import os
import re
import select
import signal
import sys
import threading
from pathlib import Path

__all__ = ["die_with_parent", "exit_with", "cores", "workers", "ARTICLES_PER_WORKER", "build_memory", "free_memory"]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# a worker takes seconds to start (it loads the model), which fewer articles than this do not repay: the seeds'
# 56 built in 12.6 s with two workers, 9.8 s with none, on two busy cores
ARTICLES_PER_WORKER = 200
# what a build holds at its peak: its outputs are made from all its articles at once (docs/scaling.md: `kg build
# --pipeline fast --jobs 1` of seeds ×20 and ×100 peaked at 468 and 852 MB; the accurate pipeline starts larger)
_MEMORY_AT_START = 500 * 2**20
_MEMORY_AN_ARTICLE = 100 * 2**10
# a container's memory limit (cgroup v2, then v1), as mounted inside it
_CGROUP_LIMITS = (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"))


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process with SIGKILL when its parent (``parent``, the pid it had before a fork,
    if known) ends; if it already has, end now. Linux only; elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid() if parent is None else parent
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it ended before the request was made: nobody will send the signal
        os._exit(1)


def exit_with(pid: int) -> None:
    """End this process as soon as the process ``pid`` ends: a thread waits on its pidfd (Linux 5.3 and later;
    elsewhere nothing), or ends it now if ``pid`` is already gone."""
    if not hasattr(os, "pidfd_open"):
        return
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)

    def wait() -> None:
        select.select([fd], [], [])  # readable once the process has ended
        os._exit(1)
    threading.Thread(target=wait, name=f"exit with {pid}", daemon=True).start()


def cores() -> int:
    """The CPU cores this process may use: how many extraction workers ``kg build`` starts by default."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def workers(jobs: int, articles: int) -> int:
    """How many processes extract ``articles``: ``jobs``, or by default (0) one a core, but only as many as have
    :data:`ARTICLES_PER_WORKER` articles each (1: the build's own process).

    >>> workers(3, 10), workers(0, 56), workers(0, 10_000) == cores()
    (3, 1, True)
    """
    return jobs or max(1, min(cores(), articles // ARTICLES_PER_WORKER))


def build_memory(articles: int) -> int:
    """Bytes a build of ``articles`` takes at its peak, as measured: some 100 KB an article beyond start-up.

    >>> round(build_memory(1_000_000) / 2**30)
    96
    """
    return _MEMORY_AT_START + articles * _MEMORY_AN_ARTICLE


def free_memory() -> int | None:
    """Bytes a process may still take: the kernel's estimate of the memory available without swapping, or a
    container's limit where that is less; None where the kernel does not say (not Linux). The limit, not what is
    left under it: what the container has used includes page cache, which it gives back."""
    try:
        available = re.search(r"^MemAvailable:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    except OSError:
        return None
    if not available:
        return None
    free = int(available[1]) * 1024
    for limit in _CGROUP_LIMITS:
        try:
            return min(free, int(limit.read_text()))
        except (OSError, ValueError):  # none here, or "max": no limit
            continue
    return free
