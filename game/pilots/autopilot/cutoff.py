"""When to cut the engine over the deck: the tail-off counted.

The engine cannot throttle below a thrust that exceeds a near-empty stage's weight, so a stage
that is a little slow for its height stops above the deck. Cut at the moment it stops, the
engine's tail-off (``game.sim.propulsion``: the thrust falls linearly from what it is to
nothing over ``shutdown_time_s``, half a second on the Merlin) still outweighs the stage for
its first part and lifts it: a stage stopped 15 cm up climbs half a metre and falls back onto
its legs at 3 to 4 m/s, past what the crush cores take. Cut a little earlier, while it still
sinks, and the same tail-off brakes it onto the deck.

Model, relative to the deck (height h of the lowest foot, vertical velocity v, up positive),
for a cut now with the thrust T0 along the vertical (the last metres are flown upright) and
the mass m held: during the tail-off

    a(t) = T0 (1 - t / ts) / m - g,       0 <= t <= ts,
    v(t) = v + T0 (t - t^2 / (2 ts)) / m - g t,
    h(t) = h + v t + T0 (t^2 / 2 - t^3 / (6 ts)) / m - g t^2 / 2,

then a free fall. The deck's own acceleration (a heaving sea: under 1 m/s^2) and the air are
neglected over that second. ``impact_speed_mps`` is the speed at which the first foot meets
the deck. ``cut_is_due`` compares a cut now with a cut one step later (the thrust held for that
step): the impact speed first falls as the engine brakes the stage, then rises once braking
longer only means a higher stop; the cut is due at the bottom of that valley. ``cut_state``
is the cut the terminal law aims at (terminal.py): the height and sink rate from which the
tail-off meets the deck at the touchdown speed. Units SI.
"""

from __future__ import annotations

import math


def impact_speed_mps(height_m: float, velocity_mps: float, thrust_n: float, mass_kg: float,
                     shutdown_s: float, gravity_mps2: float, steps: int = 50) -> float:
    """Speed (m/s, >= 0) at which a foot ``height_m`` above the deck, moving at
    ``velocity_mps`` (up positive), meets it if the engine is cut now."""
    if height_m <= 0.0:
        return max(-velocity_mps, 0.0)
    accel = thrust_n / mass_kg
    dt = shutdown_s / steps
    h, v = height_m, velocity_mps
    for k in range(1, steps + 1):
        t = k * dt
        h_next = (height_m + velocity_mps * t + accel * (t * t / 2.0 - t ** 3 / (6.0 * shutdown_s))
                  - gravity_mps2 * t * t / 2.0)
        v_next = velocity_mps + accel * (t - t * t / (2.0 * shutdown_s)) - gravity_mps2 * t
        if h_next <= 0.0:  # meets the deck during the tail-off: interpolate in the step
            f = h / (h - h_next)
            return max(-(v + f * (v_next - v)), 0.0)
        h, v = h_next, v_next
    return math.sqrt(v * v + 2.0 * gravity_mps2 * h)  # then falls free from (h, v)


def cut_is_due(height_m: float, velocity_mps: float, thrust_n: float, mass_kg: float,
               shutdown_s: float, gravity_mps2: float, dt_s: float) -> bool:
    """Whether cutting now meets the deck no harder than cutting one step later."""
    now = impact_speed_mps(height_m, velocity_mps, thrust_n, mass_kg, shutdown_s, gravity_mps2)
    accel = thrust_n / mass_kg - gravity_mps2
    later_h = height_m + velocity_mps * dt_s + 0.5 * accel * dt_s * dt_s
    later_v = velocity_mps + accel * dt_s
    later = impact_speed_mps(later_h, later_v, thrust_n, mass_kg, shutdown_s, gravity_mps2)
    return now <= later


def cut_state(touchdown_speed_mps: float, thrust_accel_mps2: float, shutdown_s: float,
              gravity_mps2: float) -> tuple[float, float]:
    """(foot height, sink rate) of a cut whose tail-off meets the deck at ``touchdown_speed_mps``
    at the moment the tail-off's thrust falls to the weight (t* = ts (1 - g / A), A the thrust
    acceleration at the cut): the contact meets the slowest sink the tail-off gives. Falls back
    to the deck itself (0, v_td) when the thrust does not outweigh the stage."""
    a, ts, g = thrust_accel_mps2, shutdown_s, gravity_mps2
    if a <= g or ts <= 0.0:
        return 0.0, touchdown_speed_mps
    t = ts * (1.0 - g / a)
    sink_cut = touchdown_speed_mps + a * (t - t * t / (2.0 * ts)) - g * t
    height = sink_cut * t - a * (t * t / 2.0 - t ** 3 / (6.0 * ts)) + g * t * t / 2.0
    return height, sink_cut
