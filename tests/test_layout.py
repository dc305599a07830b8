"""The shared layer: who sees every unit, and the layout's chrome that apps register."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from thiduaportal import chrome
from thiduaportal.roles import sees_all

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PERSONAS = {
    "unit_staff": False,
    "unit_head": False,
    "other_staff": False,
    "vhxh_officer": True,
    "council_member": False,
    "council_secretary": False,
    "chairman": True,
    "administrator": True,
}


@pytest.mark.parametrize(("persona", "expected"), PERSONAS.items())
def test_sees_all_is_the_office_the_chairman_and_the_administrator(request, persona, expected):
    user = request.getfixturevalue(persona)
    assert sees_all(user) is expected
    assert user.has_perm("thiduaportal.view_all_units") is expected


def test_sees_all_refuses_an_anonymous_visitor():
    assert sees_all(AnonymousUser()) is False


@pytest.mark.parametrize("name", ["base.html", "includes/nav.html"])
def test_the_layout_names_no_app_url_or_template(name):
    text = (TEMPLATES / name).read_text()
    assert not re.findall(r"(?:units|campaigns|nominations|council|awards)[:/]", text)
    assert not re.findall(r"perms\.(?!thiduaportal)", text)


def test_each_app_draws_its_part_of_the_menu_in_order():
    assert chrome.templates() == {
        chrome.MENU: [
            "units/_nav.html",
            "campaigns/_nav.html",
            "nominations/_nav.html",
            "council/_nav.html",
            "units/_nav_management.html",
        ],
        chrome.COMMENDATION: ["council/_nav_entries.html", "awards/_nav_entries.html"],
        chrome.NAVBAR_END: ["nominations/inbox/_nav_badge.html"],
        chrome.FOOTER: ["campaigns/_footer_links.html", "awards/_footer_links.html"],
    }


def test_register_refuses_an_unknown_place():
    with pytest.raises(ValueError, match="unknown place"):
        chrome.register("sidebar", "units/_nav.html")


def test_menu_bar_and_footer_come_from_the_registered_parts(client_for, vhxh_officer):
    html = client_for(vhxh_officer).get(reverse("home")).content.decode()
    menu = html[html.index('id="mainnav"') : html.index("</nav>")]
    links = re.findall(r'href="(/[^"]*)"', menu)
    expected = ["/", reverse("units:unit_list"), reverse("units:cadre_list"), reverse("campaigns:dashboard")]
    assert links[:4] == expected
    assert links.index(reverse("nominations:round_list")) < links.index(reverse("audit_list"))
    assert links.index(reverse("audit_list")) < links.index(reverse("nominations:inbox"))
    footer = html[html.index("<footer") :]
    assert re.findall(r'href="([^"]*)"', footer) == [
        reverse("campaigns:public_home"),
        reverse("awards:honour_board"),
        reverse("awards:verify_lookup"),
    ]


def test_no_template_has_an_inline_script():
    """The Content-Security-Policy allows scripts from static files only (`script-src 'self'`):
    an inline <script> or on…= handler in a template is blocked in the browser, silently."""
    templates = Path(settings.BASE_DIR) / "templates"
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=\"", re.IGNORECASE)
    found = [
        f"{path.relative_to(templates)}: {match.group(0).strip()}"
        for path in sorted(templates.rglob("*.html"))
        for match in inline.finditer(path.read_text())
        if path.relative_to(templates).parts[0] != "documents"  # printed by WeasyPrint, no browser
    ]
    assert found == []
