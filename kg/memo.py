"""A dictionary that makes a value of its key when first asked for it, and keeps it: for work asked of the same
strings again and again (a term's bytes, a string's JSON, a word's id), looked up at C level, where a cached
function would be a Python call each time.

>>> lengths = Memo(len)
>>> lengths["区委书记"], "区委书记" in lengths, "县长" in lengths
(4, True, False)
>>> Memo(str.upper, {"a": "alpha"})["a"]
'alpha'
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Memo"]

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """``make(key)`` for each key asked, made once; ``known`` holds values made otherwise. With a ``limit``, a
    memo kept for a process (the words of a corpus have no bound) starts again empty when it holds that many."""

    def __init__(self, make: Callable[[K], V], known: dict[K, V] | None = None, limit: int | None = None) -> None:
        super().__init__(known or {})
        self.make = make
        self.limit = limit

    def __missing__(self, key: K) -> V:
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        value = self[key] = self.make(key)
        return value
