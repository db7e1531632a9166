# SPDX-License-Identifier: MPL-2.0
"""Serve the site with the task worker and the scheduler beside it: what `make run` starts."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")


class Command(BaseCommand):
    help = (
        "Start the development server, a task worker (tasks_worker) and the scheduler "
        "(tasks_schedule) as one command; Ctrl-C or a stopped part stops all three."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        commands = {
            "web": ["runserver", "--noreload", options["addrport"]],
            # Polls twice a second, so a decision's PDFs start within half a second.
            "worker": ["tasks_worker", "--no-reload", "--interval", "0.5", "--queue-name", "*"],
            "scheduler": ["tasks_schedule"],
        }
        parts = {
            name: subprocess.Popen([sys.executable, MANAGE, *argv])  # noqa: S603
            for name, argv in commands.items()
        }
        self.stdout.write(
            "run_with_worker: "
            + ", ".join(f"{name} (pid {part.pid})" for name, part in parts.items())
            + " started"
        )
        self.stdout.flush()
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        code = 0
        while not stopping:
            ended = [name for name, part in parts.items() if part.poll() is not None]
            if ended:
                code = parts[ended[0]].returncode or 1
                self.stderr.write(f"run_with_worker: {ended[0]} stopped; stopping the others")
                break
            time.sleep(0.5)
        for part in parts.values():
            if part.poll() is None:
                part.terminate()
        deadline = time.monotonic() + 10
        for part in parts.values():
            try:
                part.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                part.kill()
        if code:
            sys.exit(code)
