"""The landing burn's sideways control: the lean planner fed with what the stage will feel.

``LeanControl.lean`` asks ``lateral_mpc.LateralMpc`` for the lean (the stage axis's
horizontal components) from the measured state (``terminal.lean_state``), giving it:

- the *gain* g(t), sideways acceleration per radian of lean over the time to go
  (``VehicleModel.lateral_gain``): ``slowing_profile`` while the engine runs (the dynamic
  pressure falling with the square of the speed as the stage slows to rest), ``start_profile``
  before and during the start (nothing until the engine delivers, then the light-up thrust
  ramping up over the spool-up);
- the *push* d(t) of the airflow on an upright stage (``push_profile``): a stage moving
  sideways through the air, or in a crosswind, meets the flow at an angle, and the
  aerodynamic stiffness (``VehicleModel.lateral_stiffness_n``) pushes it toward leaning with
  the flow.

The attitude loop is modelled as a second-order response (``natural_freq_radps``,
``damping``): the effective response of the landing-burn attitude loop, slower than its
nominal gains (settings.py) because its torque and rate limits bind on every real lean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.pilots.autopilot.lateral_mpc import LateralMpc, MpcSettings
from game.pilots.autopilot.terminal import lean_state

if TYPE_CHECKING:
    from game.pilots.autopilot.landing_steer import Steering
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.observation import Observation


@dataclass(slots=True)
class LeanSettings:
    natural_freq_radps: float = 1.3  # the attitude loop, as the lean planner models it
    damping: float = 1.0
    reaction_share: float = 1.0  # of the gimbal's sideways reaction the planner counts on
    mpc: MpcSettings = field(default_factory=MpcSettings)


class LeanControl:
    """The landing burn's lean (see the module docstring)."""

    def __init__(self, vehicle: VehicleModel, steering: Steering,
                 settings: LeanSettings | None = None) -> None:
        self.vehicle = vehicle
        self.steering = steering
        self.settings = settings or LeanSettings()
        self.mpc = LateralMpc(self.settings.mpc)

    def lean(self, obs: Observation, t_go: float, gain_profile,
             limit_profile=None) -> tuple[float, float]:
        """The lean to command now; ``limit_profile(t)``: the lean bound (tangent) then."""
        east, north = lean_state(obs)
        s = self.settings
        return self.mpc.command(obs.time_s, east, north, t_go, gain_profile,
                                s.natural_freq_radps, s.damping, self.push_profile(obs, t_go),
                                limit_profile=limit_profile,
                                reaction_m=self.reaction_m(obs))

    def reaction_m(self, obs: Observation) -> float:
        """c = I / (m l): the engine turns the stage by pushing its tail sideways, so an
        angular acceleration omega' of the lean costs the centre of mass a sideways
        acceleration c omega' the other way (the gimbal's torque arm l, the transverse
        inertia I; zero while the engine is off)."""
        if obs.thrust_n <= 0.0:
            return 0.0
        prop = obs.propellant_kg
        v = self.vehicle
        return (self.settings.reaction_share * v.inertia_transverse_kgm2(prop)
                / (obs.mass_kg * v.gimbal_arm_m(prop)))

    def push_profile(self, obs: Observation, t_go: float):
        """d(t): the airflow's sideways push on an upright stage (m/s^2), east and north."""
        vx, vy, vz = obs.velocity_rel_deck_mps
        w = obs.wind_mps
        ax, ay, az = vx - w[0], vy - w[1], vz - w[2]
        n = math.sqrt(ax * ax + ay * ay + az * az)
        if n < 1.0:
            return None
        flow = (-ax / n, -ay / n)
        q0, mach, m = obs.dynamic_pressure_pa, obs.mach, obs.mass_kg
        thrust = max(obs.thrust_n, 0.0)
        vehicle = self.vehicle

        def push(t: float) -> tuple[float, float]:
            f = max(1.0 - t / max(t_go, 0.1), 0.0)
            k = vehicle.lateral_stiffness_n(q0 * f * f, mach * f, thrust) / m
            return (k * flow[0], k * flow[1])

        return push

    def slowing_profile(self, obs: Observation, accel_up: float, t_go: float):
        """g(t) while the stage slows from its speed now to rest over ``t_go``."""
        thrust = obs.mass_kg * max(accel_up, 0.0)
        q0, mach, m = obs.dynamic_pressure_pa, obs.mach, obs.mass_kg
        vehicle = self.vehicle

        def gain(t: float) -> float:
            f = max(1.0 - t / max(t_go, 0.1), 0.0)
            return vehicle.lateral_gain(q0 * f * f, mach * f, thrust, m)

        return gain

    def start_profile(self, obs: Observation, throttle_norm: float, delay_s: float):
        """g(t) for an engine that delivers after ``delay_s`` and spools up to the throttle."""
        v = self.vehicle
        full = throttle_norm * self.steering.full_thrust_n(obs)
        spool = v.spool_up_time_s
        q, mach, m = obs.dynamic_pressure_pa, obs.mach, obs.mass_kg
        return lambda t: v.lateral_gain(q, mach, full * min(max((t - delay_s) / spool, 0.0), 1.0),
                                        m)
