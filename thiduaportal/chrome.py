"""The layout's cross-app chrome: the main menu's entries, the items at the end of the menu
bar (the inbox) and the footer's links. Each app registers the partial templates that draw
its own part in its AppConfig.ready(), so base.html names no app's URLs or templates.

A partial is included with the page's context; it checks its own permissions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

MENU = "menu"  # entries of the main menu, after "Home"
# entries of the Commendation menu (drawn by the nominations menu), after the rounds' own
COMMENDATION = "commendation"
NAVBAR_END = "navbar_end"  # items right of the menu, before the user's own menu
FOOTER = "footer"  # links under the commune's address
PLACES = (MENU, COMMENDATION, NAVBAR_END, FOOTER)


@dataclass(frozen=True)
class Part:
    template: str
    order: int


_parts: dict[str, list[Part]] = defaultdict(list)


def register(place: str, template: str, *, order: int = 50) -> None:
    """Draw `template` in `place` (one of PLACES), lower `order` first."""
    if place not in PLACES:
        raise ValueError(f"unknown place {place!r}; use one of {PLACES}")
    part = Part(template, order)
    if part not in _parts[place]:
        _parts[place].append(part)
        _parts[place].sort(key=lambda p: p.order)


def templates() -> dict[str, list[str]]:
    """Every place's partial templates, in their order."""
    return {place: [part.template for part in _parts[place]] for place in PLACES}
