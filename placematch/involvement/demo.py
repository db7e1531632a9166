# SPDX-License-Identifier: MPL-2.0
"""involvement: this app's part of the demo data."""

from placematch.core.demo import DemoContext


def load(ctx: DemoContext) -> None:
    """Nothing of its own: links belong to subjects of later apps, whose demos issue them.

    A feature app's demo calls ``placematch.involvement.services.link_issue`` for its
    subjects; the raw tokens are thrown away, as in real use.
    """
