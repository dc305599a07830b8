"""The client's address for throttling: REMOTE_ADDR unless behind trusted proxies, and never
what a client writes into X-Forwarded-For itself."""

import pytest
from django.test import RequestFactory

from thiduaportal.clients import client_ip


def _request(forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **extra)


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [("198.51.100.7", "198.51.100.7"), ("203.0.113.9, 198.51.100.7", "198.51.100.7"), ("", "10.0.0.1")],
)
def test_behind_one_proxy_the_address_it_appended_counts(settings, forwarded, expected):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(_request(forwarded)) == expected


def test_behind_two_proxies(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert client_ip(_request("203.0.113.9, 198.51.100.7, 192.0.2.1")) == "198.51.100.7"
    assert client_ip(_request("192.0.2.1")) == "10.0.0.1"
