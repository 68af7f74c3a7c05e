"""The landing burn's sideways control: the lean planner fed with what the stage will feel.

``LeanControl.lean`` asks ``lateral_mpc.LateralMpc`` for the lean (the stage axis's
horizontal components) from the measured state (``terminal.lean_state``), giving it the
measured lean model of ``lean_model`` linearised about today's angle of attack, then along
the planned path: the gain g(t) per radian of lean, the airflow's damping b(t) toward the
wind's velocity and its push d(t), over the time to go. They follow a *flight profile*,
(thrust, sink rate through the air, and where a plan says how high the stage will be, the
air's density over today's) t seconds ahead: ``slowing_profile`` while the engine runs (the
sink rate falling linearly to rest), ``start_profile`` before and during the start
(no thrust until the engine delivers, then the light-up thrust ramping up over the
spool-up; the stage sinking as now until the engine delivers, then slowing linearly to rest
at the time to go, as the running profile will say: with the sink rate held for the whole
burn, the planner saw the air steal more of the lean's push late in the burn than it would,
and at the switch to the running profile its plan could turn round, as on rough-sea flight
11, where the first command went from 8 deg one way to 8 deg the other for a second).

The attitude loop is modelled as a second-order response (``natural_freq_radps``,
``damping``): the effective response of the landing-burn attitude loop, slower than its
nominal gains (settings.py) because its torque and rate limits bind on every real lean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.pilots.autopilot.lateral_mpc import LateralMpc, MpcSettings
from game.pilots.autopilot.lean_model import LeanLinearisation
from game.pilots.autopilot.navigation import air_velocity_mps, airspeed_mps
from game.pilots.autopilot.terminal import lean_state
from game.sim.atmosphere import us1976

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

    def lean(self, obs: Observation, t_go: float, profile,
             limit_profile=None, hold_profile=None) -> tuple[float, float]:
        """The lean to command now; ``profile(t)``: (thrust N, dynamic pressure Pa, airspeed
        m/s) t seconds from now; ``limit_profile(t)``: the lean bound (tangent) then;
        ``hold_profile(t)``: the share (0 to 1) of the hold lean the bound moves toward then
        (``lateral_mpc``)."""
        east, north = lean_state(obs)
        s = self.settings
        model = self.linearisation(obs, (east[2], north[2]), profile)
        reaction = self.reaction_m(obs)
        return self.mpc.command(obs.time_s, east, north, t_go, model.gain,
                                s.natural_freq_radps, s.damping, model.push,
                                limit_profile=limit_profile, reaction_m=reaction,
                                damping_profile=model.damping,
                                relinearise=model.relinearise,
                                hold_profile=hold_profile)

    def linearisation(self, obs: Observation, lean: tuple[float, float],
                      profile) -> LeanLinearisation:
        """``lean_model`` about the angle of attack now (the lean minus the flow angle),
        ready to be re-linearised along the planned path."""
        ax, ay, az = air_velocity_mps(obs)
        return LeanLinearisation.about(self.vehicle, profile, obs.mass_kg, obs.mach,
                                       air_density_kg_m3(obs), lean, obs.wind_mps[:2],
                                       (-ax, -ay), max(-az, 0.0))

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

    def slowing_profile(self, obs: Observation, accel_up: float, t_go: float,
                        thrust_at=None, height_change_at=None):
        """The flight profile while the stage slows from its speed now to rest over ``t_go``
        (the thrust ``thrust_at(t)`` N t seconds ahead where it is known, a plan's, else the
        thrust for ``accel_up``, held; the sink rate through the air falling linearly). With
        ``height_change_at(t)`` (m, the planned height then less the height now) the profile
        also gives the air's density then over today's, from the US 1976 atmosphere: a
        return lit 3 km up meets air a third denser at the deck, which pushes it that much
        harder (the planner held today's density for the whole burn)."""
        held = obs.mass_kg * max(accel_up, 0.0)
        sink = max(-air_velocity_mps(obs)[2], 0.0)

        def profile(t: float) -> tuple[float, float]:
            thrust = thrust_at(t) if thrust_at is not None else held
            return thrust, sink * max(1.0 - t / max(t_go, 0.1), 0.0)

        if height_change_at is None:
            return profile
        height = max(obs.altitude_above_sea_m, 0.0)
        density = us1976(height).density_kgm3

        def denser(t: float) -> tuple[float, float, float]:
            then = max(height + height_change_at(t), 0.0)
            return (*profile(t), us1976(then).density_kgm3 / density)

        return denser

    def start_profile(self, obs: Observation, throttle_norm: float, delay_s: float,
                      t_go: float):
        """The flight profile of an engine that delivers after ``delay_s`` and spools up to
        the throttle, the stage sinking as it does now until then; its sink rate then falls
        linearly to rest at ``t_go``, as ``slowing_profile`` will say once the engine runs."""
        full = throttle_norm * self.steering.full_thrust_n(obs)
        spool = self.vehicle.spool_up_time_s
        sink = max(-air_velocity_mps(obs)[2], 0.0)
        span = max(t_go - delay_s, 0.5)

        def profile(t: float) -> tuple[float, float]:
            thrust = full * min(max((t - delay_s) / spool, 0.0), 1.0)
            return thrust, sink * min(max(1.0 - (t - delay_s) / span, 0.0), 1.0)

        return profile


def air_density_kg_m3(obs: Observation) -> float:
    """The air's density from the measured dynamic pressure and airspeed (the standard
    atmosphere at the stage's height when it hardly moves through the air)."""
    airspeed = airspeed_mps(obs)
    if airspeed >= 5.0:
        return 2.0 * obs.dynamic_pressure_pa / (airspeed * airspeed)
    return us1976(max(obs.position_rel_deck_m[2], 0.0)).density_kgm3
