# SPDX-License-Identifier: MPL-2.0
"""Fail when any UI string lacks a Danish translation, is fuzzy, or is missing from a catalogue."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

LANGUAGE = "da"
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".svg"}


def _copy_sources(app_dir: Path, target: Path) -> None:
    for path in app_dir.rglob("*"):
        relative = path.relative_to(app_dir)
        if "__pycache__" in relative.parts or "static" in relative.parts:
            continue
        keep = path.suffix in SOURCE_SUFFIXES or (
            path.suffix == ".po" and "locale" in relative.parts
        )
        if path.is_file() and keep:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)


def _messages(po: Path, *flags: str) -> list[str]:
    result = subprocess.run(  # noqa: S603
        ["msgattrib", *flags, "--no-wrap", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        line[len('msgid "') : -1]
        for line in result.stdout.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    ]


class Command(BaseCommand):
    help = "Check that every app's Danish catalogue is complete and has no fuzzy entries."

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.BASE_DIR) / "placematch"
        problems: list[str] = []
        checked = 0
        cwd = Path.cwd()
        try:
            for app_dir in sorted(p for p in root.iterdir() if (p / "apps.py").exists()):
                with tempfile.TemporaryDirectory() as tmp:
                    work = Path(tmp) / app_dir.name
                    _copy_sources(app_dir, work)
                    (work / "locale").mkdir(exist_ok=True)
                    os.chdir(work)
                    call_command(
                        "makemessages",
                        locale=[LANGUAGE],
                        no_location=True,
                        no_obsolete=True,
                        verbosity=0,
                    )
                    po = work / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
                    if not po.exists():
                        continue
                    checked += 1
                    for msgid in _messages(po, "--untranslated"):
                        problems.append(f"{app_dir.name}: untranslated: {msgid}")
                    for msgid in _messages(po, "--only-fuzzy"):
                        problems.append(f"{app_dir.name}: fuzzy: {msgid}")
        finally:
            os.chdir(cwd)
        if problems:
            listing = "\n".join(problems[:200])
            raise CommandError(
                f"{len(problems)} UI strings lack a Danish translation "
                f"(run `make translations`, then translate):\n{listing}"
            )
        self.stdout.write(f"Danish translations complete in {checked} catalogues.")
