"""The public pages' language links: a GET that sets the language cookie and goes back to
the page, never to another site; an unknown language is not found."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_language_link_sets_the_cookie_and_goes_back_to_the_page(commune):
    client = Client()
    response = client.get(reverse("choose_language", args=["en"]) + "?next=/cchc/")
    assert response.status_code == 302
    assert response["Location"] == "/cchc/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/cchc/").content.decode()
    assert '<h1 class="h3 mb-3">Administrative reform column</h1>' in page
    assert '<html lang="en">' in page


def test_language_link_never_leaves_the_portal():
    response = Client().get(reverse("choose_language", args=["vi"]) + "?next=https://example.org/")
    assert response["Location"] == "/"


def test_unknown_language_is_not_found():
    response = Client().get(reverse("choose_language", args=["fr"]))
    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
