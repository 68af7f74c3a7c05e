"""The landing burn's last decimetres: the lowest foot's closing speed and the cut-off.

``TouchdownCut`` is a part of ``landing.LandingBurn`` (a mixin: it reads the burn's
``settings``, ``terminal``, ``vehicle`` and ``steering``, and keeps ``_foot_seen`` and
``foot_rate_mps`` on it). The terminal law steers the lowest foot, not the centre of mass
(a rolling deck and the stage's turn move a foot 9 m out by tenths of a metre a second), to
the cut whose tail-off lands it softly (``cutoff.py``); see ``landing.py``, steps 3 and 4.
Units: SI, heights above the deck plane under the foot, rates up positive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.pilots.autopilot.cutoff import cut_is_due, cut_state

if TYPE_CHECKING:
    from game.sim.observation import Observation


class TouchdownCut:
    """The foot's closing speed and the cut (see the module docstring)."""

    def _cut_due(self, obs: Observation, foot: float) -> bool:
        """In the last ``cut_window_m`` above the deck, with the engine running: whether a cut
        now meets the deck softest, the tail-off counted (``cutoff.cut_is_due``), from the
        lowest foot's own speed over the deck under it (``_track_foot``: a rolling deck moves
        it too)."""
        s, rate = self.settings, self.foot_rate_mps
        if foot > s.cut_window_m or obs.engine_state != "running" or rate is None:
            return False
        return cut_is_due(foot, rate, obs.thrust_n, obs.mass_kg,
                          self.vehicle.shutdown_time_s, s.gravity_mps2, s.cut_compare_step_s)

    def _track_foot(self, obs: Observation, feet: list[float]) -> None:
        """The lowest foot's rate of climb over the deck plane under it (m/s, up positive),
        that foot's height differenced over the last step: the stage's own rotation and the
        deck's roll and heave move it as well as the centre of mass's sink. The same foot
        at both ends (when another foot becomes the lowest, the difference of the two
        lowest heights is not a speed: a stage turning upright over a rolling deck swaps
        its lowest foot in the last decimetres, and that difference read 0.4 m/s more).
        None across the legs' deployment (the lowest point jumps from the engine bells to a
        foot) and after a gap of more than ``foot_rate_gap_s`` (a pilot who took over and
        handed back)."""
        last, self._foot_seen = self._foot_seen, (obs.time_s, feet)
        self.foot_rate_mps = None
        if (last is not None and len(last[1]) == len(feet)
                and 0.0 < obs.time_s - last[0] <= self.settings.foot_rate_gap_s):
            low = min(range(len(feet)), key=feet.__getitem__)
            self.foot_rate_mps = (feet[low] - last[1][low]) / (obs.time_s - last[0])

    def _foot_sink(self) -> float | None:
        """The lowest foot's closing speed over the deck (m/s, toward it positive) for the
        terminal law; None (the centre of mass's sink rate) while it is not measured."""
        if not self.settings.foot_sink or self.foot_rate_mps is None:
            return None
        return -self.foot_rate_mps

    def _cut_target(self, obs: Observation) -> tuple[float, float] | None:
        """(foot height, sink rate) of the cut the terminal law aims at (``cutoff.cut_state``),
        its tail-off starting from the hand-over's deceleration or the throttle floor's,
        whichever is the more; None with ``aim_at_cut`` off."""
        s = self.settings
        if not s.aim_at_cut:
            return None
        accel = max(s.flare_decel_mps2 + s.gravity_mps2, self._floor_accel_mps2(obs))
        return cut_state(self.terminal.touchdown_speed_mps, accel, self.vehicle.shutdown_time_s,
                         s.gravity_mps2)

    def _floor_accel_mps2(self, obs: Observation) -> float:
        """The thrust acceleration at the engine's throttle floor now (m/s^2)."""
        return self.vehicle.min_throttle * self.steering.full_thrust_n(obs) / obs.mass_kg
