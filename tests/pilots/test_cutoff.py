"""The landing burn's cut-off over the deck, the engine's tail-off counted (cutoff.py)."""

from __future__ import annotations

import math

import pytest

from game.campaign import variation
from game.data.loader import load_level
from game.pilots.autopilot import Autopilot
from game.pilots.autopilot.cutoff import cut_is_due, cut_state, impact_speed_mps
from game.pilots.autopilot.terminal import TerminalSettings, vertical_accel
from game.sim.world import World

G = 9.81
FLOOR_N, MASS_KG, TAIL_S = 430e3, 23.5e3, 0.5  # a near-empty FT stage at its throttle floor


def test_the_cut_waits_while_braking_longer_still_softens_the_impact():
    """Falling fast a metre up, the engine still has braking to do; sinking slowly a few
    centimetres up, it has done too much: cut now, before the tail-off lifts the stage."""
    assert not cut_is_due(1.0, -4.0, FLOOR_N, MASS_KG, TAIL_S, G, 0.02)
    assert cut_is_due(0.15, -0.8, FLOOR_N, MASS_KG, TAIL_S, G, 0.02)
    # an engine that just holds the stage (thrust = weight) sinking steadily: a cut only adds
    # a fall, so it waits for the legs
    assert not cut_is_due(0.5, -1.0, MASS_KG * G, MASS_KG, TAIL_S, G, 0.02)


def test_the_best_cut_meets_the_deck_softer_than_the_last_moment_one():
    """Along a floor-thrust approach that would stop 13 cm above the deck, the cut where
    ``cut_is_due`` first says so lands softer than one at the stop."""
    h, v, dt = 1.0, -3.84, 0.02  # 3.84^2 / (2 x 8.49 m/s^2) = 0.87 m: it stops 13 cm up
    accel = FLOOR_N / MASS_KG - G
    chosen = None
    while v < 0.0 and h > 0.0:
        if chosen is None and cut_is_due(h, v, FLOOR_N, MASS_KG, TAIL_S, G, dt):
            chosen = impact_speed_mps(h, v, FLOOR_N, MASS_KG, TAIL_S, G)
        h, v = h + v * dt + 0.5 * accel * dt * dt, v + accel * dt
    at_stop = impact_speed_mps(h, 0.0, FLOOR_N, MASS_KG, TAIL_S, G)
    assert chosen is not None and chosen < 1.0 < 2.0 < at_stop


def test_a_stage_that_would_stop_above_a_heaving_deck_is_cut_onto_it():
    """Flight 9 of a seed-0 rough-sea campaign arrives a little slow for its height over a
    deck heaving in a 2 m sea. Cut when it stopped, 13 cm up, it climbed on the tail-off and
    met the deck at 4.2 m/s; cut while the tail-off still brakes it, it meets it gently."""
    level = variation(load_level("practice_touchdown_rough_sea"), 0, 9)
    pilot, world = Autopilot(level), World()
    obs = world.reset(level)
    while world.touchdown is None and obs.time_s < 30.0:
        obs = world.step(pilot.command(obs, world.dt_s)).observation
    assert world.touchdown is not None
    assert world.touchdown.vertical_speed_mps < 2.0


@pytest.mark.parametrize("thrust_accel", [15.0, 18.3, 21.8, 25.0])
def test_the_cut_state_meets_the_deck_at_the_touchdown_speed_as_the_tail_off_balances(
        thrust_accel):
    """Closed form (module docstring's tail-off, contact at t* = ts (1 - g / A), where the
    falling thrust equals the weight): the cut's tail-off, integrated step by step, meets the
    deck at the touchdown speed, and any other cut height at that sink rate meets it harder
    (the contact at t* is the softest the tail-off gives)."""
    height, sink = cut_state(1.0, thrust_accel, TAIL_S, G)
    t_star = TAIL_S * (1.0 - G / thrust_accel)
    assert sink == pytest.approx(1.0 + thrust_accel * (t_star - t_star**2 / (2 * TAIL_S))
                                 - G * t_star)
    thrust_n = thrust_accel * MASS_KG
    assert impact_speed_mps(height, -sink, thrust_n, MASS_KG, TAIL_S, G) == pytest.approx(
        1.0, abs=0.01)
    for other in (0.5 * height, 1.5 * height):
        assert impact_speed_mps(other, -sink, thrust_n, MASS_KG, TAIL_S, G) > 1.05


def test_without_thrust_to_spare_the_cut_state_is_the_deck_itself():
    assert cut_state(1.0, G, TAIL_S, G) == (0.0, 1.0)


