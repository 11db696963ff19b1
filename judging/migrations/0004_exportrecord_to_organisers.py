# ExportRecord moved to the organisers app (organisers.0001_initial): judging forgets the model,
# the table and its rows stay where they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0003_recent_idx"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExportRecord")],
            database_operations=[],
        ),
    ]
