"""A short drop's light-up at the throttle floor and its flare (light_up.py, terminal.py)."""

from __future__ import annotations

import math

import pytest

from game.data.loader import load_level
from game.pilots.autopilot import Autopilot
from game.pilots.autopilot.light_up import short_drop_throttle
from game.pilots.autopilot.terminal import TerminalSettings, vertical_accel
from game.pilots.autopilot.vehicle import VehicleModel
from game.sim.world import World


def test_only_a_short_burn_lights_at_the_floor_plus_the_reserve():
    vehicle = VehicleModel(load_level("practice_touchdown").vehicle)
    assert short_drop_throttle(vehicle, 180.0, 400.0, 0.03) == pytest.approx(
        vehicle.min_throttle + 0.03)
    assert short_drop_throttle(vehicle, 2100.0, 400.0, 0.03) is None


@pytest.mark.parametrize(("name", "short"), [("practice_touchdown", True),
                                             ("practice_landing_burn", False)])
def test_a_drop_lights_for_the_floor_and_a_return_for_the_planners_band(name, short):
    """The light-up decision from each level's first observation: the 300 m drop lights for
    the floor plus the reserve (0.60 on the FT), and higher up than at the band's 0.66; the
    return from 2 km keeps the band's throttle and its light-up height."""
    level = load_level(name)
    burn = Autopilot(level).ctx.landing
    obs = World().reset(level)
    burn.ignition_due(obs)
    band = burn.ignition_throttle
    if short:
        assert burn.light_up_throttle == pytest.approx(burn.vehicle.min_throttle + 0.03)
        assert burn.light_up_throttle < band - 0.05
    else:
        assert burn.light_up_throttle == band
    height = burn.ignition_height_m
    burn.settings.short_burn_m = 0.0  # every burn a return
    burn._next_ignition_check_s = -math.inf
    burn.ignition_due(obs)
    assert burn.light_up_throttle == band
    assert (height > burn.ignition_height_m + 5.0) if short else height == burn.ignition_height_m


@pytest.mark.parametrize(("name", "short"), [("practice_touchdown", True),
                                             ("practice_landing_burn", False)])
def test_a_return_hands_over_at_its_own_deceleration_and_a_drop_at_the_flares(name, short):
    """A return's plan ends at the sink rate that ``handover_decel_mps2`` (16 m/s^2) stops
    over the hand-over height, and its light-up counts on that; a short drop, which the
    terminal law flies from light-up, aims at the flare's 12 m/s^2 whatever the return's
    value."""
    level = load_level(name)
    burn = Autopilot(level).ctx.landing
    s = burn.settings
    obs = World().reset(level)
    burn.ignition_due(obs)
    assert burn.short_drop == short
    decel = s.flare_decel_mps2 if short else s.handover_decel_mps2
    assert decel == pytest.approx(12.0 if short else 16.0)
    _, v = burn.handover_state(obs.propellant_kg)
    v_td = burn.terminal.touchdown_speed_mps
    assert -v[2] == pytest.approx(math.sqrt(v_td ** 2 + 2.0 * decel * s.handover_height_m))
    height = burn.ignition_height_m
    s.handover_decel_mps2 = 12.0
    burn._next_ignition_check_s = -math.inf
    burn.ignition_due(obs)
    # a slower hand-over asks a longer burn of a return; a drop's light-up does not move
    assert (height == burn.ignition_height_m) if short else height < burn.ignition_height_m - 1.0


class _Fall:
    """The vertical state the terminal law reads (the rest of the observation unused)."""

    def __init__(self, vertical_speed_mps: float) -> None:
        self.vertical_speed_mps = vertical_speed_mps


def test_the_flare_flies_the_last_metres_at_its_deceleration_and_meets_the_deck_at_v_td():
    """A point mass that follows the law's net deceleration exactly, from 120 m up at 50 m/s
    (a short drop's start): above the flare height the constant deceleration that reaches
    the flare's entry speed there, then the flare's own 12 m/s^2, reaching the touchdown
    speed at its aim point (closed forms: v_f^2 = v_td^2 + 2 a_f (h_f + aim),
    a = (v^2 - v_f^2) / (2 (h - h_f)))."""
    settings = TerminalSettings()
    a_f, h_f, v_td = 12.0, settings.flare_height_m, settings.touchdown_speed_mps
    v_f = math.sqrt(v_td**2 + 2.0 * a_f * (h_f + settings.aim_below_deck_m))
    _, a0, t_go = vertical_accel(_Fall(-50.0), 120.0, settings, 9.81, 0.0, a_f)
    assert a0 == pytest.approx((50.0**2 - v_f**2) / (2.0 * (120.0 - h_f)))
    assert t_go == pytest.approx(2.0 * (120.0 - h_f) / (50.0 + v_f) + (v_f - v_td) / a_f)
    assert a0 < a_f - 1.0  # the drop's own deceleration is the lower one
    h, v, dt, flare_decels = 120.0, -50.0, 0.001, []
    while h > 0.0:
        _, a_up, _ = vertical_accel(_Fall(v), h, settings, 9.81, 0.0, a_f)
        if h < h_f - 0.5:
            flare_decels.append(a_up)
        h += v * dt + 0.5 * a_up * dt * dt
        v += a_up * dt
    # the law aims ``aim_below_deck_m`` under the deck, so it meets the deck a little faster
    assert -v == pytest.approx(math.sqrt(v_td**2 + 2.0 * a_f * settings.aim_below_deck_m),
                               abs=0.05)
    assert min(flare_decels) == pytest.approx(a_f, rel=0.03)
    assert max(flare_decels) == pytest.approx(a_f, rel=0.03)
    # without a flare (a return's terminal law) the same fall keeps its one deceleration
    _, a_plain, _ = vertical_accel(_Fall(-12.0), 5.0, settings, 9.81)
    assert a_plain == pytest.approx((12.0**2 - v_td**2) / (2.0 * (5.0 + settings.aim_below_deck_m)))


def test_the_farthest_night_fog_drop_is_diverted_onto_the_deck():
    """Night-fog campaign flight 15 (seed 0) starts 29 m off the deck centre, the farthest of
    its first 40. Lit at the band's 0.66, its 4.4 s burn left it 5.2 m off (outside the
    acceptance limits); lit for the floor, the 4.8 s burn must put it within them."""
    from game.campaign import fly_one

    flight = fly_one(load_level("practice_touchdown_night_fog"), 0, 15)
    assert flight.within_acceptance, (flight.reason, flight.touchdown)


@pytest.mark.parametrize(("name", "decel"), [("practice_landing_burn", 16.0),
                                             ("crs6_throttle_valve", 12.0)])
def test_only_an_engine_with_thrust_to_spare_hands_over_harder(name, decel):
    """The FT gives its empty stage 16 m/s^2 at 0.76 throttle, and hands over there; the
    v1.1 would need 0.85 (its floor is 0.70), and hands over at the flare's 12 m/s^2, flying
    the terminal law unflared as before (a flare on CRS-6's slow throttle valve met the deck
    at 5-7 m/s)."""
    level = load_level(name)
    burn = Autopilot(level).ctx.landing
    s, v = burn.settings, burn.vehicle
    needed = v.dry_mass_kg * (s.gravity_mps2 + s.handover_decel_mps2) / v.thrust_sl_n
    assert (needed <= s.handover_max_throttle_norm) == (decel == s.handover_decel_mps2)
    assert burn.return_handover_decel_mps2 == pytest.approx(decel)
    assert burn.handover_decel_mps2(short=True) == pytest.approx(s.flare_decel_mps2)
