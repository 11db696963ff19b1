from django.db import migrations, models


def existing_seasons(apps, schema_editor):
    """Seasons made before the lifecycle were open (archived ones are archived)."""
    Season = apps.get_model("categories", "Season")
    Season.objects.filter(archived_at__isnull=False).update(state="archived")


class Migration(migrations.Migration):
    dependencies = [("categories", "0002_season_archived_at")]

    operations = [
        migrations.AddField(
            model_name="season",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for submissions"),
                    ("closed", "Closed (deadline passed)"),
                    ("judging", "Judging"),
                    ("confirmed", "Honorees confirmed"),
                    ("published", "Published"),
                    ("archived", "Archived"),
                ],
                default="open",
                max_length=20,
                verbose_name="state",
            ),
        ),
        migrations.RunPython(existing_seasons, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="season",
            name="state",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for submissions"),
                    ("closed", "Closed (deadline passed)"),
                    ("judging", "Judging"),
                    ("confirmed", "Honorees confirmed"),
                    ("published", "Published"),
                    ("archived", "Archived"),
                ],
                default="draft",
                max_length=20,
                verbose_name="state",
            ),
        ),
    ]
