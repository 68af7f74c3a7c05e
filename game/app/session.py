"""One flight in the window: the World, who flies it, the hand-over, warp, history and cues.

``FlightSession.step()`` is the loop's step: it asks the pilot at the controls for this
step's ``Controls`` (once), steps the World, keeps the last two snapshots for interpolation,
samples the history for the debrief and notes the one-off cues the sound and the camera
director react to (legs locked, sonic boom, engine start, the end of the flight).

Take-over and hand-back swap the pilot at any moment. The new pilot is told the last
``Controls`` (``engage``), so switches and throttle carry over; the continuous commands
(throttle, gimbal, fins, RCS) are then blended from the old pilot's last values to the new
pilot's over ``HANDOVER_S``, so the commands never jump.

Time warp is allowed in unpowered coast only: engines off and not commanded on, and dynamic
pressure under ``COAST_MAX_Q_PA`` (the same line ``flight_phase`` draws between "coast" and
"descent").
"""

from __future__ import annotations

from dataclasses import replace

from game.app.loop import WARP_LEVELS
from game.app.recorder import FlightRecorder
from game.pilots.base import blend, engage
from game.pilots.human import HumanPilot
from game.sim.controls import Controls
from game.sim.world import World

HANDOVER_S = 0.5  # continuous commands blend from the old pilot to the new over this time
COAST_MAX_Q_PA = 1000.0
EXPLOSIVE_ENDS = ("crashed", "broke_up", "splashed", "missed")


class AutopilotUnavailable(Exception):
    """The autopilot cannot be imported (not built yet, or a dependency is missing)."""


def load_autopilot_class():
    """``game.pilots.autopilot.Autopilot``, imported on first use."""
    try:
        from game.pilots.autopilot import Autopilot
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("game.pilots.autopilot"):
            raise AutopilotUnavailable("the autopilot is not built yet") from None
        raise AutopilotUnavailable(f"the autopilot needs {exc.name}, which is not "
                                   "installed") from None
    except ImportError as exc:
        if exc.name == "game.pilots.autopilot":  # the package is there, Autopilot is not yet
            raise AutopilotUnavailable("the autopilot is not built yet") from None
        raise AutopilotUnavailable(f"the autopilot cannot be loaded: {exc}") from None
    return Autopilot


