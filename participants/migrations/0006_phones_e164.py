"""Phone numbers in E.164 (+33612345678), as the forms now store them: "06 12 34 56 78" and
"+33 6 12 34 56 78" become one number, which text messages and the STOP notices need. A value
that is no number is left as it was (staff see it as typed)."""

import phonenumbers
from django.db import migrations


def phones_to_e164(apps, schema_editor):
    Participant = apps.get_model("participants", "Participant")
    changed = []
    for participant in Participant.objects.exclude(phone="").only("pk", "phone").iterator():
        try:
            number = phonenumbers.parse(participant.phone, "FR")
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(number):
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 != participant.phone:
            participant.phone = e164
            changed.append(participant)
    Participant.objects.bulk_update(changed, ["phone"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("participants", "0005_contact_channels_and_access_needs")]

    operations = [migrations.RunPython(phones_to_e164, migrations.RunPython.noop)]
