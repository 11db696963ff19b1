# ExportRecord, moved from judging (judging.0004_exportrecord_to_organisers): the model enters
# organisers' state on the table judging created, which keeps its name and its rows. Its content
# type follows, so that permissions already granted and the admin's history keep pointing at it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="organisers", model="exportrecord").exists():
        content_types.objects.filter(app_label="judging", model="exportrecord").update(
            app_label="organisers"
        )


def restore_content_type(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="judging", model="exportrecord").exists():
        content_types.objects.filter(app_label="organisers", model="exportrecord").update(
            app_label="judging"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("categories", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("judging", "0004_exportrecord_to_organisers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExportRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("honorees", "Honoree list"),
                                    ("certificates", "Certificates"),
                                    ("dossiers", "Dossier list"),
                                    ("scores", "Score matrix"),
                                ],
                                max_length=20,
                                verbose_name="export",
                            ),
                        ),
                        (
                            "format",
                            models.CharField(
                                choices=[
                                    ("csv", "CSV"),
                                    ("xlsx", "XLSX"),
                                    ("pdf", "PDF"),
                                    ("zip", "ZIP"),
                                ],
                                max_length=10,
                                verbose_name="format",
                            ),
                        ),
                        (
                            "snapshot_sha256",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="snapshot SHA-256"
                            ),
                        ),
                        (
                            "detail",
                            models.CharField(blank=True, max_length=200, verbose_name="detail"),
                        ),
                        ("row_count", models.PositiveIntegerField(verbose_name="rows")),
                        (
                            "channel",
                            models.CharField(
                                choices=[("web", "Web"), ("command", "Command line")],
                                default="web",
                                max_length=10,
                                verbose_name="channel",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="exported at"
                            ),
                        ),
                        (
                            "exported_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="exported by",
                            ),
                        ),
                        (
                            "season",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="export_records",
                                to="categories.season",
                                verbose_name="season",
                            ),
                        ),
                        (
                            "snapshot",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="export_records",
                                to="judging.resultsnapshot",
                                verbose_name="results snapshot",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "export record",
                        "verbose_name_plural": "export records",
                        "db_table": "judging_exportrecord",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
