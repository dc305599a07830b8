"""The audit log's entries for voter marks go: each recorded the member, the time to the
microsecond and the address of a ballot, which paired members with the counters' changes.
Past sessions keep their released figures as they are (their counters and tally stay; only
sessions whose voting opens from now on use the encrypted box). Nothing comes back on reverse."""

from django.db import migrations


def forget_marks(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    mark = ContentType.objects.filter(app_label="council", model="votermark").first()
    if mark is not None:
        LogEntry.objects.filter(content_type=mark).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0003_encrypted_ballot_box"),
        ("auditlog", "__first__"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_marks, migrations.RunPython.noop)]
