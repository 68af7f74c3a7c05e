"""When to light the landing burn: the ignition estimate.

The engine cannot throttle below a thrust that exceeds the stage's weight, so the burn cannot
be started early and stretched: it must be lit at the moment when a burn at a chosen throttle
stops the stage at the target. Lighting when the burn needs ``margin`` of full thrust (0.8
by default) leaves room to throttle up (if the burn falls short) and down to the minimum (if
it overshoots), which is what the convex guidance then uses.

Model (vertical plane: height ``h`` above the target, sink speed ``s = -v_z``, horizontal
speed ``v_h``):

- Coast until the light command, then ``startup_delay_s`` with no thrust: gravity ``g`` and,
  if given, drag proportional to the square of the speed, scaled so that it equals
  ``drag_accel_mps2`` now (the air density is taken as constant). Integrated with RK4.
- Spool-up over ``spool_up_time_s``: thrust rising linearly to ``F = margin T_max``, taken
  vertical, drag held at its value at first thrust: closed form (mass used: ``F tau / 2 ve``).
- The burn at constant ``F``: the rocket equation's closed form for the sink rate and the
  distance, the thrust tilted to null ``v_h`` over the burn; drag added to the burn's mean
  deceleration in closed form (``_Descent._burn``). The propellant is assumed to last.

Checked against a fine numerical integration of the same model (tests): the stop lands within
a metre of the target in vacuum and within about 1 % of the stopping distance with drag.

``ignition_estimate`` finds the first time at which the height left over after that stop
reaches zero, marching the coast with steps that shrink as it nears. If it is already past,
it asks for ignition now and reports the throttle that would still stop the stage
(``feasible`` False when even full thrust cannot). Cost: well under a millisecond.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.pilots.autopilot.gfold_vehicle import LandingVehicle

G0_MPS2 = 9.80665
MAX_COAST_S = 3600.0
_MAX_STEP_S = 1.0


@dataclass(frozen=True)
class IgnitionEstimate:
    """When and where to command ignition, and the burn it leads to."""

    altitude_m: float  # height above the target at the light command
    time_to_ignition_s: float  # from now until the light command (0: now; inf: never falls)
    feasible: bool  # a burn lit then stops the stage within the engine's thrust range
    throttle_norm: float = math.nan  # planned burn thrust / vehicle.throttle_scale_n
    burn_time_s: float = math.nan  # light command to stop


class _Descent:
    """Coast dynamics and the stopping distance of one vehicle at one throttle."""

    def __init__(self, vehicle: LandingVehicle, mass_kg: float, g: float, thrust_n: float,
                 drag_k_per_m: float) -> None:
        self.vehicle, self.m, self.g, self.thrust = vehicle, mass_kg, g, thrust_n
        self.k = drag_k_per_m
        self.ve = vehicle.isp_s * G0_MPS2

    def accel(self, s: float, vh: float) -> tuple[float, float]:
        """(d sink / dt, d v_h / dt) while coasting."""
        drag = self.k * math.hypot(s, vh)
        return self.g - drag * s, -drag * vh

    def coast(self, h: float, s: float, vh: float, dt: float) -> tuple[float, float, float]:
        """RK4 step of the unpowered flight; returns (h, s, v_h)."""
        k1 = self.accel(s, vh)
        k2 = self.accel(s + k1[0] * dt / 2, vh + k1[1] * dt / 2)
        k3 = self.accel(s + k2[0] * dt / 2, vh + k2[1] * dt / 2)
        k4 = self.accel(s + k3[0] * dt, vh + k3[1] * dt)
        ds = (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]) / 6
        dvh = (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]) / 6
        dh = -(s + dt * (k1[0] + k2[0] + k3[0]) / 6)  # RK4 for h' = -s
        return h + dh * dt, s + ds * dt, vh + dvh * dt

    def stop(self, h: float, s: float, vh: float) -> tuple[float, float]:
        """(height left when stopped, time from the light command) if lit now."""
        delay, spool = self.vehicle.startup_delay_s, self.vehicle.spool_up_time_s
        steps = max(1, math.ceil(delay / 0.25))
        for _ in range(steps if delay > 0.0 else 0):
            h, s, vh = self.coast(h, s, vh, delay / steps)
        a_f = self.thrust / self.m
        drag = self.k * math.hypot(s, vh)
        net_spool = self.g - drag * s - a_f / 2.0
        h -= s * spool + (self.g - drag * s) * spool ** 2 / 2.0 - a_f * spool ** 2 / 6.0
        s += net_spool * spool
        if s <= 0.0:
            return h, delay + spool
        burn, distance = self._burn(s, vh, self.m - self.thrust * spool / (2.0 * self.ve))
        if math.isinf(burn):
            return -math.inf, math.inf
        return h - distance, delay + spool + burn

    def _burn(self, s: float, vh: float, m: float) -> tuple[float, float]:
        """(burn time, stopping distance) of the constant-thrust burn from sink rate ``s``.

        In vacuum, the rocket equation (``_rocket_stop``), with the thrust tilted to null
        ``v_h`` over the burn. Drag ``k v^2`` is then added to that burn's mean deceleration
        ``A = s^2 / (2 D_vacuum)``: with ``dv/dt = -(A + k v^2)`` the stop takes
        ``D = ln(1 + k s^2 / A) / (2 k)`` and ``t = atan(s sqrt(k / A)) / sqrt(A k)``.
        """
        mdot = self.thrust / self.ve
        cos_tilt, burn, distance = 1.0, 0.0, 0.0
        for _ in range(2):  # the tilt that nulls v_h depends on the burn time
            burn, distance = self._rocket_stop(s, cos_tilt, m, mdot)
            if math.isinf(burn):
                return burn, distance
            a_h = vh / burn if burn > 0.0 else 0.0
            a_f = self.thrust / (m - mdot * burn / 2.0)
            cos_tilt = math.sqrt(max(1.0 - (a_h / a_f) ** 2, 0.0))
        if self.k <= 0.0 or distance <= 0.0:
            return burn, distance
        mean = s * s / (2.0 * distance)
        drag = self.k * s * s
        return (math.atan(math.sqrt(drag / mean)) / math.sqrt(mean * self.k),
                math.log1p(drag / mean) / (2.0 * self.k))

    def _rocket_stop(self, s: float, cos_tilt: float, m: float,
                     mdot: float) -> tuple[float, float]:
        """(burn time, distance) of a constant-thrust stop in vacuum from sink ``s``, mass ``m``.

        The sink rate ``s + g t - c ln(m / (m - mdot t))`` with ``c = ve cos(tilt)`` is concave
        and falling: Newton from the constant-mass time (too long) converges from above. The
        distance is ``s t + g t^2 / 2 - c (m / mdot) ((1 - X) ln(1 - X) + X)``, ``X = mdot t / m``.
        """
        g_eff, c = self.g, self.ve * cos_tilt
        accel0 = self.thrust * cos_tilt / m - g_eff
        if accel0 <= 0.0:
            return math.inf, math.inf
        t = min(s / accel0, 0.999 * m / mdot)
        for _ in range(20):
            left = m - mdot * t
            f = s + g_eff * t - c * math.log(m / left)
            step = f / (g_eff - c * mdot / left)
            t -= step
            if abs(step) < 1e-9:
                break
        x = mdot * t / m
        lost = c * (m / mdot) * ((1.0 - x) * math.log(1.0 - x) + x)
        return t, s * t + g_eff * t * t / 2.0 - lost


def ignition_estimate(vehicle: LandingVehicle, altitude_m: float, vertical_speed_mps: float,
                      horizontal_speed_mps: float, mass_kg: float, gravity_mps2: float = 9.81,
                      margin: float = 0.8, drag_accel_mps2: float = 0.0) -> IgnitionEstimate:
    """When to light so that a burn at ``margin`` of full thrust stops at the target.

    ``altitude_m`` is the height above the target point, ``vertical_speed_mps`` is up
    positive, ``drag_accel_mps2`` the present drag deceleration (0 in vacuum).
    """
    floor = vehicle.min_thrust_n / vehicle.max_thrust_n
    if not floor <= margin <= 1.0:
        raise ValueError(f"margin must be within [{floor:.3f}, 1] (min/max thrust), got {margin}")
    if not (mass_kg > 0.0 and gravity_mps2 > 0.0 and drag_accel_mps2 >= 0.0):
        raise ValueError("mass_kg and gravity_mps2 must be > 0 and drag_accel_mps2 >= 0")
    speed = math.hypot(vertical_speed_mps, horizontal_speed_mps)
    k = drag_accel_mps2 / (speed * speed) if speed > 0.0 else 0.0
    planned = _Descent(vehicle, mass_kg, gravity_mps2, margin * vehicle.max_thrust_n, k)
    h, s, vh = float(altitude_m), -float(vertical_speed_mps), abs(float(horizontal_speed_mps))
    throttle = margin * vehicle.max_thrust_n / vehicle.throttle_scale_n
    left, burn = planned.stop(h, s, vh)
    if left < 0.0:
        return _late(vehicle, mass_kg, gravity_mps2, k, h, s, vh)
    t = 0.0
    while t < MAX_COAST_S:
        dt = min(_MAX_STEP_S, max(0.002, left / (3.0 * abs(s) + 30.0)))
        h1, s1, vh1 = planned.coast(h, s, vh, dt)
        left1, burn1 = planned.stop(h1, s1, vh1)
        if left1 <= 0.0:
            frac = left / (left - left1) if left1 > -math.inf else 0.0
            return IgnitionEstimate(h + (h1 - h) * frac, t + dt * frac, True, throttle,
                                    burn + (burn1 - burn) * frac)
        t, h, s, vh, left, burn = t + dt, h1, s1, vh1, left1, burn1
    return IgnitionEstimate(h, math.inf, True, throttle, burn)


def _late(vehicle, mass_kg, g, k, h, s, vh) -> IgnitionEstimate:
    """Already past the planned ignition: light now, at the throttle that still stops."""
    lo, hi = vehicle.min_thrust_n, vehicle.max_thrust_n
    left, burn = _Descent(vehicle, mass_kg, g, hi, k).stop(h, s, vh)
    if left < 0.0:
        return IgnitionEstimate(h, 0.0, False, hi / vehicle.throttle_scale_n, burn)
    for _ in range(40):
        mid = (lo + hi) / 2.0
        if _Descent(vehicle, mass_kg, g, mid, k).stop(h, s, vh)[0] < 0.0:
            lo = mid
        else:
            hi = mid
    left, burn = _Descent(vehicle, mass_kg, g, hi, k).stop(h, s, vh)
    return IgnitionEstimate(h, 0.0, True, hi / vehicle.throttle_scale_n, burn)
