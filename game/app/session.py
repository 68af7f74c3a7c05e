"""One flight in the window: the World, who flies it, the hand-over, warp, history and cues.

``FlightSession.step()`` is the loop's step: it asks the pilot at the controls for this
step's ``Controls`` (once), steps the World, keeps the last two snapshots for interpolation,
samples the history for the debrief and notes the one-off cues the sound and the camera
director react to (legs locked, sonic boom, engine start, the end of the flight).

Take-over and hand-back swap the pilot at any moment. The new pilot is told the last
``Controls`` (``engage``), so switches and throttle carry over; the continuous commands
(throttle, gimbal, fins, RCS) are then blended from the old pilot's last values to the new
pilot's over ``HANDOVER_S``, so the commands never jump.

The flight's autopilot lives in a ``guidance.Guidance``. With ``prepare_guidance`` (the
game) it is made and prepared as the level loads, on a background thread: its module
imported, its solver imported and its landing-burn problem compiled, which would otherwise
stall the frame of its first plan for about a second. Until that is done the session never
calls into it: if it is given the controls meanwhile (or starts with them), the flight holds,
unstepped (``guidance_pending``), and the hand-over completes on the first step after. A
restart keeps an autopilot that never flew. Without ``prepare_guidance`` it is made when
first needed, at once, and not prepared.

Time warp is allowed in unpowered coast only: engines off and not commanded on, and dynamic
pressure under ``COAST_MAX_Q_PA`` (the same line ``flight_phase`` draws between "coast" and
"descent").
"""

from __future__ import annotations

from dataclasses import replace

from game.app.guidance import Guidance
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
                 seed: int | None = None, autopilot_class=None,
                 prepare_guidance: bool = False) -> None:
        self.level = level
        self.seed = seed
        self.human = human or HumanPilot()
        self.prepare_guidance = prepare_guidance
        self._autopilot_class = autopilot_class
        if pilot == "autopilot" and autopilot_class is None:
            self._autopilot_class = load_autopilot_class()  # raises: no such flight
        self.guidance: Guidance | None = None
        self._autopilot_flew = True  # (so the first restart makes the flight's autopilot)
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
        if self.guidance is None or self._autopilot_flew:  # a fresh one for a new flight
            self.guidance = self._new_guidance() if self.prepare_guidance or \
                self.start_pilot == "autopilot" else None
        self._autopilot_flew = False
        self.pilot = self.human
        self._pending: str | None = None  # "start" or "engage": the autopilot, once ready
        self._blend_from: Controls | None = None
        self._blend_left_s = 0.0
        self.notices: list[str] = []
        if self.start_pilot == "autopilot":
            self._give_autopilot("start")
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
        """The autopilot has the controls (or will, once its guidance is ready)."""
        return self._pending is not None or self.pilot is not self.human

    @property
    def guidance_pending(self) -> bool:
        """The autopilot has the controls but its guidance is still being prepared: the
        flight holds."""
        return self._pending is not None and not self.guidance.done

    @property
    def autopilot(self):
        """The flight's autopilot once made and prepared (None before)."""
        g = self.guidance
        return g.autopilot if g is not None and g.done else None

    # ------------------------------------------------------------------ the step
    def step(self) -> bool:
        """One simulation step; False once the flight has ended. While the autopilot has
        the controls and its guidance is being prepared, nothing moves (True)."""
        if self.done:
            return False
        if self._pending is not None:
            if not self.guidance.done:
                return True
            self._complete_hand_over()
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
    def _new_guidance(self) -> Guidance:
        cls, level = self._autopilot_class, self.level

        def make():
            return (cls or load_autopilot_class())(level)
        return Guidance(make, background=self.prepare_guidance)

    def _check_autopilot(self) -> None:
        """Make the autopilot if there is none yet; raise if it cannot be had."""
        if self.guidance is None:
            self.guidance = self._new_guidance()
        if self.guidance.done and self.guidance.error:
            raise AutopilotUnavailable(self.guidance.error)

    def _give_autopilot(self, how: str) -> None:
        """Hand the controls to the autopilot now, or as soon as its guidance is ready."""
        self._check_autopilot()
        self._pending = how
        if self.guidance.done:
            self._complete_hand_over()

    def _complete_hand_over(self) -> None:
        how, self._pending = self._pending, None
        autopilot = self.guidance.autopilot
        if autopilot is None:  # it could not be made after all: the human keeps flying
            self.notices.append(f"no autopilot: {self.guidance.error}")
            return
        if how == "engage":
            engage(autopilot, self.observation, self.last_controls)
        self.pilot = autopilot
        self._autopilot_flew = True

    def hand_to(self, who: str) -> None:
        """Give the controls to "human" or "autopilot" (raises AutopilotUnavailable)."""
        if (who == "human") != self.flying_autopilot:
            return  # that pilot has them already
        if who != "human":
            self._check_autopilot()
        disengage = getattr(self.pilot, "disengage", None)
        if callable(disengage):
            disengage()
        self._blend_from = replace(self.last_controls)
        self._blend_left_s = HANDOVER_S
        if who == "human":
            self._pending = None
            engage(self.human, self.observation, self.last_controls)
            self.pilot = self.human
        else:
            self._give_autopilot("engage")

    def toggle_pilot(self) -> str:
        """Take over from the autopilot, or hand back to it; returns who flies now."""
        self.hand_to("human" if self.flying_autopilot else "autopilot")
        return "autopilot" if self.flying_autopilot else "human"

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices

    # ------------------------------------------------------------------ reading
    def autopilot_status(self) -> dict:
        """The autopilot's own telemetry for the HUD (empty when it exposes none)."""
        telemetry = getattr(self.autopilot, "telemetry", None)
        if self.pilot is self.human or not callable(telemetry):
            return {}
        try:
            return dict(telemetry())
        except Exception:  # the HUD must not take the game down with it
            return {}

    def plan_points_m(self):
        """The autopilot's planned path (world frame) while it flies, for the renderer."""
        if self.pilot is self.human:
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
