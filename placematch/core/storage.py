# SPDX-License-Identifier: MPL-2.0
"""Static files storage: hashed names and gzip; Brotli only when asked for (it is slow to build)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs: Any) -> Compressor:
        # Brotli at its best quality takes minutes for the design system's files on a small
        # machine; gzip gives most of the gain. Production builds may turn Brotli on.
        return Compressor(use_brotli=getattr(settings, "STATIC_BROTLI", False), **kwargs)
