"""Processes that end with the one that started them.

A worker blocked on a pipe, or busy in native code, outlives a parent killed with SIGKILL, which runs no
cleanup: the build's extraction workers (770 MB of them) and the endpoint's query processes would stay.
Linux's ``PR_SET_PDEATHSIG`` makes the kernel kill the child when its parent thread ends, however it ends.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


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
