"""The pages write figures the Vietnamese way whatever the language: "702.000 đ", "1.234",
"72,75". The test walks the demo portal from each role's home page, following its links as a
user would, and fails on a whole number of four digits or more written without its dots
("702000", years aside) or a decimal written with a point ("72.75"), in the text of the page
or in the value of a field."""

import re
from collections import Counter, deque
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client

from awards.models import Award, PrinterProfile
from campaigns.models import IndexComponent, Result
from units.models import User

pytestmark = pytest.mark.django_db

# Four or more digits in a row, not part of a longer figure, a date, a time or a code. Years
# (1900-2199) are written without dots; numbers starting with 0 are codes or phone numbers.
RAW_WHOLE = re.compile(r"(?<![\w.,/:#-])(?!(?:19|20|21)\d\d(?!\d))[1-9]\d{3,}(?![\w.,/:-])")
# A decimal point: digits, a dot, one or two digits, and nothing of a longer figure after.
POINT_DECIMAL = re.compile(r"(?<![\w.,/:-])\d+\.\d{1,2}(?![\w.,/:-])")
SKIP = ("/logout", "/i18n/", "/admin/", "/static/", "/private/", "/xac-minh/")
MAX_PAGES = 200
# The menus' pages that show figures; the walk follows their links.
START = [
    "/",
    "/dashboard/",
    "/registry/",
    "/decisions/",
    "/rounds/",
    "/review/",
    "/results/",
    "/registrations/",
    "/movement/",
    "/movement/report/",
    "/index/",
    "/initiatives/",
    "/council/sessions/",
    "/certificates/printers/",
    "/audit/",
    "/cchc/",
    "/vinh-danh/",
]


class _Visible(HTMLParser):
    """The text a user reads (outside scripts and styles), the values of the text fields,
    and the links of the page."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "input" and attrs.get("type", "text") == "text" and attrs.get("value"):
            self.text.append(f"[{attrs.get('name')}={attrs['value']}]")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def _problems(text: str) -> list[str]:
    found = []
    for pattern in (RAW_WHOLE, POINT_DECIMAL):
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append(f"{match.group()!r} in …{' '.join(text[start:end].split())}…")
    return found


def _codes() -> list[str]:
    """Text of the data that looks like a figure and is not one: the index components' codes
    ("3.2") and the printers' model names ("Canon LBP 2900")."""
    codes = [*IndexComponent.objects.values_list("code", flat=True), "3.2"]  # "3.2" is the form's example
    return sorted({*codes, *PrinterProfile.objects.values_list("name", flat=True)}, key=len, reverse=True)


def _shape(url: str) -> str:
    """A page's kind: its path with the ids left out ("/registry/N/")."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def _walk(client: Client) -> tuple[dict[str, list[str]], set[str]]:
    """The pages of the menus, and the pages they link to (two of each kind, two links deep)
    -> the badly written figures on each."""
    codes = _codes()
    queue = deque((url, 0) for url in START)
    seen, shapes, problems, visited = set(START), Counter(), {}, set()
    while queue and len(visited) < MAX_PAGES:
        url, depth = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        visited.add(url)
        parser = _Visible()
        parser.feed(response.content.decode())
        text = " ".join(parser.text)
        for code in codes:
            text = text.replace(code, " ")
        if found := _problems(text):
            problems[url] = found
        if depth == 2:
            continue
        for href in parser.links:
            link = urldefrag(href).url
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or link.startswith(SKIP):
                continue
            if "page=" in parts.query or parts.path.endswith((".pdf", ".xlsx", ".zip", ".csv")):
                continue
            if link not in seen and shapes[_shape(link)] < 2:
                seen.add(link)
                shapes[_shape(link)] += 1
                queue.append((link, depth + 1))
    return problems, visited


@pytest.fixture
def big_figures(demo):
    """Figures of four digits and more, and decimals, where the demo has only small ones."""
    award = Award.objects.filter(revoked_by__isnull=True).order_by("pk").first()
    Award.objects.filter(pk=award.pk).update(amount=Decimal(702000))
    result = Result.objects.filter(numerator__isnull=False).order_by("pk").first()
    Result.objects.filter(pk=result.pk).update(numerator=1234, denominator=2000)
    return award


def test_the_patterns_find_raw_and_english_figures_and_leave_vietnamese_ones():
    assert _problems("Tiền thưởng 702000 đ; tỷ lệ 72.75%") != []
    assert len(_problems("702000 72.75 1234")) == 3
    text = "702.000 đ · 72,75% · 1.234 · năm 2026 · 07/12/2026 · 13:50 · 01/QĐ-UBND · 0243123456"
    assert _problems(text) == []


@pytest.mark.parametrize(("username", "language"), [("vhxh", "vi"), ("vhxh", "en"), ("donvi1", "en")])
def test_pages_write_figures_the_vietnamese_way(big_figures, username, language):
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(User.objects.get(username=username))
    problems, visited = _walk(client)
    assert len(visited) >= 40, visited
    assert problems == {}, "\n".join(f"{u}: {p}" for u, ps in problems.items() for p in ps)
