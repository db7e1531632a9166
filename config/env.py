# SPDX-License-Identifier: MPL-2.0
"""The one place where environment variables are read and parsed into typed values."""

from __future__ import annotations

import os
from collections.abc import Mapping

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class EnvError(ValueError):
    """An environment variable holds a value that cannot be parsed."""


class Env:
    """Typed access to an environment mapping; every setting goes through one of these."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def string(self, name: str, default: str = "") -> str:
        return self._environ.get(name, default)

    def boolean(self, name: str, default: bool = False) -> bool:
        raw = self._environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        raise EnvError(f"{name} must be true or false, not {raw!r}")

    def integer(self, name: str, default: int) -> int:
        raw = self._environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise EnvError(f"{name} must be a whole number, not {raw!r}") from None

    def strings(self, name: str, default: list[str] | None = None) -> list[str]:
        raw = self._environ.get(name)
        if raw is None:
            return list(default or [])
        return [part.strip() for part in raw.split(",") if part.strip()]

    def mapping(self, name: str) -> dict[str, str]:
        """``key=value`` pairs separated by commas; an entry without ``=`` or a key is refused."""
        pairs: dict[str, str] = {}
        for part in self.strings(name):
            key, sep, value = part.partition("=")
            if not sep or not key.strip():
                raise EnvError(f"{name} must be key=value pairs separated by commas")
            pairs[key.strip()] = value.strip()
        return pairs
