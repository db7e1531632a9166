# SPDX-License-Identifier: MPL-2.0
"""Match meeting, the formal decision, reservation of the place and its documents."""
