# SPDX-License-Identifier: MPL-2.0
"""preparation: this app's part of the demo data."""

from placematch.core.demo import DemoContext


def load(ctx: DemoContext) -> None:
    """Nothing yet: this app adds its demo data when its feature lands."""
