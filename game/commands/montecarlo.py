"""``hoverslam montecarlo LEVEL -n N``: fly N seeded variations with the autopilot.

Prints the success rate, the touchdown speed, tilt and distance statistics and the propellant
margins (``--json``: one JSON object with the summary and every flight). A progress bar goes to
stderr. ``--plot PATH`` writes a figure (matplotlib, Agg backend): where each stage touched
down on the deck, and the touchdown vertical against lateral speed, with the limits drawn.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path


def add_parser(sub) -> None:
    mc = sub.add_parser("montecarlo", help="fly N seeded variations of a level with the "
                        "autopilot and report the statistics")
    mc.add_argument("level", help="a level name (see 'hoverslam levels') or a .toml path")
    mc.add_argument("-n", "--flights", type=int, default=100, help="number of flights (100)")
    mc.add_argument("--jobs", type=int, default=1, help="worker processes (1)")
    mc.add_argument("--seed", type=int, default=0, help="campaign seed (0)")
    mc.add_argument("--json", action="store_true", help="print one JSON object")
    mc.add_argument("--plot", metavar="PATH", help="write a landing-scatter and "
                    "touchdown-speed figure (.png, .pdf or .svg)")


def _check(args: argparse.Namespace) -> None:
    from game.cli import UsageError

    if args.flights < 1:
        raise UsageError("-n must be a positive number of flights")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.seed < 0:
        raise UsageError("--seed must be a non-negative integer")
    if args.plot:
        path = Path(args.plot)
        if path.suffix.lower() not in (".png", ".pdf", ".svg"):
            raise UsageError(f"--plot {args.plot}: expected a .png, .pdf or .svg file name")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"--plot {args.plot}: folder {folder} does not exist")


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from game.campaign import results_as_dicts, run_campaign, summarize
    from game.data.loader import load_level

    _check(args)
    level = load_level(args.level)
    with tqdm(total=args.flights, file=sys.stderr, unit="flight",
              desc=f"{level.name}", dynamic_ncols=True) as bar:
        def tick(result) -> None:
            bar.update(1)
            bar.set_postfix_str(result.outcome)

        results = run_campaign(level, args.flights, seed=args.seed, jobs=args.jobs,
                               progress=tick)
    summary = summarize(results)
    summary["level"] = level.name
    summary["seed"] = args.seed
    if args.plot:
        write_plot(results, level, Path(args.plot))
    if args.json:
        print(json.dumps({"summary": summary, "flights": results_as_dicts(results)}))
    else:
        print(format_summary(summary, replay_level=args.level))
    return 0


MISS_LABELS = {"vertical_speed_mps": ("vertical", "m/s"), "lateral_speed_mps": ("lateral", "m/s"),
               "tilt_deg": ("tilt", "deg"), "distance_from_center_m": ("off centre", "m")}
LISTED_MISSES = 12  # the report names this many of the flights outside the limits


def format_misses(s: dict, replay_level: str | None = None) -> list[str]:
    """Lines naming the flights outside the limits (what each missed) and how to fly one
    again (``hoverslam fly --campaign-flight``)."""
    misses = s.get("outside_limits") or []
    if not misses:
        return []
    items = []
    for miss in misses[:LISTED_MISSES]:
        if miss["outcome"] != "landed" or not miss["touchdown"]:
            items.append(f"{miss['index']} ({miss['outcome'].replace('_', ' ')})")
            continue
        what = ", ".join(f"{MISS_LABELS[key][0]} {miss['touchdown'][key]:.2f} "
                         f"{MISS_LABELS[key][1]}" for key in miss["missed"])
        items.append(f"{miss['index']} ({what})")
    more = len(misses) - LISTED_MISSES
    count = f"{len(misses)} flight" + ("s" if len(misses) > 1 else "")
    lines = [f"  outside the limits: {count}: " + "; ".join(items)
             + (f"; and {more} more (--json lists them all)" if more > 0 else "")]
    level = replay_level or s["level"]
    lines.append(f"  fly one again: hoverslam fly {level} --pilot autopilot "
                 f"--campaign-flight {misses[0]['index']} --campaign-seed {s['seed']}")
    return lines


def format_summary(s: dict, replay_level: str | None = None) -> str:
    lines = [f"{s['level']}: {s['flights']} flights, campaign seed {s['seed']}",
             f"  landed {100 * s['success_rate']:.1f} %, within the autopilot's touchdown "
             f"limits {100 * s['acceptance_rate']:.1f} %",
             "  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(s["outcomes"].items()))]
    if s.get("flights_with_faults"):
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(s["faults"].items()))
        rest = s["acceptance_rate_without_faults"]
        lines.append(f"  {s['flights_with_faults']} flights had a fault ({kinds}); " + (
            "no flight without one" if rest is None
            else f"within the limits {100 * rest:.1f} % of the others"))
    names = {"vertical_speed_mps": "vertical speed (m/s)", "lateral_speed_mps":
             "lateral speed (m/s)", "tilt_deg": "tilt (deg)",
             "distance_from_center_m": "distance from centre (m)"}
    for key, label in names.items():
        st = s["touchdown"][key]
        if st.get("n"):
            lines.append(f"  {label:26s} median {st['median']:6.2f}  mean {st['mean']:6.2f}  "
                         f"p95 {st['p95']:6.2f}  max {st['max']:6.2f}")
    for key, label in (("propellant_left_kg", "propellant left (kg)"),
                       ("landing_burn_kg", "landing burn (kg)")):
        st = s[key]
        if st.get("n"):
            lines.append(f"  {label:26s} median {st['median']:6.0f}  min {st['min']:6.0f}  "
                         f"max {st['max']:6.0f}")
    for key, label in (("landing_burn_over_optimum_pct", "burn over optimum (%)"),
                       ("landing_burn_over_running_optimum_pct", "... from full thrust (%)"),
                       ("landing_burn_over_planned_optimum_pct", "... guidance's own (%)")):
        st = s.get(key, {})
        if st.get("n"):
            lines.append(f"  {label:26s} median {st['median']:6.1f}  p95 {st['p95']:6.1f}  "
                         f"max {st['max']:6.1f}  ({st['n']} landed flights)")
    lines += format_misses(s, replay_level)
    return "\n".join(lines)


def write_plot(results, level, path: Path) -> None:
    """The figure (see the module docstring), written atomically (temp file, fsync, rename)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from game.campaign import ACCEPTANCE

    touched = [r for r in results if r.touchdown]
    fig, (deck, speeds) = plt.subplots(1, 2, figsize=(11, 5))
    ship = level.spec.ship
    half_l, half_w = ship.deck_length_m / 2, ship.deck_width_m / 2
    deck.add_patch(plt.Polygon(deck_outline_m(ship.heading_deg, half_l, half_w), fill=False))
    deck.add_patch(plt.Circle((0, 0), ACCEPTANCE["distance_from_center_m"], fill=False,
                              linestyle="--"))
    for r in touched:
        deck.plot(r.final_east_m, r.final_north_m, "o" if r.landed else "x",
                  color="tab:green" if r.landed else "tab:red", markersize=4)
    deck.set_aspect("equal")
    deck.set_title(f"{level.name}: where the stages came down")
    deck.set_xlabel("east of the deck centre (m)")
    deck.set_ylabel("north of the deck centre (m)")
    speeds.scatter([r.touchdown["lateral_speed_mps"] for r in touched],
                   [r.touchdown["vertical_speed_mps"] for r in touched],
                   c=["tab:green" if r.landed else "tab:red" for r in touched], s=12)
    speeds.axvline(ACCEPTANCE["lateral_speed_mps"], linestyle="--", color="grey")
    speeds.axhline(ACCEPTANCE["vertical_speed_mps"], linestyle="--", color="grey")
    speeds.set_xlabel("lateral speed relative to the deck (m/s)")
    speeds.set_ylabel("vertical speed at touchdown (m/s)")
    speeds.set_title(f"{len(touched)} touchdowns of {len(results)} flights")
    fig.tight_layout()
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".",
                               suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            fig.savefig(f, format=path.suffix.lstrip(".").lower())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        plt.close(fig)



def deck_outline_m(heading_deg: float, half_length_m: float, half_width_m: float):
    """Deck corners (east, north): the long axis along the heading, clockwise from north."""
    import math

    h = math.radians(heading_deg)
    bow = (math.sin(h), math.cos(h))
    port = (-bow[1], bow[0])
    return [(a * half_length_m * bow[0] + b * half_width_m * port[0],
             a * half_length_m * bow[1] + b * half_width_m * port[1])
            for a, b in ((1, 1), (1, -1), (-1, -1), (-1, 1))]