class FlightSession:
    """A level being flown by a human, the autopilot, or each in turn."""

    def __init__(self, level, human: HumanPilot | None = None, pilot: str = "human",
                 seed: int | None = None, autopilot_class=None) -> None:
        self.level = level
        self.seed = seed
        self.human = human or HumanPilot()
        self._autopilot_class = autopilot_class
        self.autopilot = None
        self.start_pilot = pilot
        self.world = World()
        self.recorder = FlightRecorder()
        self.warp = 1
        self.restart()

    # ------------------------------------------------------------------ lifecycle
    def restart(self) -> None:
        """Fly the level again from its start, with the pilot it started with."""
        self.observation = self.world.reset(self.level, self.seed)
        self.dt_s = self.world.dt_s
        start = self.level.spec.start
        self.last_controls = Controls(fins_deploy=start.grid_fins == "deployed",
                                      legs_deploy=start.legs == "deployed")
        self.human.reset(self.last_controls)
        self.autopilot = None
        self.pilot = self.human
        if self.start_pilot == "autopilot":
            self.pilot = self._new_autopilot()
        self._blend_from: Controls | None = None
        self._blend_left_s = 0.0
        self.prev_snapshot = self.cur_snapshot = self.world.snapshot()
        self.recorder.clear()
        self.recorder.sample(self.observation, self.last_controls, self.flying_autopilot)
        self.cues: list[str] = []
        self.warp = 1
        self.done = False
        self._was_supersonic = self.observation.mach > 1.0
        self._legs_locked = self.observation.legs_deploy_fraction >= 1.0

    @property
    def flying_autopilot(self) -> bool:
        return self.pilot is not self.human

    # ------------------------------------------------------------------ the step
    def step(self) -> bool:
        """One simulation step; False once the flight has ended."""
        if self.done:
            return False
        controls = self.pilot.command(self.observation, self.dt_s)
        if self._blend_left_s > 0.0:
            self._blend_left_s = max(0.0, self._blend_left_s - self.dt_s)
            controls = blend(self._blend_from, controls, 1.0 - self._blend_left_s / HANDOVER_S)
        result = self.world.step(controls)
        self.last_controls = controls
        self.observation = result.observation
        self.prev_snapshot, self.cur_snapshot = self.cur_snapshot, self.world.snapshot()
        self._note_cues(controls)
        self.recorder.sample(self.observation, controls, self.flying_autopilot,
                             force=result.done)
        if result.done:
            self.done = True
            self.warp = 1
        return not result.done

    def _note_cues(self, controls: Controls) -> None:
        obs = self.observation
        if not self._legs_locked and obs.legs_deploy_fraction >= 1.0:
            self._legs_locked = True
            self.cues.append("legs_locked")
        supersonic = obs.mach > 1.0
        if self._was_supersonic and not supersonic and obs.altitude_above_sea_m < 40_000.0:
            self.cues.append("sonic_boom")
        self._was_supersonic = supersonic
        if obs.engine_state == "starting" and self.prev_snapshot.engines_lit == 0 \
                and self.cur_snapshot.engines_lit > 0:
            self.cues.append("engine_start")
        if obs.outcome != "flying":
            self.cues.append("explosion" if obs.outcome in EXPLOSIVE_ENDS else "touchdown")

    def take_cues(self) -> list[str]:
        cues, self.cues = self.cues, []
        return cues

    # ------------------------------------------------------------------ warp
    def warp_allowed(self) -> bool:
        obs = self.observation
        return (not self.done and obs.engine_state == "off" and not self.last_controls.engine_on
                and obs.dynamic_pressure_pa < COAST_MAX_Q_PA)

    def change_warp(self, direction: int) -> int:
        """Step the warp up (+1) or down (-1) through ``WARP_LEVELS``; 1 when not allowed."""
        index = WARP_LEVELS.index(self.warp) if self.warp in WARP_LEVELS else 0
        index = max(0, min(len(WARP_LEVELS) - 1, index + direction))
        self.warp = WARP_LEVELS[index] if self.warp_allowed() else 1
        return self.warp

    # ------------------------------------------------------------------ hand-over
    def _new_autopilot(self):
        cls = self._autopilot_class or load_autopilot_class()
        self._autopilot_class = cls
        if self.autopilot is None:
            self.autopilot = cls(self.level)
        return self.autopilot

    def hand_to(self, who: str) -> None:
        """Give the controls to "human" or "autopilot" (raises AutopilotUnavailable)."""
        new = self.human if who == "human" else self._new_autopilot()
        if new is self.pilot:
            return
        disengage = getattr(self.pilot, "disengage", None)
        if callable(disengage):
            disengage()
        engage(new, self.observation, self.last_controls)
        self._blend_from = replace(self.last_controls)
        self._blend_left_s = HANDOVER_S
        self.pilot = new

    def toggle_pilot(self) -> str:
        """Take over from the autopilot, or hand back to it; returns who flies now."""
        self.hand_to("human" if self.flying_autopilot else "autopilot")
        return "autopilot" if self.flying_autopilot else "human"

    # ------------------------------------------------------------------ reading
    def autopilot_status(self) -> dict:
        """The autopilot's own telemetry for the HUD (empty when it exposes none)."""
        telemetry = getattr(self.autopilot, "telemetry", None)
        if not self.flying_autopilot or not callable(telemetry):
            return {}
        try:
            return dict(telemetry())
        except Exception:  # the HUD must not take the game down with it
            return {}

    def plan_points_m(self):
        """The autopilot's planned path (world frame) while it flies, for the renderer."""
        if not self.flying_autopilot:
            return None
        plan = getattr(self.autopilot, "planned_trajectory_world_m", None)
        try:
            return plan() if callable(plan) else plan
        except Exception:  # a planner hiccup must not take the frame down
            return None

    def summary(self) -> dict:
        """The debrief's figures."""
        w = self.world
        return {
            "level": self.level.name,
            "title": self.level.spec.level.title,
            "outcome": str(w.outcome),
            "reason": w.reason,
            "touchdown": w.touchdown.as_dict() if w.touchdown else None,
            "propellant_left_kg": w.mass.propellant_kg,
            "sim_time_s": w.time_s,
            "success": self.level.spec.success,
        }
