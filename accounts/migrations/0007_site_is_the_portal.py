# The sites framework's one site is the portal: allauth's emails name it (not "example.com" nor
# the host and port a request came to).

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations

PORTAL_NAME = "Vietnam Digital Awards"


def forwards(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    site_model.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"name": PORTAL_NAME, "domain": domain}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_phones_normalised_e164"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
