# SPDX-License-Identifier: MPL-2.0
"""A plan may start on the match meeting's hold, before the decision: it names its place and
ledger row itself, and the decision is linked when it is made."""

import django.db.models.deletion
from django.db import migrations, models


def fill_place(apps, schema_editor):
    Plan = apps.get_model("preparation", "PreparationPlan")
    for plan in Plan.objects.select_related("decision").iterator():
        plan.place_id = plan.decision.place_id
        plan.reservation_id = plan.decision.reservation_id
        plan.save(update_fields=["place", "reservation"])


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0005_legal_gates"),
        ("preparation", "0002_version_for_concurrent_edits"),
        ("providers", "0003_reservation_hold_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="preparationplan",
            name="decision",
            field=models.OneToOneField(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="preparation_plan", to="decisions.decision", verbose_name="decision",
            ),
        ),
        migrations.AddField(
            model_name="preparationplan",
            name="place",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="preparation_plans", to="providers.place", verbose_name="place",
            ),
        ),
        migrations.AddField(
            model_name="preparationplan",
            name="reservation",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="preparation_plans", to="providers.reservation",
                verbose_name="hold or reservation",
            ),
        ),
        migrations.AddField(
            model_name="historicalpreparationplan",
            name="place",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True,
                on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                to="providers.place", verbose_name="place",
            ),
        ),
        migrations.AddField(
            model_name="historicalpreparationplan",
            name="reservation",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True,
                on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                to="providers.reservation", verbose_name="hold or reservation",
            ),
        ),
        migrations.RunPython(fill_place, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="preparationplan",
            name="place",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="preparation_plans",
                to="providers.place", verbose_name="place",
            ),
        ),
    ]
