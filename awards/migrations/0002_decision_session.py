"""A decision's council session (state only: the column exists since nominations 0004)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('awards', '0001_initial'),
        ('council', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.AddField(
            model_name='decision',
            name='session',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='council.councilsession'),
        ),
        migrations.AddField(
            model_name='decision',
            name='targets',
            field=models.ManyToManyField(blank=True, related_name='targeted_by', to='awards.award'),
        ),
        migrations.AddField(
            model_name='award',
            name='decision',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='awards.decision', verbose_name='decision'),
        ),
        migrations.AddField(
            model_name='award',
            name='revoked_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='revoked_awards', to='awards.decision'),
        ),
        migrations.AddField(
            model_name='decisiontransition',
            name='actor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='decisiontransition',
            name='decision',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='awards.decision'),
        ),
        migrations.AddConstraint(
            model_name='documentcounter',
            constraint=models.UniqueConstraint(fields=('scope', 'year'), name='document_counter_unique'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(condition=models.Q(('number__isnull', False)), fields=('symbol', 'year', 'number'), name='decision_number_unique'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('issued_on__isnull', False), ('number__isnull', False), ('state', 'issued'), ('year__isnull', False)), models.Q(('state', 'issued'), _negated=True), _connector='OR'), name='decision_issued_numbered'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.CheckConstraint(condition=models.Q(('kind', 'award'), ('corrects__isnull', False), _connector='OR'), name='decision_correction_names_its_target'),
        ),
        migrations.AddIndex(
            model_name='award',
            index=models.Index(fields=['year', 'subject_type'], name='award_year_subject'),
        ),
        migrations.AddConstraint(
            model_name='award',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('cadre__isnull', True), ('subject_type', 'collective'), ('unit__isnull', False)), models.Q(('cadre__isnull', False), ('subject_type', 'individual')), _connector='OR'), name='award_exactly_one_subject'),
        ),
        migrations.AddConstraint(
            model_name='award',
            constraint=models.UniqueConstraint(condition=models.Q(('nomination__isnull', False)), fields=('decision', 'nomination'), name='award_once_per_decision_and_nomination'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations, database_operations=[]),
    ]
