"""The demo editions loaded before the demo remembered its own (issue #10) become its own.

Only an edition that is plainly the demo's: the demo's slug and its placeholder contact
address on the reserved ``.example`` domain, which no real edition can use. A real edition
with that slug stays unmarked, so load_demo refuses it. The values are written here, not
imported from demo/data.py, so this migration means the same thing whatever the data becomes.
"""

from django.db import migrations

DEMO_SLUG = "innov-insertion"
DEMO_CONTACT_EMAIL = "contact@innov-insertion.example"


def demo_edition_adopt(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    DemoEdition = apps.get_model("demo", "DemoEdition")
    for event in Event.objects.filter(slug=DEMO_SLUG, contact_email=DEMO_CONTACT_EMAIL):
        DemoEdition.objects.get_or_create(event=event)


class Migration(migrations.Migration):
    dependencies = [
        ("demo", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(demo_edition_adopt, migrations.RunPython.noop),
    ]
