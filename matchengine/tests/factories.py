# SPDX-License-Identifier: MPL-2.0
"""Small builders for hand-made test children and places."""

from datetime import date
from typing import Any

from matchengine.models import ChildProfile, PlaceProfile

REF = date(2026, 11, 23)


def child(**overrides: Any) -> ChildProfile:
    data: dict[str, Any] = {"id": "child-1", "birth_date": "2015-06-01"}
    data.update(overrides)
    return ChildProfile.model_validate(data)


def place(**overrides: Any) -> PlaceProfile:
    data: dict[str, Any] = {
        "id": "place-1",
        "type": "foster_family_general",
        "approval": {"min_age": 0, "max_age": 17, "places": 2, "valid_from": "2020-01-01"},
        "free_places": 1,
        "vacancy": {"declared_on": "2026-11-01", "expires_on": "2026-12-31"},
        "household": {"setting": "town"},
        "location": {"lat": 55.68, "lon": 12.57},
    }
    for key, value in overrides.items():
        if key == "approval":
            data["approval"] = {**data["approval"], **value}
        else:
            data[key] = value
    return PlaceProfile.model_validate(data)
