"""Load vehicle and level files into validated specs; every problem is one clear line.

- ``load_vehicle(name_or_path)`` reads ``assets/vehicles/NAME.toml`` (or a path) into a
  ``VehicleSpec``; ``load_level(name_or_path)`` reads ``levels/NAME.toml`` (or a path) into a
  ``Level`` (its spec and its vehicle). A name is letters, digits, '_' and '-'; anything with
  a '/' or ending in '.toml' is a path, used as is (a bare ``NAME.toml`` that is not in the
  working folder is also looked for in the levels or vehicles folder).
- ``list_levels()`` lists ``(name, title)`` for every ``levels/*.toml``, sorted by name; a
  file that does not load is listed too, with ``BROKEN_PREFIX`` + its one-line error in place
  of the title (nothing is skipped silently).
- Every failure is a ``DataError`` (game/data/errors.py), never a traceback: a missing file,
  a file over 1 MiB, bytes that are not UTF-8, an empty file, TOML syntax (tomllib's message,
  line and column), nesting deeper than ``MAX_DEPTH`` (checked before tomllib, which
  recurses), schema violations (the first problem in the file, with its dotted path, its line
  and what was expected and given; unknown keys get the closest valid key), and the checks
  across fields and files below (propellant beyond the tanks, a fault naming leg 5 of four,
  deck-relative start fields in an early phase, an unknown vehicle ...).

``project_root()`` is the folder holding ``assets/`` and ``levels/``: the repository root,
found from this file's location, or ``$HOVERSLAM_ROOT`` when set.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from pydantic import BaseModel, ValidationError

from game.data.errors import DataError, dotted, from_validation
from game.data.level_schema import EARLY_PHASES, LevelSpec
from game.data.toml_scan import MAX_DEPTH, TomlScan, scan_toml
from game.data.vehicle_schema import MassSpec, VehicleSpec

MAX_FILE_BYTES = 1 << 20
BROKEN_PREFIX = "error: "
_NAME = re.compile(r"^[A-Za-z0-9_\-]+$")
_NEEDS = {"level": "a [level] and a [start] table",
          "vehicle": "the [vehicle], [mass], [engines], [aero], [grid_fins], [rcs], [legs] "
                     "and [limits] tables"}
_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")

EARLY_START_KEYS = ("speed_mps", "flight_path_angle_deg", "heading_deg", "range_to_ship_m",
                    "crossrange_m")
LATE_START_KEYS = ("vertical_speed_mps", "horizontal_speed_mps", "horizontal_offset_m",
                   "approach_heading_deg")
# Which optional [[faults]] keys each kind reads, and which it needs.
FAULT_KEYS = {
    "collet_latch": ({"leg"}, {"leg"}),
    "grid_fin_hydraulics": ({"hydraulic_fluid_fraction"}, set()),
    "throttle_valve_lag": ({"throttle_lag_s"}, {"throttle_lag_s"}),
    "engine_start": ({"engine"}, set()),
}
_FAULT_OPTIONAL = ("leg", "engine", "hydraulic_fluid_fraction", "throttle_lag_s")


@dataclass(frozen=True)
class Level:
    """A loaded level: its name (the file stem), file, validated spec and vehicle."""

    name: str
    path: Path
    spec: LevelSpec
    vehicle: VehicleSpec


def project_root() -> Path:
    """The folder that holds assets/ and levels/."""
    env = os.environ.get("HOVERSLAM_ROOT")
    return Path(env) if env else Path(__file__).resolve().parents[2]


def levels_dir() -> Path:
    return project_root() / "levels"


def vehicles_dir() -> Path:
    return project_root() / "assets" / "vehicles"


def display_path(path: Path) -> str:
    """The path as messages show it: relative to the project or the working folder if inside."""
    try:
        resolved = path.resolve()
    except OSError:
        return str(path)
    for base in (project_root(), Path.cwd()):
        try:
            return resolved.relative_to(base.resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return str(path)


@dataclass
class _Source:
    """One parsed file: where it is, its raw table and where each key sits."""

    path: Path
    shown: str
    data: dict
    scan: TomlScan

    def error(self, loc: tuple, message: str) -> DataError:
        return DataError(self.shown, message, field=dotted(loc) or None,
                         line=self.scan.line_of(loc))


# ------------------------------------------------------------------------- reading files
def _resolve(name_or_path: str | os.PathLike, directory: Path, kind: str) -> Path:
    if isinstance(name_or_path, os.PathLike):
        return Path(name_or_path)
    text = str(name_or_path)
    if "/" in text or os.sep in text or text.endswith(".toml"):
        path = Path(text)
        if path.name == text and not path.exists() and (directory / text).is_file():
            return directory / text  # "name.toml" given from another folder
        return path
    if not _NAME.match(text):
        raise DataError(repr(text), f"not a {kind} name (letters, digits, '_' and '-') "
                        "nor a path to a .toml file")
    return directory / f"{text}.toml"


def _not_found(path: Path, directory: Path, kind: str) -> DataError:
    names = sorted(p.stem for p in directory.glob("*.toml")) if directory.is_dir() else []
    close = difflib.get_close_matches(path.stem, names, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return DataError(display_path(path),
                     f"not found ({kind}s are looked for in {directory}){hint}")


def _read_toml(path: Path, directory: Path, kind: str) -> _Source:
    shown = display_path(path)
    try:
        if not path.exists():
            raise _not_found(path, directory, kind)
        if not path.is_file():
            raise DataError(shown, "not a file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DataError(shown, f"file is {path.stat().st_size:,} bytes; data files may be "
                            f"at most {MAX_FILE_BYTES:,} bytes (1 MiB)")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(shown, f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(shown, f"file is over {MAX_FILE_BYTES:,} bytes (1 MiB)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise DataError(shown, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset "
                        f"{exc.start}", line=line) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataError(shown, f"the file is empty; a {kind} file needs at least "
                        f"{_NEEDS[kind]}")
    scan = scan_toml(text)
    if scan.too_deep_line is not None:
        raise DataError(shown, f"tables or arrays nested more than {MAX_DEPTH} levels deep",
                        line=scan.too_deep_line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = str(exc), None, None
        where = _TOML_WHERE.search(message)
        if where:
            message = message[:where.start()]
            line, column = int(where.group(1)), int(where.group(2))
        raise DataError(shown, f"TOML syntax error: {message}", line=line,
                        column=column) from None
    except (RecursionError, MemoryError):
        raise DataError(shown, "tables or arrays nested too deeply") from None
    if not data:
        raise DataError(shown, f"the file has no keys or tables; a {kind} file needs at least "
                        f"{_NEEDS[kind]}")
    return _Source(path, shown, data, scan)



def _validate(source: _Source, model: type[BaseModel]):
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        raise from_validation(source.shown, exc, model, source.scan) from None
    except RecursionError:
        raise DataError(source.shown, "tables or arrays nested too deeply") from None


# ------------------------------------------------------------------------------ vehicles
def tank_capacity_kg(mass: MassSpec) -> float:
    """Largest propellant load at the mixture ratio (the tank that fills first limits it)."""
    area = math.pi * mass.tank_radius_m**2
    lox = mass.lox_density_kgm3 * area * (mass.lox_tank_top_station_m
                                          - mass.lox_tank_bottom_station_m)
    rp1 = mass.rp1_density_kgm3 * area * (mass.rp1_tank_top_station_m
                                          - mass.rp1_tank_bottom_station_m)
    ox_fraction = mass.mixture_ratio_ox_to_fuel / (1.0 + mass.mixture_ratio_ox_to_fuel)
    return min(lox / ox_fraction, rp1 / (1.0 - ox_fraction))


def _check_vehicle(src: _Source, v: VehicleSpec) -> None:
    length, radius = v.vehicle.length_m, 0.5 * v.vehicle.diameter_m
    stations = [
        (("mass", "dry_com_station_m"), v.mass.dry_com_station_m),
        (("mass", "lox_tank_top_station_m"), v.mass.lox_tank_top_station_m),
        (("mass", "rp1_tank_top_station_m"), v.mass.rp1_tank_top_station_m),
        (("engines", "gimbal_station_m"), v.engines.gimbal_station_m),
        (("grid_fins", "station_m"), v.grid_fins.station_m),
        (("rcs", "station_m"), v.rcs.station_m),
        (("legs", "hinge_station_m"), v.legs.hinge_station_m),
    ]
    for loc, station in stations:
        if station > length:
            raise src.error(loc, f"station {station:g} m is beyond the stage's length_m "
                            f"{length:g} m")
    m = v.mass
    if (m.lox_tank_bottom_station_m < m.rp1_tank_top_station_m
            and m.rp1_tank_bottom_station_m < m.lox_tank_top_station_m):
        raise src.error(("mass", "lox_tank_bottom_station_m"),
                        "the LOX and RP-1 tanks overlap")
    for loc, value in ((("mass", "tank_radius_m"), m.tank_radius_m),
                       (("engines", "outer_ring_radius_m"), v.engines.outer_ring_radius_m)):
        if value > radius:
            raise src.error(loc, f"{value:g} m is wider than the stage (radius {radius:g} m)")
    if v.legs.mass_kg >= m.dry_mass_kg:
        raise src.error(("legs", "mass_kg"), "the legs are part of dry_mass_kg, so they must "
                        f"weigh less than it ({m.dry_mass_kg:g} kg)")
    if 0.5 * v.legs.span_m <= radius:
        raise src.error(("legs", "span_m"), "the deployed span must reach beyond the body")
    fins = v.grid_fins
    if len(fins.effectiveness) != len(fins.effectiveness_mach):
        raise src.error(("grid_fins", "effectiveness"),
                        f"has {len(fins.effectiveness)} values but effectiveness_mach has "
                        f"{len(fins.effectiveness_mach)}")
    axis = fins.effectiveness_mach
    if any(b <= a for a, b in pairwise(axis)):
        raise src.error(("grid_fins", "effectiveness_mach"), "must be strictly increasing")
    if v.aero.alpha_deg[0] < 0.0 or v.aero.alpha_deg[-1] > 180.0:
        raise src.error(("aero", "alpha_deg"), "angles of attack run from 0 to 180 deg")
    if v.aero.mach[0] < 0.0:
        raise src.error(("aero", "mach"), "Mach numbers cannot be negative")


def load_vehicle(name_or_path: str | os.PathLike) -> VehicleSpec:
    """A vehicle by name (assets/vehicles/NAME.toml) or by path."""
    path = _resolve(name_or_path, vehicles_dir(), "vehicle")
    source = _read_toml(path, vehicles_dir(), "vehicle")
    spec = _validate(source, VehicleSpec)
    _check_vehicle(source, spec)
    return spec


# -------------------------------------------------------------------------------- levels
def _vehicle_for(src: _Source, spec: LevelSpec) -> VehicleSpec:
    name = spec.level.vehicle
    path = vehicles_dir() / f"{name}.toml"
    if not path.is_file():
        known = sorted(p.stem for p in vehicles_dir().glob("*.toml"))
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise src.error(("level", "vehicle"), f"unknown vehicle '{name}': there is no "
                        f"{display_path(path)} (known: {', '.join(known) or 'none'}){hint}")
    return load_vehicle(path)


def _check_start(src: _Source, spec: LevelSpec, v: VehicleSpec) -> None:
    start, given = spec.start, src.data.get("start", {})
    early = start.phase in EARLY_PHASES
    for key in LATE_START_KEYS if early else EARLY_START_KEYS:
        if key in given:
            family = "a deck-relative" if early else "an inertial"
            raise src.error(("start", key), f"not used in phase '{start.phase}' ({family} "
                            "field; see docs/levels.md)")
    limits = (
        ("propellant_kg", start.propellant_kg, tank_capacity_kg(v.mass), "the tanks hold"),
        ("nitrogen_kg", start.nitrogen_kg, v.rcs.nitrogen_capacity_kg, "the RCS holds"),
        ("hydraulic_fluid_kg", start.hydraulic_fluid_kg,
         v.grid_fins.hydraulic_fluid_capacity_kg, "the grid-fin hydraulics hold"),
    )
    for key, value, capacity, what in limits:
        if value > capacity * (1.0 + 1e-9):
            raise src.error(("start", key), f"{value:,.1f} kg is more than {what} "
                            f"({capacity:,.1f} kg on {v.vehicle.name})")
    if start.engine_starts_left > v.engines.tea_teb_starts:
        raise src.error(("start", "engine_starts_left"),
                        f"{start.engine_starts_left} is more than the vehicle's "
                        f"tea_teb_starts ({v.engines.tea_teb_starts})")


def _check_faults(src: _Source, spec: LevelSpec, v: VehicleSpec) -> None:
    raw = src.data.get("faults", [])
    for index, fault in enumerate(spec.faults):
        given = raw[index] if index < len(raw) and isinstance(raw[index], dict) else {}
        used, needed = FAULT_KEYS[fault.kind]
        for key in _FAULT_OPTIONAL:
            if key in given and key not in used:
                raise src.error(("faults", index, key),
                                f"not used by faults of kind '{fault.kind}'")
        for key in sorted(needed):
            if getattr(fault, key) is None:
                raise src.error(("faults", index), f"a '{fault.kind}' fault needs '{key}'")
        if fault.leg is not None and fault.leg > v.legs.count:
            raise src.error(("faults", index, "leg"),
                            f"leg {fault.leg} does not exist ({v.legs.count} legs)")
        if fault.engine is not None and fault.engine > v.engines.count:
            raise src.error(("faults", index, "engine"),
                            f"engine {fault.engine} does not exist ({v.engines.count} engines)")


def load_level(name_or_path: str | os.PathLike) -> Level:
    """A level by name (levels/NAME.toml) or by path, with its vehicle."""
    path = _resolve(name_or_path, levels_dir(), "level")
    source = _read_toml(path, levels_dir(), "level")
    spec = _validate(source, LevelSpec)
    vehicle = _vehicle_for(source, spec)
    _check_start(source, spec, vehicle)
    _check_faults(source, spec, vehicle)
    return Level(name=path.stem, path=path, spec=spec, vehicle=vehicle)


def list_levels(directory: Path | None = None) -> list[tuple[str, str]]:
    """(name, title) of every level file, sorted by name.

    A file that does not load is listed with ``BROKEN_PREFIX`` followed by its one-line
    error in place of the title.
    """
    folder = levels_dir() if directory is None else Path(directory)
    if not folder.is_dir():
        raise DataError(display_path(folder), "the levels folder does not exist")
    out = []
    for path in sorted(folder.glob("*.toml"), key=lambda p: p.stem):
        try:
            out.append((path.stem, load_level(path).spec.level.title))
        except DataError as exc:
            out.append((path.stem, f"{BROKEN_PREFIX}{exc}"))
    return out
