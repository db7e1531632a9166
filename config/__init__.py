# SPDX-License-Identifier: MPL-2.0
"""Project configuration: settings read from the environment, URLs, WSGI/ASGI entry points."""
