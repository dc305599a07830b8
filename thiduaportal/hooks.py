"""One function a lower room asks of a higher one, without importing it.

A lower app declares the hook with the shape it needs (`registry_lines = Hook("...")`); the
higher app that knows the answer provides it in its AppConfig.ready()
(`registry_lines.provide(my_function)`). Calling a hook that nobody provided raises, so a
missing or misspelt provider fails loudly instead of silently answering nothing. A hook with a
`default` answers with it while no app provides one (an optional room)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_UNSET: Any = object()


class Hook:
    """A named slot for one provider function."""

    def __init__(self, name: str, *, default: Callable | None = _UNSET) -> None:
        self.name = name
        self._default = default
        self._provider: Callable | None = None

    def provide(self, function: Callable) -> Callable:
        """Make `function` the provider (again is fine; another function is an error)."""
        if self._provider is not None and self._provider is not function:
            raise ImproperlyConfigured(f"The hook {self.name} already has a provider: {self._provider!r}.")
        self._provider = function
        return function

    @property
    def provided(self) -> bool:
        return self._provider is not None

    def __call__(self, *args, **kwargs):
        if self._provider is not None:
            return self._provider(*args, **kwargs)
        if self._default is not _UNSET:
            return self._default(*args, **kwargs) if callable(self._default) else self._default
        raise ImproperlyConfigured(f"No installed app provides the hook {self.name}.")

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"
