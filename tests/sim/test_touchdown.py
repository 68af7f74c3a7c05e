"""Touchdown in the World: hand-over, the tipping plane, the verdicts, the summary.

The helpers here (``touchdown_level``, ``stand``, ``rock``, ``feet_heights``, ``fly_for``) are
shared by the other touchdown and contact tests.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.sim.controls import Controls
from game.sim.flight import fly
from game.sim.mass import MassModel
from game.sim.outcome import Outcome
from game.sim.rigid_body import quat_multiply, quat_rotate, quat_rotate_inverse
from game.sim.world import World

UPRIGHT = (math.sqrt(0.5), 0.0, -math.sqrt(0.5), 0.0)  # body +x up: legs 1..4 N, W, S, E
LEG_AZIMUTH_DEG = (90.0, 180.0, 270.0, 0.0)  # from world +x anticlockwise, when UPRIGHT


def touchdown_level(make_level, **overrides):
    """A level that starts near a calm deck with the legs down (overrides merge in)."""
    base = {
        "start": {"phase": "touchdown", "altitude_m": 25.0, "vertical_speed_mps": -1.0,
                  "horizontal_speed_mps": 0.0, "horizontal_offset_m": 0.0,
                  "legs": "deployed", "propellant_kg": 500.0},
        "ship": {"station_keeping_m": 0.0},
        "success": {"settle_time_s": 5.0},
        "physics": {"timeout_s": 120.0},
    }
    for key, value in overrides.items():
        base[key] = {**base.get(key, {}), **value} if isinstance(value, dict) else value
    return make_level(base)


def stand(world: World, gap_m: float = 0.02, sink_mps: float = 0.5,
          drift_mps: tuple[float, float] = (0.0, 0.0), offset_m: tuple[float, float] = (0.0, 0.0),
          on_deck_normal: bool = False) -> None:
    """Pose the stage with its feet ``gap_m`` above the deck at ``offset_m`` (east, north) from
    its centre, sinking toward it and drifting, upright (or along the deck's normal, moving
    with the deck)."""
    t = world.time_s
    centre, deck_q = world.ship.pose_at(t)
    x, y = centre[0] + offset_m[0], centre[1] + offset_m[1]
    surface = world.ship.surface_at(t, (x, y, 0.0))
    n = surface.normal if on_deck_normal else (0.0, 0.0, 1.0)
    reach = world.mass.com_station_m - world.legs.geometry.deployed_station_m + gap_m
    if not on_deck_normal:  # clear the deck's slope under the outer feet
        reach += world.legs.geometry.foot_radius_m * math.hypot(*surface.normal[0:2])
    r = [reach * c for c in n]
    v, w = (surface.velocity_mps, surface.angular_velocity_radps) if on_deck_normal else (
        (0.0, 0.0, 0.0), (0.0, 0.0, 0.0))
    carried = [v[0] + w[1] * r[2] - w[2] * r[1], v[1] + w[2] * r[0] - w[0] * r[2],
               v[2] + w[0] * r[1] - w[1] * r[0]]
    q = quat_multiply(deck_q, UPRIGHT) if on_deck_normal else UPRIGHT
    world.state = (
        x + r[0], y + r[1], surface.height_m + r[2],
        carried[0] + drift_mps[0] - sink_mps * n[0], carried[1] + drift_mps[1] - sink_mps * n[1],
        carried[2] - sink_mps * n[2],
        *q, *quat_rotate_inverse(q, *w))


def rock(ship, roll_deg: float = 3.0, pitch_deg: float = 0.0, heave_m: float = 0.0,
         period_s: float = 7.5, pitch_lag_rad: float = 0.0) -> None:
    """Make the ship's deck roll, pitch and heave as pure sinusoids of one period (through the
    ship model's own response coefficients: one wave, known amplitudes)."""
    omega = 2.0 * math.pi / period_s
    amplitude = np.array([0.0, 0.0, heave_m, math.radians(roll_deg),
                          math.radians(pitch_deg) * np.exp(1j * pitch_lag_rad)],
                         dtype=complex).reshape(5, 1)
    ship._jw = np.array([1j * omega])
    ship._coef = np.vstack((amplitude, 1j * omega * amplitude))
    ship._t_cached = math.nan


