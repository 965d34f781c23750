"""Process hygiene: killing `portal build` leaves no process behind.

Two ways a build ends early, two answers:

- SIGTERM (a CI runner cancelling, `kill PID`) becomes `Terminated`, a KeyboardInterrupt,
  so it unwinds exactly like Ctrl-C: staging folders are removed, the render workers and
  Pagefind are killed by the code that started them.
- SIGKILL (or a crash) runs no code at all, so every child asks the kernel to kill it when
  its parent dies (Linux's PR_SET_PDEATHSIG). The request is checked against getppid()
  right after it is made: a parent that died a moment before would otherwise go unnoticed.
  Elsewhere than Linux there is no such request, and nothing is done.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from typing import Iterator

PR_SET_PDEATHSIG = 1


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread happens to be, so that it unwinds like Ctrl-C."""

    exit_code = 128 + signal.SIGTERM


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Inside: SIGTERM raises Terminated once; a second SIGTERM kills as usual (an impatient sender)."""

    def raise_terminated(signum, frame) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def stops_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM do not stop the block (a swap that must not stop halfway).

    The block is the last step of a build, so a stop that came during it has nothing left to
    stop: it is dropped, and the build ends as the complete build it is. (Handlers rather than a
    signal mask: Python runs them in the main thread whichever thread the kernel picked.)
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {stop: signal.signal(stop, lambda signum, frame: None) for stop in stops}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def die_with_parent(parent_pid: int) -> None:
    """In a child process: be killed with SIGKILL when the parent dies, however it dies."""
    if sys.platform != "linux":
        return
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the request was made
        os._exit(1)


def start_worker(parent_pid: int) -> None:
    """Initializer of a forked pool's workers (the render stage's and the site build's)."""
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by the fork


def kill_workers(pool) -> None:
    """Stop a ProcessPoolExecutor now: shutdown() alone would wait for the tasks already running."""
    processes = list((pool._processes or {}).values())  # no public way before Python 3.14
    for process in processes:
        process.kill()
    for process in processes:
        process.join()


# A child Python that makes the request, then becomes the module it is asked to run. Run
# with -c rather than from this file, so it depends on nothing but the interpreter.
_LAUNCHER = """
import ctypes, os, runpy, sys
parent = int(sys.argv.pop(1))
ctypes.CDLL(None).prctl(%d, %d)  # kept across exec, so it holds for the program it becomes
if os.getppid() != parent:
    sys.exit(1)
sys.argv[0] = sys.argv.pop(1)
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
""" % (PR_SET_PDEATHSIG, signal.SIGKILL)


def python_module_command(module: str, *args: str) -> list[str]:
    """`python -m module args`, as a child that dies with this process (on Linux)."""
    if sys.platform != "linux":
        return [sys.executable, "-m", module, *args]
    return [sys.executable, "-c", _LAUNCHER, str(os.getpid()), module, *args]
