"""Logging in and out, throttling, password change and reset by email."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_lands_on_home(client, unit_staff):
    response = client.post(reverse("login"), {"username": "staff", "password": "thidua2026"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_is_refused_in_vietnamese(client, unit_staff):
    response = client.post(reverse("login"), {"username": "staff", "password": "sai"})
    assert response.status_code == 200
    assert (
        response.context["form"]
        .non_field_errors()[0]
        .startswith("Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác")
    )


def test_login_is_throttled_after_five_failures(client, unit_staff):
    for _ in range(5):
        client.post(reverse("login"), {"username": "staff", "password": "sai"})
    response = client.post(reverse("login"), {"username": "staff", "password": "thidua2026"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_session(client, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_by_email(client, unit_staff):
    client.post(reverse("password_reset"), {"email": unit_staff.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}
    )
    assert response["Location"] == reverse("password_reset_complete")
    unit_staff.refresh_from_db()
    assert unit_staff.check_password("Mat-khau-moi-2026")


def test_csrf_is_enforced_on_login():

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_expired_form_explains_in_vietnamese(unit_staff):

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(unit_staff)
    response = strict.post(reverse("units:cadre_create"), {"full_name": "X"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_forbidden_page_is_in_vietnamese(client, unit_staff, other_cadre):
    client.force_login(unit_staff)
    response = client.get(reverse("units:cadre_detail", args=[other_cadre.pk]))
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_vietnamese_even_for_an_english_browser_until_english_is_chosen(client, unit_staff):
    client.force_login(unit_staff)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng xuất" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Log out" in page


def test_password_reset_is_throttled_per_address(client, unit_staff, settings):
    settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 3
    for _ in range(3):
        assert client.post(reverse("password_reset"), {"email": unit_staff.email}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": unit_staff.email.upper()})
    assert response.status_code == 429
    assert (
        "Địa chỉ thư này đã được yêu cầu gửi liên kết đặt lại mật khẩu 3 lần trong một giờ qua"
        in response.content.decode()
    )
    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_client_address(client, unit_staff, settings):
    settings.PASSWORD_RESET_PER_IP_PER_HOUR = 2
    for n in range(2):
        client.post(reverse("password_reset"), {"email": f"khong-co-{n}@example.vn"})
    response = client.post(reverse("password_reset"), {"email": unit_staff.email})
    assert response.status_code == 429
    assert "Máy tính này đã gửi quá nhiều yêu cầu đặt lại mật khẩu" in response.content.decode()
    assert mail.outbox == []
    other = Client(REMOTE_ADDR="10.0.0.8")
    assert other.post(reverse("password_reset"), {"email": unit_staff.email}).status_code == 302
    assert len(mail.outbox) == 1
