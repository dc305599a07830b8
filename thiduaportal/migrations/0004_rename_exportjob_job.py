"""ExportJob becomes Job: it runs prints, imports and reports as well as exports.

RenameModel keeps the table's rows (the table is renamed with the model) and Django renames
the model's content type with it, so anything pointing at the content type follows.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("thiduaportal", "0003_exportjob_progress"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ExportJob", "Job"),
        migrations.AlterModelOptions(
            name="job",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "background job",
                "verbose_name_plural": "background jobs",
            },
        ),
        migrations.AlterField(
            model_name="job",
            name="owner",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="jobs", to=settings.AUTH_USER_MODEL
            ),
        ),
    ]