def feet_heights(world: World) -> list[float]:
    """Height of each foot's sole above the deck plane (m)."""
    s, com = world.state, world.mass.com_station_m
    out = []
    for station, y, z in world.legs.foot_points_body():
        d = quat_rotate(s[6:10], station - com, y, z)
        out.append(world.ship.deck_local(world.time_s, (s[0] + d[0], s[1] + d[1],
                                                        s[2] + d[2]))[2])
    return out


def fly_for(world: World, seconds: float, controls: Controls | None = None) -> bool:
    """Step until ``seconds`` of sim time or the end; True if the flight ended."""
    controls = controls or Controls()
    end = world.time_s + seconds
    while world.time_s < end - 1e-9:
        if world.step(controls).done:
            return True
    return False


def lean_azimuth_deg(world: World) -> float:
    ax, ay, _ = quat_rotate(world.state[6:10], 1.0, 0.0, 0.0)
    return math.degrees(math.atan2(ay, ax))


def _angle_deg(a: float, b: float) -> float:
    return abs(math.remainder(a - b, 360.0))


# ---- the hand-over ------------------------------------------------------------------------
def test_the_touchdown_model_takes_over_just_before_contact_and_not_in_free_flight(make_level):
    world = World()
    world.reset(touchdown_level(make_level, start={"altitude_m": 60.0}))
    while not world.contact.active:
        assert world.touchdown is None
        world.step(Controls())
    lowest_gap = min(feet_heights(world))
    assert 0.0 < lowest_gap < 1.5  # a step or two above the deck, never after it
    assert world.touchdown is None
    fly_for(world, 0.5)
    assert world.touchdown is not None and world.touchdown.first_contact.startswith("leg")


def test_first_contact_figures_match_the_free_fall_closed_form(make_level):
    world = World()
    world.reset(touchdown_level(make_level, start={"altitude_m": 22.0,
                                                   "vertical_speed_mps": -2.0}))
    fly_for(world, 3.0)
    td = world.touchdown
    mass = MassModel(world.level.vehicle.mass, 500.0)
    fall_m = 22.0 - (mass.com_station_m - world.legs.geometry.deployed_station_m)
    g = 9.8203  # mu / R^2 at the ship
    assert td.vertical_speed_mps == pytest.approx(math.sqrt(4.0 + 2.0 * g * fall_m), abs=0.02)
    assert td.lateral_speed_mps < 1e-6 and td.tilt_deg < 1e-6
    assert td.distance_from_center_m < 1e-6 and td.on_deck and td.legs_deployed


def test_a_soft_landing_is_judged_only_after_the_settle_time(make_level):
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 6.0}))
    stand(world, sink_mps=1.0)
    fly_for(world, 30.0)
    assert world.outcome == Outcome.LANDED
    waited = world.time_s - world.touchdown.time_s
    assert 6.0 - world.dt_s <= waited < 8.0  # still for 6 s, once the impact has died out
    assert world.touchdown.leg_states == ("locked",) * 4
    assert world.touchdown.first_failed_leg is None
    assert world.contact.fire_state == "none"


def test_standing_on_a_deck_rolling_2_degrees_every_6_s_is_a_landing(make_level):
    """On its leg springs the stage's top sways with such a deck (its centre of mass about
    0.12 m/s relative to the deck, at 18.6 m), but its feet stay put: it stands, and is judged
    landed once the settle time has passed."""
    world = World()
    world.reset(touchdown_level(make_level, success={"settle_time_s": 5.0}))
    rock(world.ship, roll_deg=2.0, heave_m=0.0, period_s=6.0)
    stand(world, sink_mps=0.3, on_deck_normal=True)
    fly_for(world, 30.0)
    assert world.outcome == Outcome.LANDED
    assert world.time_s - world.touchdown.time_s < 5.0 + 6.0


def test_a_hard_landing_bottoms_the_crush_cores(make_level):
    world = World()
    world.reset(touchdown_level(make_level))
    stand(world, sink_mps=7.5)  # the cores take about 7 m/s (assets/vehicles/falcon9_ft.toml)
    fly_for(world, 30.0)
    assert world.outcome == Outcome.LANDED_HARD
    stroke = world.level.vehicle.legs.crush_stroke_m
    assert all(c == pytest.approx(stroke) for c in world.touchdown.crush_stroke_used_m)
    assert world.touchdown.first_failure == "crush core bottomed"


