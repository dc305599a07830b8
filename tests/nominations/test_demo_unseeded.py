"""The demo round on a database without the whole demo (the other demo tests share one seeded
demo per module, see tests/nominations/test_demo.py)."""

import io
from collections import Counter

from django.core.management import call_command

from demo import nominations as demo_data
from nominations.models import AwardForm, Round
from units.models import Unit


def test_demo_round_is_built_after_a_flush_emptied_the_award_forms(db, settings, tmp_path):
    # `manage.py flush` (and a transactional test) removes what the migrations wrote.
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    AwardForm.objects.all().delete()
    call_command("seed_demo", stdout=io.StringIO())
    round_ = Round.objects.get(title=demo_data.TITLE)
    assert {f.code for f in round_.award_forms.all()} == {"giay-khen-chu-tich", "bang-khen-thanh-pho"}
    assert AwardForm.objects.get(code="giay-khen-chu-tich").name == "Giấy khen của Chủ tịch UBND xã"


def test_demo_round_is_skipped_without_the_movement(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    found: Counter = Counter()
    demo_data.seed(None, Counter(), found)
    assert not Round.objects.exists()
    assert not Unit.objects.exists()
