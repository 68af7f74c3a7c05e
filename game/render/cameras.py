"""The five cameras: small classes that turn a ``FrameState`` into a ``View``.

Every camera returns the eye (world frame, float64), a world-to-camera rotation, a vertical
field of view and near/far planes chosen for what it looks at (see ``_planes``). "Up" is the
local vertical at the eye on the spherical Earth (``game.sim.earth.local_up``), so the
horizon stays level 600 km from the ship.

- ``ChaseCamera``: 110 m from the stage. Fast (over 60 m/s) it rides 25 deg off the line
  behind the velocity vector, on the side away from the ship, looking along the trajectory;
  slow it sits on the side away from the ship, 15 deg above, so the deck shows beyond the
  stage. Blended in between (20 to 60 m/s).
- ``DeckCamera``: fixed on the drone ship near the port quarter, 4 m over the deck, turning
  to follow the stage and rolling with the ship as the webcast camera does; it zooms so the
  stage fills about half the frame. On a land pad: a camera 70 m off the pad's edge.
- ``OnboardCamera``: on the stage's skin above leg 1, looking down along the leg and the
  engines at the sea (the webcast view).
- ``OrbitCamera``: free camera about the stage; ``orbit(d_yaw, d_pitch, zoom)`` moves it.
- ``TrackingCamera``: a long lens on a support vessel 1.5 km from the ship, riding the same
  waves, or a tracking station on shore for the land pad.
"""

from __future__ import annotations

import math

import numpy as np

from game.render.math3d import View, look_rotation, quat_to_matrix
from game.render.ocean import local_east, sea_elevation_m
from game.sim.earth import EARTH_RADIUS_M, altitude_m, local_up

MAX_FAR_M = 3.0e6


def _planes(eye: np.ndarray, subject_distance_m: float, near_m: float) -> tuple[float, float]:
    """Near and far planes: far covers the horizon and the subject, near what is close."""
    h = max(altitude_m(*eye), 1.0)
    horizon_m = math.sqrt(2.0 * EARTH_RADIUS_M * h + h * h)
    far = min(MAX_FAR_M, max(horizon_m, subject_distance_m) * 1.2 + 2000.0)
    return near_m, far


def _up(point) -> np.ndarray:
    return np.array(local_up(*point))


def _zoom_fov(distance_m: float, half_height_m: float, lo_deg: float, hi_deg: float) -> float:
    fov = 2.0 * math.atan2(half_height_m, max(distance_m, 1e-3))
    return min(max(fov, math.radians(lo_deg)), math.radians(hi_deg))


def _stage_centre(state) -> np.ndarray:
    """Mid-length of the stage (about where the eye wants to look)."""
    axis = quat_to_matrix(state.stage_attitude_wxyz)[:, 0]
    return state.stage_position_m + axis * (22.0 - state.com_station_m)


class ChaseCamera:
    name = "chase"
    distance_m = 110.0

    def view(self, state, scene) -> View:
        target = _stage_centre(state)
        up = _up(target)
        v = state.stage_velocity_mps
        speed = float(np.linalg.norm(v))
        away = target - state.ship_position_m
        away -= up * float(np.dot(away, up))
        n = float(np.linalg.norm(away))
        away = away / n if n > 1.0 else np.array([0.0, -1.0, 0.0])
        e15 = math.radians(15.0)
        side = math.cos(e15) * away + math.sin(e15) * up
        w = min(max((speed - 20.0) / 40.0, 0.0), 1.0)
        behind = self._behind(v, speed, away, up) if speed > 1e-6 else side
        direction = w * behind / np.linalg.norm(behind) + (1.0 - w) * side
        direction /= max(float(np.linalg.norm(direction)), 1e-9)
        eye = target + self.distance_m * direction
        eye = _above_sea(eye, 3.0)
        rot = look_rotation(target - eye, up)
        return View(eye, rot, math.radians(45.0), *_planes(eye, self.distance_m, 1.0))


    @staticmethod
    def _behind(v: np.ndarray, speed: float, away: np.ndarray, up: np.ndarray) -> np.ndarray:
        """25 deg off the line behind the velocity, toward the side away from the ship (so a
        falling stage is seen in profile with the ship beyond it, not hiding it)."""
        back = -v / speed
        s = away - back * float(np.dot(away, back))
        if float(np.linalg.norm(s)) < 1e-3:
            s = up - back * float(np.dot(up, back))
        if float(np.linalg.norm(s)) < 1e-3:
            s = np.cross(back, (1.0, 0.0, 0.0))
        s /= float(np.linalg.norm(s))
        a = math.radians(25.0)
        return math.cos(a) * back + math.sin(a) * s


