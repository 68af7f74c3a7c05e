"""Known scenes for the renderer tests: a SceneInfo and Snapshots built by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from game.render.scene_info import FOG_COLOR_RGB, SceneInfo
from game.sim.observation import Snapshot

AXIS_UP = (math.sqrt(0.5), 0.0, -math.sqrt(0.5), 0.0)  # body +x (toward the top) along +z
DECK_HEIGHT_M = 3.0


def scene(time_of_day: str = "day", fog_visibility_m: float = 50_000.0, waves=(),
          ship_kind: str = "drone_ship") -> SceneInfo:
    land = ship_kind == "land_pad"
    return SceneInfo(
        stage_length_m=47.9, stage_diameter_m=3.66, leg_count=4, leg_length_m=7.6,
        leg_span_m=18.0, fin_count=4, fin_station_m=44.5, ship_kind=ship_kind,
        ship_name="Of Course I Still Love You" if not land else "Landing Zone 1",
        deck_length_m=91.4 if not land else 76.2, deck_width_m=51.8 if not land else 76.2,
        deck_height_m=0.0 if land else DECK_HEIGHT_M, ship_heading_deg=0.0,
        wave_components=tuple(waves), fog_visibility_m=fog_visibility_m,
        fog_color_rgb=FOG_COLOR_RGB[time_of_day], time_of_day=time_of_day)


def snapshot(time_s: float = 10.0, stage_at=(0.0, 0.0, 60.0), **changes) -> Snapshot:
    """The stage upright with its centre of mass at ``stage_at`` (world), the ship level at
    the origin with its deck DECK_HEIGHT_M up, engines off, fins and legs out."""
    base = Snapshot(
        time_s=time_s, stage_position_m=tuple(stage_at), stage_attitude_wxyz=AXIS_UP,
        com_station_m=17.0, throttle_norm=0.0, engines_lit=0, engine_mode=1,
        ambient_pressure_pa=101325.0, gimbal_pitch_rad=0.0, gimbal_yaw_rad=0.0,
        fin_deploy_fraction=1.0, fin_deflections_rad=(0.0, 0.0, 0.0, 0.0),
        legs_deploy_fraction=1.0, rcs_firing=(0.0, 0.0, 0.0),
        ship_position_m=(0.0, 0.0, DECK_HEIGHT_M), ship_attitude_wxyz=(1.0, 0.0, 0.0, 0.0),
        outcome="flying", mach=0.0, fog_visibility_m=50_000.0, time_of_day="day")
    return replace(base, **changes)


def stage_point(snap: Snapshot, station_m: float):
    """World position of a point on the stage's axis at a station (upright stage)."""
    x, y, z = snap.stage_position_m
    return (x, y, z + station_m - snap.com_station_m)


def frame(renderer, snap, camera: str = "chase", prev=None, **kwargs) -> np.ndarray:
    """Render one frame (prev -> snap at alpha 1) and read it back as int arrays."""
    renderer.render(prev or snap, snap, 1.0, camera, **kwargs)
    return renderer.read_pixels().astype(int)


def luminance(img: np.ndarray) -> np.ndarray:
    return img @ np.array([0.2126, 0.7152, 0.0722])


def patch(img: np.ndarray, xy, half: int = 1) -> np.ndarray:
    """Mean colour of the (2 half + 1)^2 pixels around pixel (x, y)."""
    x, y = round(xy[0]), round(xy[1])
    h, w = img.shape[:2]
    assert half <= x < w - half and half <= y < h - half, f"({x}, {y}) is off the frame"
    return img[y - half:y + half + 1, x - half:x + half + 1].reshape(-1, 3).mean(axis=0)
