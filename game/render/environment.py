"""Sky, sun, ambient light, fog and the per-frame uniform block every shader reads.

Light (linear RGB) per time of day: day, a sun 50 deg up in the south-east; dusk, a low
orange sun in the west; night, a faint moon, a dark sky with stars, and the lamps lit (deck
floodlights and navigation lights), so the plume, the fire and the deck lights carry the
scene. The sky darkens toward black with the eye's altitude (scale height 12 km).

Fog: the model of ``game.sim.weather`` (its constants are imported): extinction
``sigma(z) = sigma_clear + (sigma_0 - sigma_clear) exp(-z / H)`` with ``sigma_0 = 3.912 /
visibility`` (Koschmieder) and ``sigma_clear = 3.912 / 50 km``, H = 150 m, so the fog is
thicker near the water. Over it the clear-air term (sigma_clear, 50 km visibility) is thinned
with a ``HAZE_SCALE_HEIGHT_M`` scale height, a rendering choice so that space looks black from
70 km (the weather model keeps it constant; both agree at sea level). The shaders integrate
both layers exactly along each straight ray (``fog_transmittance`` is the same formula in
numpy, for tests). The fog's colour comes from
the level (``SceneInfo.fog_color_rgb``) and is lit by the sun, and at night by the plume's
and the fire's glow scattered in the fog.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.sim.earth import EARTH_RADIUS_M
from game.sim.weather import CLEAR_AIR_VISIBILITY_M, FOG_SCALE_HEIGHT_M, KOSCHMIEDER

MAX_LIGHTS = 8
BLOCK_FLOATS = 16 + 16 + 4 * 12 + 4 * MAX_LIGHTS * 2 + 4
SKY_SCALE_HEIGHT_M = 12_000.0
HAZE_SCALE_HEIGHT_M = 2_000.0  # aerosol scale height: about 0.15 optical depth straight up


@dataclass(frozen=True)
class Lighting:
    sun_azimuth_deg: float
    sun_elevation_deg: float
    sun_rgb: tuple
    zenith_rgb: tuple
    horizon_rgb: tuple
    ambient_rgb: tuple
    stars: float
    lamps: float
    exposure: float


LIGHTING = {
    "day": Lighting(135.0, 50.0, (2.6, 2.45, 2.2), (0.12, 0.26, 0.6), (0.58, 0.68, 0.8),
                    (0.42, 0.47, 0.56), 0.0, 0.0, 1.0),
    "dusk": Lighting(250.0, 4.0, (1.5, 0.75, 0.35), (0.07, 0.09, 0.22), (0.8, 0.42, 0.22),
                     (0.2, 0.16, 0.17), 0.15, 0.6, 1.2),
    "night": Lighting(200.0, 35.0, (0.1, 0.11, 0.14), (0.002, 0.003, 0.008),
                      (0.012, 0.015, 0.024), (0.012, 0.014, 0.022), 1.0, 1.0, 1.4),
}


def sun_direction(light: Lighting) -> np.ndarray:
    """Unit vector toward the sun (or the moon) in the world frame."""
    az, el = math.radians(light.sun_azimuth_deg), math.radians(light.sun_elevation_deg)
    return np.array([math.sin(az) * math.cos(el), math.cos(az) * math.cos(el), math.sin(el)])


def fog_sigmas(visibility_m: float) -> tuple[float, float]:
    """(sigma at sea level, clear-air sigma), per metre."""
    sigma_clear = KOSCHMIEDER / CLEAR_AIR_VISIBILITY_M
    sigma_sea = max(KOSCHMIEDER / max(visibility_m, 1.0), sigma_clear)
    return sigma_sea, sigma_clear


def _layer(d: float, a: float, b: float, h: float) -> float:
    """Integral of exp(-z / h) along a straight path of length d from altitude a to b."""
    if abs(b - a) < 0.01 * h:
        return d * math.exp(-0.5 * (a + b) / h)
    return d * h * (math.exp(-a / h) - math.exp(-b / h)) / (b - a)


def fog_transmittance(distance_m: float, z0_m: float, z1_m: float, visibility_m: float) -> float:
    """Fraction of light left after ``distance_m`` from altitude z0 to z1 (shader formula)."""
    sigma_sea, sigma_clear = fog_sigmas(visibility_m)
    a, b = max(z0_m, 0.0), max(z1_m, 0.0)
    tau = sigma_clear * _layer(distance_m, a, b, HAZE_SCALE_HEIGHT_M) + \
        (sigma_sea - sigma_clear) * _layer(distance_m, a, b, FOG_SCALE_HEIGHT_M)
    return math.exp(-tau)


def object_fog(p_rel: np.ndarray, up: np.ndarray, eye_altitude_m: float, scene,
               lights) -> tuple[float, float, float, float]:
    """The shaders' ``fog_at`` for one eye-relative point: (in-scattered RGB, transmittance).

    Used for a small object (the stage) as a whole, so its vertices skip the fog integral."""
    p = np.asarray(p_rel, dtype=float)
    d = float(np.linalg.norm(p))
    v = float(np.dot(p, up))
    h = p - v * up
    alt = eye_altitude_m + v + float(np.dot(h, h)) / (2.0 * EARTH_RADIUS_M)
    t = fog_transmittance(d, eye_altitude_m, alt, scene.fog_visibility_m)
    light = LIGHTING.get(scene.time_of_day, LIGHTING["day"])
    direction = p / max(d, 1e-4)
    col = np.array(scene.fog_color_rgb, dtype=float)
    if light.sun_elevation_deg > 0:
        sun = max(float(np.dot(direction, sun_direction(light))), 0.0)
        col = col + np.array(light.sun_rgb) * 0.12 * sun**8
    sigma_sea, sigma_clear = fog_sigmas(scene.fog_visibility_m)
    sigma = sigma_clear + (sigma_sea - sigma_clear) * math.exp(
        -max(eye_altitude_m, 0.0) / FOG_SCALE_HEIGHT_M)
    for pos, colour in list(lights)[:2]:
        pos = np.asarray(pos, dtype=float)
        t0 = float(np.dot(pos, direction))
        hh = max(float(np.linalg.norm(pos - t0 * direction)), 1.0)
        along = math.atan((d - t0) / hh) - math.atan(-t0 / hh)
        col = col + np.asarray(colour) * sigma * along / hh * 0.02
    if not (np.all(np.isfinite(col)) and math.isfinite(t)):
        return (0.0, 0.0, 0.0, 1.0)
    return (float(col[0]), float(col[1]), float(col[2]), float(t))


def frame_block(*, view_proj: np.ndarray, rotation: np.ndarray, tan_half_fov: tuple,
                up: np.ndarray,
                eye_altitude_m: float, scene, time_s: float, sea_level_m: float,
                lights: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The std140 ``Frame`` block (see assets/shaders/common.glsl) as float32."""
    light = LIGHTING.get(scene.time_of_day, LIGHTING["day"])
    thin = math.exp(-max(eye_altitude_m, 0.0) / SKY_SCALE_HEIGHT_M)
    space = np.array([0.0, 0.0, 0.004])
    zenith = space + (np.array(light.zenith_rgb) - space) * thin
    horizon = space + (np.array(light.horizon_rgb) - space) * thin ** 0.5
    sigma_sea, sigma_clear = fog_sigmas(scene.fog_visibility_m)
    sun = sun_direction(light)
    view = np.eye(4)
    view[:3, :3] = rotation
    rows = [
        view_proj.T.reshape(-1),
        view.T.reshape(-1),
        np.append(rotation[0], tan_half_fov[0]), np.append(rotation[1], tan_half_fov[1]),
        np.append(up, eye_altitude_m),
        np.append(sun, 1.0 if light.sun_elevation_deg > 0 else 0.0),
        np.append(light.sun_rgb, 0.0),
        np.append(zenith, 0.05 + 0.35 * thin), np.append(horizon, 0.0),
        np.append(light.ambient_rgb, light.lamps),
        np.append(scene.fog_color_rgb, 0.0),
        np.array([sigma_sea, sigma_clear, FOG_SCALE_HEIGHT_M, EARTH_RADIUS_M]),
        np.array([math.fmod(time_s, 3600.0), sea_level_m, light.stars, light.exposure]),
        np.array([HAZE_SCALE_HEIGHT_M, 0.0, 0.0, 0.0]),
    ]
    pos = np.zeros((MAX_LIGHTS, 4))
    col = np.zeros((MAX_LIGHTS, 4))
    for i, (p, c) in enumerate(lights[:MAX_LIGHTS]):
        pos[i, :3], col[i, :3] = p, c
    rows += [pos.reshape(-1), col.reshape(-1), np.array([min(len(lights), MAX_LIGHTS), 0, 0, 0])]
    block = np.concatenate(rows).astype(np.float32)
    block[~np.isfinite(block)] = 0.0
    return block