@pytest.mark.parametrize("sink_mps, expected", [(2.0, Outcome.LANDED), (5.0, Outcome.LANDED),
                                                (8.0, Outcome.CRASHED)])
def test_the_crush_cores_take_about_5_mps(make_level, sink_mps, expected):
    world = World()
    world.reset(touchdown_level(make_level))
    stand(world, sink_mps=sink_mps)
    fly_for(world, 30.0)
    assert world.outcome == expected
    used = max(world.touchdown.crush_stroke_used_m)
    if expected == Outcome.LANDED:
        assert used < 0.5 * world.level.vehicle.legs.crush_stroke_m  # most of it left
    else:
        assert world.contact.fire_state == "explosion"
        assert world.snapshot().fire_state == "explosion"
        assert world.snapshot().fire_start_s == world.time_s


def test_even_on_a_calm_deck_an_unlatched_leg_folds_under_its_share_and_tips_the_stage(
        make_level):
    world = World()  # a square touchdown: the leg takes a quarter of the weight, the pusher
    world.reset(touchdown_level(make_level, faults=[{"kind": "collet_latch", "leg": 2}]))
    stand(world, sink_mps=0.5)  # cannot hold it, and the stage pivots over legs 1 and 3
    fly_for(world, 30.0)
    assert world.outcome == Outcome.TIPPED_OVER
    assert "leg 2 folded" in world.reason
    assert _angle_deg(lean_azimuth_deg(world), LEG_AZIMUTH_DEG[1]) < 10.0


def test_legs_deployed_too_late_cannot_latch_under_load_and_fold(make_level):
    world = World()
    world.reset(touchdown_level(make_level, start={"legs": "stowed"}))
    world.legs.update(True, 0.93 * world.legs.deploy_time_s)  # commanded 2.3 s ago
    travel = world.legs.travel_m[0]  # the feet are this much higher than deployed ones
    stand(world, gap_m=0.02 - travel, sink_mps=1.0)
    fly_for(world, 0.1, Controls(legs_deploy=True))
    assert world.touchdown is not None and world.touchdown.first_contact.startswith("leg")
    assert world.legs.labels == ("deploying",) * 4  # the feet reached the deck first
    fly_for(world, 20.0, Controls(legs_deploy=True))
    assert "locked" not in world.legs.labels and "folded" in world.legs.labels
    assert world.outcome in (Outcome.LANDED_HARD, Outcome.TIPPED_OVER, Outcome.CRASHED)


def test_stowed_legs_mean_the_engines_hit_the_deck(make_level):
    world = World()
    world.reset(touchdown_level(make_level, start={"legs": "stowed", "altitude_m": 20.0}))
    fly_for(world, 10.0)
    assert world.outcome == Outcome.CRASHED
    assert world.touchdown.first_contact == "stage"
    assert not world.touchdown.legs_deployed


def test_the_plane_is_chosen_along_the_drift_or_toward_an_open_collet(make_level):
    world = World()
    world.reset(touchdown_level(make_level))
    stand(world, drift_mps=(math.cos(math.radians(120.0)), math.sin(math.radians(120.0))))
    fly_for(world, 0.1)
    assert _angle_deg(math.degrees(world.contact.episode.frame.azimuth_rad), 120.0) < 1.0
    world = World()
    world.reset(touchdown_level(make_level, faults=[{"kind": "collet_latch", "leg": 2}]))
    stand(world, drift_mps=(0.3, 0.0))
    fly_for(world, 0.1)
    assert _angle_deg(math.degrees(world.contact.episode.frame.azimuth_rad),
                      LEG_AZIMUTH_DEG[1]) < 5.0


def test_the_stage_lifts_off_again_under_thrust(make_level):
    world = World()
    world.reset(touchdown_level(make_level, start={"propellant_kg": 3000.0}))
    stand(world, sink_mps=0.5)
    fly_for(world, 1.0)
    assert world.contact.active and world.touchdown is not None
    fly_for(world, 8.0, Controls(engine_on=True, throttle_norm=1.0))
    assert not world.contact.active  # free flight again
    assert world.outcome == Outcome.FLYING
    assert world.observe().altitude_above_deck_m > 25.0


