"""Home-page panels. Each app registers providers in its AppConfig.ready(), so this
layer never imports the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Item:
    text: str
    url: str = ""
    count: int | None = None
    level: str = "secondary"  # Bootstrap contextual colour: warning, danger, success...


@dataclass
class Panel:
    title: str
    items: list[Item] = field(default_factory=list)
    empty_text: str = ""
    order: int = 50


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    """Register `provider(user) -> list[Panel]`; usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(user) -> list[Panel]:
    panels = [panel for provider in _providers for panel in provider(user)]
    return sorted(panels, key=lambda p: p.order)
