# SPDX-License-Identifier: MPL-2.0
"""Start the server the way `make run` does, wait for the login page and log in over HTTP."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
ROOT = Path(__file__).resolve().parent.parent


def worker_ran(database: Path) -> int:
    """The task worker beside the server ran a task (the scheduler enqueues some at start)."""
    query = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"
    for _ in range(120):
        with closing(sqlite3.connect(database, timeout=20)) as db:
            done = db.execute(query).fetchone()[0]
        if done:
            print(f"smoke: the task worker ran {done} task(s)")
            return 0
        time.sleep(1)
    print("smoke: the task worker ran no task within 120 s")
    return 1


def main() -> int:
    database = Path(tempfile.mkdtemp()) / "smoke.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    started = time.monotonic()
    # The server's output goes to a file: a pipe nobody reads while it runs would fill up and
    # stop the server, the worker and the scheduler at their next log line.
    output = database.with_suffix(".log")
    with output.open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            ["make", "run", f"PORT={PORT}"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    try:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = ""
        for _ in range(300):
            if server.poll() is not None:
                print(output.read_text()[-20000:])
                print("smoke: make run exited early")
                return 1
            try:
                with opener.open(f"{BASE}/login/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(1)
        else:
            print(output.read_text()[-20000:])
            print("smoke: the login page did not answer within 300 s")
            return 1
        print(f"smoke: login page up after {time.monotonic() - started:.0f} s")
        assert "Log ind" in page, "the login page is not Danish"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": "demo-aadalen-caseworker",
                "password": "demo-adgang-2026",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310
            f"{BASE}/login/", data=form, headers={"Referer": f"{BASE}/login/"}
        )
        with opener.open(request, timeout=10) as response:
            dashboard = response.read().decode()
            final_url = response.geturl()
        assert final_url == f"{BASE}/", f"login did not reach the dashboard: {final_url}"
        assert "Velkommen" in dashboard, "the dashboard does not greet the demo user"
        print("smoke: demo login works")
        return worker_ran(database)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