def test_the_terminal_law_aimed_at_the_cut_state_leaves_a_cut_that_lands_softly():
    """A point mass following the law's deceleration from 40 m at 30 m/s, with a 21.8 m/s^2
    thrust to cut from (the hand-over's 12 m/s^2 net): aimed at the cut state, the best cut
    along its approach meets the deck at the touchdown speed; aimed at the deck itself (the
    law without ``cut``) it comes down the last metre too fast for the tail-off, and no cut
    along it meets the deck under 1.4 m/s."""
    settings, accel = TerminalSettings(), 21.8
    cut = cut_state(settings.touchdown_speed_mps, accel, TAIL_S, G)

    def softest_cut(target) -> float:
        h, v, dt, best = 40.0, -30.0, 0.0005, math.inf
        while h > 0.0 and v < 0.0:
            _, a_up, _ = vertical_accel(_Fall(v), h, settings, G, 0.0, None, target)
            if h < 2.0:
                best = min(best, impact_speed_mps(h, v, accel * MASS_KG, MASS_KG, TAIL_S, G))
            h, v = h + v * dt + 0.5 * a_up * dt * dt, v + a_up * dt
        return best

    assert softest_cut(cut) == pytest.approx(settings.touchdown_speed_mps, abs=0.1)
    assert softest_cut(None) > 1.4


def test_the_law_reads_the_sink_rate_it_is_given():
    """The lowest foot's own closing speed (a rolling deck and the stage's rotation move it)
    replaces the centre of mass's sink rate where the caller measures it."""
    settings = TerminalSettings()
    _, own, _ = vertical_accel(_Fall(-5.0), 3.0, settings, G)
    _, given, _ = vertical_accel(_Fall(-5.0), 3.0, settings, G, sink_mps=4.0)
    _, same, _ = vertical_accel(_Fall(-4.0), 3.0, settings, G)
    assert given == pytest.approx(same) and given < own


def test_a_rough_sea_stage_aims_its_feet_at_the_cut_and_meets_the_rolling_deck_gently():
    """Rough-sea flight 6 (seed 0) came down on a rolling deck with its lowest foot closing
    0.7 m/s slower than its centre of mass sank; the law, reading the centre of mass, braked
    onto the floor early and the best cut met the deck at 2.2 m/s. Reading the foot and aiming
    at the cut state, it meets the deck under the 2 m/s limit."""
    from game.campaign import fly_one

    flight = fly_one(load_level("practice_touchdown_rough_sea"), 0, 6)
    assert flight.within_acceptance
    assert flight.touchdown["vertical_speed_mps"] < 1.8  # 1.5 m/s; 2.2 reading the centre


class _Fall:
    """The vertical state the terminal law reads (the rest of the observation unused)."""

    def __init__(self, vertical_speed_mps: float) -> None:
        self.vertical_speed_mps = vertical_speed_mps


def test_the_foot_rate_is_differenced_over_one_step_and_not_across_a_gap():
    """Step to step the lowest foot's rate is the difference over the step; across the
    legs' deployment (the lowest point jumps) or a gap (a pilot flew in between) it is not
    measured, and the law reads the centre of mass's sink rate instead."""
    from types import SimpleNamespace

    burn = Autopilot(load_level("practice_touchdown_rough_sea")).ctx.landing

    def seen(t: float, foot: float, legs: float = 1.0):
        feet = [foot, foot + 1.0, foot + 2.0, foot + 3.0] if legs >= 1.0 else [foot]
        burn._track_foot(SimpleNamespace(time_s=t, legs_deploy_fraction=legs), feet)
        return burn.foot_rate_mps

    assert seen(10.0, 5.0) is None  # nothing to difference yet
    assert seen(10.0 + 1.0 / 120.0, 4.98) == pytest.approx(-2.4)
    assert seen(12.0, 1.0) is None  # a gap of two seconds
    assert seen(12.0 + 1.0 / 120.0, 0.99) == pytest.approx(-1.2)
    assert seen(12.0 + 2.0 / 120.0, 20.0, legs=0.5) is None  # the legs still deploying


def test_the_foot_rate_is_one_foots_when_another_becomes_the_lowest():
    """A stage turning upright over a rolling deck swaps its lowest foot: the rate is the new
    lowest foot's own (its height now less its height a step ago), not the difference of the
    two lowest heights (crs8 flight 68 read 2.3 m/s where the foot about to touch closed at
    3.0)."""
    from types import SimpleNamespace

    burn = Autopilot(load_level("practice_touchdown_rough_sea")).ctx.landing
    step_s = 1.0 / 120.0
    obs = SimpleNamespace(time_s=20.0, legs_deploy_fraction=1.0)
    burn._track_foot(obs, [0.300, 0.302, 0.500, 0.600])
    obs.time_s += step_s  # foot 0 closes at 2.4 m/s, foot 1 at 3.6 and is now the lower
    burn._track_foot(obs, [0.300 - 2.4 * step_s, 0.302 - 3.6 * step_s, 0.49, 0.59])
    assert burn.foot_rate_mps == pytest.approx(-3.6)
