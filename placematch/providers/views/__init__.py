# SPDX-License-Identifier: MPL-2.0
"""providers: thin views: the registry, the provider portal and the import page."""
