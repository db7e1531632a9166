# SPDX-License-Identifier: MPL-2.0
"""matching: database models (inquiries; match runs, index snapshots and policies)."""

from placematch.matching.models.inquiries import (
    OPEN_STATUSES,
    POSITIVE_ANSWERS,
    Answer,
    DeclineReason,
    DimensionAnswer,
    DisclosureBasis,
    Inquiry,
    InquiryDimensionAnswer,
    InquiryStatus,
    Urgency,
)
from placematch.matching.models.runs import (
    IndexSnapshot,
    IndexVersion,
    MatchPolicy,
    MatchRun,
    pack,
    policy_version_label,
    unpack,
)

__all__ = [
    "OPEN_STATUSES",
    "POSITIVE_ANSWERS",
    "Answer",
    "DeclineReason",
    "DimensionAnswer",
    "DisclosureBasis",
    "IndexSnapshot",
    "IndexVersion",
    "Inquiry",
    "InquiryDimensionAnswer",
    "InquiryStatus",
    "MatchPolicy",
    "MatchRun",
    "Urgency",
    "pack",
    "policy_version_label",
    "unpack",
]
