"""The landing burn's cut-off over the deck, the engine's tail-off counted (cutoff.py)."""

from __future__ import annotations

from game.campaign import variation
from game.data.loader import load_level
from game.pilots.autopilot import Autopilot
from game.pilots.autopilot.cutoff import cut_is_due, impact_speed_mps
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
