# SPDX-License-Identifier: MPL-2.0
"""accounts: signals for the apps above; the access log (audit) listens, accounts cannot call it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that confirmed a new authenticator, with the keyword arguments
# user, device, replaced (True when it replaced a confirmed one) and request (or None).
second_factor_changed = Signal()

# Sent inside the transaction of a sign-in through an identity provider that created or found
# the user, with user, provider, created (True for a new account), changed (the names of the
# fields the claims changed) and request (or None).
external_sign_in = Signal()
