"""HUD instruments drawn with pygame: bars, the north-up map and the attitude ball.

Map: the deck centre at the middle, north up, east right; the scale is the smallest of
``MAP_RANGES_M`` that holds the stage and its predicted impact point (the range is printed);
the deck is drawn to scale and turned to the ship's heading (a dot when it would be smaller
than a few pixels); the stage is a triangle with its horizontal velocity drawn as a line ten
seconds long; the predicted (vacuum-ballistic) impact point is a cross.

Attitude: where the top of the stage points, seen from above: the centre is upright, the
rim is horizontal (tilt 90 deg); the dot turns red when the top points below the horizon.
"""

from __future__ import annotations

import math

import pygame

from game.app.text import AMBER, CYAN, GREEN, GREY, PANEL, RED, WHITE, Ui

MAP_RANGES_M = (100, 250, 500, 1000, 2500, 5000, 10_000, 25_000, 50_000, 100_000, 250_000,
                500_000, 1_000_000)
VELOCITY_LEAD_S = 10.0


def bar(surface: pygame.Surface, rect: pygame.Rect, fraction: float, color,
        marker: float | None = None) -> None:
    """A horizontal bar filled to ``fraction`` (0..1), with an optional marker line."""
    pygame.draw.rect(surface, (40, 50, 60, 200), rect)
    f = min(1.0, max(0.0, fraction if math.isfinite(fraction) else 0.0))
    if f > 0.0:
        pygame.draw.rect(surface, color, (rect.x, rect.y, round(rect.w * f), rect.h))
    if marker is not None and math.isfinite(marker):
        x = rect.x + round(rect.w * min(1.0, max(0.0, marker)))
        pygame.draw.line(surface, WHITE, (x, rect.y - 3), (x, rect.bottom + 2), 2)


def map_range_m(points) -> float:
    """The smallest map range that holds every (east, north) point, with a margin."""
    far = max((math.hypot(*p) for p in points if all(math.isfinite(c) for c in p)),
              default=0.0)
    for r in MAP_RANGES_M:
        if far * 1.15 <= r:
            return float(r)
    return float(MAP_RANGES_M[-1])


def _fmt_range(r: float) -> str:
    return f"{r / 1000:g} km" if r >= 1000 else f"{r:g} m"


def draw_map(surface: pygame.Surface, ui: Ui, obs, ctx, rect: pygame.Rect) -> None:
    ui.panel(surface, rect, PANEL, border=GREY)
    stage = obs.position_rel_deck_m[:2]
    impact = obs.predicted_impact_m
    show_impact = math.isfinite(obs.predicted_impact_time_s) and obs.outcome == "flying"
    r = map_range_m([stage] + ([impact] if show_impact else []))
    cx, cy = rect.center
    half = rect.w * 0.5 - ui.px(8)

    def to_px(east: float, north: float) -> tuple[int, int]:
        return (round(cx + east / r * half), round(cy - north / r * half))

    pygame.draw.circle(surface, (70, 90, 100), (cx, cy), round(half * 0.5), 1)
    _deck(surface, ctx, to_px)
    if show_impact:
        x, y = to_px(*impact)
        s = ui.px(6)
        pygame.draw.line(surface, AMBER, (x - s, y - s), (x + s, y + s), 2)
        pygame.draw.line(surface, AMBER, (x - s, y + s), (x + s, y - s), 2)
    sx, sy = to_px(*stage)
    v = obs.velocity_rel_deck_mps
    lead = to_px(stage[0] + v[0] * VELOCITY_LEAD_S, stage[1] + v[1] * VELOCITY_LEAD_S)
    pygame.draw.line(surface, GREEN, (sx, sy), lead, 1)
    s = ui.px(6)
    pygame.draw.polygon(surface, GREEN, [(sx, sy - s), (sx - s, sy + s), (sx + s, sy + s)])
    ui.text(surface, "N", (cx, rect.y + ui.px(4)), 18, GREY, align="center")
    ui.text(surface, f"{_fmt_range(r)}", (rect.right - ui.px(6), rect.bottom - ui.px(18)), 18,
            GREY, align="right")
    distance = math.hypot(*stage)
    ui.text(surface, f"{distance:,.0f} m", (rect.x + ui.px(6), rect.bottom - ui.px(18)), 18,
            GREEN)


def _deck(surface: pygame.Surface, ctx, to_px) -> None:
    h = math.radians(ctx.ship_heading_deg)
    along = (math.sin(h), math.cos(h))
    across = (math.cos(h), -math.sin(h))
    a, b = 0.5 * ctx.deck_length_m, 0.5 * ctx.deck_width_m
    corners = [to_px(sa * a * along[0] + sb * b * across[0], sa * a * along[1] + sb * b * across[1])
               for sa, sb in ((1, 1), (1, -1), (-1, -1), (-1, 1))]
    xs = [c[0] for c in corners]
    if max(xs) - min(xs) < 4:
        pygame.draw.circle(surface, CYAN, to_px(0.0, 0.0), 3)
        return
    pygame.draw.polygon(surface, CYAN, corners, 2)
    pygame.draw.circle(surface, CYAN, to_px(0.0, 0.0), 2)


def draw_attitude(surface: pygame.Surface, ui: Ui, obs, fields: dict, rect: pygame.Rect) -> None:
    ui.panel(surface, rect, PANEL)
    radius = rect.h // 2 - ui.px(10)
    cx, cy = rect.x + radius + ui.px(10), rect.centery
    pygame.draw.circle(surface, GREY, (cx, cy), radius, 1)
    pygame.draw.circle(surface, (70, 90, 100), (cx, cy), round(radius * math.sin(
        math.radians(10.0))), 1)
    pygame.draw.line(surface, (70, 90, 100), (cx - radius, cy), (cx + radius, cy), 1)
    pygame.draw.line(surface, (70, 90, 100), (cx, cy - radius), (cx, cy + radius), 1)
    east, north, up = obs.axis_world
    dot = (round(cx + east * radius), round(cy - north * radius))
    pygame.draw.line(surface, GREEN, (cx, cy), dot, 2)
    pygame.draw.circle(surface, GREEN if up >= 0.0 else RED, dot, ui.px(5))
    x = cx + radius + ui.px(12)
    ui.text(surface, "TILT", (x, rect.y + ui.px(10)), 18, GREY)
    ui.text(surface, fields["TILT"], (x, rect.y + ui.px(28)), 24, GREEN)
    ui.text(surface, "RATES", (x, rect.y + ui.px(56)), 18, GREY)
    ui.text(surface, fields["RATES"], (x, rect.y + ui.px(74)), 20, GREEN)
