# SPDX-License-Identifier: MPL-2.0
"""Route matrix samples for accounts: the sign-in through an identity provider, by short name."""

from __future__ import annotations

# No provider has this short name: the start answers 404 to everyone, never a 5xx.
SAMPLES = {"accounts:oidc_start": lambda ctx: {"slug": "testlogin"}}
