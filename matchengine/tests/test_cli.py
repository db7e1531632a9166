# SPDX-License-Identifier: MPL-2.0
"""The command line: worked examples, schema files, and one-line errors with exit code 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from matchengine.cli import SCHEMAS, dumps, main, run_overview, run_rank

DOCS = Path(__file__).resolve().parents[2] / "docs" / "engine"


@pytest.mark.parametrize(("name", "runner"), [("rank", run_rank), ("overview", run_overview)])
def test_worked_examples_are_current(name, runner):
    data = json.loads((DOCS / "examples" / f"{name}-input.json").read_text(encoding="utf-8"))
    expected = (DOCS / "examples" / f"{name}-output.json").read_text(encoding="utf-8")
    assert runner(data) == expected


def test_cli_runs_an_example_in_a_subprocess():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "matchengine",
            "rank",
            "--input",
            str(DOCS / "examples" / "rank-input.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == (DOCS / "examples" / "rank-output.json").read_text(encoding="utf-8")


def test_committed_schemas_equal_generated_ones():
    for name, model in SCHEMAS.items():
        committed = (DOCS / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == dumps(model.model_json_schema()), name


def _example():
    return json.loads((DOCS / "examples" / "rank-input.json").read_text(encoding="utf-8"))


def _cli_error(tmp_path, capsys, text, command="rank"):
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    code = main([command, "--input", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ")
    return err


def test_missing_field(tmp_path, capsys):
    data = _example()
    del data["child"]["birth_date"]
    assert "child.birth_date" in _cli_error(tmp_path, capsys, json.dumps(data))


def test_unknown_code(tmp_path, capsys):
    data = _example()
    data["places"][0]["type"] = "castle"
    assert "places.0.type" in _cli_error(tmp_path, capsys, json.dumps(data))


def test_negative_age(tmp_path, capsys):
    data = _example()
    data["child"]["age"] = -1
    assert "child.age" in _cli_error(tmp_path, capsys, json.dumps(data))


@pytest.mark.parametrize("spelling", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_number_names_its_field(tmp_path, capsys, spelling):
    data = _example()
    text = json.dumps(data).replace(
        json.dumps(data["places"][0]["location"]), f'{{"lat": {spelling}, "lon": 10.0}}', 1
    )
    err = _cli_error(tmp_path, capsys, text)
    assert err == f"error: places.0.location.lat: {spelling} is not a finite number\n"


def test_non_finite_number_in_the_policy_names_its_field(tmp_path, capsys):
    text = json.dumps(_example() | {"policy": {"wishes_points": "X"}}).replace('"X"', "NaN")
    assert "policy.wishes_points: NaN" in _cli_error(tmp_path, capsys, text)


def test_nan_is_refused_by_the_models_too():
    data = _example()
    data["places"][0]["location"]["lat"] = float("nan")
    from matchengine.models import RankRequest

    with pytest.raises(ValueError, match="finite"):
        RankRequest.model_validate(data)


def test_malformed_json(tmp_path, capsys):
    assert "malformed JSON" in _cli_error(tmp_path, capsys, '{"reference_date": ')


def _cli_ok(tmp_path, capsys, data, command):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code = main([command, "--input", str(path)])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_no_places_ranks_to_an_empty_result(tmp_path, capsys):
    result = _cli_ok(tmp_path, capsys, _example() | {"places": []}, "rank")
    assert result["place_count"] == 0
    assert result["top"] == result["ranked"] == result["excluded"] == []


def test_no_places_gives_an_overview_with_every_child_unplaced(tmp_path, capsys):
    data = json.loads((DOCS / "examples" / "overview-input.json").read_text(encoding="utf-8"))
    data |= {"places": [], "pins": [], "forbids": []}
    result = _cli_ok(tmp_path, capsys, data, "overview")
    assert result["objective"]["placed_children"] == 0
    assert {c["unplaced_reason"] for c in result["children"]} == {"no_feasible_place"}
    assert len(result["children"]) == len(data["children"])


def test_missing_place_list_is_still_an_error(tmp_path, capsys):
    data = _example()
    del data["places"]
    assert "places: Field required" in _cli_error(tmp_path, capsys, json.dumps(data))


def test_overview_bad_pin(tmp_path, capsys):
    data = json.loads((DOCS / "examples" / "overview-input.json").read_text(encoding="utf-8"))
    data["pins"] = [{"child_id": "nobody", "place_id": data["places"][0]["id"]}]
    assert "pins[0].child_id" in _cli_error(tmp_path, capsys, json.dumps(data), "overview")


def test_missing_file(capsys):
    assert main(["rank", "--input", "/nonexistent/x.json"]) == 2
    assert capsys.readouterr().err.startswith("error: cannot read")
