"""The loader: names and paths, one-line errors for every kind of broken file, the listing."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest

from game.data.errors import DataError, dotted, show
from game.data.loader import (
    BROKEN_PREFIX,
    MAX_FILE_BYTES,
    Level,
    levels_dir,
    list_levels,
    load_level,
    load_vehicle,
    project_root,
    vehicles_dir,
)
from game.data.toml_scan import MAX_DEPTH, scan_toml

BROKEN = Path(__file__).parent / "broken"
MARKER = "# HERE"

# (fixture, field named in the message or None, fragments, line: "marker" = the line with
# "# HERE" in the fixture, an int, or None when the problem has no line)
CASES = [
    ("nan", "start.altitude_m", ["expected a finite number >= 0, got nan"], "marker"),
    ("inf", "start.horizontal_speed_mps", ["expected a finite number >= 0, got inf"],
     "marker"),
    ("negative_mass", "start.propellant_kg", ["expected a finite number >= 0, got -500.0"],
     "marker"),
    ("unknown_key", "weather.colour", ["unknown key 'colour' in [weather]",
                                       "valid keys: wind_speed_mps"], "marker"),
    ("typo_key", "start.altitud_m", ["unknown key 'altitud_m' in [start]",
                                     "did you mean 'altitude_m'?"], "marker"),
    ("unknown_table", "wether", ["unknown table [wether]; did you mean [weather]?"], "marker"),
    ("top_level_key", "difficulty", ["unknown key 'difficulty' at the top level"], "marker"),
    ("wrong_type", "start.altitude_m", ['expected a finite number >= 0, got the string "3000"'],
     "marker"),
    ("wrong_type_int", "start.engine_starts_left",
     ["expected an integer in [0, 20], got 2.5"], "marker"),
    ("wrong_type_table", "weather", ["expected a table, got 5 (an integer)"], "marker"),
    ("missing_required", "start.propellant_kg",
     ["missing required key 'propellant_kg' in [start]"], "marker"),
    ("missing_table", "start", ["missing required table [start]"], None),
    ("bad_syntax", None, ["TOML syntax error", "column 19"], "marker"),
    ("duplicate_key", None, ["TOML syntax error", "Cannot overwrite a value"], "marker"),
    ("deep_nesting", None, [f"nested more than {MAX_DEPTH} levels deep"], "marker"),
    ("deep_inline_tables", None, [f"nested more than {MAX_DEPTH} levels deep"], "marker"),
    ("deep_table_header", None, [f"nested more than {MAX_DEPTH} levels deep"], "marker"),
    ("unknown_vehicle", "level.vehicle",
     ["unknown vehicle 'falcon9_fullthrust'", "assets/vehicles/falcon9_fullthrust.toml",
      "known: falcon9_ft, falcon9_v1_1", "did you mean 'falcon9_ft'?"], "marker"),
    ("bad_vehicle_name", "level.vehicle", ["expected a name of letters", '"../secret"'],
     "marker"),
    ("bad_phase", "start.phase", ["expected one of 'separation'", 'got "landing"',
                                  "did you mean 'landing_burn'?"], "marker"),
    ("phase_fields_missing", "start",
     ["phase 'landing_burn' needs vertical_speed_mps, horizontal_speed_mps"], "marker"),
    ("phase_wrong_family", "start.heading_deg",
     ["not used in phase 'landing_burn'", "an inertial field"], "marker"),
    ("too_much_propellant", "start.propellant_kg",
     ["500,000.0 kg is more than the tanks hold", "400,00"], "marker"),
    ("too_many_starts", "start.engine_starts_left", ["more than the vehicle's tea_teb_starts"],
     "marker"),
    ("fault_bad_kind", "faults[0].kind", ["did you mean 'collet_latch'?"], "marker"),
    ("fault_bad_leg", "faults[1].leg", ["expected an integer in [1, 4], got 5"], "marker"),
    ("fault_needs_leg", "faults[0]", ["a 'collet_latch' fault needs 'leg'"], "marker"),
    ("fault_unused_key", "faults[0].throttle_lag_s",
     ["not used by faults of kind 'engine_start'"], "marker"),
    ("out_of_range", "weather.gust_intensity", ["expected a finite number in [0, 1], got 1.5"],
     "marker"),
    ("two_problems", "start.altitude_m", ["got -1.0", "(and 1 more problem)"], "marker"),
    ("inline_table", "sea.peak_period_s", ["expected a finite number in [2, 25], got nan"],
     "marker"),
    ("dotted_key", "physics.dt_s", ["expected a finite number > 0 and <= 0.05, got 0.5"],
     "marker"),
    ("title_missing", "level.title", ["at least 1 character"], "marker"),
    ("not_utf8", None, ["not UTF-8 text: byte 0xe9"], 2),
    ("empty", None, ["the file is empty", "[level] and a [start] table"], None),
    ("comments_only", None, ["has no keys or tables"], None),
]


def _marker_line(path: Path) -> int:
    lines = path.read_bytes().decode("latin-1").splitlines()
    found = [n for n, text in enumerate(lines, start=1) if MARKER in text]
    assert len(found) == 1, f"{path.name} needs exactly one '{MARKER}' marker"
    return found[0]


def test_every_broken_fixture_has_a_case():
    assert {p.stem for p in BROKEN.glob("*.toml")} == {case[0] for case in CASES}


@pytest.mark.parametrize(("name", "field", "fragments", "line"), CASES,
                         ids=[case[0] for case in CASES])
def test_a_broken_level_is_refused_with_one_line_naming_file_field_and_line(
        name, field, fragments, line):
    path = BROKEN / f"{name}.toml"
    with pytest.raises(DataError) as info:
        load_level(path)
    error, message = info.value, str(info.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.startswith(f"tests/data/broken/{name}.toml")
    assert error.field == field
    if field is not None:
        assert f": {field} (" in message or f": {field}: " in message
    for fragment in fragments:
        assert fragment in message
    expected_line = _marker_line(path) if line == "marker" else line
    assert error.line == expected_line
    if expected_line is not None:
        assert f"(line {expected_line}" in message
    else:
        assert "(line " not in message


def test_a_file_over_one_mebibyte_is_refused_before_parsing(tmp_path):
    good = (levels_dir() / "practice_touchdown.toml").read_text()
    big = tmp_path / "big.toml"
    big.write_text(good + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    with pytest.raises(DataError) as info:
        load_level(big)
    message = str(info.value)
    assert "\n" not in message and "big.toml" in message
    assert "at most 1,048,576 bytes" in message


def test_moderate_nesting_is_parsed_and_reported_as_the_unknown_key_it_is(tmp_path):
    good = (levels_dir() / "practice_touchdown.toml").read_text()
    path = tmp_path / "nested.toml"
    path.write_text("extra = " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n" + good)
    with pytest.raises(DataError) as info:
        load_level(path)
    assert info.value.line == 1
    assert "unknown key 'extra' at the top level" in str(info.value)


def test_a_level_loads_by_name_and_by_path_into_a_frozen_level():
    by_name = load_level("practice_touchdown")
    by_path = load_level(str(levels_dir() / "practice_touchdown.toml"))
    assert isinstance(by_name, Level)
    assert by_name.name == by_path.name == "practice_touchdown"
    assert by_name.path == levels_dir() / "practice_touchdown.toml"
    assert by_name.spec == by_path.spec
    assert load_level("practice_touchdown.toml").path == by_name.path  # from any folder
    assert by_name.vehicle == load_vehicle("falcon9_ft")
    assert by_name.spec.start.altitude_m == 300.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        by_name.name = "other"  # type: ignore[misc]


def test_an_unknown_level_name_says_where_levels_are_looked_for_and_suggests():
    with pytest.raises(DataError) as info:
        load_level("practice_touchdwn")
    message = str(info.value)
    assert message.startswith("levels/practice_touchdwn.toml: not found")
    assert f"levels are looked for in {levels_dir()}" in message
    assert "did you mean 'practice_touchdown'?" in message


def test_missing_paths_bad_names_and_folders_are_one_line_errors(tmp_path):
    with pytest.raises(DataError, match=r"nowhere\.toml: not found"):
        load_level(tmp_path / "nowhere.toml")
    with pytest.raises(DataError, match="not a level name"):
        load_level("two words")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(DataError, match="not a file"):
        load_level(folder)
    with pytest.raises(DataError) as info:
        load_vehicle("falcon9_fr")
    assert "vehicles are looked for in" in str(info.value)
    assert "did you mean 'falcon9_ft'?" in str(info.value)


def _vehicle_variant(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = (vehicles_dir() / "falcon9_ft.toml").read_text()
    assert text.count(old) == 1, old
    line = text[:text.index(old)].count("\n") + 1
    path = tmp_path / "variant.toml"
    path.write_text(text.replace(old, new))
    return path, line


@pytest.mark.parametrize(("old", "new", "field", "fragment"), [
    ("dry_mass_kg = 22200.0", "dry_mass_kg = -22200.0", "mass.dry_mass_kg",
     "expected a finite number > 0, got -22200.0"),
    ("[0.705, 0.705, 0.752,", "[0.705, 0.705, nan,", "aero.axial_coefficient[3][2]",
     "expected a finite number, got nan"),
    ("crush_stroke_m = 0.08", "crush_strok_m = 0.08", "legs.crush_strok_m",
     "did you mean 'crush_stroke_m'?"),
    ("lox_tank_top_station_m = 39.5", "lox_tank_top_station_m = 60.0",
     "mass.lox_tank_top_station_m", "beyond the stage's length_m 47.9 m"),
    ("effectiveness = [1.0, 1.0, 0.85,", "effectiveness = [1.0, 0.85,",
     "grid_fins.effectiveness", "has 9 values but effectiveness_mach has 10"),
    ("thrust_vac_n = 825000.0", "thrust_vac_n = 700000.0", "engines",
     "thrust_sl_n must not exceed thrust_vac_n"),
    ("tea_teb_starts = 4", "tea_teb_starts = true", "engines.tea_teb_starts",
     "got true (a boolean)"),
])
def test_a_broken_vehicle_is_refused_with_its_field_and_line(tmp_path, old, new, field,
                                                             fragment):
    path, line = _vehicle_variant(tmp_path, old, new)
    with pytest.raises(DataError) as info:
        load_vehicle(path)
    message = str(info.value)
    assert "\n" not in message and "variant.toml" in message
    assert info.value.field == field
    assert fragment in message
    if field == "engines":  # a check across the table: reported at its header
        assert info.value.line == (vehicles_dir() / "falcon9_ft.toml").read_text().splitlines(
        ).index("[engines]") + 1
    else:
        assert info.value.line == line


def test_list_levels_gives_titles_sorted_and_lists_broken_files_with_their_error(tmp_path):
    shutil.copy(levels_dir() / "practice_touchdown.toml", tmp_path / "b_good.toml")
    shutil.copy(BROKEN / "nan.toml", tmp_path / "a_broken.toml")
    (tmp_path / "notes.txt").write_text("not a level")
    listed = list_levels(tmp_path)
    assert [name for name, _ in listed] == ["a_broken", "b_good"]
    assert listed[1][1] == "Practice: touchdown"
    broken = listed[0][1]
    assert broken.startswith(BROKEN_PREFIX)
    assert "a_broken.toml: start.altitude_m" in broken and "got nan" in broken


def test_the_project_root_can_be_moved_with_hoverslam_root(tmp_path, monkeypatch):
    (tmp_path / "assets").mkdir()
    shutil.copytree(vehicles_dir(), tmp_path / "assets" / "vehicles")
    (tmp_path / "levels").mkdir()
    shutil.copy(levels_dir() / "practice_touchdown.toml", tmp_path / "levels" / "only.toml")
    monkeypatch.setenv("HOVERSLAM_ROOT", str(tmp_path))
    assert project_root() == tmp_path
    assert list_levels() == [("only", "Practice: touchdown")]
    assert load_level("only").path == tmp_path / "levels" / "only.toml"


def test_data_error_is_one_line_and_survives_pickling():
    error = DataError("levels/x.toml", "first\nsecond   third", field="start.phase", line=3)
    assert str(error) == "levels/x.toml: start.phase (line 3): first second third"
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and copy.line == 3 and copy.field == "start.phase"
    assert str(DataError("a.toml", "gone")) == "a.toml: gone"
    assert str(DataError("a.toml", "bad", line=2, column=5)) == "a.toml (line 2, column 5): bad"


def test_the_scanner_finds_keys_past_strings_comments_inline_tables_and_array_tables():
    text = (
        's = """\n[fake]\nkey = 1\n"""\n'  # lines 1-4: a multi-line string
        'a.b."c d" = 1  # [ not a header\n'  # 5
        "arr = [\n"  # 6
        "  1, # one\n"  # 7
        "  [2, 3],\n"  # 8
        "  { k = 4, m = [5,\n"  # 9
        "    6] },\n"  # 10
        "]\n"  # 11
        "[[f]]\nx = 1\n[[f]]\ny = ']['\n"  # 12-15
    )
    scan = scan_toml(text)
    assert ("fake",) not in scan.lines and ("key",) not in scan.lines
    assert scan.lines[("a", "b", "c d")] == 5
    assert scan.lines[("arr", 0)] == 7 and scan.lines[("arr", 1, 1)] == 8
    assert scan.lines[("arr", 2, "m", 1)] == 10
    assert scan.lines[("f", 1, "y")] == 15 and scan.lines[("f", 0)] == 12
    assert scan.line_of(("f", 1, "missing")) == 14
    assert scan.too_deep_line is None


def test_paths_and_values_are_shown_the_toml_way():
    assert dotted(("faults", 0, "kind")) == "faults[0].kind"
    assert dotted(("aero", "axial_coefficient", 3, 2)) == "aero.axial_coefficient[3][2]"
    assert show(float("nan")) == "nan" and show(float("-inf")) == "-inf"
    assert show(True) == "true" and show("x" * 50).endswith('..."')
    assert show([1, 2]) == "an array of 2 values" and show({}) == "a table"


def test_the_complete_example_in_docs_levels_md_loads(tmp_path):
    doc = (project_root() / "docs" / "levels.md").read_text()
    start = doc.index("## A complete level")
    block = doc[doc.index("```toml\n", start) + len("```toml\n"):doc.index("```\n", start + 30)]
    path = tmp_path / "example.toml"
    path.write_text(block)
    level = load_level(path)
    assert level.spec.level.title == "CRS-8: the first drone-ship landing"
    assert level.spec.faults[0].throttle_lag_s == 0.8
    assert level.spec.physics.dt_s == pytest.approx(1.0 / 120.0)
