"""The flight world: ``World.reset(level, seed)`` and ``World.step(controls)``.

``step`` advances exactly one fixed ``dt`` and runs the models in one fixed order: weather,
ship, actuators (engines, grid fins, RCS, legs), mass, forces (thrust, aerodynamics, grid fins,
RCS; gravity inside the integrator), integration, contact, faults, outcome. It knows nothing of
wall-clock time: a headless run and the game window run the same code. All randomness comes
from the one generator created by ``reset`` from the seed.

Integration is the free-flight rigid-body step until the touchdown model (game/sim/touchdown.py)
takes over just before the first contact with the deck; from then the same forces go to its
``integrate``, which solves the legs and the deck in pymunk, until the verdict.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from game.sim import earth, frames, instruments
from game.sim.aero import BodyAero
from game.sim.atmosphere import us1976
from game.sim.controls import Controls
from game.sim.failures import FaultSchedule
from game.sim.gridfins import GridFins
from game.sim.legs import LegSet
from game.sim.mass import MassModel
from game.sim.observation import Observation, Snapshot
from game.sim.outcome import Outcome, Touchdown
from game.sim.propulsion import Propulsion
from game.sim.rcs import Rcs
from game.sim.rigid_body import quat_rotate, quat_rotate_inverse
from game.sim.rigid_body import step as step_rigid
from game.sim.ship import Ship
from game.sim.touchdown import TouchdownModel
from game.sim.weather import Weather

if TYPE_CHECKING:
    from game.data.loader import Level

WIND_CEILING_M = 60_000.0  # no wind above this height
AIR_CEILING_M = 200_000.0  # aerodynamic forces are ignored above this height
MIN_DYNAMIC_PRESSURE_PA = 0.01  # below this the air's force (< 0.2 N) is ignored


class StepResult:
    """What one step produced; the observation is measured only when someone reads it."""

    __slots__ = ("_observation", "_world", "done", "outcome")

    def __init__(self, world: World, done: bool, outcome: Outcome) -> None:
        self._world = world
        self._observation: Observation | None = None
        self.done = done
        self.outcome = outcome

    @property
    def observation(self) -> Observation:
        if self._observation is None:
            self._observation = self._world.observe()
        return self._observation


class World:
    """One flight of one stage toward one ship (see the module docstring)."""

    def reset(self, level: Level, seed: int | None = None) -> Observation:
        """Start a new flight of ``level``; ``seed`` overrides the level's own seed."""
        self.level = level
        spec, vehicle = level.spec, level.vehicle
        self.seed = spec.level.seed if seed is None else seed
        self.rng = np.random.default_rng(self.seed)
        self.dt_s = spec.physics.dt_s
        self._timeout_s = spec.physics.timeout_s
        self.time_s = 0.0
        self.steps = 0
        self.outcome = Outcome.FLYING
        self.reason = ""
        self.touchdown: Touchdown | None = None
        start = spec.start
        self.ship = Ship(spec.ship, spec.sea, self.rng)
        self.weather = Weather(spec.weather, self.rng)
        self.mass = MassModel(vehicle.mass, start.propellant_kg)
        self.engines = Propulsion(vehicle.engines, start.engine_starts_left)
        self.aero = BodyAero(vehicle.aero, vehicle.vehicle.reference_area_m2)
        fin_radius_m = 0.5 * vehicle.vehicle.diameter_m + 0.6
        self.fins = GridFins(vehicle.grid_fins, start.hydraulic_fluid_kg,
                             start.grid_fins == "deployed", radius_m=fin_radius_m)
        self.rcs = Rcs(vehicle.rcs, start.nitrogen_kg)
        self.legs = LegSet(vehicle.legs, start.legs == "deployed")
        self.faults = FaultSchedule.draw(list(spec.faults), self.rng)
        self.contact = TouchdownModel(self)  # draws the collets' icing from the rng
        self.limits = vehicle.limits
        self.state = instruments.initial_state(spec, self.ship)
        self.controls = Controls(engine_on=False)
        self.phase = start.phase
        self._empty_tanks = False
        self._last = _Derived()
        self._update_environment()
        return self.observe()

    # ------------------------------------------------------------------ the step
    def step(self, controls: Controls) -> StepResult:
        """Advance one fixed step with these controls."""
        if self.outcome is not Outcome.FLYING:
            return StepResult(self, True, self.outcome)
        self.controls = controls
        dt = self.dt_s
        env = self._last
        com = self.mass.com_station_m
        thrust = self.engines.update(
            controls.engine_on, controls.engine_mode, controls.throttle_norm,
            controls.gimbal_pitch_norm, controls.gimbal_yaw_norm, dt,
            env.pressure_pa, self.mass.propellant_kg, com)
        self.fins.update(controls.fin_pitch_norm, controls.fin_yaw_norm, controls.fin_roll_norm,
                         controls.fins_deploy, dt)
        rcs = self.rcs.update(controls.rcs_pitch_norm, controls.rcs_yaw_norm,
                              controls.rcs_roll_norm, dt, com)
        self.legs.update(controls.legs_deploy, dt)
        fx, fy, fz = thrust[0] + rcs[0], thrust[1] + rcs[1], thrust[2] + rcs[2]
        tx, ty, tz = thrust[3] + rcs[3], thrust[4] + rcs[4], thrust[5] + rcs[5]
        if env.dynamic_pressure_pa > MIN_DYNAMIC_PRESSURE_PA:
            body = self.aero.forces(*env.air_velocity_body, env.density, env.sound_speed, com)
            fin = self.fins.forces(*env.air_velocity_body, env.density, env.sound_speed, com)
            fx += body[0] + fin[0]
            fy += body[1] + fin[1]
            fz += body[2] + fin[2]
            tx += body[3] + fin[3]
            ty += body[4] + fin[4]
            tz += body[5] + fin[5]
        env.axial_accel_mps2 = fx / self.mass.mass_kg
        force_world = quat_rotate(self.state[6:10], fx, fy, fz)
        if self.contact.active:  # touching the deck: the touchdown model integrates
            self.state = self.contact.integrate(force_world, (tx, ty, tz), dt)
        else:
            self.state = step_rigid(
                self.state, force_world, (tx, ty, tz), self.mass.mass_kg,
                (self.mass.inertia_roll_kgm2, self.mass.inertia_transverse_kgm2,
                 self.mass.inertia_transverse_kgm2),
                dt, earth.gravity_world_mps2)
        self._drain(thrust[6] * dt)
        self.time_s = (self.steps + 1) * dt
        self.steps += 1
        self._update_environment()
        self._apply_faults()
        self._check_outcome()
        return StepResult(self, self.outcome is not Outcome.FLYING, self.outcome)

    def _drain(self, kg: float) -> None:
        """Burn propellant; the structure stays put while the centre of mass moves in it."""
        if kg <= 0.0:
            return
        com_before = self.mass.com_station_m
        had = self.mass.propellant_kg
        self.mass.drain(kg)
        shift = self.mass.com_station_m - com_before
        if shift != 0.0:
            dx, dy, dz = quat_rotate(self.state[6:10], shift, 0.0, 0.0)
            s = self.state
            self.state = (s[0] + dx, s[1] + dy, s[2] + dz, *s[3:])
        if had > 0.0 and self.mass.propellant_kg <= 0.0:
            self._empty_tanks = True

    def _update_environment(self) -> None:
        """Atmosphere, wind and air-relative velocity at the current state."""
        s = self.state
        env = self._last
        env.altitude_m = earth.altitude_m(s[0], s[1], s[2])
        atm = us1976(env.altitude_m)
        env.pressure_pa = atm.pressure_pa
        env.density = atm.density_kgm3
        env.sound_speed = atm.speed_of_sound_mps
        if env.altitude_m < WIND_CEILING_M:
            env.wind = self.weather.wind_world_mps(self.time_s, env.altitude_m)
        else:
            env.wind = (0.0, 0.0, 0.0)
        air = (s[3] - env.wind[0], s[4] - env.wind[1], s[5] - env.wind[2])
        env.airspeed_mps = math.sqrt(air[0] ** 2 + air[1] ** 2 + air[2] ** 2)
        env.air_velocity_body = quat_rotate_inverse(s[6:10], *air)
        if env.altitude_m < AIR_CEILING_M:
            env.dynamic_pressure_pa = 0.5 * env.density * env.airspeed_mps**2
        else:
            env.dynamic_pressure_pa = 0.0

    def _apply_faults(self) -> None:
        for fault in self.faults.due(self.time_s, self._last.altitude_m):
            if fault.kind == "grid_fin_hydraulics":
                fraction = fault.hydraulic_fluid_fraction or 0.0
                self.fins.set_fluid_kg(self.fins.fluid_kg * fraction)
            elif fault.kind == "throttle_valve_lag" and fault.throttle_lag_s is not None:
                self.engines.set_valve_time_constant(fault.throttle_lag_s)
            elif fault.kind == "engine_start":
                self.engines.fail_engine_start()

    def _check_outcome(self) -> None:
        env, limits = self._last, self.limits
        heat_flux = 1.7415e-4 * math.sqrt(env.density / limits.heating_nose_radius_m) * (
            env.airspeed_mps**3)
        env.heat_flux_w_m2 = heat_flux
        if env.dynamic_pressure_pa > limits.max_dynamic_pressure_pa:
            self._end(Outcome.BROKE_UP, f"dynamic pressure {env.dynamic_pressure_pa / 1e3:.0f} kPa")
        elif heat_flux > limits.max_heat_flux_w_m2:
            self._end(Outcome.BROKE_UP, f"heat flux {heat_flux / 1e3:.0f} kW/m2")
        elif abs(env.axial_accel_mps2) > limits.max_axial_load_g * earth.G0_MPS2:
            self._end(Outcome.BROKE_UP, f"axial load {abs(env.axial_accel_mps2) / 9.81:.1f} g")
        if self.outcome is Outcome.FLYING:
            self.contact.check()
        if self.outcome is Outcome.FLYING and self._empty_tanks:
            self._end(Outcome.OUT_OF_PROPELLANT, "propellant exhausted in flight")
        if self.outcome is Outcome.FLYING and self.time_s >= self._timeout_s:
            self._end(Outcome.TIMEOUT, f"still flying after {self.time_s:.0f} s")

    def _end(self, outcome: Outcome, reason: str) -> None:
        self.outcome = outcome
        self.reason = reason

    # ------------------------------------------------------------------ reading
    def observe(self) -> Observation:
        return instruments.observe(self)

    def snapshot(self) -> Snapshot:
        return instruments.snapshot(self)

    def telemetry(self) -> dict[str, float | str]:
        return instruments.telemetry(self)

    def state_hash(self) -> str:
        return instruments.state_hash(self)

    @property
    def land_pad(self) -> bool:
        return self.level.spec.ship.kind == "land_pad"

    def local_quat(self):
        s = self.state
        return frames.local_from_world(s[0], s[1], s[2])


class _Derived:
    """Environment values computed once per step and shared by the models and instruments."""

    __slots__ = (
        "air_velocity_body", "airspeed_mps", "altitude_m", "axial_accel_mps2", "density",
        "dynamic_pressure_pa", "heat_flux_w_m2", "pressure_pa", "sound_speed", "wind",
    )

    def __init__(self) -> None:
        self.altitude_m = 0.0
        self.pressure_pa = 101325.0
        self.density = 1.225
        self.sound_speed = 340.0
        self.wind = (0.0, 0.0, 0.0)
        self.airspeed_mps = 0.0
        self.air_velocity_body = (0.0, 0.0, 0.0)
        self.dynamic_pressure_pa = 0.0
        self.axial_accel_mps2 = 0.0
        self.heat_flux_w_m2 = 0.0
