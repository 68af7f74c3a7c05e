"""``hoverslam fly LEVEL``: a headless flight and its summary.

``--campaign-flight N`` (with ``--campaign-seed S``, 0 by default) flies the variation that a
``hoverslam montecarlo`` campaign of seed S flew as its flight N (``game.campaign.variation``:
its start errors, wind, gusts and sea), so a flight the campaign reports outside the limits
can be flown again alone, with the whole touchdown report; with the autopilot it is the
campaign's flight, step for step.
"""

from __future__ import annotations

import argparse
import json
import time

PILOTS = ("none", "autopilot")


def add_parser(sub) -> None:
    fly = sub.add_parser("fly", help="fly a level headless (no display) and print a summary")
    fly.add_argument("level", help="a level name (see 'hoverslam levels') or a .toml path")
    fly.add_argument("--pilot", choices=PILOTS, default="none",
                     help="who flies: nobody (the stage falls) or the autopilot")
    fly.add_argument("--seed", type=int, default=None, help="override the level's seed")
    fly.add_argument("--json", action="store_true", help="print one JSON object")
    fly.add_argument("--campaign-flight", type=int, metavar="N", default=None,
                     help="fly the variation flown as flight N of a montecarlo campaign")
    fly.add_argument("--campaign-seed", type=int, metavar="S", default=0,
                     help="... of the campaign with this seed (0)")


def make_pilot(name: str, level=None):
    """The pilot called ``name`` (see PILOTS) for ``level`` (the autopilot needs it)."""
    if name == "autopilot":
        from game.pilots.autopilot import Autopilot

        return Autopilot(level)
    from game.sim.flight import NoPilot

    return NoPilot()


def run(args: argparse.Namespace) -> int:
    from game.cli import UsageError
    from game.data.loader import load_level
    from game.sim.flight import fly

    if args.seed is not None and args.seed < 0:
        raise UsageError("--seed must be a non-negative integer")
    level = load_level(args.level)
    if args.campaign_flight is not None:
        level = campaign_variation(level, args)
    pilot = make_pilot(args.pilot, level)
    start = time.perf_counter()
    summary = fly(level, seed=args.seed, pilot=pilot)
    if args.campaign_flight is not None:
        summary["campaign_flight"] = args.campaign_flight
        summary["campaign_seed"] = args.campaign_seed
    summary["wall_time_s"] = round(time.perf_counter() - start, 4)
    print(json.dumps(summary) if args.json else format_summary(summary))
    return 0


def campaign_variation(level, args: argparse.Namespace):
    """The level as a campaign flew it (``--campaign-flight``, ``--campaign-seed``)."""
    from game.campaign import variation
    from game.cli import UsageError

    if args.campaign_flight < 0:
        raise UsageError("--campaign-flight must be a non-negative flight number")
    if args.campaign_seed < 0:
        raise UsageError("--campaign-seed must be a non-negative integer")
    if args.seed is not None:
        raise UsageError("--seed and --campaign-flight: a campaign flight has its own seed")
    return variation(level, args.campaign_seed, args.campaign_flight)


def format_summary(summary: dict) -> str:
    verdict = summary.get("verdict", summary["outcome"])
    flight = summary.get("campaign_flight")
    title = summary["level"] if flight is None else (
        f"{summary['level']}, campaign flight {flight} (seed {summary['campaign_seed']})")
    lines = [
        f"{title}: {verdict} ({summary['reason']})",
        f"  sim time {summary['sim_time_s']:.1f} s in {summary['steps']} steps, "
        f"wall {summary['wall_time_s']:.2f} s",
        f"  propellant left {summary['propellant_left_kg']:.0f} kg",
    ]
    td = summary.get("touchdown")
    if td:
        lines.append(
            f"  touchdown ({td.get('first_contact') or 'first contact'}): vertical "
            f"{td['vertical_speed_mps']:.2f} m/s, lateral {td['lateral_speed_mps']:.2f} m/s, "
            f"tilt {td['tilt_deg']:.1f} deg, rate {td['angular_rate_degps']:.1f} deg/s, "
            f"{td['distance_from_center_m']:.1f} m from the target"
        )
        for n, (load, crush, state) in enumerate(zip(
                td.get("peak_leg_load_n", ()), td.get("crush_stroke_used_m", ()),
                td.get("leg_states", ()), strict=False), start=1):
            lines.append(f"  leg {n}: peak load {load / 1e3:.0f} kN, crush {crush * 1e3:.0f} mm"
                         f", {state}")
        if td.get("first_failed_leg"):
            lines.append(f"  first to fail: leg {td['first_failed_leg']} "
                         f"({td['first_failure']})")
    if summary.get("fire", "none") != "none":
        lines.append(f"  {summary['fire']}: the stage is lost")
    if summary.get("faults"):
        lines.append("  faults: " + ", ".join(summary["faults"]))
    return "\n".join(lines)
