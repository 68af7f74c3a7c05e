"""When the landing burn lights, and for which throttle: the planner's band, or the floor for a
short drop.

The light-up decision (``LightUpDecision.ignition_due``, a part of ``landing.LandingBurn``)
lights the engine where a vertical burn at a chosen throttle stops the stage at the handover
point (``ignition.stopping_distance_m``).
Which throttle depends on who flies the burn:

- a *return* (a stage falling at 200 to 320 m/s, lit one to four kilometres up) is flown by
  the convex plan, which leans within its own band: it lights at ``ignition_throttle``, a share
  of the planner's throttle band (0.66 on the Falcon 9 FT), so that the plan can push or ease
  off from there;
- a *short drop* (a practice level: 35 m/s at 300 m, the switch thrown 240 m up at 47 m/s, a
  burn of 4 to 5 s) is flown by the terminal law from light-up, since the plan would end within
  its ``handover_time_s``. There the sideways divert is what runs short: the lean changes at a
  few degrees per second (the attitude loop's braking-limited slew, ``attitude.py``), so the
  distance a burn can move the stage sideways and stop it again grows with about the cube of
  the burn's time. A short drop lights for the throttle floor plus ``short_burn_reserve_norm``
  (0.60 on the FT): the switch is thrown 10 m higher and the burn lasts about 10 % longer
  (night-fog flight 15, 29 m off: 4.77 s, was 4.36; 2 % more propellant), a third more divert.
  Flown that close to the floor, the terminal law would have little throttle left to follow
  a deck that heaves away in the last metre (it asks for less than the floor, the stage stops
  above the deck and the best cut meets it at 2.3-2.8 m/s on a 2 m sea), so a short drop's
  last ``flare_height_m`` are flown at the terminal's design deceleration
  (``terminal.vertical_accel``'s flare: ``flare_decel_mps2``, 12 m/s^2, 0.66 throttle; its
  light-up aims at the hand-over point at that deceleration's speed, not a return's).

A burn is short when its stopping distance at ``ignition_throttle`` (switch to handover, the
start-up's fall included, from the state now) is under ``short_burn_m``: under 200 m on the
practice drops, over 2 km on a return, whose light-up is unchanged. Measured (200 flights
each, seed 0), against lighting at 0.66: practice_touchdown 99.5 % within the acceptance
limits, was 98 %; practice_touchdown_night_fog (offsets of 20 +- 5 m) 78.5 %, was 72 % (of
the 179 flights whose collets did not ice, 87.7 %, was 80.4 %); practice_touchdown_rough_sea
27.5 %, was 25.5 %, the touchdown speed's 95th percentile 2.46 m/s, was 2.55 (without the
flare, 40 flights: 2.5, was 2.0). Units: SI, throttles as a fraction of rated thrust.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.pilots.autopilot.ignition import coast_to_ignition_s, stopping_distance_m
from game.pilots.autopilot.landing_replan import guidance_module

if TYPE_CHECKING:
    from game.pilots.autopilot.vehicle import VehicleModel
    from game.sim.observation import Observation


def short_drop_throttle(vehicle: VehicleModel, stopping_m: float, short_burn_m: float,
                        reserve_norm: float) -> float | None:
    """The light-up throttle of a short drop (the floor plus ``reserve_norm``), or None when
    the burn's stopping distance at the band's throttle, ``stopping_m``, is not short."""
    if stopping_m >= short_burn_m:
        return None
    return min(vehicle.min_throttle + reserve_norm, vehicle.max_throttle)


class LightUpDecision:
    """When to throw the landing burn's switch, and for which throttle (a part of
    ``landing.LandingBurn``, a mixin: it reads the burn's ``settings``, ``vehicle`` and
    ``ignition_throttle``, asks ``_ensure_planner`` and ``handover_state``, and keeps
    ``ignition``, ``light_up_throttle``, ``ignition_height_m``, ``time_to_ignition_s`` and
    ``_next_ignition_check_s`` on it)."""

    def ignition_due(self, obs: Observation) -> bool:
        """Whether to throw the engine switch now (``landing.py``'s docstring, step 1)."""
        if obs.vertical_speed_mps >= 0.0:
            return False
        s = self.settings
        target_r, _ = self.handover_state(obs.propellant_kg)
        height = obs.altitude_above_deck_m - target_r[2]
        sink = -obs.vertical_speed_mps
        if obs.time_s >= self._next_ignition_check_s:
            self._ensure_planner()
            lv = self._landing_vehicle  # its margin is of the planner's range, not throttle 1
            margin = min(max(self.ignition_throttle * lv.throttle_scale_n / lv.max_thrust_n,
                             lv.min_thrust_n / lv.max_thrust_n), 1.0)
            self.ignition = guidance_module().ignition_estimate(
                lv, height, obs.vertical_speed_mps, obs.horizontal_speed_mps,
                obs.mass_kg, gravity_mps2=s.gravity_mps2, margin=margin)
            fins = obs.grid_fins_deploy_fraction > 0.5

            def stopping_m(throttle: float, end_sink_mps: float) -> float:
                return stopping_distance_m(
                    self.vehicle, obs.altitude_above_sea_m, sink, obs.mass_kg, end_sink_mps,
                    throttle, fins_deployed=fins, gravity_mps2=s.gravity_mps2)

            def end_sink_mps(short_drop: bool) -> float:
                return -self.handover_state(obs.propellant_kg, short_drop)[1][2]

            throttle, end_sink = self.ignition_throttle, end_sink_mps(False)
            stop = stopping_m(throttle, end_sink)
            short = short_drop_throttle(self.vehicle, stop, s.short_burn_m,
                                        s.short_burn_reserve_norm)
            if short is not None:
                throttle, end_sink = short, end_sink_mps(True)
                stop = stopping_m(short, end_sink)
            self.light_up_throttle = throttle
            self.ignition_height_m = stop + target_r[2]
            tti = coast_to_ignition_s(
                self.vehicle, obs.altitude_above_sea_m, height, sink, obs.mass_kg, end_sink,
                throttle, fins_deployed=fins, gravity_mps2=s.gravity_mps2, stopping_now_m=stop)
            self.time_to_ignition_s = tti
            self._next_ignition_check_s = obs.time_s + (0.0 if tti < 1.0 else min(0.25 * tti, 1.0))
        return obs.altitude_above_deck_m <= self.ignition_height_m
