"""The catalogue pages: everyone working in the commune reads each title with its kind, who
decides it, its cash coefficient, its criteria in words, caps, council rule and sources; the
office changes an entry through a form of its parameters, audited; bad values are refused with
a message naming the field, nothing saved; another commune's entry is not found."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from nominations.forms.catalogue import ENTRY_FIELDS, TitleForm
from nominations.models import AwardForm, AwardKind, Title
from nominations.services import NominationError, titles
from tests.factories import CommuneFactory
from tests.factories.nominations import RoundFactory
from thiduaportal import tenancy

pytestmark = pytest.mark.django_db

LIST = reverse("nominations:catalogue")


def edit_url(title) -> str:
    return reverse("nominations:catalogue_edit", args=[title.pk])


@pytest.fixture
def catalogue(own_unit):
    return {title.award_form.code: title for title in titles.ensure_catalogue(own_unit.commune)}


def post_data(title, **changes) -> dict:
    """The form's values as the browser posts them (Vietnamese numbers, ticked boxes "on",
    unticked ones absent), with `changes` (field name -> posted text)."""
    form = TitleForm(title=title)
    data = {}
    for name in [*ENTRY_FIELDS, *[key for _i, _n, key in form.parameters]]:
        value = form.initial.get(name)
        if value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, Decimal):
            value = str(value).replace(".", ",")
        elif isinstance(value, Title):
            value = str(value.pk)
        data[name] = "" if value is None else value
    return data | changes


def section_of(page: str, title) -> str:
    start = page.index(f'id="title-{title.pk}"')
    return page[start : page.index("</section>", start)]


# --------------------------------------------------------------------------- the list


def test_unit_staff_read_every_entry_with_its_rules_in_words(client_for, unit_staff, catalogue):
    page = client_for(unit_staff).get(LIST).content.decode()
    ttldtt = section_of(page, catalogue["tap-the-lao-dong-tien-tien"])
    assert "Danh hiệu Tập thể lao động tiên tiến" in ttldtt
    assert "Emulation title of a collective" in ttldtt
    assert "The commune&#x27;s chairman" in ttldtt
    assert "Collective: 0,8 × lương cơ sở" in ttldtt
    assert "At least 70 % of members hold the base title (Danh hiệu Lao động tiên tiến)" in ttldtt
    assert "Rated at least “Well completed duties” for the year" in ttldtt
    assert "No member disciplined at “Warning (cảnh cáo)” or above" in ttldtt
    assert "A title for this kind of unit (not for: Village)" in ttldtt
    assert "No cap" in ttldtt
    assert "The council votes; its usual majority" in ttldtt
    assert "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 28" in ttldtt
    assert "(mức 50 % của phần mềm cũ là sai)" in ttldtt
    assert "Current" in ttldtt
    cstdcs = section_of(page, catalogue["chien-si-thi-dua-co-so"])
    assert "Individual: 1 × lương cơ sở" in cstdcs
    assert (
        "The council votes; at least 80 % of all its members in favour, absent members&#x27; written "
        "opinions counted"
    ) in cstdcs
    ttldxs = section_of(page, catalogue["tap-the-lao-dong-xuat-sac"])
    assert "Forwarded to the city" in ttldxs
    assert edit_url(catalogue["chien-si-thi-dua-co-so"]) not in page


def test_the_office_sees_the_edit_links_and_retired_entries_and_caps(client_for, vhxh_officer, catalogue):
    cstdcs, ldtt = catalogue["chien-si-thi-dua-co-so"], catalogue["lao-dong-tien-tien"]
    Title.objects.filter(pk=cstdcs.pk).update(
        cap_per_unit=2, cap_total=10, cap_share=Decimal("0.15"), cap_base=ldtt
    )
    Title.objects.filter(pk=catalogue["thon-van-hoa"].pk).update(is_current=False)
    page = client_for(vhxh_officer).get(LIST).content.decode()
    assert all(edit_url(title) in page for title in catalogue.values())
    caps = section_of(page, catalogue["chien-si-thi-dua-co-so"])
    assert "At most 2 per unit" in caps
    assert "At most 10 in the commune" in caps
    assert "At most 15 % of the unit&#x27;s proposals for “Danh hiệu Lao động tiên tiến”" in caps
    assert "Not current" in section_of(page, catalogue["thon-van-hoa"])


@pytest.mark.parametrize("extra", [0, 20])
def test_the_list_query_count_does_not_grow(
    client_for, unit_staff, own_unit, catalogue, extra, django_assert_max_num_queries
):
    for n in range(extra):
        form = AwardForm.objects.create(
            code=f"danh-hieu-thu-{n}", name=f"Danh hiệu thử {n}", kind=AwardKind.INDIVIDUAL_TITLE
        )
        Title.objects.create(
            commune=own_unit.commune,
            award_form=form,
            position=10 + n,
            criteria=[
                {"code": "consecutive_years", "params": {"award_form": "lao-dong-tien-tien", "years": 2}}
            ],
            cap_base=catalogue["lao-dong-tien-tien"],
            cap_share=Decimal("0.1"),
        )
    client = client_for(unit_staff)
    # The layout's queries, the seeding check (in a savepoint), the entries and the forms' names.
    with django_assert_max_num_queries(15):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 6 + extra


# --------------------------------------------------------------------------- editing


def test_the_office_changes_caps_council_and_a_criterions_share(client_for, vhxh_officer, catalogue):
    ttldtt = catalogue["tap-the-lao-dong-tien-tien"]
    data = post_data(
        ttldtt,
        cap_per_unit="1",
        cap_total="12",
        council_share="0,75",
        **{"criterion-2-share": "0,6", "criterion-1-level": "excellent", "position": "7"},
        legal_basis="Quyết định số 12/2026/QĐ-UBND của xã",
    )
    data.pop("is_current")
    response = client_for(vhxh_officer).post(edit_url(ttldtt), data)
    assert response.status_code == 302
    assert response["Location"] == LIST
    ttldtt.refresh_from_db()
    assert (ttldtt.cap_per_unit, ttldtt.cap_total, ttldtt.council_share) == (1, 12, Decimal("0.750"))
    assert (ttldtt.position, ttldtt.is_current, ttldtt.council_vote) == (7, False, True)
    assert ttldtt.legal_basis == "Quyết định số 12/2026/QĐ-UBND của xã"
    assert ttldtt.criteria == [
        {"code": "unit_kind", "params": {"except": ["village"]}},
        {"code": "rating_at_least", "params": {"level": "excellent"}},
        {"code": "member_share", "params": {"award_form": "lao-dong-tien-tien", "share": "0.6"}},
        {"code": "no_member_disciplined", "params": {"from_level": "warning"}},
    ]
    entry = LogEntry.objects.get_for_object(ttldtt).latest("timestamp")
    assert entry.actor == vhxh_officer
    assert entry.changes_dict["cap_per_unit"] == ["None", "1"]
    assert entry.changes_dict["is_current"] == ["True", "False"]


def test_the_form_shows_one_field_per_parameter(client_for, vhxh_officer, catalogue):
    page = client_for(vhxh_officer).get(edit_url(catalogue["chien-si-thi-dua-co-so"])).content.decode()
    assert 'name="criterion-1-level"' in page
    assert 'name="criterion-3-from_level"' in page
    assert 'name="criterion-0-award_form"' not in page
    assert 'name="criteria"' not in page
    assert 'value="0,8"' in page  # the council's share, written the Vietnamese way
    assert "<legend>Criteria</legend>" in page
    # The movement's Giấy khen has checks without parameters: no criteria to set.
    page = client_for(vhxh_officer).get(edit_url(catalogue["giay-khen-chu-tich"])).content.decode()
    assert 'name="cap_total"' in page
    assert "<legend>Criteria</legend>" not in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"criterion-2-share": "1,5"},
            "criterion-2-share",
            "Criterion “Share of the unit's members holding a title” must be a share between 0 and 1 "
            "(e.g. 0,70 for 70 %); “1.5” is not.",
        ),
        ({"cap_per_unit": "0"}, "cap_per_unit", "At most per unit must be at least 1, or empty for no cap."),
        (
            {"cap_total": "40.000"},
            "cap_total",
            "At most in the commune must be at most 32767, or empty for no cap.",
        ),
        (
            {"cap_share": "0,2"},
            "cap_base",
            "A cap as a share needs the base title it is a share of; choose it.",
        ),
        (
            {"council_share": "80"},
            "council_share",
            "The share of votes in favour must be a share between 0 and 1 (e.g. 0,70 for 70 %); “80” is not.",
        ),
    ],
)
def test_bad_values_are_refused_on_their_field_and_nothing_is_saved(
    client_for, vhxh_officer, catalogue, changes, field, message
):
    ttldtt = catalogue["tap-the-lao-dong-tien-tien"]
    before = Title.objects.filter(pk=ttldtt.pk).values().get()
    response = client_for(vhxh_officer).post(edit_url(ttldtt), post_data(ttldtt, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert Title.objects.filter(pk=ttldtt.pk).values().get() == before


def test_a_base_title_without_a_share_is_refused(client_for, vhxh_officer, catalogue):
    cstdcs = catalogue["chien-si-thi-dua-co-so"]
    data = post_data(cstdcs, cap_base=str(catalogue["lao-dong-tien-tien"].pk))
    response = client_for(vhxh_officer).post(edit_url(cstdcs), data)
    assert response.context["form"].errors == {
        "cap_share": [
            "A base title counts only for a cap as a share; enter the share or clear the base title."
        ]
    }


def test_the_service_refuses_a_level_that_is_none_and_years_out_of_range(vhxh_officer, catalogue):
    ldtt = catalogue["lao-dong-tien-tien"]
    criteria = [{"code": "rating_at_least", "params": {"level": "heroic"}}]
    with pytest.raises(NominationError) as refused:
        titles.update_title(ldtt, actor=vhxh_officer, criteria=criteria)
    assert refused.value.field == "criterion-0-level"
    assert str(refused.value).startswith(
        "Criterion “Yearly rating at or above a level”: “heroic” is not a level; choose one of "
        "“Excellently completed duties”, "
    )
    criteria = [{"code": "consecutive_years", "params": {"award_form": "lao-dong-tien-tien", "years": 0}}]
    with pytest.raises(NominationError) as refused:
        titles.update_title(ldtt, actor=vhxh_officer, criteria=criteria)
    assert str(refused.value) == (
        "Criterion “The same title in consecutive years”: the number of years must be a whole number from 1 to 10."
    )
    ldtt.refresh_from_db()
    assert ldtt.criteria[0] == {"code": "rating_at_least", "params": {"level": "good"}}


def test_the_service_changes_only_what_it_is_given(vhxh_officer, catalogue):
    cstdcs = catalogue["chien-si-thi-dua-co-so"]
    saved = titles.update_title(cstdcs, actor=vhxh_officer, cap_total=5, source_note="  Ghi chú  ")
    assert (saved.cap_total, saved.source_note, saved.council_share) == (5, "Ghi chú", Decimal("0.800"))
    assert saved.criteria == cstdcs.criteria


# --------------------------------------------------------------------------- who


def test_unit_staff_may_read_but_not_edit(client_for, unit_staff, catalogue):
    ldtt = catalogue["lao-dong-tien-tien"]
    client = client_for(unit_staff)
    assert client.get(edit_url(ldtt)).status_code == 403
    assert client.post(edit_url(ldtt), post_data(ldtt, cap_total="1")).status_code == 403
    ldtt.refresh_from_db()
    assert ldtt.cap_total is None


def test_another_communes_entry_is_not_found(commune, client_for, vhxh_officer, catalogue):
    other = CommuneFactory(code="binh-minh", name="xã Bình Minh", place_name="Bình Minh")
    theirs = titles.ensure_catalogue(other)[0]
    client = client_for(vhxh_officer)
    assert client.get(edit_url(theirs)).status_code == 404
    with tenancy.within(other):
        assert client.post(edit_url(theirs), {"position": "1"}).status_code == 404
    page = client.get(LIST).content.decode()
    assert edit_url(theirs) not in page


def test_the_menu_links_the_catalogue_for_the_office(client_for, vhxh_officer, unit_staff):
    assert f'href="{LIST}"' in client_for(vhxh_officer).get(reverse("home")).content.decode()
    assert f'href="{LIST}"' not in client_for(unit_staff).get(reverse("home")).content.decode()


def test_a_year_end_rounds_page_links_the_catalogue(client_for, unit_staff):
    today = datetime.date.today()
    round_ = RoundFactory(
        year_end=True, submit_by=today + datetime.timedelta(days=7), review_by=None, council_on=None
    )
    page = client_for(unit_staff).get(round_.get_absolute_url()).content.decode()
    assert f'href="{LIST}"' in page


def test_the_page_reads_in_vietnamese(client, unit_staff, catalogue):
    client.force_login(unit_staff)
    page = client.get(LIST).content.decode()
    ttldtt = section_of(page, catalogue["tap-the-lao-dong-tien-tien"])
    assert "Không giới hạn" in ttldtt
    assert "Chủ tịch UBND xã" in ttldtt
    assert "Tập thể: 0,8 × mức lương cơ sở" in ttldtt
    assert "Hội đồng bỏ phiếu; theo đa số thông thường" in ttldtt


# --------------------------------------------------------------------------- certificates


def test_the_default_certificates_are_cstdcs_and_the_collective_titles(catalogue):
    printing = {code for code, title in catalogue.items() if title.prints_certificate}
    assert printing == {
        "chien-si-thi-dua-co-so",
        "tap-the-lao-dong-tien-tien",
        "tap-the-lao-dong-xuat-sac",
        "thon-van-hoa",
    }
    assert {title.certificate_heading for title in catalogue.values()} == {"GIẤY CHỨNG NHẬN"}
    help_text = str(Title._meta.get_field("has_certificate").help_text)
    assert "[chưa xác nhận: theo thực tiễn, chỉnh được trong danh mục]" in help_text


def test_the_office_gives_ldtt_a_certificate_and_the_list_says_so(client_for, vhxh_officer, catalogue):
    ldtt = catalogue["lao-dong-tien-tien"]
    client = client_for(vhxh_officer)
    page = client.get(edit_url(ldtt)).content.decode()
    assert 'name="has_certificate"' in page
    assert 'name="certificate_heading"' in page
    assert "<legend>Certificate</legend>" in page
    before = section_of(client.get(LIST).content.decode(), ldtt)
    assert "No certificate: recognised in the decision's list" in before
    data = post_data(ldtt, has_certificate="on", certificate_heading="  giấy   chứng nhận ")
    assert client.post(edit_url(ldtt), data).status_code == 302
    ldtt.refresh_from_db()
    assert (ldtt.has_certificate, ldtt.certificate_heading, ldtt.prints_certificate) == (
        True,
        "GIẤY CHỨNG NHẬN",
        True,
    )
    after = section_of(client.get(LIST).content.decode(), ldtt)
    assert "Prints a certificate headed “GIẤY CHỨNG NHẬN”" in after
    entry = LogEntry.objects.get_for_object(ldtt).latest("timestamp")
    assert entry.changes_dict["has_certificate"] == ["False", "True"]


@pytest.mark.parametrize(
    ("code", "changes", "field", "message"),
    [
        (
            "giay-khen-chu-tich",
            {"has_certificate": "on"},
            "has_certificate",
            "Only an emulation title prints a certificate here; “Giấy khen của Chủ tịch UBND xã” prints as it is.",
        ),
        (
            "chien-si-thi-dua-co-so",
            {"certificate_heading": " "},
            "certificate_heading",
            "Enter the heading the certificate prints (e.g. “GIẤY CHỨNG NHẬN”).",
        ),
    ],
)
def test_a_certificate_without_heading_or_for_a_giay_khen_is_refused(
    client_for, vhxh_officer, catalogue, code, changes, field, message
):
    title = catalogue[code]
    before = Title.objects.filter(pk=title.pk).values().get()
    response = client_for(vhxh_officer).post(edit_url(title), post_data(title, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert Title.objects.filter(pk=title.pk).values().get() == before
