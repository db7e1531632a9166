# SPDX-License-Identifier: MPL-2.0
"""evaluation: the recipients of the pseudonymised export (the statistics are computed, not stored).

A recipient's code keys its pseudonyms (``evaluation.pseudonym``): the same child gets the same
pseudonym in every export to one recipient. The code is therefore fixed once the recipient is
made; a new code is a new recipient, whose pseudonyms cannot be linked to the old ones.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from placematch.accounts.models import OrganisationOwned


class ExportRecipient(OrganisationOwned):
    """Someone the municipality may give the pseudonymised export to, e.g. a national evaluator."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"), max_length=40,
        help_text=_("Keys the recipient's pseudonyms: never change it."),
    )  # fmt: skip
    agreement = models.CharField(
        _("agreement or legal basis for the disclosure"), max_length=200, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("export recipient")
        verbose_name_plural = _("export recipients")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="export_recipient_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name
