# SPDX-License-Identifier: MPL-2.0
"""``make load``: the concurrent load test against the national dataset on gunicorn and PostgreSQL.

Builds the national dataset if the database is empty, writes the plan, starts gunicorn (two
workers, 127.0.0.1 only), and runs Locust headless, bounded in users and time:

1. *think*: LOAD_USERS simulated staff (200) with about LOAD_THINK seconds (5) between clicks,
   for LOAD_SECONDS (120) after they have all signed in: p50/p95/p99 per page and errors;
2. *saturation*: per page, LOAD_SAT_USERS users (10) without think time for LOAD_SAT_SECONDS
   (25): requests per second, and the gunicorn workers' CPU time per request (the server cost,
   read from /proc, so the load generator's own CPU does not count).

Each figure is printed with the load average, and the whole is written as Markdown to
LOAD_OUT (default ``load/last-run.md``). gunicorn and Locust are stopped at the end, always.
"""

from __future__ import annotations

import csv
import datetime
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pm_national")
PORT = int(os.environ.get("LOAD_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
USERS = int(os.environ.get("LOAD_USERS", "200"))
THINK = float(os.environ.get("LOAD_THINK", "5"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "120"))
SAT_USERS = int(os.environ.get("LOAD_SAT_USERS", "10"))
SAT_SECONDS = int(os.environ.get("LOAD_SAT_SECONDS", "25"))
# Seconds after the last user started before the CPU time is read.
SETTLE = 5
# Users started per second.
RATE = int(os.environ.get("LOAD_RATE", "2"))
# Saturation only for these pages (comma-separated), e.g. "baseline"; LOAD_USERS=0 skips part 1.
PAGES_ONLY = [p for p in os.environ.get("LOAD_PAGES", "").split(",") if p]
OUT = Path(os.environ.get("LOAD_OUT", ROOT / "load" / "last-run.md"))
# The pages of the saturation runs and the simulated user who opens each.
SATURATION = (
    ("baseline", "Caseworker"),
    ("dashboard", "Caseworker"),
    ("case list", "TeamLeader"),
    ("case search", "Caseworker"),
    ("case page", "Caseworker"),
    ("match page", "Caseworker"),
    ("inquiry list", "Caseworker"),
    ("provider inbox", "ProviderStaff"),
    ("figures", "Analyst"),
)
PAGES = (
    "baseline", "dashboard", "case list", "case list search", "case page", "match page",
    "inquiry list", "provider inbox", "provider inquiry", "figures",
)  # fmt: skip
TICKS = os.sysconf("SC_CLK_TCK")


def _env() -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=DATABASE_URL, DJANGO_ENV="development")
    env.pop("DJANGO_DEBUG", None)
    return env


def _manage(*args: str) -> None:
    subprocess.run(  # noqa: S603
        [PY, "manage.py", *args], cwd=ROOT, env=_env(), check=True
    )


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _workers(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(entry.name))
    return found


def _cpu(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def _wait_ready() -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{HOST}/health/", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer on /health/")


def _locust(plan: Path, prefix: Path, users: int, seconds: int, think: float, page: str = "",
            user_class: str = "", workers: list[int] | None = None
            ) -> tuple[dict[str, dict[str, str]], float]:  # fmt: skip
    """Run Locust; the stats per page and, with ``workers``, their CPU seconds per second of
    the measured window (after every user has signed in, before the end)."""
    env = dict(os.environ, LOAD_PLAN=str(plan), LOAD_THINK=str(think), LOAD_PAGE=page)
    # Sign-ins hash a password (about half a second of CPU each): start users gently.
    rate = max(1, min(users, RATE))
    ramp = users // rate + 3
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "load" / "locustfile.py"), "--headless",
        "--host", HOST, "-u", str(users), "-r", str(rate),
        "--run-time", f"{seconds + ramp}s", "--reset-stats", "--csv", str(prefix),
        "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5",
    ]  # fmt: skip
    if user_class:
        command.append(user_class)
    with open(f"{prefix}.log", "w", encoding="utf-8") as log:
        runner = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    busy = 0.0
    if workers:
        # Sign-ins hash a password: leave them out of the measured window.
        time.sleep(ramp + SETTLE)
        cpu, began = _cpu(workers), time.monotonic()
        time.sleep(max(1, seconds - SETTLE - 2))
        busy = (_cpu(workers) - cpu) / (time.monotonic() - began)
    runner.wait()
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}, busy


