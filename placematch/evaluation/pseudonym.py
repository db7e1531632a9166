# SPDX-License-Identifier: MPL-2.0
"""evaluation: keyed pseudonyms for the export, stable per recipient and not reversible.

A recipient's key is HMAC-SHA256 over the recipient's code, keyed by the municipality's secret
(``PLACEMATCH_EXPORT_SECRETS``); a pseudonym is HMAC-SHA256 over a record's kind and id, keyed
by the recipient's key, cut to 128 bits. The same child gets the same pseudonym in every export
to one recipient and another one for another recipient; without the municipality's secret
nobody can compute or reverse it (ADR 0017).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

SCHEME = "placematch-export-v1"
PSEUDONYM_HEX = 32  # 128 bits: no collision in any municipality's lifetime


class MissingSecretError(Exception):
    """No secret is set for the municipality, and this is not development or a test."""


def municipality_secret(municipality_code: str) -> bytes:
    """The municipality's secret from settings; the development default only outside production."""
    secret = settings.EXPORT_SECRETS.get(municipality_code) or settings.EXPORT_DEVELOPMENT_SECRET
    if not secret:
        raise MissingSecretError(municipality_code)
    return str(secret).encode()


def recipient_key(secret: bytes, recipient_code: str) -> bytes:
    """The key for one recipient: derived, never stored, so a leaked export reveals no other."""
    message = f"{SCHEME}/recipient/{recipient_code}".encode()
    return hmac.new(secret, message, hashlib.sha256).digest()


def pseudonym(key: bytes, kind: str, ident: object) -> str:
    """The pseudonym of one record (``kind`` "child" or "placement") for the key's recipient."""
    message = f"{SCHEME}/{kind}/{ident}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]
