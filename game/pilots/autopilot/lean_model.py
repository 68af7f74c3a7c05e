"""How a leaning stage moves sideways in the airflow: the model the lean planner plans with.

Measured in the simulator with the Falcon 9 tables (steady leans of 3 to 18 deg held by the
landing-burn attitude loop, engine at 70 %, q S / T from 0.005 to 0.44; reproduced by
tests/pilots/test_lean_model.py): a thrusting stage falling engines first, its axis leaning
by theta (the axis's horizontal components, rad), accelerates sideways at

    a = (T / m) r0 theta - A(x) F(|alpha|) alpha / |alpha| + D phi,   x = q S / T,
    A(x) = (T / m) K x / (1 + c x),   D = q S C_A / m,   alpha = theta - phi,

with phi the flow angle (the horizontal part of the unit vector against the air-relative
velocity, (w - v) / V for a wind w, a velocity v, an airspeed V), alpha the angle of attack
and F(alpha) = C_N(alpha) / C_N_alpha(0) the shape of the body's normal force in the
vehicle's table (alpha while C_N is linear, about 1.7 alpha at 20 deg, as the cross-flow drag
of a long body grows). r0 = 0.9 is the share that follows the lean (the thrust, tipped off
the axis by the gimbal that holds the lean; measured alone at q S / T = 0.005); A is the
airflow's, the body's normal force plus the gimbal's trim against its torque, which the
grid fins relieve as q grows (the 1 + c x); D is the axial drag (C_A engines first), which
follows the flow: a crosswind drags the stage downwind. K = 3.55 and c = 0.3 are fitted to
90 held leans (-14 to 18 deg, sink rates 60 to 320 m/s, winds of 0, 8 and 16 m/s at 10 m):
residuals 0.015 T / m rms, 0.049 T / m at most. Small leans in still air steer like lift
(away from the lean) above x = r0 / K, about 0.25; large ones earlier.

Unpowered (before the engine delivers) the thrust's share is zero and A is the body's lift
of ``VehicleModel.lateral_stiffness_n``: a third of (C_N_alpha - C_A) q S, as measured in the
descent, where the fins trim the lean. A KNOWN ERROR: under the landing-burn attitude loop
the whole normal force acts (held leans of 5-10 deg, sink rates 40-300 m/s, crosswinds of
10-12 m/s: m A / (q S) = 2.55-3.2 per radian against C_N_alpha = 2.70, four times this
model's), and during the spool-up the powered fit falls below even that, as the thrust does.
Corrected (A = C_N_alpha q S / m unpowered, the powered A never below it; the 9 held cases
then within 0.07 m/s^2 but one, 0.22), the planner landed no better overall (seed 0, within
the acceptance limits: rough sea 55.8 % of flights 0-119, was 59.2; night fog 92.5 % of 200,
was 93.5; atlantic_600km 95 % of 40 both; crs8_ocisly 95 % of flights 0-39, was 90, but
184 of all 200, was 183; rough sea flights 120-239 72 of 120, was 76, so 139 of 240, was
147), so the tuned parts around it keep this model for now.

For the lean planner (``lateral_mpc``, linear) the normal force is taken along the secant
s = F(|alpha|) / |alpha| through an angle of attack (1 in the linear range; the tangent,
steeper, flips the sign of the gain between a large lean and a small one, and the plans with
it). Per axis, t seconds ahead:

    gain     g(t) = (T / m) r0 - A s                   per radian of lean
    damping  b(t) = (A s + D) / V                       (the airflow drags the stage toward
                                                         the wind's velocity)
    push     d(t) = b w

so that g theta - b v + d is a at that alpha, and at rest in the air. The first plan takes
today's alpha for the whole horizon; it is then re-linearised along the path that plan
predicts (``relinearise``: each step's secant at that step's alpha, its airspeed from the
sink rate and the wind less the planned velocity), because the angle of attack grows as the
stage slows its drift: a stage held still in a 20 m/s wind while it sinks at 60 m/s meets
the air at 18 deg before it leans, at 38 deg when it leans 20 deg into the wind, where the
normal force has grown faster than the angle. Thrust and sink rate over the horizon come from
a flight profile (``LeanControl``), and the air's density too where the profile gives it
(over today's, along a plan's descent); the Mach number and the wind are held.
Units: SI, angles in radians.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable

    from game.pilots.autopilot.vehicle import VehicleModel

THRUST_SHARE = 0.9  # r0
AIR_SLOPE_PER_X = 3.55  # K
AIR_RELIEF_PER_X = 0.3  # c
LINEAR_ALPHA_RAD = 1e-3  # below this angle of attack the linear model is used


def air_accel_mps2(vehicle: VehicleModel, dynamic_pressure_pa: float, mach: float,
                   thrust_n: float, mass_kg: float) -> float:
    """A: sideways acceleration per radian of normal-force shape F (m/s^2)."""
    if thrust_n <= 0.0:
        return vehicle.lateral_stiffness_n(dynamic_pressure_pa, mach) / mass_kg
    x = dynamic_pressure_pa * vehicle.reference_area_m2 / thrust_n
    return thrust_n / mass_kg * AIR_SLOPE_PER_X * x / (1.0 + AIR_RELIEF_PER_X * x)


def drag_accel_mps2(vehicle: VehicleModel, dynamic_pressure_pa: float, mach: float,
                    mass_kg: float) -> float:
    """D: the axial drag's sideways acceleration per radian of flow angle (m/s^2)."""
    return (dynamic_pressure_pa * vehicle.reference_area_m2
            * vehicle.axial_coefficient(180.0, mach) / mass_kg)


