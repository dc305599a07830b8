"""The reusable confirmation of an action that cannot be undone (thiduaportal.confirm): the
page states the consequence and the lists given, and posts every field of the request again
(all values of a multiple field, never the CSRF token) with the confirmation field."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from thiduaportal import confirm


def _request(data):
    request = RequestFactory().post("/council/sessions/1/voting/close/", data)
    request.user = AnonymousUser()
    return request


@pytest.mark.django_db
def test_confirmation_page_reposts_the_fields_with_the_confirmation():
    request = _request({"items": ["3", "5"], "csrfmiddlewaretoken": "x" * 32, "note": "Họp"})
    asked = confirm.Confirmation(
        title="Kết thúc bỏ phiếu?",
        consequence="Không thể hoàn tác.",
        action="/council/sessions/1/voting/close/",
        confirm_label="Xác nhận",
        cancel_url="/council/sessions/1/",
        details=[confirm.Detail("Chưa bỏ phiếu", ["Lý Văn Dũng", "Lương Ngọc Hưởng"])],
    )
    html = confirm.render(request, asked, confirm_unvoted="1").content.decode()
    assert '<h1 class="h4" id="confirmation-title">Kết thúc bỏ phiếu?</h1>' in html
    assert "Không thể hoàn tác." in html
    assert "<li>Lý Văn Dũng</li><li>Lương Ngọc Hưởng</li>" in html
    hidden = [
        '<input type="hidden" name="items" value="3">',
        '<input type="hidden" name="items" value="5">',
        '<input type="hidden" name="note" value="Họp">',
        '<input type="hidden" name="confirm_unvoted" value="1">',
        '<input type="hidden" name="confirmed" value="1">',
    ]
    for field in hidden:
        assert field in html, field
    assert "x" * 32 not in html
    assert 'href="/council/sessions/1/"' in html


def test_only_the_confirmation_field_confirms():
    assert not confirm.is_confirmed(_request({"items": "3"}))
    assert not confirm.is_confirmed(_request({"confirmed": "yes"}))
    assert confirm.is_confirmed(_request({"confirmed": "1"}))
    assert not confirm.is_confirmed(RequestFactory().get("/?confirmed=1"))