def _think_table(rows: dict[str, dict[str, str]]) -> list[str]:
    base = float(rows.get("baseline", {}).get("50%", 0) or 0)
    lines = [
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | p50 / baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in (*PAGES, "Aggregated"):
        row = rows.get(name)
        if row is None:
            continue
        p50 = float(row["50%"])
        ratio = f"{p50 / base:.1f}" if base else "–"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
            f"| {row['95%']} | {row['99%']} | {ratio} |"
        )
    return lines


def _ensure_database() -> None:
    """Create the load database when it is missing (PostgreSQL only)."""
    import psycopg
    from psycopg import sql

    url = urllib.parse.urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    server = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main() -> None:
    if not DATABASE_URL.startswith("postgres"):
        raise SystemExit("make load runs on PostgreSQL: set LOAD_DATABASE_URL=postgres://…")
    _ensure_database()
    _manage("migrate", "--noinput", "--verbosity", "0")
    _manage("national_data", "--if-empty", "--i-know-this-is-not-production")
    work = Path(tempfile.mkdtemp(prefix="placematch-load-"))
    plan = work / "plan.json"
    subprocess.run(  # noqa: S603
        [PY, "-m", "load.plan", str(plan)], cwd=ROOT, env=_env(), check=True
    )
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2",
         "--log-level", "warning"],
        cwd=ROOT, env=_env(), start_new_session=True,
    )  # fmt: skip
    report = [f"# Load test, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC", ""]
    try:
        _wait_ready()
        workers = _workers(gunicorn.pid)
        report += [
            f"## {USERS} users, about {THINK:g} s between clicks, {SECONDS} s measured",
            "",
            f"Before: {_load()}.",
            "",
        ]
        rows, _busy = _locust(plan, work / "think", USERS, SECONDS, THINK) if USERS else ({}, 0.0)
        total = rows.get("Aggregated", {})
        report += _think_table(rows)
        report += [
            "",
            f"{float(total.get('Requests/s', 0) or 0):.1f} requests/s; after: {_load()}.",
            "",
            f"## Saturation: {SAT_USERS} users without think time, {SAT_SECONDS} s per page",
            "",
            "| page | requests/s | errors | p50 ms | p95 ms | worker CPU ms / request "
            "| load average |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]  # fmt: skip
        for page, user_class in SATURATION:
            if PAGES_ONLY and page not in PAGES_ONLY:
                continue
            sat, busy = _locust(plan, work / f"sat-{page.replace(' ', '-')}", SAT_USERS,
                                SAT_SECONDS, 0, page=page, user_class=user_class,
                                workers=workers)  # fmt: skip
            name = "case list search" if page == "case search" else page
            row = sat.get(name, {})
            rate = float(row.get("Requests/s", 0) or 0)
            per = f"{1000 * busy / rate:.1f}" if rate else "–"
            report.append(
                f"| {name} | {rate:.0f} | "
                f"{row.get('Failure Count', '–')} | {row.get('50%', '–')} | {row.get('95%', '–')} "
                f"| {per} | {' '.join(f'{x:.2f}' for x in os.getloadavg())} |"
            )
            print(report[-1], flush=True)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)
    text = "\n".join(report) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {OUT.relative_to(ROOT) if OUT.is_relative_to(ROOT) else OUT}.")


if __name__ == "__main__":
    main()
