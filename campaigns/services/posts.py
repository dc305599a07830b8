"""Posts of the public CCHC page (chuyên mục CCHC), written by the office (VHXH) and the
units that publish for a campaign (e.g. the general services centre).

A post's body is plain text: pages escape it and turn blank lines into paragraphs, so no
markup a writer types ever reaches a reader's browser. Only published posts are public.
Every write runs inside `transaction.atomic`; django-auditlog records who changed what.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thiduaportal.roles import Role, roles_of
from thiduaportal.text import nfc
from units.models import Unit

from ..models import Post
from .campaign import InvalidInput

TITLE_MAX, SUMMARY_MAX, BODY_MAX = 255, 400, 20_000


class PostError(InvalidInput):
    """The post cannot be saved or moved; the message names the field and the problem."""


def publishable_units(user) -> QuerySet[Unit]:
    """Units the user may publish for: the office, its own unit and every active unit that
    publishes for a campaign; anyone else, their own unit if it publishes."""
    if not user.is_authenticated or not user.unit_id:
        return Unit.objects.none()
    publishers = Q(published_campaigns__isnull=False)
    if roles_of(user) & {Role.VHXH_OFFICER, Role.ADMIN}:
        allowed = Q(pk=user.unit_id) | publishers
    else:
        allowed = Q(pk=user.unit_id) & publishers
    return Unit.objects.filter(allowed, is_active=True).distinct().order_by("name")


def _clean(actor, *, unit: Unit | None, title: str, summary: str, body: str) -> dict:
    fields = {"title": nfc(title).strip(), "summary": nfc(summary).strip(), "body": nfc(body).strip()}
    if not fields["title"]:
        raise PostError(_("A post needs a title."), field="title")
    if not fields["body"]:
        raise PostError(_("A post needs a text."), field="body")
    for name, limit, label in (
        ("title", TITLE_MAX, _("The title")),
        ("summary", SUMMARY_MAX, _("The summary")),
        ("body", BODY_MAX, _("The text")),
    ):
        if len(fields[name]) > limit:
            raise PostError(
                _("%(what)s is too long (%(length)s characters); at most %(max)s.")
                % {"what": label, "length": len(fields[name]), "max": limit},
                field=name,
            )
    if unit is None or not publishable_units(actor).filter(pk=unit.pk).exists():
        raise PostError(
            _("%(unit)s does not publish on the public page; choose one of the units offered.")
            % {"unit": unit or "—"},
            field="unit",
        )
    return {**fields, "unit": unit}


def create_post(*, actor, unit: Unit | None, title: str, summary: str = "", body: str) -> Post:
    """Write a draft post for `unit` (one the actor may publish for). Not public until
    `publish_post`. Side effect: one `Post`."""
    fields = _clean(actor, unit=unit, title=title, summary=summary, body=body)
    with transaction.atomic():
        return Post.objects.create(author=actor, **fields)


def update_post(post: Post, *, actor, unit: Unit | None, title: str, summary: str = "", body: str) -> Post:
    """Change a post's text or publishing unit; a published post stays published."""
    fields = _clean(actor, unit=unit, title=title, summary=summary, body=body)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def _set_published(post: Post, *, published: bool) -> Post:
    """The one door for a post's publication state."""
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.is_published == published:
            message = (
                _("“%(title)s” is already published.") if published else _("“%(title)s” is not published.")
            )
            raise PostError(message % {"title": locked.title})
        locked.is_published = published
        if published:
            locked.published_at = timezone.now()
        locked.save(update_fields=["is_published", "published_at", "updated_at"])
    return locked


def publish_post(post: Post, *, actor) -> Post:
    """Show the post on the public page, dated now. Refused when already published."""
    return _set_published(post, published=True)


def unpublish_post(post: Post, *, actor) -> Post:
    """Take the post off the public page. Refused when not published."""
    return _set_published(post, published=False)
