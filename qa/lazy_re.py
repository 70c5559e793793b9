"""The `re` module, except that `compile` defers the work to the pattern's first use.

qa's rule modules define many patterns at import, and most questions use a few of them: compiling all
of them took a fifth of `qa ask`'s start-up. A module imports this as `re` (`from qa import lazy_re as re`)
and keeps its rules as written; everything else is the standard module's own.
"""

from __future__ import annotations

import re as _re
from re import *  # this module stands in for `re`: the same names
from typing import Any, cast


class LazyPattern:
    """A stand-in for re.Pattern, compiled on the first use of any of its methods or attributes.

    The first look-up of each name stores the compiled pattern's own attribute on the instance, so later
    calls go straight to re.Pattern's methods.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only names not already stored: each is looked up once
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(_re.compile(*self._source), name)  # (re caches the compiled pattern)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy {_re.compile(*self._source)!r}"


def compile(pattern: str, flags: int = 0) -> _re.Pattern[str]:  # type: ignore[no-redef]  # re's, deferred
    """re.compile, compiled when first used (see LazyPattern)."""
    return cast("_re.Pattern[str]", LazyPattern(pattern, flags))
