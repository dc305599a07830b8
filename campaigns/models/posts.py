"""Posts of the public administrative-reform page (chuyên mục CCHC)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thiduaportal import tenancy
from thiduaportal.roles import sees_all
from thiduaportal.tenancy import TenantModel
from thiduaportal.text import nfc
from units.models import Unit


class PostQuerySet(models.QuerySet):
    def published(self) -> PostQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> PostQuerySet:
        """Drafts included: the office sees every post, a unit its own unit's."""
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()


class Post(TenantModel):
    """A short article on the public CCHC page (chuyên mục CCHC)."""

    tenant_parent = ("unit",)

    title = models.CharField(_("headline"), max_length=255)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    body = models.TextField(_("text"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("publishing unit"), on_delete=models.PROTECT, related_name="posts"
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = tenancy.manager(PostQuerySet)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        for field in ("title", "summary", "body"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        super().save(*args, **kwargs)
