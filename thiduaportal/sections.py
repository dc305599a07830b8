"""Extra sections on another app's detail pages. An app higher up registers a provider for
a model in its AppConfig.ready(), so a lower layer's page (a person, a unit) can show, say,
the awards of the person without importing the app that keeps them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    """One block of a detail page: a heading, the template that draws it and its data.

    The template is included with `section` in its context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


Provider = Callable[[Any, Any], "Section | None"]
_providers: dict[str, list[Provider]] = defaultdict(list)


def register(label: str, provider: Provider) -> Provider:
    """Register `provider(obj, user) -> Section | None` for the model `label`
    ("units.cadre", as `Model._meta.label_lower`)."""
    if provider not in _providers[label]:
        _providers[label].append(provider)
    return provider


def sections_for(obj, user, *, page: str = "") -> list[Section]:
    """The sections every app offers for `obj` and this user, in their order. `page` names a
    page other than the object's detail page: providers registered for "<label>/<page>"."""
    label = f"{obj._meta.label_lower}/{page}" if page else obj._meta.label_lower
    found = [provider(obj, user) for provider in _providers.get(label, ())]
    return sorted((section for section in found if section is not None), key=lambda s: s.order)
