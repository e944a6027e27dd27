"""One-time codes are not kept once their message is sent or has failed for good: blank those
already in the outbox (services.without_code does it for every message from now on)."""

from django.db import migrations


def blank_codes(apps, schema_editor):
    Message = apps.get_model("notifications", "Message")
    done = Message.objects.filter(status__in=["sent", "failed"], personalisation__has_key="code")
    for message in done.only("pk", "personalisation").iterator():
        if message.personalisation.get("code"):
            message.personalisation["code"] = ""
            Message.objects.filter(pk=message.pk).update(personalisation=message.personalisation)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(blank_codes, migrations.RunPython.noop)]
