"""The landing surface: a drone ship moving in a sea state, or a land pad that never moves.

Sea: a long-period irregular sea from a JONSWAP spectrum (peak enhancement 3.3) with the
level's significant wave height Hs and peak period Tp, cut at 0.5..3 omega_p, split into
``N_WAVES`` bins of equal energy. Each bin is one deep-water wave (k = omega^2 / g) with
amplitude sqrt(2 m0 / N) (so the elevation's RMS is exactly Hs / 4), a frequency drawn inside
the bin, a random phase, and a direction drawn around the mean (normal, sigma 15 deg, clipped
at 40 deg: a crude short-crested sea). Elevation at world (x, y):
``eta = sum a cos(omega t - k (x sin(theta) + y cos(theta)) + phase)``, theta = the direction
the wave travels toward, clockwise from north (the level gives where it comes *from*).

Ship response (linear, one response amplitude operator per wave and degree of freedom):
1. Froude-Krylov plane fit: the hull's waterplane (deck length x ``HULL_BEAM_FRACTION`` of the
   deck width) takes the least-squares plane through the wave under it. With
   kappa_l = k L cos(beta) / 2 and kappa_b = k B sin(beta) / 2 (beta: wave travel relative to
   the bow), the plane's height is a sinc(kappa_l) sinc(kappa_b) and its slopes are
   a k cos(beta) F(kappa_l) sinc(kappa_b) along and a k sin(beta) F(kappa_b) sinc(kappa_l)
   across, F(x) = 3 (sin x - x cos x) / x^3 (F, sinc -> 1 for long waves). Long waves: the
   deck follows the sea (heave +/- Hs/2, tilt = wave slope); waves shorter than the hull
   cancel out, and pitch (over 91 m) is smaller than roll (over 30 m).
2. Dynamics: each degree of freedom is a damped oscillator, 1 / (1 - r^2 + 2 i zeta r),
   r = omega T_n / 2 pi: heave T_n 4 s, zeta 0.5; roll T_n 5 s, zeta 0.4; pitch T_n 5 s,
   zeta 0.4 (all [E] for a 91 x 30 m box barge, 3 m draft, sharp bilges).
Resulting deck tilt, significant amplitude (2 sigma), for the ``falcon9-data.md`` table's
seas (table: Hs 1 m, Tp 7 s: 2.4 deg; 2 m, 9 s: 2.8 deg; 3 m, 10 s: 3.5 deg): beam sea
2.2 / 3.7 / 5.0 deg (roll), 45 deg off the bow 1.0 / 2.2 / 3.1 deg, head sea 0.5 / 1.6 /
2.5 deg (pitch); seed-to-seed spread about +/-15 %. Heave RMS / (Hs/4): about 0.7..0.95 on
the beam, 0.2..0.5 head on (short waves along a long hull cancel), about 1 in long swell.
Station keeping: three slow sinusoids per horizontal axis (periods 71..293 s, random phases)
whose amplitudes add up to 0.7 of ``station_keeping_m`` each, so the drift radius stays inside.

Frames: world (x east, y north, z up, origin at the station point at sea level). Deck frame:
origin at the deck centre, x toward the bow (``heading_deg`` clockwise from north), y to
port, z up out of the deck. Attitude = Rz(90 deg - heading) Ry(pitch) Rx(roll): roll about
the bow axis (positive: port side up), pitch about the port axis (positive: bow down).
Quaternions scalar-first, deck-to-world. The wave field is evaluated at the station point
(the drift of a few metres is ignored there). All motion is a closed-form function of time;
randomness is drawn once in ``__init__`` (always the same number of draws, whatever the kind).
A land pad: deck height 0 at the origin, a flat plane z = 0, never moves, no draws matter.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from game.data.level_schema import SeaSpec, ShipSpec

Vec3 = tuple[float, float, float]
Quat = tuple[float, float, float, float]

G_MPS2 = 9.80665
N_WAVES = 16
JONSWAP_GAMMA = 3.3
SPECTRUM_BAND = (0.5, 3.0)  # fraction of the peak frequency kept
SPREAD_SIGMA_DEG, SPREAD_CLIP_DEG = 15.0, 40.0
HULL_BEAM_FRACTION = 0.58  # 30 m hull under a 51.8 m deck with wings [E]
HEAVE_PERIOD_S, HEAVE_DAMPING = 4.0, 0.5
ROLL_PERIOD_S, ROLL_DAMPING = 5.0, 0.4
PITCH_PERIOD_S, PITCH_DAMPING = 5.0, 0.4
DRIFT_PERIODS_S = (293.0, 137.0, 71.0)
DRIFT_FRACTIONS = (0.4, 0.2, 0.1)  # of station_keeping_m, per axis


class Surface(NamedTuple):
    """The deck plane under (or over) a world point, at one instant."""

    height_m: float  # world z of the deck plane at the point's (x, y)
    normal: Vec3  # unit, world frame, out of the deck
    velocity_mps: Vec3  # of the deck material point there, world frame (includes omega x r)
    angular_velocity_radps: Vec3  # of the deck, world frame


def jonswap_density(omega: np.ndarray, hs_m: float, tp_s: float) -> np.ndarray:
    """JONSWAP spectral density S(omega) [m^2 s] (shape only; normalised by the caller)."""
    wp = 2.0 * math.pi / tp_s
    sigma = np.where(omega <= wp, 0.07, 0.09)
    peak = np.exp(-((omega - wp) ** 2) / (2.0 * sigma**2 * wp**2))
    pm = 5.0 / 16.0 * hs_m**2 * wp**4 / omega**5 * np.exp(-1.25 * (wp / omega) ** 4)
    return pm * JONSWAP_GAMMA**peak


def _plane_fit(kappa: float) -> float:
    """3 (sin x - x cos x) / x^3: slope of the least-squares line through sin over [-1, 1]."""
    if abs(kappa) < 1e-4:
        return 1.0 - kappa * kappa / 10.0
    return 3.0 * (math.sin(kappa) - kappa * math.cos(kappa)) / kappa**3


def _sinc(kappa: float) -> float:
    return 1.0 - kappa * kappa / 6.0 if abs(kappa) < 1e-4 else math.sin(kappa) / kappa


def _oscillator(omega: float, period_s: float, damping: float) -> complex:
    r = omega * period_s / (2.0 * math.pi)
    return 1.0 / complex(1.0 - r * r, 2.0 * damping * r)


class Ship:
    """Deck pose, velocity and surface at time t for a drone ship or a land pad."""

    def __init__(self, ship_spec: ShipSpec, sea_spec: SeaSpec, rng: np.random.Generator):
        self.kind = ship_spec.kind
        self.name = ship_spec.name
        self.is_land_pad = self.kind == "land_pad"
        self.heading_deg = float(ship_spec.heading_deg)
        self.deck_length_m = float(ship_spec.deck_length_m)
        self.deck_width_m = float(ship_spec.deck_width_m)
        self.deck_height_m = 0.0 if self.is_land_pad else float(ship_spec.deck_height_m)
        self.station_keeping_m = 0.0 if self.is_land_pad else float(ship_spec.station_keeping_m)
        hs = 0.0 if self.is_land_pad else float(sea_spec.significant_wave_height_m)
        self.significant_wave_height_m = hs
        self.peak_period_s = float(sea_spec.peak_period_s)
        self.wave_from_deg = float(sea_spec.from_deg)
        self._half_l, self._half_w = 0.5 * self.deck_length_m, 0.5 * self.deck_width_m
        alpha = math.radians(90.0 - self.heading_deg)  # bow axis from world +x, anticlockwise
        self._ca, self._sa = math.cos(alpha), math.sin(alpha)
        self._qz = (math.cos(0.5 * alpha), math.sin(0.5 * alpha))
        # Every draw happens here, in a fixed order and count.
        phases = rng.uniform(0.0, 2.0 * math.pi, N_WAVES)
        jitter = rng.uniform(0.0, 1.0, N_WAVES)
        spread = np.clip(rng.normal(0.0, SPREAD_SIGMA_DEG, N_WAVES), -SPREAD_CLIP_DEG,
                         SPREAD_CLIP_DEG)
        drift_phases = rng.uniform(0.0, 2.0 * math.pi, (2, len(DRIFT_PERIODS_S)))
        self.wave_components = self._sample_sea(hs, phases, jitter, spread)
        self._build_response(drift_phases)
        self._t_cached = math.nan
        self._kin: tuple = ()

    # ---- set-up -----------------------------------------------------------------------
    def _sample_sea(self, hs, phases, jitter, spread) -> tuple:
        """(amplitude_m, omega_radps, wavenumber_radpm, direction_to_deg, phase_rad) each."""
        wp = 2.0 * math.pi / self.peak_period_s
        omega = np.linspace(SPECTRUM_BAND[0] * wp, SPECTRUM_BAND[1] * wp, 4001)
        dens = jonswap_density(omega, 1.0, self.peak_period_s)
        cdf = np.concatenate(([0.0], np.cumsum(0.5 * (dens[1:] + dens[:-1]) * np.diff(omega))))
        cdf /= cdf[-1]
        edges = np.interp(np.linspace(0.0, 1.0, N_WAVES + 1), cdf, omega)
        freqs = edges[:-1] + jitter * np.diff(edges)
        amp = math.sqrt(2.0 * (hs / 4.0) ** 2 / N_WAVES)
        to_deg = (self.wave_from_deg + 180.0) % 360.0
        return tuple(
            (amp, float(w), float(w * w / G_MPS2), float((to_deg + d) % 360.0), float(p))
            for w, d, p in zip(freqs, spread, phases, strict=True)
        )

    def _build_response(self, drift_phases: np.ndarray) -> None:
        """Complex coefficients: row j of a quantity = Re(sum C[j, i] exp(i omega_i t))."""
        length, beam = self.deck_length_m, HULL_BEAM_FRACTION * self.deck_width_m
        omegas, rows = [], []
        for a, w, k, to_deg, ph in self.wave_components:
            beta = math.radians(to_deg - self.heading_deg)
            kl, kb = 0.5 * k * length * math.cos(beta), 0.5 * k * beam * math.sin(beta)
            heave = a * _sinc(kl) * _sinc(kb) * _oscillator(w, HEAVE_PERIOD_S, HEAVE_DAMPING)
            # Slope of sea toward the bow is a k cos(beta) sin(theta): pitch (bow down) = -it.
            pitch = 1j * a * k * math.cos(beta) * _plane_fit(kl) * _sinc(kb)
            pitch *= _oscillator(w, PITCH_PERIOD_S, PITCH_DAMPING)
            # Slope toward starboard likewise; roll (port up) = slope toward port.
            roll = 1j * a * k * math.sin(beta) * _plane_fit(kb) * _sinc(kl)
            roll *= _oscillator(w, ROLL_PERIOD_S, ROLL_DAMPING)
            omegas.append(w)
            rows.append((0.0, 0.0, heave, roll, pitch, ph))
        for n, period in enumerate(DRIFT_PERIODS_S):
            amp = DRIFT_FRACTIONS[n] * self.station_keeping_m
            omegas.append(2.0 * math.pi / period)
            ex, ey = amp * np.exp(1j * drift_phases[:, n])
            rows.append((complex(ex), complex(ey), 0.0, 0.0, 0.0, 0.0))
        w = np.array(omegas)
        c = np.array([r[:5] for r in rows], dtype=complex).T * np.exp(1j * np.array(
            [r[5] for r in rows]))
        self._jw = 1j * w
        self._coef = np.vstack((c, 1j * w * c))  # values, then time derivatives

    # ---- kinematics -------------------------------------------------------------------
    def _kinematics(self, t_s: float) -> tuple:
        if t_s == self._t_cached:
            return self._kin
        if self.is_land_pad:
            x = y = hv = roll = pitch = vx = vy = vz = droll = dpitch = 0.0
        else:
            x, y, hv, roll, pitch, vx, vy, vz, droll, dpitch = (
                (self._coef @ np.exp(self._jw * t_s)).real.tolist()
            )
        ca, sa = self._ca, self._sa
        cp, sp = math.cos(roll), math.sin(roll)
        ct, st = math.cos(pitch), math.sin(pitch)
        ex = (ca * ct, sa * ct, -st)  # bow
        ey = (ca * st * sp - sa * cp, sa * st * sp + ca * cp, ct * sp)  # port
        ez = (ca * st * cp + sa * sp, sa * st * cp - ca * sp, ct * cp)  # deck normal
        omega = (droll * ex[0] - dpitch * sa, droll * ex[1] + dpitch * ca, droll * ex[2])
        wz, zz = self._qz
        wy, yy = math.cos(0.5 * pitch), math.sin(0.5 * pitch)
        wx, xx = math.cos(0.5 * roll), math.sin(0.5 * roll)
        aw, ax, ay, az = wz * wy, -zz * yy, wz * yy, wy * zz  # qz * qy
        quat = (aw * wx - ax * xx, aw * xx + wx * ax, wx * ay + az * xx, wx * az - ay * xx)
        kin = ((x, y, self.deck_height_m + hv), (vx, vy, vz), ex, ey, ez, omega, quat)
        self._t_cached, self._kin = t_s, kin
        return kin

    def pose_at(self, t_s: float) -> tuple[Vec3, Quat]:
        """Deck-centre position (world, m) and attitude quaternion (w, x, y, z), deck-to-world."""
        kin = self._kinematics(t_s)
        return kin[0], kin[6]

    def velocity_at(self, t_s: float) -> Vec3:
        """Deck-centre velocity, world frame, m/s (the exact derivative of the position)."""
        return self._kinematics(t_s)[1]

    def angular_velocity_world_at(self, t_s: float) -> Vec3:
        """Deck angular velocity, world frame, rad/s."""
        return self._kinematics(t_s)[5]

    def surface_at(self, t_s: float, point_world: Vec3) -> Surface:
        """The deck plane (extended past its edges) at the point's horizontal position."""
        c, v, _, _, n, w, _ = self._kinematics(t_s)
        dx, dy = point_world[0] - c[0], point_world[1] - c[1]
        dz = -(n[0] * dx + n[1] * dy) / n[2]
        vel = (v[0] + w[1] * dz - w[2] * dy, v[1] + w[2] * dx - w[0] * dz,
               v[2] + w[0] * dy - w[1] * dx)
        return Surface(c[2] + dz, n, vel, w)

    def deck_local(self, t_s: float, point_world: Vec3) -> Vec3:
        """(along toward the bow, across toward port, above the deck plane), metres."""
        c, _, ex, ey, ez, _, _ = self._kinematics(t_s)
        dx, dy, dz = point_world[0] - c[0], point_world[1] - c[1], point_world[2] - c[2]
        return (ex[0] * dx + ex[1] * dy + ex[2] * dz, ey[0] * dx + ey[1] * dy + ey[2] * dz,
                ez[0] * dx + ez[1] * dy + ez[2] * dz)

    def on_deck(self, t_s: float, point_world: Vec3) -> bool:
        """Whether the point lies over (or under) the deck rectangle, at any height."""
        along, across, _ = self.deck_local(t_s, point_world)
        return abs(along) <= self._half_l and abs(across) <= self._half_w

    def sea_elevation_m(self, t_s: float, x: float, y: float) -> float:
        """Sea-surface height above still water at world (x, y) (for splashdown, rendering)."""
        eta = 0.0
        for a, w, k, to_deg, ph in self.wave_components:
            th = math.radians(to_deg)
            eta += a * math.cos(w * t_s - k * (x * math.sin(th) + y * math.cos(th)) + ph)
        return eta
