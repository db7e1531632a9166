# SPDX-License-Identifier: MPL-2.0
"""The concurrent load test (``make load``): the plan, the simulated users and the runner."""
