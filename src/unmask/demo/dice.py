"""Cheap scalar random draws for the per-person Python loops.

A single call on a numpy ``Generator`` costs microseconds (``choice`` with
weights tens of them), which adds up to minutes over 100,000 people. ``Dice``
draws uniforms from the generator in large blocks and serves them one by one
as plain floats, so the only source of randomness stays the seeded numpy
generator while each scalar draw costs a few hundred nanoseconds.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from itertools import accumulate
from typing import TypeVar

import numpy as np

T = TypeVar("T")
_BLOCK = 1 << 16


class Dice:
    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._block: list[float] = []
        self._next = 0

    def random(self) -> float:
        """Uniform on [0, 1)."""
        if self._next == len(self._block):
            self._block = self._rng.random(_BLOCK).tolist()
            self._next = 0
        value = self._block[self._next]
        self._next += 1
        return value

    def below(self, n: int) -> int:
        """Uniform integer in [0, n) (a uniform is < 1, so the product is < n)."""
        return int(self.random() * n)

    def integer(self, low: int, high: int) -> int:
        """Uniform integer in [low, high), like ``Generator.integers``."""
        return low + self.below(high - low)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.random()

    def normal(self, mean: float, sd: float) -> float:
        """Box-Muller transform of two uniforms."""
        u = 1.0 - self.random()  # in (0, 1], so the log is finite
        return mean + sd * math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * self.random())

    def chance(self, p: float) -> bool:
        return self.random() < p

    def pick(self, options: Sequence[T]) -> T:
        return options[self.below(len(options))]

    def sample(self, options: Sequence[T], k: int) -> list[T]:
        """``k`` distinct items in random order (partial Fisher-Yates shuffle)."""
        pool = list(options)
        k = min(k, len(pool))
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def weighted(self, options: Sequence[T], cumulative: Sequence[float]) -> T:
        """One of ``options`` with probability proportional to its weight (``cumulative`` = running sums)."""
        return options[min(bisect.bisect_right(cumulative, self.random() * cumulative[-1]), len(options) - 1)]


def running_sums(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))