@pytest.mark.parametrize("offset_m, drift_mps", [(24.0, 0.0), (20.0, 2.0)])
def test_a_stage_landing_at_the_edge_of_the_deck_falls_off(make_level, offset_m, drift_mps):
    world = World()  # the deck is 51.8 m wide: its edge 25.9 m east of the centre
    world.reset(touchdown_level(make_level))
    stand(world, sink_mps=0.5, offset_m=(offset_m, 0.0), drift_mps=(drift_mps, 0.0))
    fly_for(world, 30.0)
    assert world.outcome == Outcome.FELL_OFF
    assert world.touchdown.on_deck and world.touchdown.first_contact.startswith("leg")
    assert lean_azimuth_deg(world) == pytest.approx(0.0, abs=20.0)  # over the east edge


@pytest.mark.parametrize("offset_m", [30.0, 24.0, 19.0])  # all feet, the centre, 1 foot off
def test_coming_down_beside_a_land_pad_is_a_miss(make_level, offset_m):
    level = touchdown_level(make_level, ship={"kind": "land_pad", "deck_length_m": 40.0,
                                              "deck_width_m": 40.0})
    world = World()
    world.reset(level)
    stand(world, offset_m=(offset_m, 0.0))
    fly_for(world, 15.0)
    if offset_m > 20.0:
        assert world.outcome == Outcome.MISSED
        assert world.touchdown is not None and "pad" in world.reason
    else:  # a foot on the ground beside it, the stage over the pad: a landing
        assert world.outcome == Outcome.LANDED


def test_a_soft_landing_on_a_land_pad(make_level):
    level = touchdown_level(make_level, ship={"kind": "land_pad", "deck_length_m": 40.0,
                                              "deck_width_m": 40.0})
    world = World()
    world.reset(level)
    stand(world)
    fly_for(world, 15.0)
    assert world.outcome == Outcome.LANDED


def test_the_summary_reports_the_verdict_and_every_touchdown_figure(make_level):
    level = touchdown_level(make_level, start={"altitude_m": 19.2, "vertical_speed_mps": -1.0})
    summary = fly(level)
    assert summary["outcome"] == "landed" and summary["verdict"] == "landed"
    td = summary["touchdown"]
    for key in ("vertical_speed_mps", "lateral_speed_mps", "tilt_deg", "angular_rate_degps",
                "distance_from_center_m", "first_contact", "first_failed_leg", "first_failure"):
        assert key in td
    assert len(td["peak_leg_load_n"]) == 4 and len(td["crush_stroke_used_m"]) == 4
    assert all(load > 0.25 * 22_000 * 9.8 for load in td["peak_leg_load_n"])
    assert summary["fire"] == "none"


def test_the_printed_summary_names_the_verdict_and_the_legs(make_level):
    from game.commands.fly import format_summary

    level = touchdown_level(make_level, start={"altitude_m": 25.0, "vertical_speed_mps": -6.0})
    summary = fly(level)
    summary["wall_time_s"] = 0.1
    text = format_summary(summary)
    assert text.startswith("test: broke up on impact (")
    assert "touchdown (leg" in text and "from the target" in text
    assert sum(line.startswith("  leg ") for line in text.splitlines()) == 4
    assert "first to fail: leg" in text and "explosion" in text


def test_observation_snapshot_and_telemetry_carry_the_legs(make_level):
    world = World()
    world.reset(touchdown_level(make_level))
    stand(world)
    fly_for(world, 2.0)
    obs, snap, tele = world.observe(), world.snapshot(), world.telemetry()
    assert obs.leg_states == ("locked",) * 4 and obs.in_contact
    assert sum(obs.leg_loads_n) == pytest.approx(world.mass.mass_kg * 9.82, rel=0.02)
    assert len(snap.foot_points_body_m) == 4 and snap.fire_state == "none"
    assert tele["contact/leg-3/load-n"] == obs.leg_loads_n[2]
    assert tele["contact/leg-1/state"] == "locked"
    assert all(math.isfinite(v) for v in snap.leg_crush_m)
