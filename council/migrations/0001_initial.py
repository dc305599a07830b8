"""The council's models, moved from `nominations` with their tables (state only); their content
types follow, so permissions and audit-log entries keep pointing at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


APP = 'council'
MODELS = ['councilterm', 'councilmember', 'councilsession', 'sessiontransition', 'sessionfile', 'attendance', 'agendaitem', 'recusal', 'votermark']


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
            name='CouncilSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('meets_at', models.DateTimeField(verbose_name='date and time')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('mode', models.CharField(choices=[('online', 'Online'), ('room', 'In the meeting room'), ('both', 'In the room and online')], default='both', max_length=6, verbose_name='mode')),
                ('method', models.CharField(choices=[('secret', 'Secret ballot online'), ('hands', 'Show of hands recorded by the secretary')], default='secret', max_length=6, verbose_name='voting method')),
                ('state', models.CharField(choices=[('draft', 'Being prepared'), ('open', 'In session'), ('closed', 'Voting closed'), ('final', 'Result final')], default='draft', max_length=6, verbose_name='state')),
                ('quorum_numerator', models.PositiveSmallIntegerField(null=True, verbose_name='quorum: members present, numerator')),
                ('quorum_denominator', models.PositiveSmallIntegerField(null=True, verbose_name='quorum: denominator')),
                ('pass_numerator', models.PositiveSmallIntegerField(null=True, verbose_name='pass: votes in favour, numerator')),
                ('pass_denominator', models.PositiveSmallIntegerField(null=True, verbose_name='pass: denominator')),
                ('pass_strict', models.BooleanField(null=True, verbose_name='pass needs more than the share (not just reaching it)')),
                ('written_opinions_count', models.BooleanField(null=True, verbose_name='written opinions of absent members count as votes')),
                ('members_total', models.PositiveSmallIntegerField(null=True, verbose_name='members in total')),
                ('opened_at', models.DateTimeField(blank=True, null=True, verbose_name='opened at')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                ('finalised_at', models.DateTimeField(blank=True, null=True, verbose_name='result final at')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='council_sessions', to='nominations.round')),
            ],
            options={
                'verbose_name': 'council session',
                'verbose_name_plural': 'council sessions',
                'db_table': 'nominations_councilsession',
                'ordering': ['-meets_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='AgendaItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.PositiveSmallIntegerField(verbose_name='number')),
                ('state', models.CharField(choices=[('pending', 'Not yet voted'), ('voting', 'Voting open'), ('closed', 'Voting closed')], default='pending', max_length=8, verbose_name='state')),
                ('voting_ends_at', models.DateTimeField(blank=True, null=True, verbose_name='voting closes by itself at')),
                ('votes_for', models.PositiveSmallIntegerField(default=0)),
                ('votes_against', models.PositiveSmallIntegerField(default=0)),
                ('votes_abstain', models.PositiveSmallIntegerField(default=0)),
                ('written_for', models.PositiveSmallIntegerField(default=0)),
                ('written_against', models.PositiveSmallIntegerField(default=0)),
                ('written_abstain', models.PositiveSmallIntegerField(default=0)),
                ('members_total', models.PositiveSmallIntegerField(null=True)),
                ('present', models.PositiveSmallIntegerField(null=True)),
                ('recused', models.PositiveSmallIntegerField(null=True)),
                ('ballots', models.PositiveSmallIntegerField(null=True)),
                ('passed', models.BooleanField(null=True)),
                ('rank', models.PositiveSmallIntegerField(null=True)),
                ('approved', models.BooleanField(help_text="Passed and within the round's quota.", null=True, verbose_name='approved within the quota')),
                ('tie_reason', models.TextField(blank=True, verbose_name="chair's reason at a tie")),
                ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agenda_items', to='nominations.nomination')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='council.councilsession')),
            ],
            options={
                'db_table': 'nominations_agendaitem',
                'ordering': ['session', 'position'],
            },
        ),
        migrations.CreateModel(
            name='CouncilTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('decision_number', models.CharField(blank=True, max_length=40, verbose_name='decision number')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='decision date')),
                ('starts_on', models.DateField(verbose_name='starts on')),
                ('ends_on', models.DateField(blank=True, help_text='Empty: still serving.', null=True, verbose_name='ends on')),
            ],
            options={
                'verbose_name': 'council term',
                'verbose_name_plural': 'council terms',
                'db_table': 'nominations_councilterm',
                'ordering': ['-starts_on', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__isnull', True), ('ends_on__gte', models.F('starts_on')), _connector='OR'), name='council_term_ends_after_start')],
            },
        ),
        migrations.AddField(
            model_name='councilsession',
            name='term',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sessions', to='council.councilterm'),
        ),
        migrations.CreateModel(
            name='CouncilMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=120, verbose_name='full name')),
                ('position', models.CharField(blank=True, max_length=200, verbose_name='position')),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('vice_chair', 'Vice chair'), ('standing', 'Standing member'), ('member', 'Member'), ('secretary', 'Secretary')], max_length=12, verbose_name='council role')),
                ('joined_on', models.DateField(verbose_name='joined on')),
                ('left_on', models.DateField(blank=True, null=True, verbose_name='left on')),
                ('cadre', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='council_seats', to='units.cadre', verbose_name='person')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='council_seats', to='units.unit', verbose_name='unit')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='council_seats', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                ('term', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='members', to='council.councilterm')),
            ],
            options={
                'verbose_name': 'council member',
                'verbose_name_plural': 'council members',
                'db_table': 'nominations_councilmember',
                'ordering': ['term', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Recusal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('automatic', models.BooleanField(default=False)),
                ('reason', models.CharField(max_length=300, verbose_name='reason')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recusals', to='council.agendaitem')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recusals', to='council.councilmember')),
            ],
            options={
                'db_table': 'nominations_recusal',
            },
        ),
        migrations.CreateModel(
            name='SessionFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='council/%Y/')),
                ('original_name', models.CharField(max_length=255)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='files', to='council.councilsession')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'nominations_sessionfile',
            },
        ),
        migrations.AddField(
            model_name='councilsession',
            name='minutes_scan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='council.sessionfile'),
        ),
        migrations.CreateModel(
            name='SessionTransition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_state', models.CharField(choices=[('draft', 'Being prepared'), ('open', 'In session'), ('closed', 'Voting closed'), ('final', 'Result final')], max_length=6)),
                ('to_state', models.CharField(choices=[('draft', 'Being prepared'), ('open', 'In session'), ('closed', 'Voting closed'), ('final', 'Result final')], max_length=6)),
                ('reason', models.TextField(blank=True)),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='council.councilsession')),
            ],
            options={
                'db_table': 'nominations_sessiontransition',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='VoterMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='voter_marks', to='council.agendaitem')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='voter_marks', to='council.councilmember')),
            ],
            options={
                'db_table': 'nominations_votermark',
            },
        ),
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('present', 'Present'), ('written', 'Absent, written opinion'), ('absent', 'Absent')], max_length=8, verbose_name='attendance')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attendance', to='council.councilmember')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='council.councilsession')),
            ],
            options={
                'db_table': 'nominations_attendance',
                'constraints': [models.UniqueConstraint(fields=('session', 'member'), name='attendance_once_per_member')],
            },
        ),
        migrations.AddConstraint(
            model_name='agendaitem',
            constraint=models.UniqueConstraint(fields=('session', 'nomination'), name='agenda_item_once_per_session'),
        ),
        migrations.AddConstraint(
            model_name='agendaitem',
            constraint=models.UniqueConstraint(fields=('session', 'position'), name='agenda_item_position_unique'),
        ),
        migrations.AddConstraint(
            model_name='councilmember',
            constraint=models.UniqueConstraint(fields=('term', 'user'), name='council_member_one_seat_per_term'),
        ),
        migrations.AddConstraint(
            model_name='councilmember',
            constraint=models.UniqueConstraint(condition=models.Q(('left_on__isnull', True), ('role', 'chair')), fields=('term',), name='council_one_chair'),
        ),
        migrations.AddConstraint(
            model_name='recusal',
            constraint=models.UniqueConstraint(fields=('item', 'member'), name='recusal_once_per_item'),
        ),
        migrations.AddConstraint(
            model_name='votermark',
            constraint=models.UniqueConstraint(fields=('item', 'member'), name='one_ballot_per_member_per_item'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
        migrations.RunPython(follow_content_types, restore_content_types),
    ]
