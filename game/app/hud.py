"""The pilot's HUD: what it shows (``hud_fields``, ``warnings``) and where (``Hud.draw``).

All numbers come from the ``Observation`` (what the instruments measure) plus a
``HudContext`` of things the observation does not carry: the level's starting amounts and
success limits, the command the pilot gives, who flies, the warp. Shown: altitude above the
deck, vertical and horizontal speed relative to the deck, Mach and dynamic pressure; tilt,
its direction and the body rates; throttle (commanded and actual), engines lit of the mode,
engine state, starts left, gimbal; propellant, nitrogen and hydraulic fluid left (bars against
the level's starting amounts); legs and grid fins; flight phase; wind (speed and the
direction it blows from); mission time; time warp; the pilot and, when it flies, the
autopilot's own status; a north-up map with the deck, the stage and the predicted impact point.

Warnings (model constants, tuned for the player's eye):

- low hydraulic fluid / nitrogen / propellant: under ``LOW_FRACTION`` of what the level
  started with;
- lateral speed: above the level's ``max_lateral_speed_mps`` in the last ``LATERAL_BELOW_M``
  above the deck;
- legs: not yet commanded when the time to touchdown is under the legs' deploy time plus
  ``LEGS_MARGIN_S``. Time to touchdown: ``2 h / |v_z|`` under power (a burn that ends at the
  deck decelerates about uniformly), the vacuum-ballistic impact time otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pygame

from game.app import hud_widgets
from game.app.text import AMBER, CYAN, GREEN, GREY, RED, WHITE, Ui
from game.sim.observation import Observation

LOW_FRACTION = 0.2
LATERAL_BELOW_M = 200.0
LEGS_MARGIN_S = 3.0


@dataclass
class HudContext:
    """What the HUD needs beside the observation."""

    start_propellant_kg: float = 1.0
    start_nitrogen_kg: float = 1.0
    start_hydraulic_kg: float = 1.0
    max_lateral_speed_mps: float = 2.0
    legs_deploy_time_s: float = 5.0
    deck_length_m: float = 91.4
    deck_width_m: float = 51.8
    ship_heading_deg: float = 0.0
    land_pad: bool = False
    throttle_cmd_norm: float = 0.0
    engine_on_cmd: bool = False
    engine_mode: int = 1
    legs_cmd: bool = False
    pilot: str = "human"
    autopilot: dict = field(default_factory=dict)
    human: dict = field(default_factory=dict)
    warp: int = 1
    camera: str = "chase"

    @classmethod
    def for_level(cls, level) -> HudContext:
        spec, vehicle = level.spec, level.vehicle
        return cls(start_propellant_kg=spec.start.propellant_kg,
                   start_nitrogen_kg=spec.start.nitrogen_kg,
                   start_hydraulic_kg=spec.start.hydraulic_fluid_kg,
                   max_lateral_speed_mps=spec.success.max_lateral_speed_mps,
                   legs_deploy_time_s=vehicle.legs.deploy_time_s,
                   deck_length_m=spec.ship.deck_length_m, deck_width_m=spec.ship.deck_width_m,
                   ship_heading_deg=spec.ship.heading_deg,
                   land_pad=spec.ship.kind == "land_pad")


def mission_time(seconds: float) -> str:
    """``T+ mm:ss.s``."""
    minutes, rest = divmod(max(seconds, 0.0), 60.0)
    return f"T+ {int(minutes):02d}:{rest:04.1f}"


def compass_from(east: float, north: float) -> float:
    """The direction a wind blows from, degrees clockwise from north."""
    return math.degrees(math.atan2(-east, -north)) % 360.0


def legs_state(obs: Observation, commanded: bool) -> str:
    if obs.legs_deploy_fraction >= 1.0:
        return "locked"
    if obs.legs_deploy_fraction > 0.0 or commanded:
        return f"deploying {obs.legs_deploy_fraction * 100:.0f}%"
    return "stowed"


def fins_state(obs: Observation) -> str:
    f = obs.grid_fins_deploy_fraction
    return "deployed" if f >= 1.0 else "stowed" if f <= 0.0 else f"deploying {f * 100:.0f}%"


def time_to_touchdown_s(obs: Observation) -> float:
    if obs.engines_lit and obs.vertical_speed_mps < -0.5:
        return 2.0 * max(obs.altitude_above_deck_m, 0.0) / -obs.vertical_speed_mps
    return obs.predicted_impact_time_s


def hud_fields(obs: Observation, ctx: HudContext) -> dict[str, str]:
    """Every HUD readout as the text it shows, keyed by its label ("-" for a non-finite
    number: the HUD never prints NaN)."""
    fields = _fields(obs, ctx)
    return {k: ("-" if any(bad in v for bad in ("nan", "inf")) else v)
            for k, v in fields.items()}


def _fields(obs: Observation, ctx: HudContext) -> dict[str, str]:
    rates = [math.degrees(w) for w in obs.omega_body_radps]
    wind_speed = math.hypot(obs.wind_mps[0], obs.wind_mps[1])
    pilot = "AUTOPILOT" if ctx.pilot == "autopilot" else "PILOT"
    return {
        "TIME": mission_time(obs.time_s),
        "PHASE": obs.phase.replace("_", " ").upper(),
        "PILOT": pilot,
        "WARP": f"x{ctx.warp}",
        "ALT": f"{obs.altitude_above_deck_m:,.0f} m",
        "V/S": f"{obs.vertical_speed_mps:+,.1f} m/s",
        "H/S": f"{obs.horizontal_speed_mps:,.1f} m/s",
        "MACH": f"{obs.mach:.2f}",
        "Q": f"{obs.dynamic_pressure_pa / 1000.0:,.1f} kPa",
        "TILT": f"{obs.tilt_deg:.1f} deg",
        "RATES": f"{rates[0]:+.1f} {rates[1]:+.1f} {rates[2]:+.1f} deg/s",
        "THR": f"{obs.throttle_norm * 100:.0f}% (cmd {ctx.throttle_cmd_norm * 100:.0f}%)",
        "ENG": f"{obs.engines_lit}/{ctx.engine_mode} lit, {obs.engine_state.replace('_', ' ')}",
        "STARTS": f"{obs.engine_starts_left}",
        "GIMBAL": f"{obs.gimbal_pitch_deg:+.1f} {obs.gimbal_yaw_deg:+.1f} deg",
        "PROP": f"{obs.propellant_kg:,.0f} kg",
        "N2": f"{obs.nitrogen_kg:,.1f} kg",
        "HYD": f"{obs.hydraulic_fluid_kg:,.1f} kg",
        "LEGS": legs_state(obs, ctx.legs_cmd),
        "FINS": fins_state(obs),
        "WIND": f"{wind_speed:.0f} m/s from {compass_from(*obs.wind_mps[:2]):03.0f}",
    }


def warnings(obs: Observation, ctx: HudContext) -> list[str]:
    """The active warnings, most urgent first."""
    out = []
    if obs.outcome != "flying":
        return out
    near = 0.0 <= obs.altitude_above_deck_m < LATERAL_BELOW_M
    if near and obs.horizontal_speed_mps > ctx.max_lateral_speed_mps:
        out.append("LATERAL SPEED")
    if (not ctx.legs_cmd and obs.legs_deploy_fraction <= 0.0
            and time_to_touchdown_s(obs) < ctx.legs_deploy_time_s + LEGS_MARGIN_S):
        out.append("LEGS")
    for label, left, start in (("LOW PROPELLANT", obs.propellant_kg, ctx.start_propellant_kg),
                               ("LOW HYDRAULIC FLUID", obs.hydraulic_fluid_kg,
                                ctx.start_hydraulic_kg),
                               ("LOW NITROGEN", obs.nitrogen_kg, ctx.start_nitrogen_kg)):
        if start > 0.0 and left < LOW_FRACTION * start:
            out.append(label)
    return out


class Hud:
    """Draws the HUD onto the overlay surface."""

    def __init__(self, ui: Ui) -> None:
        self.ui = ui

    def draw(self, surface: pygame.Surface, obs: Observation, ctx: HudContext) -> None:
        ui = self.ui
        w, h = surface.get_size()
        f = hud_fields(obs, ctx)
        self._top_bar(surface, f, ctx, w)
        self._flight_panel(surface, f, ui.px(14), ui.px(70))
        self._engine_panel(surface, obs, f, ctx, w - ui.px(264), ui.px(70))
        self._resources(surface, obs, ctx, ui.px(14), h - ui.px(150))
        size = ui.px(190)
        hud_widgets.draw_map(surface, ui, obs, ctx,
                             pygame.Rect(w - size - ui.px(14), h - size - ui.px(14), size, size))
        hud_widgets.draw_attitude(surface, ui, obs, f,
                                  pygame.Rect(w - 2 * size - ui.px(100), h - ui.px(124),
                                              size + ui.px(72), ui.px(110)))
        self._warnings(surface, warnings(obs, ctx), w)

    def _top_bar(self, surface, f, ctx: HudContext, w: int) -> None:
        ui = self.ui
        ui.panel(surface, (ui.px(14), ui.px(12), w - ui.px(28), ui.px(44)))
        y = ui.px(22)
        ui.text(surface, f["TIME"], (ui.px(28), y), 28, GREEN)
        ui.text(surface, f["PHASE"], (ui.px(190), y), 28, WHITE)
        who = f["PILOT"]
        if ctx.pilot == "autopilot":
            state = autopilot_phase(ctx.autopilot)
            who += f": {state.replace('_', ' ').upper()}" if state else ""
        ui.text(surface, who, (w // 2 + ui.px(60), y), 28,
                CYAN if ctx.pilot == "autopilot" else GREEN, align="center")
        warp_color = AMBER if ctx.warp > 1 else GREY
        ui.text(surface, f"WARP {f['WARP']}", (w - ui.px(28), y), 28, warp_color, align="right")
        ui.text(surface, f"CAM {ctx.camera}", (w - ui.px(150), y), 28, GREY, align="right")

    def _rows(self, surface, rows, x: int, y: int, width: int) -> None:
        ui = self.ui
        step = ui.px(27)
        ui.panel(surface, (x, y, width, step * len(rows) + ui.px(12)))
        for i, (label, value, color) in enumerate(rows):
            yy = y + ui.px(8) + i * step
            label_rect = ui.text(surface, label, (x + ui.px(10), yy), 22, GREY)
            room = x + width - ui.px(10) - label_rect.right - ui.px(8)
            size, value = ui.fit(value, 26, room)
            ui.text(surface, value, (x + width - ui.px(10), yy + ui.px(26 - size) // 2), size,
                    color, align="right")

    def _flight_panel(self, surface, f, x: int, y: int) -> None:
        rows = [(k, f[k], GREEN) for k in ("ALT", "V/S", "H/S", "MACH", "Q", "TILT")]
        rows += [("WIND", f["WIND"], WHITE), ("LEGS", f["LEGS"], WHITE),
                 ("FINS", f["FINS"], WHITE)]
        self._rows(surface, rows, x, y, self.ui.px(250))

    def _engine_panel(self, surface, obs, f, ctx: HudContext, x: int, y: int) -> None:
        ui = self.ui
        rows = [("THR", f["THR"], GREEN), ("ENG", f["ENG"], WHITE),
                ("STARTS", f["STARTS"], RED if obs.engine_starts_left == 0 else WHITE),
                ("GIMBAL", f["GIMBAL"], WHITE)]
        aids = ctx.human
        if ctx.pilot == "human" and aids:
            rows.append(("AIDS", f"{'RATE HOLD' if aids.get('assist') else 'DIRECT'}, RCS "
                         f"{'ON' if aids.get('rcs') else 'OFF'}", WHITE))
        if ctx.pilot == "autopilot":
            rows += [(name, value, CYAN) for name, value in autopilot_rows(ctx.autopilot)]
        self._rows(surface, rows, x, y, ui.px(250))
        bar = pygame.Rect(x, y + ui.px(27) * len(rows) + ui.px(20), ui.px(250), ui.px(14))
        hud_widgets.bar(surface, bar, obs.throttle_norm, GREEN, marker=ctx.throttle_cmd_norm)

    def _resources(self, surface, obs, ctx: HudContext, x: int, y: int) -> None:
        ui = self.ui
        width = ui.px(250)
        ui.panel(surface, (x, y, width, ui.px(136)))
        rows = (("PROPELLANT", obs.propellant_kg, ctx.start_propellant_kg, "kg", 0),
                ("NITROGEN", obs.nitrogen_kg, ctx.start_nitrogen_kg, "kg", 1),
                ("HYDRAULIC", obs.hydraulic_fluid_kg, ctx.start_hydraulic_kg, "kg", 1))
        for i, (label, left, start, unit, digits) in enumerate(rows):
            yy = y + ui.px(8) + i * ui.px(42)
            fraction = left / start if start > 0 else 0.0
            color = AMBER if fraction < LOW_FRACTION else GREEN
            ui.text(surface, label, (x + ui.px(10), yy), 20, GREY)
            ui.text(surface, f"{left:,.{digits}f} {unit}", (x + width - ui.px(10), yy), 22,
                    color, align="right")
            hud_widgets.bar(surface, pygame.Rect(x + ui.px(10), yy + ui.px(20),
                                                 width - ui.px(20), ui.px(10)), fraction, color)

    def _warnings(self, surface, active: list[str], w: int) -> None:
        ui = self.ui
        for i, text in enumerate(active[:4]):
            y = ui.px(70) + i * ui.px(40)
            width, height = ui.font(34).size(text)
            box = pygame.Rect(0, 0, width + ui.px(24), height + ui.px(8))
            box.midtop = (w // 2, y)
            ui.panel(surface, box, (40, 0, 0, 190))
            pygame.draw.rect(surface, RED, box, width=2, border_radius=ui.px(4))
            ui.text(surface, text, (w // 2, y + ui.px(5)), 34, RED, align="center")


UNITS = (("-mps", "m/s"), ("-m", "m"), ("-s", "s"), ("-deg", "deg"), ("-kg", "kg"))
AUTOPILOT_FIRST = ("status", "miss-m", "ignition-in-s", "ignition-height-m")


def autopilot_phase(telemetry: dict) -> str:
    for key in ("phase", "state", "mode"):
        for k, v in telemetry.items():
            if k.rsplit("/", 1)[-1] == key:
                return str(v)
    return ""


def autopilot_rows(telemetry: dict, limit: int = 4) -> list[tuple[str, str]]:
    """The autopilot's telemetry as (label, text) rows: status and its key figures first."""
    named = {k.rsplit("/", 1)[-1]: v for k, v in telemetry.items()}
    named.pop("phase", None)
    order = [n for n in AUTOPILOT_FIRST if n in named] + [n for n in named
                                                          if n not in AUTOPILOT_FIRST]
    rows = []
    for name in order[:limit]:
        value, unit = named[name], ""
        for suffix, shown in UNITS:
            if name.endswith(suffix):
                name, unit = name[: -len(suffix)], shown
                break
        label = name.replace("-", " ").upper().replace("IGNITION", "IGN")
        rows.append((label[:12], _short(value, unit)))
    return rows


def _short(value, unit: str = "") -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return "-"
        return f"{value:,.1f} {unit}".strip()
    return str(value).replace("_", " ")[:24]