def thrust_accel_mps2(thrust_n: float, mass_kg: float) -> float:
    """(T / m) r0: sideways acceleration per radian of lean from the thrust (m/s^2)."""
    return THRUST_SHARE * max(thrust_n, 0.0) / mass_kg


def normal_force_shape(vehicle: VehicleModel, alpha_rad: float, mach: float) -> float:
    """F at an angle of attack (rad, engines first): C_N(alpha) / C_N_alpha(0), at least
    alpha."""
    slope = vehicle.normal_coefficient(175.0, mach) / math.radians(5.0)
    a = min(abs(alpha_rad), math.radians(80.0))
    if slope <= 0.0:
        return a
    return max(vehicle.normal_coefficient(180.0 - math.degrees(a), mach) / slope, a)


def lateral_accel_mps2(vehicle: VehicleModel, lean: tuple[float, float],
                       flow: tuple[float, float], dynamic_pressure_pa: float, mach: float,
                       thrust_n: float, mass_kg: float) -> tuple[float, float]:
    """a (east, north) for a lean and a flow angle (see the module docstring)."""
    alpha = (lean[0] - flow[0], lean[1] - flow[1])
    shape = _secant(vehicle, math.hypot(*alpha), mach)
    air = air_accel_mps2(vehicle, dynamic_pressure_pa, mach, thrust_n, mass_kg) * shape
    thrust = thrust_accel_mps2(thrust_n, mass_kg)
    drag = drag_accel_mps2(vehicle, dynamic_pressure_pa, mach, mass_kg)
    return (thrust * lean[0] - air * alpha[0] + drag * flow[0],
            thrust * lean[1] - air * alpha[1] + drag * flow[1])


def _secant(vehicle: VehicleModel, alpha_rad: float, mach: float) -> float:
    """F(|alpha|) / |alpha|: 1 while C_N is linear, more beyond."""
    if alpha_rad <= LINEAR_ALPHA_RAD:
        return 1.0
    return normal_force_shape(vehicle, alpha_rad, mach) / alpha_rad


SECANT_TABLE_DEG = np.arange(0.0, 81.0, 2.0)  # where the secant is tabulated


