"""The output directory: one build at a time, its outputs switched in as one set, what dead builds left cleaned.

A build holds ``OUT/.govkg.lock`` (an advisory ``flock``, which the kernel lets go of however the process
ends) from the moment it knows it has something to build until its outputs are in place; a second build
into the same directory is told so in one line and stops, rather than mixing its files with the first's.

The outputs are written into a *stage*, a fresh directory inside ``OUT`` (the same file system, so a rename
is atomic; the old files in ``OUT`` are never opened for writing). Only when every file is complete is a
``.commit`` list written into the stage, and then each file renamed into ``OUT``: renames of whole files, a
few microseconds for the set, so a reader never opens a half-written file, and a build that fails (a full
disk, an error) or is killed before ``.commit`` leaves the last set as it was. The next build into ``OUT``
finishes a switch a killed build had started (its ``.commit`` is there) and removes any other stage and any
temporary file of an older build.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import Errors, KgError

__all__ = ["LOCK", "locked", "recover", "Stage", "write_atomic", "write_chunks"]

LOCK = ".govkg.lock"
_STAGE = ".govkg-build-"  # a stage's name starts so
_COMMIT = ".commit"


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` then move ``tmp`` over ``path``: a reader, or a build killed meanwhile, never sees
    half a file."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(fd)
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; outputs are for sharing
        os.replace(tmp, path)
    except OSError as e:
        raise _failed(path, e) from e
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write the bytes ``chunks`` to ``path``, atomically (:func:`write_atomic`), a chunk at a time: a large corpus's
    file, made whole in memory first, would take longer to fill fresh pages with than to write. (Bytes, not text:
    the outputs are mostly ASCII around some Chinese, and encoding a file whole goes a character at a time, where
    joining each term's bytes, encoded once, copies them at once.)"""
    def write(tmp: Path) -> None:
        with tmp.open("wb") as f:
            f.writelines(chunks)

    write_atomic(path, write)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``out``'s lock (making ``out`` if need be); :class:`KgError` if another build holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise _failed(out, e) from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nothing written: an unchanged build writes nothing
        except BlockingIOError:
            raise KgError(Errors.E086.format(out=out)) from None
        yield
    finally:
        os.close(fd)  # and the lock goes with it


def recover(out: Path, outputs: Iterable[str]) -> None:
    """With ``out``'s lock held: finish the switch of a build killed while switching, remove every other
    stage and the temporary files of ``outputs`` written by older builds."""
    try:
        for stage in sorted(out.glob(f"{_STAGE}*")):
            if (stage / _COMMIT).is_file():
                _switch(stage, out)
            else:
                shutil.rmtree(stage)
        for name in outputs:
            for leftover in out.glob(f".{name}.*"):  # write_atomic's, of a build killed while writing
                leftover.unlink()
    except (OSError, ValueError, KeyError) as e:  # ValueError, KeyError: a .commit that is not one
        raise _failed(out, e if isinstance(e, OSError) else OSError(str(e))) from e


class Stage:
    """A stage in ``out`` for the files ``outputs`` names; :meth:`commit` switches it in, :meth:`discard` removes
    it."""

    def __init__(self, out: Path, outputs: Iterable[str]):
        self.out = out
        self.outputs = list(outputs)
        try:
            self.path = Path(tempfile.mkdtemp(prefix=_STAGE, dir=out))
        except OSError as e:
            raise _failed(out, e) from e

    def commit(self) -> None:
        """Switch the stage's outputs in: those it holds replace ``out``'s, those it does not are removed."""
        present = [name for name in self.outputs if (self.path / name).is_file()]
        listed = {"move": present, "remove": [name for name in self.outputs if name not in present]}
        try:
            tmp = self.path / f"{_COMMIT}.tmp"
            with tmp.open("w", encoding="utf-8") as f:
                json.dump(listed, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path / _COMMIT)  # from here on, the switch is as good as done
            _switch(self.path, self.out)
        except OSError as e:
            raise _failed(self.out, e) from e

    def discard(self) -> None:
        """Remove the stage, unless its switch has begun (the next build finishes that)."""
        if not (self.path / _COMMIT).exists():
            shutil.rmtree(self.path, ignore_errors=True)


def _failed(path: Path, e: OSError) -> KgError:
    return KgError(Errors.E032.format(path=path, detail=e.strerror or e))


def _switch(stage: Path, out: Path) -> None:
    """Put the files a complete ``stage`` lists in its ``.commit`` into ``out``, remove those it says to, remove
    the stage. Done again after a kill, it does what is left."""
    listed = json.loads((stage / _COMMIT).read_text(encoding="utf-8"))
    for name in listed["move"]:
        if (stage / name).exists():
            os.replace(stage / name, out / name)
    for name in listed["remove"]:
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(stage)
