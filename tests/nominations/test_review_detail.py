"""One nomination under review: the report, comments and internal notes."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from nominations.models import Comment, NominationVersion
from nominations.services import NominationError
from nominations.services import review as services
from tests.factories.nominations import CommentFactory, NominationFactory

PUBLIC = "Đề nghị bổ sung bảng tổng hợp số liệu."
INTERNAL = "Ghi chú: đơn vị này nộp muộn năm trước."


@pytest.fixture
def nomination(own_proposal):
    return NominationFactory(
        proposal=own_proposal,
        submitted=True,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def two_comments(nomination, vhxh_officer):
    CommentFactory(nomination=nomination, author=vhxh_officer, text=PUBLIC)
    CommentFactory(nomination=nomination, author=vhxh_officer, text=INTERNAL, internal=True)


def _review(client, nomination):
    return client.get(reverse("nominations:nomination_review", args=[nomination.pk]))


def _add(client, nomination, **data):
    return client.post(reverse("nominations:comment_add", args=[nomination.pk]), data)


def test_office_sees_both_and_the_note_is_marked(client_for, vhxh_officer, nomination, two_comments):
    html = _review(client_for(vhxh_officer), nomination).content.decode()
    assert PUBLIC in html
    assert INTERNAL in html
    assert html.count("Internal note</span>") == 1
    assert 'name="internal"' in html


def test_chairman_reads_internal_notes_but_writes_none(client_for, chairman, nomination, two_comments):
    html = _review(client_for(chairman), nomination).content.decode()
    assert INTERNAL in html
    assert reverse("nominations:comment_add", args=[nomination.pk]) not in html


def test_unit_never_sees_internal_notes_in_the_include(
    rf: RequestFactory, unit_staff, nomination, two_comments
):
    request = rf.get("/")
    request.user = unit_staff
    # Even when a page hands every comment to the include, the note stays hidden.
    html = render_to_string(
        "nominations/review/_comments.html",
        {"nomination": nomination, "comments": nomination.comments.all()},
        request=request,
    )
    assert PUBLIC in html
    assert INTERNAL not in html
    assert 'name="internal"' not in html
    assert 'name="text"' in html


def test_unit_never_sees_internal_notes_on_its_nomination_page(
    client_for, unit_staff, nomination, two_comments
):
    url = nomination.get_absolute_url()
    html = client_for(unit_staff).get(url).content.decode()
    assert INTERNAL not in html


def test_comments_for_filters_by_reader(nomination, two_comments, unit_staff, vhxh_officer):
    assert [c.text for c in services.comments_for(nomination, unit_staff)] == [PUBLIC]
    assert [c.text for c in services.comments_for(nomination, vhxh_officer)] == [PUBLIC, INTERNAL]


def test_office_adds_an_internal_note(client_for, vhxh_officer, nomination):
    response = _add(client_for(vhxh_officer), nomination, text="  Kiểm tra lại  ", internal="on")
    assert response["Location"] == reverse("nominations:nomination_review", args=[nomination.pk])
    comment = Comment.objects.get()
    assert (comment.text, comment.internal, comment.author) == ("Kiểm tra lại", True, vhxh_officer)


def test_unit_comment_is_always_visible(client_for, unit_staff, nomination):
    response = _add(client_for(unit_staff), nomination, text="Đã bổ sung", internal="on")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.text, comment.internal, comment.author) == ("Đã bổ sung", False, unit_staff)


def test_text_is_normalised_to_nfc(vhxh_officer, nomination):
    decomposed = "Ho\u0300a"  # "Hòa" with a combining grave accent
    comment = services.add_comment(nomination, actor=vhxh_officer, text=decomposed)
    assert comment.text == "Hòa"


def test_empty_comment_is_refused(client_for, vhxh_officer, nomination):
    response = _add(client_for(vhxh_officer), nomination, text="   ")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The comment is empty: write what you want to say."
    ]
    assert Comment.objects.count() == 0


def test_service_refuses_empty_text(vhxh_officer, nomination):
    with pytest.raises(NominationError) as error:
        services.add_comment(nomination, actor=vhxh_officer, text=" \n ")
    assert error.value.field == "text"
    assert Comment.objects.count() == 0


def test_service_refuses_an_internal_note_from_the_unit(unit_staff, nomination):
    with pytest.raises(NominationError) as error:
        services.add_comment(nomination, actor=unit_staff, text="Bí mật", internal=True)
    assert error.value.field == "internal"
    assert Comment.objects.count() == 0


def test_service_refuses_another_unit(other_staff, nomination):
    with pytest.raises(NominationError):
        services.add_comment(nomination, actor=other_staff, text="Xin chào")
    assert Comment.objects.count() == 0


def test_other_unit_cannot_post(client_for, other_staff, nomination):
    assert _add(client_for(other_staff), nomination, text="Xin chào").status_code == 403
    assert Comment.objects.count() == 0


def test_report_is_shown_section_by_section(client_for, vhxh_officer, own_proposal):
    nomination = NominationFactory(
        proposal=own_proposal,
        submitted=True,
        report={
            "profile": {"full_name": "Nguyễn Văn An", "unit": "Trung tâm Phục vụ hành chính công"},
            "achievements": {
                "solutions": "Số hóa hồ sơ một cửa",
                "rows": [{"indicator": "DVC trực tuyến", "plan": "60", "actual": "92", "percent": "153"}],
            },
        },
    )
    response = _review(client_for(vhxh_officer), nomination)
    profile, achievements = response.context["blocks"][:2]
    assert profile.lines[0] == ("Full name", "Nguyễn Văn An")
    assert ("Unit of work", "Trung tâm Phục vụ hành chính công") in profile.lines
    assert ("Solutions applied", "Số hóa hồ sơ một cửa") in achievements.lines
    assert achievements.columns == ["Indicator", "Registered / planned (%)", "Achieved (%)", "Rate (%)"]
    assert achievements.rows == [["DVC trực tuyến", "60", "92", "153"]]
    html = response.content.decode()
    assert "Số hóa hồ sơ một cửa" in html
    assert "<td>153</td>" in html


def test_readable_values():
    assert services.readable(None) == ""
    assert services.readable(["a", "b"]) == "a\nb"
    assert services.readable({"x": 1, "y": ""}) == "x: 1"
    assert services.readable([{"a": 1, "b": None}]) == "a: 1"


def test_review_page_lists_versions(client_for, vhxh_officer, nomination):

    NominationVersion.objects.create(nomination=nomination, number=1, submitted_by=vhxh_officer)
    response = _review(client_for(vhxh_officer), nomination)
    assert [v.number for v in response.context["versions"]] == [1]
    assert "Version 1, submitted" in response.content.decode()
