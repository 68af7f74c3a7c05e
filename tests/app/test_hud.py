"""The HUD shows what the instruments measure, warns when it should, never prints NaN."""

from __future__ import annotations

import dataclasses
import math

import pytest

from game.app.hud import (
    LEGS_MARGIN_S,
    Hud,
    HudContext,
    autopilot_rows,
    compass_from,
    hud_fields,
    mission_time,
    warnings,
)
from game.app.hud_widgets import map_range_m
from game.sim.controls import Controls
from game.sim.world import World


@pytest.fixture
def flying(practice_level):
    world = World()
    world.reset(practice_level)
    for _ in range(240):
        world.step(Controls(engine_on=True, throttle_norm=0.7, gimbal_pitch_norm=0.5))
    return world.observe(), HudContext.for_level(practice_level)


def test_fields_are_the_observations_numbers(flying):
    obs, ctx = flying
    f = hud_fields(obs, ctx)
    assert f["ALT"] == f"{obs.altitude_above_deck_m:,.0f} m"
    assert f["V/S"] == f"{obs.vertical_speed_mps:+,.1f} m/s"
    assert f["H/S"] == f"{obs.horizontal_speed_mps:,.1f} m/s"
    assert f["TILT"] == f"{obs.tilt_deg:.1f} deg"
    assert f["PROP"] == f"{obs.propellant_kg:,.0f} kg"
    assert f["N2"] == f"{obs.nitrogen_kg:,.1f} kg"
    assert f["HYD"] == f"{obs.hydraulic_fluid_kg:,.1f} kg"
    assert f["THR"].startswith(f"{obs.throttle_norm * 100:.0f}%")
    assert f["ENG"].startswith(f"{obs.engines_lit}/")
    assert f["STARTS"] == str(obs.engine_starts_left)
    assert f["TIME"] == "T+ 00:02.0"
    assert f["PHASE"] == "LANDING BURN"
    assert f["FINS"] == "deployed" and f["LEGS"] == "stowed"
    assert f["GIMBAL"].startswith(f"{obs.gimbal_pitch_deg:+.1f}")
    assert obs.gimbal_pitch_deg > 0.5  # a real gimbal angle, not a default


def test_fields_follow_the_observation_when_it_changes(flying):
    obs, ctx = flying
    moved = dataclasses.replace(obs, altitude_above_deck_m=1234.4, vertical_speed_mps=-12.34,
                                legs_deploy_fraction=0.5, time_s=125.25)
    f = hud_fields(moved, ctx)
    assert (f["ALT"], f["V/S"], f["LEGS"], f["TIME"]) == (
        "1,234 m", "-12.3 m/s", "deploying 50%", "T+ 02:05.2")


def test_no_nan_reaches_the_screen(flying):
    obs, ctx = flying
    broken = dataclasses.replace(obs, altitude_above_deck_m=math.nan, mach=math.inf)
    f = hud_fields(broken, ctx)
    assert f["ALT"] == "-" and f["MACH"] == "-"
    assert all("nan" not in v.lower() for v in f.values())


def test_warnings(flying):
    obs, ctx = flying
    assert warnings(obs, ctx) == []
    low = dataclasses.replace(obs, hydraulic_fluid_kg=0.1 * ctx.start_hydraulic_kg,
                              nitrogen_kg=0.5 * ctx.start_nitrogen_kg)
    assert warnings(low, ctx) == ["LOW HYDRAULIC FLUID"]
    drifting = dataclasses.replace(obs, altitude_above_deck_m=50.0,
                                   horizontal_speed_mps=ctx.max_lateral_speed_mps + 0.5)
    assert "LATERAL SPEED" in warnings(drifting, ctx)
    t_go = ctx.legs_deploy_time_s + LEGS_MARGIN_S - 0.5  # seconds to touchdown under power
    late = dataclasses.replace(obs, altitude_above_deck_m=15.0 * t_go, vertical_speed_mps=-30.0,
                               engines_lit=1, legs_deploy_fraction=0.0)
    assert "LEGS" in warnings(late, ctx)  # 2 h / v = t_go < deploy time + margin
    early = dataclasses.replace(late, altitude_above_deck_m=15.0 * (t_go + 1.0))
    assert "LEGS" not in warnings(early, ctx)
    ctx.legs_cmd = True
    assert "LEGS" not in warnings(late, ctx)


def test_small_helpers():
    assert mission_time(61.25) == "T+ 01:01.2"
    assert compass_from(-5.0, 0.0) == pytest.approx(90.0)  # blowing west: from the east
    assert map_range_m([(0.0, 300.0)]) == 500.0
    assert map_range_m([(0.0, 0.0), (math.nan, 1.0)]) == 100.0
    rows = autopilot_rows({"autopilot/phase": "entry", "autopilot/status": "burning",
                           "autopilot/miss-m": 12.34, "autopilot/plans": 3.0,
                           "autopilot/ignition-in-s": math.nan})
    assert rows[:3] == [("STATUS", "burning"), ("MISS", "12.3 m"), ("IGN IN", "-")]


def test_the_hud_draws_on_an_overlay(dummy_video, flying):
    pygame = dummy_video
    from game.app.text import Ui

    obs, ctx = flying
    surface = pygame.Surface((1280, 720), pygame.SRCALPHA)
    Hud(Ui(720)).draw(surface, obs, ctx)
    alpha = pygame.surfarray.array_alpha(surface)
    covered = (alpha > 0).mean()
    assert 0.1 < covered < 0.6  # panels at the edges, the middle left clear for the view
    assert alpha[540:740, 260:460].max() == 0  # the centre of the screen is see-through
