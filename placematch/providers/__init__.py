# SPDX-License-Identifier: MPL-2.0
"""Providers, places, approvals, capacity profiles, vacancies and the occupancy ledger."""
