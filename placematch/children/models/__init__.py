# SPDX-License-Identifier: MPL-2.0
"""children: database models: child and case, assessment versions, voices."""

from placematch.children.models.assessment import Assessment, AssessmentNeed, Observation
from placematch.children.models.case import (
    Case,
    CaseStatus,
    CaseStatusWriteError,
    CaseTransition,
    Child,
    PersonKind,
    RelatedPerson,
    Sibling,
)
from placematch.children.models.disclosure import NonDisclosure
from placematch.children.models.voice import (
    Confirmation,
    ConsentForm,
    ConsentState,
    ContactKind,
    Conversation,
    ParentView,
    Source,
    Wish,
)

__all__ = [
    "Assessment",
    "AssessmentNeed",
    "Case",
    "CaseStatus",
    "CaseStatusWriteError",
    "CaseTransition",
    "Child",
    "Confirmation",
    "ConsentForm",
    "ConsentState",
    "ContactKind",
    "Conversation",
    "NonDisclosure",
    "Observation",
    "ParentView",
    "PersonKind",
    "RelatedPerson",
    "Sibling",
    "Source",
    "Wish",
]
