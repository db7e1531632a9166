# SPDX-License-Identifier: MPL-2.0
"""preparation: what it tells apps above it, which preparation never imports.

``placement_started`` is sent by the move (``services_move.placement_start``) inside its
transaction, once per started placement, with ``started`` (the ``StartedPlacement``), ``actor``
(None for the daily move) and ``request``. A receiver that raises rolls the move back, so what
it writes exists exactly when the placement does (``followup`` opens the placement record).
"""

from __future__ import annotations

from django.dispatch import Signal

placement_started = Signal()
