"""The autopilot: the whole return flight as a state machine of guidance phases.

``Autopilot(level)`` is a pilot like the human one: ``command(observation, dt_s) -> Controls``
reads only the ``Observation`` and what a flight computer carries (the vehicle file, the
level's ship, sea and weather forecast), never the World. Phases and their hand-offs:

    flip -> boostback -> coast -> entry_burn -> descent -> landing_burn -> landed
       \\-> coast (no boostback needed)   \\-> descent (no entry burn needed)

(``boostback.py``, ``entry.py``, ``descent.py``, ``landing_phase.py``). Take-over and hand-back:
whenever the autopilot is (re)engaged (``engage`` or the first ``command``), it decides its
phase from the observation alone (``choose_phase``), so a human can fly any part and hand back
at any moment. ``engage(observation, last_controls)`` also carries over the engine switch, the
fins and the legs, so nothing jumps.

For the HUD (a flight director for a human too): ``telemetry()`` (phase, landing-burn ignition
estimate, predicted touchdown point, target, miss) and ``planned_trajectory_m`` (the landing
plan's points in the deck frame).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.pilots.autopilot.boostback import Boostback, Flip
from game.pilots.autopilot.descent import Descent
from game.pilots.autopilot.entry import Coast, EntryBurnPhase, loads_ok
from game.pilots.autopilot.landing_phase import Landed, LandingBurnPhase
from game.pilots.autopilot.navigation import world_position_m
from game.pilots.autopilot.phase import Context, Phase
from game.pilots.autopilot.settings import AutopilotSettings
from game.sim.controls import Controls

if TYPE_CHECKING:
    from game.data.loader import Level
    from game.sim.observation import Observation

PHASES = ("flip", "boostback", "coast", "entry_burn", "descent", "landing_burn", "landed")


class Autopilot:
    """Flies a level's stage back to its ship (see the module docstring)."""

    reads_instruments = True

    def __init__(self, level: Level, settings: AutopilotSettings | None = None) -> None:
        self.level = level
        self.settings = settings or AutopilotSettings()
        self.ctx = Context(level, self.settings)
        self._phases: dict[str, Phase] = {
            p.name: p for p in (Flip(), Boostback(), Coast(), EntryBurnPhase(), Descent(),
                                LandingBurnPhase(), Landed())}
        self.phase = ""
        self.phase_log: list[tuple[float, str]] = []
        self._engaged = False
        self.last_observation: Observation | None = None
        self._fins = level.spec.start.grid_fins == "deployed"
        self._legs = level.spec.start.legs == "deployed"

    def prepare(self) -> bool:
        """Do the slow one-off work now (import the convex solver, compile the landing-burn
        problem), e.g. while a level loads, so no frame waits for it in flight. Optional:
        without it the first landing-burn plan does it. True when the convex planner is ready.
        """
        return self.ctx.landing.prepare()

    # -- take-over and hand-back -----------------------------------------------------------
    def engage(self, observation: Observation, last_controls: Controls | None = None) -> None:
        """Take the controls now: carry the switches over and pick the phase from scratch."""
        if last_controls is not None:
            self.ctx.switch.engage(last_controls.engine_on, last_controls.engine_mode,
                                   observation.time_s)
            self._fins = self._fins or last_controls.fins_deploy
            self._legs = self._legs or last_controls.legs_deploy
        self._fins = self._fins or observation.grid_fins_deploy_fraction > 0.0
        self._legs = self._legs or observation.legs_deploy_fraction > 0.0
        self.ctx.attitude.reset()
        self._switch_to(self.choose_phase(observation), observation)
        self._engaged = True

    def disengage(self) -> None:
        """Hand the controls back; the next ``command`` re-engages from the observation."""
        self._engaged = False

    def choose_phase(self, obs: Observation) -> str:
        """The phase that fits the flight's state, from the observation alone."""
        ctx = self.ctx
        if obs.outcome not in ("flying", ""):
            return "landed"
        descending = obs.vertical_speed_mps < 0.0
        lit = obs.engine_state in ("starting", "running")
        if lit and (obs.engines_lit == 1 or obs.altitude_above_sea_m < 15_000.0) and descending:
            return "landing_burn"
        if ctx.landing.lit_at_s is not None and obs.altitude_above_sea_m < 15_000.0:
            return "landing_burn"
        if lit and descending and obs.altitude_above_sea_m < 90_000.0:
            return "entry_burn"
        if lit:
            return "boostback"
        if descending and (obs.dynamic_pressure_pa > 1000.0 or obs.altitude_above_sea_m < 40e3):
            if obs.altitude_above_sea_m < 15_000.0 and ctx.landing.ignition_due(obs):
                return "landing_burn"
            return "descent"
        return self._choose_before_entry(obs)

    def _choose_before_entry(self, obs: Observation) -> str:
        """Above the air: is a boostback still worth flying, and is an entry burn due?"""
        ctx = self.ctx
        if not ctx.entry_done:
            ctx.entry_done = loads_ok(ctx, ctx.targeting.predict(obs, None))
        if ctx.boostback_done or obs.engine_starts_left < 2 + (0 if ctx.entry_done else 1):
            return "coast"
        sol = ctx.targeting.solve(obs, ctx.nominal_entry_burn(), with_jacobian=False)
        ctx.solution = sol
        if sol.miss_distance_m < self.settings.boostback_min_miss_m:
            ctx.boostback_done = True
            return "coast"
        return "flip"

    def _switch_to(self, name: str, obs: Observation) -> None:
        if name != self.phase:
            self.phase = name
            self.phase_log.append((obs.time_s, name))
            self._phases[name].enter(self.ctx, obs)

    # -- the step ------------------------------------------------------------------------
    def command(self, observation: Observation, dt_s: float) -> Controls:
        """This step's controls from this step's observation."""
        if not self._engaged:
            self.engage(observation)
        obs = self.last_observation = observation
        if not self._fins and obs.time_s >= self.settings.fins_deploy_after_s:
            self._fins = True
        controls = Controls(engine_on=False, fins_deploy=self._fins, legs_deploy=self._legs)
        for _ in range(3):  # a hand-off runs the next phase in the same step
            nxt = self._phases[self.phase].step(self.ctx, obs, controls, dt_s)
            if nxt is None or nxt == self.phase:
                break
            self._switch_to(nxt, obs)
        self._legs = self._legs or controls.legs_deploy
        controls.legs_deploy = self._legs
        controls.fins_deploy = self._fins
        return controls

    # -- what the HUD shows ------------------------------------------------------------------
    @property
    def planned_trajectory_m(self) -> list[tuple[float, float, float]]:
        """The landing plan's centre-of-mass points, deck frame (empty before ignition)."""
        return self.ctx.landing.planned_trajectory_m()

    @property
    def planned_trajectory_world_m(self) -> list[tuple[float, float, float]]:
        """The same points in the world frame (the deck at its station point)."""
        h = self.ctx.target_altitude_m
        return [world_position_m(x, y, z + h) for x, y, z in self.planned_trajectory_m]

    def predicted_touchdown_m(self) -> tuple[float, float] | None:
        landing = self.ctx.landing
        if self.phase in ("landing_burn", "landed") and landing.predicted_touchdown_m:
            return landing.predicted_touchdown_m
        sol = self.ctx.solution
        return None if sol is None else sol.miss_m

    def telemetry(self) -> dict[str, float | str]:
        """Flat dict with unit-suffixed keys for the HUD, logs and tests."""
        landing = self.ctx.landing
        touchdown = self.predicted_touchdown_m()
        est = landing.ignition
        nan = math.nan
        return {
            "autopilot/phase": self.phase,
            "autopilot/status": self.ctx.status,
            "autopilot/target-east-m": 0.0,
            "autopilot/target-north-m": 0.0,
            "autopilot/touchdown-east-m": touchdown[0] if touchdown else nan,
            "autopilot/touchdown-north-m": touchdown[1] if touchdown else nan,
            "autopilot/miss-m": math.hypot(*touchdown) if touchdown else nan,
            "autopilot/ignition-height-m": landing.ignition_height_m,
            "autopilot/ignition-in-s": landing.time_to_ignition_s,
            "autopilot/ignition-height-drag-free-m": est.altitude_m if est else nan,
            "autopilot/plans": float(landing.plans_made),
            "autopilot/plan-failures": float(landing.plan_failures),
        }
