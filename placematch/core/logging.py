# SPDX-License-Identifier: MPL-2.0
"""JSON-lines log formatter; records carry codes and ids, never personal data or tokens."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

# Request objects and arguments can carry personal data; only these fields are written.
# Secure-link tokens live in the first path segment after /l/; they never reach a log line.
_TOKEN_IN_PATH = re.compile(r"/l/[^/\s?#]+")

_EXTRA_FIELDS = ("status_code", "event", "object_type", "object_id", "count", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in _EXTRA_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def redact(text: str) -> str:
    """Hide secure-link tokens in a log message."""
    return _TOKEN_IN_PATH.sub("/l/[redacted]", text)
