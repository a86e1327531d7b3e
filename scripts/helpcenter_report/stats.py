"""The few statistics the report needs, written out so they can be checked by hand.

Rates from a handful of votes are noise. The Wilson score interval (Wilson 1927) gives a range
that stays inside 0–1 and behaves well for small samples and for rates near 0 or 1, which is why
it is the usual choice for ranking by "share of bad ratings" (docs/report.md).
"""

from __future__ import annotations

import math

#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of `successes / total`; (0, 1) when there is no data."""
    if total <= 0:
        return 0.0, 1.0
    if not 0 <= successes <= total:
        raise ValueError(f"successes {successes} outside 0..{total}")
    p = successes / total
    z2 = z * z
    centre = p + z2 / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    denominator = 1 + z2 / total
    low = (centre - spread) / denominator
    high = (centre + spread) / denominator
    return max(0.0, low), min(1.0, high)


def wilson_lower(successes: int, total: int, z: float = Z95) -> float:
    return wilson_interval(successes, total, z)[0]


def rate(part: float, whole: float) -> float | None:
    """`part / whole`, or None when there is nothing to divide (shown as "–", never as 0 %)."""
    return part / whole if whole else None


def change(current: float | None, previous: float | None) -> float | None:
    """Difference current − previous, or None when either side has no data."""
    if current is None or previous is None:
        return None
    return current - previous


def one_sided_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """p-value that rate k1/n1 exceeds k2/n2 only by chance (two-proportion z-test, pooled)."""
    if n1 <= 0 or n2 <= 0:
        return 1.0
    pooled = (k1 + k2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 1.0
    z = (k1 / n1 - k2 / n2) / spread
    return 0.5 * math.erfc(z / math.sqrt(2))
