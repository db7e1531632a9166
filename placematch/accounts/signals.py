# SPDX-License-Identifier: MPL-2.0
"""accounts: signals for the apps above; the access log (audit) listens, accounts cannot call it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that confirmed a new authenticator, with the keyword arguments
# user, device, replaced (True when it replaced a confirmed one) and request (or None).
second_factor_changed = Signal()
