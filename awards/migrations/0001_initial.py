"""Decisions, numbers, the registry and certificate settings, moved from `nominations` with their
tables (state only); their content types follow."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


APP = 'awards'
MODELS = ['documentcounter', 'decision', 'decisiontransition', 'award', 'printerprofile', 'certificatedesign']


def _follow(apps, schema_editor, old: str, new: str) -> None:
    """Move the content types (and so the permissions and audit-log entries) of the moved models."""
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not content_type.objects.using(db).filter(app_label=new, model=model).exists():
            content_type.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def follow_content_types(apps, schema_editor) -> None:
    _follow(apps, schema_editor, "nominations", APP)


def restore_content_types(apps, schema_editor) -> None:
    _follow(apps, schema_editor, APP, "nominations")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('nominations', '0006_council_and_awards_leave'),
        ('units', '0002_field_labels'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='CertificateDesign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('emblem', models.FileField(blank=True, upload_to='certificates/', verbose_name='national emblem (PNG or SVG)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'certificate design',
                'verbose_name_plural': 'certificate design',
                'db_table': 'nominations_certificatedesign',
            },
        ),
        migrations.CreateModel(
            name='DecisionTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_state', models.CharField(choices=[('draft', 'Draft'), ('issued', 'Issued'), ('discarded', 'Discarded')], max_length=10)),
                ('to_state', models.CharField(choices=[('draft', 'Draft'), ('issued', 'Issued'), ('discarded', 'Discarded')], max_length=10)),
                ('reason', models.TextField(blank=True)),
                ('at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'db_table': 'nominations_decisiontransition',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='DocumentCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(max_length=40)),
                ('year', models.PositiveSmallIntegerField()),
                ('last_number', models.PositiveIntegerField(default=0)),
            ],
            options={
                'db_table': 'nominations_documentcounter',
            },
        ),
        migrations.CreateModel(
            name='PrinterProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='printer')),
                ('offset_x_mm', models.DecimalField(decimal_places=1, default=0, max_digits=5, verbose_name='move right (mm)')),
                ('offset_y_mm', models.DecimalField(decimal_places=1, default=0, max_digits=5, verbose_name='move down (mm)')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'printer',
                'verbose_name_plural': 'printers',
                'db_table': 'nominations_printerprofile',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Award',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('portal', 'Issued in the portal'), ('imported', 'Imported (past award)')], default='portal', max_length=10, verbose_name='source')),
                ('subject_type', models.CharField(choices=[('collective', 'Collective'), ('individual', 'Individual')], max_length=10, verbose_name='subject type')),
                ('recipient_name', models.CharField(max_length=200, verbose_name='recipient')),
                ('recipient_detail', models.CharField(blank=True, help_text="A person's position and unit; a collective's parent body.", max_length=300, verbose_name='position and unit')),
                ('unit_name', models.CharField(blank=True, max_length=200, verbose_name='unit at the time')),
                ('award_name', models.CharField(max_length=200, verbose_name='award')),
                ('achievement', models.TextField(blank=True, verbose_name='achievement')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('decision_number', models.CharField(max_length=60, verbose_name='decision number')),
                ('decision_date', models.DateField(verbose_name='decision date')),
                ('issuer', models.CharField(max_length=200, verbose_name='issued by')),
                ('position', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='number in the list')),
                ('book_number', models.CharField(blank=True, max_length=30, verbose_name='golden book number (số sổ vàng)')),
                ('amount', models.DecimalField(decimal_places=0, default=0, max_digits=12, verbose_name='cash reward')),
                ('code', models.CharField(blank=True, max_length=20, null=True, unique=True, verbose_name='verification code')),
                ('revoked_on', models.DateField(blank=True, null=True, verbose_name='revoked on')),
                ('search_text', models.CharField(db_index=True, editable=False, max_length=600)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('award_form', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='nominations.awardform')),
                ('cadre', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='units.cadre', verbose_name='individual')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('nomination', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='nominations.nomination')),
                ('replaces', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaced_by', to='awards.award')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='units.unit', verbose_name='collective')),
            ],
            options={
                'verbose_name': 'award',
                'verbose_name_plural': 'awards',
                'db_table': 'nominations_award',
                'ordering': ['-decision_date', 'position', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Decision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('award', 'Award'), ('amend', 'Amendment'), ('revoke', 'Revocation')], default='award', max_length=8, verbose_name='kind')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('issued', 'Issued'), ('discarded', 'Discarded')], default='draft', max_length=10, verbose_name='state')),
                ('symbol', models.CharField(default='QĐ-UBND', max_length=30, verbose_name='symbol')),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('number', models.PositiveIntegerField(blank=True, null=True)),
                ('issued_on', models.DateField(blank=True, null=True, verbose_name='date of the decision')),
                ('title', models.TextField(verbose_name='subject line (trích yếu)')),
                ('achievement', models.TextField(help_text='Completes “… đã có thành tích …” in the title, Article 1 and on each certificate.', verbose_name='achievement')),
                ('letter_reference', models.CharField(blank=True, help_text='e.g. “Tờ trình số 12/TTr-VHXH ngày 15/12/2026”', max_length=200, verbose_name='proposal letter')),
                ('legal_bases', models.JSONField(default=list, verbose_name='legal bases')),
                ('cash_source', models.TextField(blank=True, verbose_name='source of the cash reward')),
                ('executors', models.TextField(blank=True, verbose_name='who executes the decision (Article 3)')),
                ('recipients', models.JSONField(default=list, verbose_name='recipients (Nơi nhận)')),
                ('reason', models.TextField(blank=True, verbose_name='reason for the correction')),
                ('signer_capacity', models.CharField(choices=[('chairman', 'Chairman (CHỦ TỊCH)'), ('deputy', 'Vice chairman for the chairman (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)')], default='chairman', max_length=10, verbose_name='signed as')),
                ('signer_name', models.CharField(blank=True, max_length=120, verbose_name="signer's full name")),
                ('base_salary', models.DecimalField(blank=True, decimal_places=0, max_digits=12, null=True)),
                ('snapshot', models.JSONField(blank=True, default=dict)),
                ('pdf', models.FileField(blank=True, upload_to='decisions/%Y/')),
                ('pdf_sha256', models.CharField(blank=True, max_length=64)),
                ('signed', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('issued_at', models.DateTimeField(blank=True, null=True)),
                ('corrects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='awards.decision', verbose_name='decision corrected')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('nominations', models.ManyToManyField(blank=True, related_name='decisions', to='nominations.nomination')),
                ('round', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='nominations.round', verbose_name='round')),
            ],
            options={
                'verbose_name': 'decision',
                'verbose_name_plural': 'decisions',
                'db_table': 'nominations_decision',
                'ordering': ['-year', '-number', '-pk'],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
        migrations.RunPython(follow_content_types, restore_content_types),
    ]
