"""Shaping a raw joystick axis into a command: invert, dead zone, response curve, range.

- invert: ``x -> -x``.
- dead zone ``d`` (0..0.9), scaled so the output stays continuous: ``|x| <= d`` gives 0, beyond
  it ``sign(x) (|x| - d) / (1 - d)``, so full deflection still gives 1.
- response curve ``e`` (0..1), the usual "expo": ``(1 - e) x + e x^3``: fine control near the
  centre, full authority at the stops; monotonic for every ``e`` in 0..1.
- throttle range: a lever reading -1..1 over its travel maps to ``(x + 1) / 2``; one reading
  0..1 (the positive half of an axis) maps to ``max(x, 0)``. The dead zone of a throttle sits
  at the idle end, not in the middle.
"""

from __future__ import annotations

import math


def clamp_unit(x: float) -> float:
    return -1.0 if x < -1.0 else 1.0 if x > 1.0 else x


def dead_zone(x: float, zone: float) -> float:
    """Cut ``|x| <= zone`` to 0 and rescale the rest to reach 1 at full deflection."""
    magnitude = abs(x)
    if magnitude <= zone:
        return 0.0
    return math.copysign(min(1.0, (magnitude - zone) / (1.0 - zone)), x)


def expo(x: float, amount: float) -> float:
    """The cubic response curve ``(1 - e) x + e x^3``."""
    return (1.0 - amount) * x + amount * x * x * x


def shape_axis(raw: float, invert: bool = False, zone: float = 0.0, curve: float = 0.0) -> float:
    """A centred axis (pitch, yaw, roll) in -1..1."""
    x = clamp_unit(-raw if invert else raw)
    return expo(dead_zone(x, zone), curve)


def shape_throttle(raw: float, invert: bool = False, zone: float = 0.0, curve: float = 0.0,
                   lever_range: str = "-1..1") -> float:
    """A throttle lever in 0..1 (see the module docstring)."""
    x = clamp_unit(-raw if invert else raw)
    fraction = 0.5 * (x + 1.0) if lever_range == "-1..1" else max(0.0, x)
    if fraction <= zone:
        return 0.0
    fraction = (fraction - zone) / (1.0 - zone)
    return min(1.0, max(0.0, expo(fraction, curve)))
