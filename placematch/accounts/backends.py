# SPDX-License-Identifier: MPL-2.0
"""The password log-in's backend: Django's, loading the signed-in user with the organisation.

Every signed-in page reads the user's organisation (the page header, the access checks, the
selectors' scoping), so the user is read with it in one query instead of two per request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class OrganisationModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("organisation").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
