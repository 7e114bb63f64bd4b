"""The baseline forecast: how long dossiers of a kind take, as an empirical survival curve.

A dossier's "active time" is the working time from receipt to its result, less the time it stood paused
(awaiting supplements or payment: the clock stops, DOMAIN.md "Counting deadlines"). Divided by the
procedure's legal working days it becomes a ratio: 1.0 means the result came exactly at the deadline,
0.5 in half the time, 1.3 thirty percent late. Ratios let procedures of different lengths share a group.

Dossiers that never got a result (stopped, withdrawn) or have none yet are censored: we only know their
ratio was at least what they had used. The Kaplan–Meier estimator takes them in without the bias of
keeping only the finished ones (which, at any cut, are the quick ones).

A curve is kept on a fixed grid of ratios (GRID), with how many dossiers were still open at each point
(the "comparable dossiers" a prediction rests on). Conditioned on what an open dossier has used already
(its elapsed ratio e), the remaining time follows S(x) / S(e) for x >= e: its median and 90th percentile
give the finish, and S(1) / S(e) the probability of missing the deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STEP = 0.025
TOP = 5.0
GRID = [round(i * STEP, 4) for i in range(int(TOP / STEP) + 1)]


@dataclass(frozen=True)
class Curve:
    """S(x) = P(ratio > x) at each grid point, and the dossiers still at risk (ratio >= x) there."""

    survival: list[float]
    at_risk: list[int]

    @property
    def size(self) -> int:
        return self.at_risk[0]

    def as_json(self) -> dict:
        return {"s": [round(v, 5) for v in self.survival], "n": self.at_risk}

    @classmethod
    def from_json(cls, data: dict) -> Curve:
        return cls(survival=list(data["s"]), at_risk=list(data["n"]))

    def _index(self, ratio: float) -> int:
        return min(max(int(ratio / STEP), 0), len(GRID) - 1)

    def value(self, ratio: float) -> float:
        """S at `ratio`, linear between grid points; beyond the grid, the last value."""
        if ratio >= TOP:
            return self.survival[-1]
        i = self._index(ratio)
        low, high = self.survival[i], self.survival[min(i + 1, len(GRID) - 1)]
        return low + (high - low) * (ratio - GRID[i]) / STEP

    def comparable(self, ratio: float) -> int:
        """Dossiers of the group that had used at least this much of their time."""
        return self.at_risk[self._index(ratio)]

    def conditional_quantile(self, q: float, *, elapsed: float) -> float:
        """The ratio by which a dossier that has used `elapsed` finishes with probability q."""
        base = self.value(elapsed)
        if base <= 0:
            return max(elapsed, TOP)
        target = base * (1 - q)
        previous_x, previous_s = elapsed, base
        for x in GRID[self._index(elapsed) + 1 :]:
            s = self.survival[self._index(x)]
            if s <= target:
                if previous_s == s:
                    return x
                return previous_x + (x - previous_x) * (previous_s - target) / (previous_s - s)
            previous_x, previous_s = x, s
        return max(elapsed, TOP)  # more than 1 - q of these take longer than the grid reaches

    def conditional_exceed(self, limit: float, *, elapsed: float) -> float:
        """P(ratio > limit | ratio > elapsed)."""
        if elapsed >= limit:
            return 1.0
        base = self.value(elapsed)
        if base <= 0:
            return 1.0
        return min(1.0, self.value(limit) / base)


def kaplan_meier(samples: Iterable[tuple[float, bool]]) -> Curve:
    """The curve of (ratio, finished) pairs; a pair not finished is censored at its ratio."""
    ordered = sorted(samples)
    total = len(ordered)
    survival, at_risk = [], []
    s, i, remaining = 1.0, 0, total
    for x in GRID:
        # Every finish at or before x lowers S; everyone with ratio < x has left the risk set.
        while i < total and ordered[i][0] <= x:
            ratio = ordered[i][0]
            finished = removed = 0
            while i < total and ordered[i][0] == ratio:
                finished += ordered[i][1]
                removed += 1
                i += 1
            if remaining:
                s *= 1 - finished / remaining
            remaining -= removed
        survival.append(s)
        at_risk.append(remaining if x > 0 else total)
    return Curve(survival=survival, at_risk=at_risk)
