"""The grid fins' open-loop hydraulics on a whole CRS-5 flight flown by the autopilot.

CRS-5 carried about 10 % too little fin fluid and ran dry "right before landing" [P]; the next
flight carried 50 % more and the fins lasted. The autopilot never reads how much fluid is left
(only whether there is any), so a flight with the next flight's load is the CRS-5 flight up to
the moment the CRS-5 load would have run out: one flight answers both questions.
"""

from __future__ import annotations

import dataclasses

from game.data.loader import load_level
from game.pilots.autopilot import Autopilot
from game.sim.world import World


def test_crs5_fluid_runs_dry_right_before_landing_and_the_next_flights_load_lasts():
    crs5 = load_level("crs5_first_attempt")
    load_kg = crs5.spec.start.hydraulic_fluid_kg
    capacity_kg = crs5.vehicle.grid_fins.hydraulic_fluid_capacity_kg
    start = crs5.spec.start.model_copy(update={"hydraulic_fluid_kg": capacity_kg})
    level = dataclasses.replace(crs5, spec=crs5.spec.model_copy(update={"start": start}))
    pilot, world = Autopilot(level), World()
    obs = world.reset(level)
    dry_at_s = None
    moved_in_thin_air_rad = 0.0
    done = False
    while not done:
        before = list(world.fins.deflection_rad)
        result = world.step(pilot.command(obs, world.dt_s))
        obs, done = result.observation, result.done
        if dry_at_s is None and world.fins.fluid_used_kg >= load_kg:
            dry_at_s = obs.time_s
        if obs.dynamic_pressure_pa < 10.0:  # above about 75 km: the fins can do nothing
            moved_in_thin_air_rad += sum(abs(a - b) for a, b in
                                         zip(world.fins.deflection_rad, before, strict=True))
    assert str(world.outcome) == "landed"
    assert world.fins.fluid_kg > 0.0  # the next flight's load lasts to touchdown
    landed_at_s = world.touchdown.time_s
    ignition_s = next(t for t, phase in pilot.phase_log if phase == "landing_burn")
    # CRS-5's load: gone in the last seconds, after the landing burn has lit.
    assert ignition_s < dry_at_s < landed_at_s - 5.0
    assert landed_at_s - dry_at_s < 40.0
    # Fluid is not vented swinging the fins where the air cannot push on them.
    assert moved_in_thin_air_rad == 0.0
