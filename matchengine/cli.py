# SPDX-License-Identifier: MPL-2.0
"""Command line: rank, overview and schema; JSON out, one-line errors with exit code 2."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from matchengine.models import OverviewRequest, RankRequest
from matchengine.overview import overview
from matchengine.ranking import rank
from matchengine.results import OverviewResult, RankResult

SCHEMAS: dict[str, type[BaseModel]] = {
    "rank-request": RankRequest,
    "rank-result": RankResult,
    "overview-request": OverviewRequest,
    "overview-result": OverviewResult,
}


class CliError(Exception):
    """A problem the user can fix; shown as one line."""


def dumps(data: Any) -> str:
    """Canonical JSON: sorted keys, fixed indentation, trailing newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


class _NonFinite(float):
    """A NaN or infinity read from the input, kept with its spelling until its field is known."""

    spelling: str

    def __new__(cls, spelling: str) -> _NonFinite:
        value = super().__new__(cls, spelling)
        value.spelling = spelling
        return value


def _number(text: str) -> float:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(text)


def _non_finite_field(data: Any, path: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The path (as validation errors name it) and spelling of the first non-finite number."""
    if isinstance(data, float) and not math.isfinite(data):
        return ".".join(path) or "input", getattr(data, "spelling", repr(data))
    items: Any = ()
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    for key, value in items:
        found = _non_finite_field(value, (*path, str(key)))
        if found is not None:
            return found
    return None


def _load(path: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror}") from None
    try:
        data = json.loads(text, parse_constant=_NonFinite, parse_float=_number)
    except json.JSONDecodeError as error:
        raise CliError(f"malformed JSON in {path}: {error.msg} at line {error.lineno}") from None
    # NaN, Infinity and numbers too large for a float (1e999) are valid to Python's reader but
    # not to the engine: name the field, as a validation error would.
    found = _non_finite_field(data)
    if found is not None:
        where, spelling = found
        raise CliError(f"{where}: {spelling} is not a finite number")
    return data


def describe(error: ValidationError) -> str:
    """The first validation problem as 'field.path: message' (and how many more)."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "input"
    more = error.error_count() - 1
    return f"{where}: {first['msg']}" + (f" (and {more} more)" if more else "")


def run_rank(data: Any) -> str:
    """Validate a rank request and return the result as canonical JSON."""
    return dumps(rank(RankRequest.model_validate(data)).model_dump(mode="json"))


def run_overview(data: Any) -> str:
    """Validate an overview request and return the result as canonical JSON."""
    return dumps(overview(OverviewRequest.model_validate(data)).model_dump(mode="json"))


def write_schemas(directory: Path) -> list[Path]:
    """Write the JSON Schema of every request and result model."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = directory / f"{name}.schema.json"
        path.write_text(dumps(model.model_json_schema()), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python -m matchengine``."""
    parser = argparse.ArgumentParser(prog="python -m matchengine", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("rank", "overview"):
        sub = commands.add_parser(name, help=f"{name} from a JSON request")
        sub.add_argument("--input", required=True, help="request file (JSON)")
    schema = commands.add_parser("schema", help="write JSON Schema files")
    schema.add_argument("--output-dir", default="docs/engine/schema")
    args = parser.parse_args(argv)
    try:
        if args.command == "schema":
            for path in write_schemas(Path(args.output_dir)):
                sys.stdout.write(f"{path}\n")
            return 0
        data = _load(args.input)
        runner = run_rank if args.command == "rank" else run_overview
        sys.stdout.write(runner(data))
        return 0
    except ValidationError as error:
        message = describe(error)
    except (CliError, ValueError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
    except Exception as error:  # one line, never a traceback, even for the unexpected
        message = f"internal error: {type(error).__name__}: {error}".splitlines()[0]
    sys.stderr.write(f"error: {message}\n")
    return 2
