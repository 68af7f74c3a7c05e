"""The lean model (game/pilots/autopilot/lean_model.py) against the World.

The stage is held at a steady lean by the landing-burn attitude loop, engine at 70 %, and its
sideways acceleration is measured over a second once the lean has settled; the model, fed
the measured lean, flow angle, dynamic pressure and thrust, must predict it. The points span
the thrust-like regime (low q S / T), the lift-like one (high), the normal force's
non-linear range (large leans) and a crosswind (the flow angle from the wind).
"""

from __future__ import annotations

import math

import pytest

from game.pilots.autopilot.lean_model import lateral_accel_mps2
from game.pilots.autopilot.settings import AutopilotSettings
from game.pilots.autopilot.vehicle import VehicleModel
from tests.pilots.test_attitude import lean_window, level


def held_lean(sink_mps: float, lean_deg: float, wind_mps: float = 0.0):
    """(measured a_x, model a_x, thrust acceleration) for a lean held in the +x direction."""
    lv = level({"propellant_kg": 3000.0, "phase": "landing_burn", "altitude_m": 3000.0,
                "vertical_speed_mps": -sink_mps, "horizontal_speed_mps": 0.0,
                "horizontal_offset_m": 0.0, "attitude": "vertical", "grid_fins": "deployed"},
               {"wind_speed_mps": wind_mps, "wind_from_deg": 90.0, "gust_intensity": 0.0})
    vehicle = VehicleModel(lv.vehicle)
    window = lean_window(lv, math.radians(lean_deg), AutopilotSettings().landing_gains, 0.7,
                         3.5, 4.5)
    first, last = window[0], window[-1]
    measured = ((last.velocity_rel_deck_mps[0] - first.velocity_rel_deck_mps[0])
                / (last.time_s - first.time_s))
    model = []
    for o in window:
        v, w = o.velocity_rel_deck_mps, o.wind_mps
        air = [v[i] - w[i] for i in range(3)]
        speed = math.sqrt(sum(a * a for a in air))
        flow = (-air[0] / speed, -air[1] / speed)
        model.append(lateral_accel_mps2(vehicle, o.axis_world[:2], flow, o.dynamic_pressure_pa,
                                        o.mach, o.thrust_n, o.mass_kg)[0])
    return measured, sum(model) / len(model), first.thrust_n / first.mass_kg


@pytest.mark.parametrize(("sink_mps", "lean_deg", "wind_mps"), [
    (80.0, 7.0, 0.0),     # thrust-like: q S / T about 0.03
    (120.0, 18.0, 0.0),   # the normal force beyond its linear range
    (200.0, 12.0, 0.0),   # near the zero crossing
    (300.0, 7.0, 0.0),    # lift-like: the lean pushes the other way
    (120.0, 7.0, 12.0),   # a crosswind from +x, the stage leaning into it
    (120.0, -7.0, 12.0),  # ... and with it
])
def test_the_lean_model_predicts_the_sideways_acceleration(sink_mps, lean_deg, wind_mps):
    measured, model, thrust_accel = held_lean(sink_mps, lean_deg, wind_mps)
    print(sink_mps, lean_deg, wind_mps, measured, model, thrust_accel)
    assert model == pytest.approx(measured, abs=0.03 * thrust_accel)
