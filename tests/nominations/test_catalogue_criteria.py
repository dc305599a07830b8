"""The office adds a check of the library to a catalogue entry and removes one: only checks
about the title's kind of subject are offered, a check is on an entry once, parameters are
refused as the entry's form refuses them, the last criterion goes only after a confirmation,
every change is audited and a refusal changes nothing."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from nominations.catalogue import CSTDCS, GIAY_KHEN, LDTT, THON_VAN_HOA, TTLDTT
from nominations.models import Title
from nominations.services import NominationError, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(own_unit):
    return {title.award_form.code: title for title in titles.ensure_catalogue(own_unit.commune)}


def edit_url(title) -> str:
    return reverse("nominations:catalogue_edit", args=[title.pk])


def add_url(title) -> str:
    return reverse("nominations:catalogue_criterion_add", args=[title.pk])


def remove_url(title, code) -> str:
    return reverse("nominations:catalogue_criterion_remove", args=[title.pk, code])


def codes(title) -> list[str]:
    title.refresh_from_db()
    return [criterion["code"] for criterion in title.criteria]


# --------------------------------------------------------------------------- the checks offered


def test_only_the_checks_of_the_titles_kind_of_subject_are_offered(catalogue):
    ldtt = titles.addable_checks(catalogue[LDTT])
    assert ldtt == [
        "initiative",
        "person_rating",
        "discipline",
        "holds_title_same_year",
        "consecutive_years",
        "women_share",
    ]
    ttldtt = titles.addable_checks(catalogue[TTLDTT])
    assert ttldtt == [
        "initiative",
        "index",
        "unit_rating",
        "holds_title_same_year",
        "consecutive_years",
        "women_share",
    ]
    # A Giấy khen goes to either: every check not on it yet, but never the registry check.
    assert "same_award" not in titles.addable_checks(catalogue[GIAY_KHEN])
    assert "member_share" in titles.addable_checks(catalogue[GIAY_KHEN])


def test_the_edit_page_lists_the_criteria_with_their_remove_buttons_and_the_add_form(
    client_for, vhxh_officer, catalogue
):
    ldtt = catalogue[LDTT]
    page = client_for(vhxh_officer).get(edit_url(ldtt)).content.decode()
    assert "Criteria of the entry" in page
    assert "No discipline at “Reprimand (khiển trách)” or above in the year" in page
    assert f'action="{remove_url(ldtt, "rating_at_least")}"' in page
    assert f'action="{remove_url(ldtt, "no_discipline")}"' in page
    assert page.count(">Remove the criterion<") == 2
    assert f'action="{add_url(ldtt)}"' in page
    assert '<option value="consecutive_years">The same title in consecutive years</option>' in page
    assert 'value="member_share"' not in page
    # The registry check a Giấy khen names is always run: no remove button.
    page = client_for(vhxh_officer).get(edit_url(catalogue[GIAY_KHEN])).content.decode()
    assert remove_url(catalogue[GIAY_KHEN], "same_award") not in page
    assert "Always checked" in page


# --------------------------------------------------------------------------- adding


def test_the_office_adds_a_criterion_with_its_parameters_audited(client_for, vhxh_officer, catalogue):
    cstdcs = catalogue[CSTDCS]
    client = client_for(vhxh_officer)
    page = client.get(add_url(cstdcs), {"code": "consecutive_years"}).content.decode()
    assert 'name="award_form"' in page
    assert 'name="years"' in page
    assert 'value="2"' in page  # the library's starting value
    response = client.post(add_url(cstdcs), {"code": "consecutive_years", "award_form": CSTDCS, "years": "3"})
    assert response.status_code == 302
    assert response["Location"] == edit_url(cstdcs)
    cstdcs.refresh_from_db()
    assert cstdcs.criteria[-1] == {"code": "consecutive_years", "params": {"award_form": CSTDCS, "years": 3}}
    assert len(cstdcs.criteria) == 5
    entry = LogEntry.objects.get_for_object(cstdcs).latest("timestamp")
    assert entry.actor == vhxh_officer
    assert "criteria" in entry.changes_dict
    listed = client.get(reverse("nominations:catalogue")).content.decode()
    assert "The base title in each of the 3 years before (Danh hiệu Chiến sĩ thi đua cơ sở)" in listed


def test_a_share_and_kinds_of_unit_are_stored_as_the_library_reads_them(client_for, vhxh_officer, catalogue):
    ttldtt = catalogue[TTLDTT]
    client = client_for(vhxh_officer)
    assert client.post(add_url(ttldtt), {"code": "women_share", "share": "0,6"}).status_code == 302
    titles.remove_criterion(ttldtt, actor=vhxh_officer, code="unit_kind")
    data = {"code": "unit_kind", "kinds": ["school", "health"]}
    assert client.post(add_url(ttldtt), data).status_code == 302
    ttldtt.refresh_from_db()
    assert ttldtt.criteria[-2:] == [
        {"code": "women_share", "params": {"share": "0.6"}},
        {"code": "unit_kind", "params": {"kinds": ["school", "health"], "except": []}},
    ]


def test_a_check_already_on_the_entry_is_refused_on_the_page(client_for, vhxh_officer, catalogue):
    ldtt = catalogue[LDTT]
    before = Title.objects.filter(pk=ldtt.pk).values().get()
    response = client_for(vhxh_officer).post(add_url(ldtt), {"code": "rating_at_least", "level": "good"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": [
            "“Yearly rating at or above a level” is already a criterion of “Danh hiệu Lao động tiên tiến”; "
            "a check is on an entry once. Change its parameters on the entry's form instead."
        ]
    }
    assert Title.objects.filter(pk=ldtt.pk).values().get() == before


def test_the_refusal_reads_in_vietnamese(client, vhxh_officer, catalogue):
    ldtt = catalogue[LDTT]
    client.force_login(vhxh_officer)
    page = client.post(add_url(ldtt), {"code": "no_discipline", "from_level": "warning"}).content.decode()
    assert "đã là tiêu chí của “Danh hiệu Lao động tiên tiến”" in page
    page = client.get(edit_url(ldtt)).content.decode()
    assert "Bỏ tiêu chí" in page
    assert "Thêm tiêu chí" in page


@pytest.mark.parametrize(
    ("code", "params", "field", "message"),
    [
        (
            "member_share",
            {"award_form": LDTT, "share": "0.5"},
            "code",
            "“Share of the unit's members holding a title” is a check of collectives; "
            "“Danh hiệu Lao động tiên tiến” is a title for individuals.",
        ),
        (
            "same_award",
            {},
            "code",
            "“Not already given the same award for the year” is checked for every title anyway; "
            "there is no need to add it.",
        ),
        ("heroism", {}, "code", "There is no eligibility check “heroism”."),
        (
            "consecutive_years",
            {"award_form": LDTT, "years": 0},
            "years",
            "Criterion “The same title in consecutive years”: the number of years must be a whole "
            "number from 1 to 10.",
        ),
        (
            "consecutive_years",
            {"award_form": "bang-khen-bo", "years": 2},
            "award_form",
            "Criterion “The same title in consecutive years”: choose the base title from the catalogue; "
            "“bang-khen-bo” is none of its titles.",
        ),
        (
            "holds_title_same_year",
            {"award_form": LDTT},
            "award_form",
            "Criterion “Holds the base title for the year”: “Danh hiệu Lao động tiên tiến” cannot be its "
            "own base title; choose another title.",
        ),
        (
            "women_share",
            {"share": "1.5"},
            "share",
            "Criterion “Tie rule: share of women” must be a share between 0 and 1 (e.g. 0,70 for 70 %); "
            "“1.5” is not.",
        ),
        (
            "person_rating",
            {"level": "good"},
            "code",
            "Criterion “Individual rated at least “Well completed duties”” takes no parameter “level”.",
        ),
    ],
)
def test_the_service_refuses_what_is_wrong_and_changes_nothing(
    vhxh_officer, catalogue, code, params, field, message
):
    ldtt = catalogue[LDTT]
    before = Title.objects.filter(pk=ldtt.pk).values().get()
    with pytest.raises(NominationError) as refused:
        titles.add_criterion(ldtt, actor=vhxh_officer, code=code, params=params)
    assert (str(refused.value), refused.value.field) == (message, field)
    assert Title.objects.filter(pk=ldtt.pk).values().get() == before


def test_the_service_refuses_a_level_that_is_none_and_kinds_of_unit_that_are_none(vhxh_officer, catalogue):
    ttldtt = catalogue[TTLDTT]
    titles.remove_criterion(ttldtt, actor=vhxh_officer, code="rating_at_least")
    with pytest.raises(NominationError, match="“heroic” is not a level; choose one of"):
        titles.add_criterion(ttldtt, actor=vhxh_officer, code="rating_at_least", params={"level": "heroic"})
    titles.remove_criterion(ttldtt, actor=vhxh_officer, code="unit_kind")
    with pytest.raises(NominationError, match="“castle” is not a kind of unit"):
        titles.add_criterion(ttldtt, actor=vhxh_officer, code="unit_kind", params={"kinds": ["castle"]})
    with pytest.raises(
        NominationError, match="choose the kinds of unit the title is for, or those it is not"
    ):
        titles.add_criterion(ttldtt, actor=vhxh_officer, code="unit_kind", params={})
    assert codes(ttldtt) == ["member_share", "no_member_disciplined"]


def test_a_parameter_not_given_takes_the_librarys_starting_value(vhxh_officer, catalogue):
    ttldtt = catalogue[TTLDTT]
    saved = titles.add_criterion(ttldtt, actor=vhxh_officer, code="women_share", params={})
    assert saved.criteria[-1] == {"code": "women_share", "params": {"share": "0.70"}}
    assert Decimal(saved.criteria[-1]["params"]["share"]) == Decimal("0.7")


# --------------------------------------------------------------------------- removing


def test_the_office_removes_a_criterion_audited(client_for, vhxh_officer, catalogue):
    ldtt = catalogue[LDTT]
    client = client_for(vhxh_officer)
    response = client.post(remove_url(ldtt, "no_discipline"))
    assert response.status_code == 302
    assert response["Location"] == edit_url(ldtt)
    assert codes(ldtt) == ["rating_at_least"]
    entry = LogEntry.objects.get_for_object(ldtt).latest("timestamp")
    assert entry.actor == vhxh_officer
    assert "criteria" in entry.changes_dict
    page = client.get(edit_url(ldtt)).content.decode()
    assert "The criterion “No discipline of a given level in the year” was removed from" in page
    # Gone from the entry, it can be added again.
    assert '<option value="no_discipline">' in page


def test_removing_what_is_not_on_the_entry_or_always_checked_is_refused(client_for, vhxh_officer, catalogue):
    ldtt, giay_khen = catalogue[LDTT], catalogue[GIAY_KHEN]
    client = client_for(vhxh_officer)
    response = client.post(remove_url(ldtt, "women_share"), follow=True)
    assert "“Tie rule: share of women” is not a criterion of “Danh hiệu Lao động tiên tiến”." in (
        response.content.decode()
    )
    assert codes(ldtt) == ["rating_at_least", "no_discipline"]
    with pytest.raises(NominationError, match="is checked for every title anyway; it cannot be removed"):
        titles.remove_criterion(giay_khen, actor=vhxh_officer, code="same_award")
    assert "same_award" in codes(giay_khen)


def test_the_last_criterion_goes_only_after_a_confirmation(client_for, vhxh_officer, catalogue):
    village_title = catalogue[THON_VAN_HOA]
    client = client_for(vhxh_officer)
    response = client.post(remove_url(village_title, "unit_kind"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Remove the last criterion of “{village_title.name}”?" in page
    assert "then has no condition of its own" in page
    assert 'name="confirmed" value="1"' in page
    assert codes(village_title) == ["unit_kind"]
    with pytest.raises(NominationError, match="removing it leaves the title without any condition"):
        titles.remove_criterion(village_title, actor=vhxh_officer, code="unit_kind")
    response = client.post(remove_url(village_title, "unit_kind"), {"confirmed": "1"})
    assert response.status_code == 302
    assert codes(village_title) == []
    page = client.get(edit_url(village_title)).content.decode()
    assert "No criterion: the title has no condition of its own." in page


# --------------------------------------------------------------------------- who


def test_unit_staff_may_neither_add_nor_remove(client_for, unit_staff, catalogue):
    ldtt = catalogue[LDTT]
    client = client_for(unit_staff)
    assert client.get(add_url(ldtt), {"code": "discipline"}).status_code == 403
    assert client.post(add_url(ldtt), {"code": "discipline"}).status_code == 403
    assert client.post(remove_url(ldtt, "no_discipline")).status_code == 403
    assert codes(ldtt) == ["rating_at_least", "no_discipline"]


def test_saving_the_entry_from_before_a_criterion_was_added_is_refused(client_for, vhxh_officer, catalogue):
    ldtt = catalogue[LDTT]
    stale = Title.objects.get(pk=ldtt.pk)
    titles.add_criterion(ldtt, actor=vhxh_officer, code="discipline", params={})
    with pytest.raises(NominationError) as refused:
        titles.update_title(stale, actor=vhxh_officer, cap_total=3, criteria=stale.criteria)
    assert str(refused.value) == (
        "The criteria of “Danh hiệu Lao động tiên tiến” were changed meanwhile (a criterion was added "
        "or removed); open the entry again and enter the values again."
    )
    ldtt.refresh_from_db()
    assert (ldtt.cap_total, [c["code"] for c in ldtt.criteria]) == (
        None,
        ["rating_at_least", "no_discipline", "discipline"],
    )