class DeckCamera:
    name = "deck"

    def view(self, state, scene) -> View:
        ship_rot = quat_to_matrix(state.ship_attitude_wxyz)
        if scene.is_land_pad:
            local = np.array([0.0, -(0.5 * scene.deck_length_m + 70.0), 3.0])
            eye = state.ship_position_m + local
            up = np.array([0.0, 0.0, 1.0])
        else:
            local = np.array([-0.42 * scene.deck_length_m, 0.46 * scene.deck_width_m, 4.0])
            eye = state.ship_position_m + ship_rot @ local
            up = ship_rot[:, 2]
        target = _stage_centre(state)
        dist = float(np.linalg.norm(target - eye))
        rot = look_rotation(target - eye, up)
        return View(eye, rot, _zoom_fov(dist, 36.0, 8.0, 75.0), *_planes(eye, dist, 0.5))


class OnboardCamera:
    name = "onboard"
    station_m = 11.0
    azimuth_deg = 12.0  # from leg 1 (body +y) toward +z, so the leg is in view

    def view(self, state, scene) -> View:
        rot = quat_to_matrix(state.stage_attitude_wxyz)
        az = math.radians(self.azimuth_deg)
        radial = np.array([0.0, math.cos(az), math.sin(az)])
        radius = 0.5 * scene.stage_diameter_m + 0.45
        body_eye = np.array([self.station_m - state.com_station_m, 0.0, 0.0]) + radius * radial
        tilt = math.radians(14.0)
        body_dir = np.array([-math.cos(tilt), 0.0, 0.0]) + math.sin(tilt) * radial
        eye = state.stage_position_m + rot @ body_eye
        rotation = look_rotation(rot @ body_dir, rot @ radial)
        return View(eye, rotation, math.radians(75.0), *_planes(eye, 100.0, 0.25))


class OrbitCamera:
    name = "orbit"

    def __init__(self) -> None:
        self.yaw_rad = math.radians(-60.0)
        self.pitch_rad = math.radians(12.0)
        self.distance_m = 140.0

    def orbit(self, d_yaw_rad: float, d_pitch_rad: float, zoom_factor: float) -> None:
        """Turn about the stage and zoom (factor < 1 moves closer); non-finite input ignored."""
        if math.isfinite(d_yaw_rad):
            self.yaw_rad = math.remainder(self.yaw_rad + d_yaw_rad, 2.0 * math.pi)
        if math.isfinite(d_pitch_rad):
            lim = math.radians(85.0)
            self.pitch_rad = min(max(self.pitch_rad + d_pitch_rad, -lim), lim)
        if math.isfinite(zoom_factor) and zoom_factor > 0.0:
            self.distance_m = min(max(self.distance_m * zoom_factor, 8.0), 50_000.0)

    def view(self, state, scene) -> View:
        target = _stage_centre(state)
        up = _up(target)
        east = local_east(up)
        north = np.cross(up, east)
        cp = math.cos(self.pitch_rad)
        offset = self.distance_m * (cp * math.cos(self.yaw_rad) * east
                                    + cp * math.sin(self.yaw_rad) * north
                                    + math.sin(self.pitch_rad) * up)
        eye = _above_sea(target + offset, 2.0)
        rot = look_rotation(target - eye, up)
        near = min(max(0.01 * self.distance_m, 0.5), 20.0)
        return View(eye, rot, math.radians(50.0), *_planes(eye, self.distance_m, near))


class TrackingCamera:
    name = "tracking"
    vessel_offset_m = (-1100.0, -1000.0)  # support vessel, world east/north of the station
    mast_height_m = 8.0

    def view(self, state, scene) -> View:
        if scene.is_land_pad:
            eye = np.array([-3000.0, -1500.0, 12.0])
        else:
            x, y = self.vessel_offset_m
            z = self.mast_height_m + sea_elevation_m(scene.wave_components, state.time_s, x, y)
            eye = np.array([x, y, z])
        target = _stage_centre(state)
        dist = float(np.linalg.norm(target - eye))
        rot = look_rotation(target - eye, _up(eye))
        return View(eye, rot, _zoom_fov(dist, 45.0, 0.4, 60.0), *_planes(eye, dist, 1.0))


def _above_sea(eye: np.ndarray, min_altitude_m: float) -> np.ndarray:
    """Lift the eye along the local vertical if it would be under the sea."""
    h = altitude_m(*eye)
    if h >= min_altitude_m:
        return eye
    return eye + _up(eye) * (min_altitude_m - h)


def make_cameras() -> dict:
    """One instance of each camera, by name (Renderer.CAMERAS order)."""
    cams = (ChaseCamera(), DeckCamera(), OnboardCamera(), OrbitCamera(), TrackingCamera())
    return {c.name: c for c in cams}