@dataclass(slots=True)
class LeanLinearisation:
    """The planner's g(t), b(t), d(t) (module docstring), first about today's angle of
    attack, then (``relinearise``) along the path the last plan predicts.

    The Mach number, the mass and the wind are held over the horizon, so the tables are
    read once (per pascal of dynamic pressure, and the secant per angle of attack); the
    profile gives the thrust and the sink rate through the air t seconds ahead, and may
    give the air's density then over today's (held if it does not). The airspeed is the
    sink rate and the horizontal air-relative velocity together (``air_mps``: today's, or
    at each step the wind less the planned velocity), so a stage that sinks slowly at the
    deck in a wind still meets the air there, side-on."""

    profile: Callable[[float], tuple]  # t -> (T N, sink through the air m/s[, density
    # over today's])
    mass_kg: float
    area_m2: float
    density_kg_m3: float
    wind_mps: tuple[float, float]
    air_mps: tuple[float, float]  # the horizontal air-relative velocity now (wind - v)
    slope: float  # s, the normal force's secant, today
    drag_per_pa: float  # D / q
    lift_per_pa: float  # A / q unpowered
    secants: np.ndarray  # s at SECANT_TABLE_DEG

    @classmethod
    def about(cls, vehicle: VehicleModel, profile, mass_kg: float, mach: float,
              density_kg_m3: float, lean: tuple[float, float],
              wind_mps: tuple[float, float], air_mps: tuple[float, float],
              sink_mps: float) -> LeanLinearisation:
        """About today: the lean, the wind and the air-relative velocity (horizontal, and
        the sink rate through the air) now."""
        speed = max(math.sqrt(air_mps[0] ** 2 + air_mps[1] ** 2 + sink_mps * sink_mps), 1.0)
        alpha = math.hypot(lean[0] - air_mps[0] / speed, lean[1] - air_mps[1] / speed)
        secants = np.array([_secant(vehicle, math.radians(a), mach) for a in SECANT_TABLE_DEG])
        return cls(profile, mass_kg, vehicle.reference_area_m2, density_kg_m3, wind_mps,
                   air_mps, _secant(vehicle, alpha, mach),
                   drag_accel_mps2(vehicle, 1.0, mach, mass_kg),
                   vehicle.lateral_stiffness_n(1.0, mach) / mass_kg, secants)

    def _air(self, t: float, air_mps: tuple[float, float]) -> tuple[float, float, float,
                                                                       float]:
        """((T / m) r0, A, D, V) t seconds ahead, for a horizontal air-relative velocity:
        ``air_accel_mps2`` and ``drag_accel_mps2`` at the held Mach number."""
        thrust, sink, *denser = self.profile(t)
        speed_sq = sink * sink + air_mps[0] * air_mps[0] + air_mps[1] * air_mps[1]
        q = 0.5 * self.density_kg_m3 * (denser[0] if denser else 1.0) * speed_sq
        m = self.mass_kg
        if thrust <= 0.0:
            air = self.lift_per_pa * q
        else:
            x = q * self.area_m2 / thrust
            air = thrust / m * AIR_SLOPE_PER_X * x / (1.0 + AIR_RELIEF_PER_X * x)
        return (thrust_accel_mps2(thrust, m), air, self.drag_per_pa * q,
                max(math.sqrt(speed_sq), 1.0))

    def _coefficients(self, t: float, air_mps: tuple[float, float],
                      lean=None) -> tuple[float, float]:
        """(g, b) t seconds ahead for a horizontal air-relative velocity; the normal force's
        secant today's, or at the angle of attack of a given ``lean``."""
        along, air, drag, speed = self._air(t, air_mps)
        slope = self.slope
        if lean is not None:
            alpha = math.hypot(lean[0] - air_mps[0] / speed, lean[1] - air_mps[1] / speed)
            slope = float(np.interp(math.degrees(alpha), SECANT_TABLE_DEG, self.secants))
        return along - air * slope, (air * slope + drag) / speed

    def gain(self, t: float) -> float:
        return self._coefficients(t, self.air_mps)[0]

    def damping(self, t: float) -> float:
        return self._coefficients(t, self.air_mps)[1]

    def push(self, t: float) -> tuple[float, float]:
        b = self.damping(t)
        return (b * self.wind_mps[0], b * self.wind_mps[1])

    def relinearise(self, dt_s: float, lean: np.ndarray, velocity: np.ndarray):
        """(g_k, b_k, d_k) per step along a predicted path: ``lean`` and ``velocity`` (n x 2,
        the horizontal axis components and velocity at each step's start); the secant at
        each step's own angle of attack, the airspeed with the wind less that velocity."""
        wx, wy = self.wind_mps
        pairs = [self._coefficients(k * dt_s, (wx - velocity[k, 0], wy - velocity[k, 1]),
                                    lean[k]) for k in range(len(lean))]
        gains, damping = np.array(pairs).T
        return gains, damping, np.outer(damping, self.wind_mps)
