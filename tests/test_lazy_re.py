"""qa.lazy_re: `re` with compiling deferred to first use; the patterns must behave as re's own."""

from __future__ import annotations

import re

import pytest

from qa import clean, corpus, lazy_re, question, sentences, spans, tokens

PATTERNS = [(r"(?P<word>[^\W\d_]+)|(?P<num>\d+(?:[.,]\d+)*)", 0), (r"\bhow (many|much)\b|多少", re.IGNORECASE),
            (r"[\u3400-\u4dbf\u4e00-\u9fff]+", 0)]
TEXTS = ["How many cities? 13, or 1,462.5 percent", "苏州在2023年排名第几? HOW MUCH", ""]


@pytest.mark.parametrize("source,flags", PATTERNS)
def test_a_lazy_pattern_matches_as_the_compiled_one(source, flags) -> None:
    lazy, compiled = lazy_re.compile(source, flags), re.compile(source, flags)
    for text in TEXTS:
        assert lazy.search(text) is not None or compiled.search(text) is None
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert lazy.findall(text) == compiled.findall(text)
        assert lazy.sub("_", text) == compiled.sub("_", text) and lazy.split(text) == compiled.split(text)
        assert bool(lazy.match(text)) == bool(compiled.match(text))
        assert bool(lazy.fullmatch(text)) == bool(compiled.fullmatch(text))
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)


def test_a_pattern_is_compiled_at_its_first_use_not_before() -> None:
    broken = lazy_re.compile("(unclosed")  # no error yet: nothing is compiled
    with pytest.raises(re.error):
        broken.search("text")


def _lazy_patterns(value: object, depth: int = 0):  # type: ignore[no-untyped-def]
    if isinstance(value, lazy_re.LazyPattern):
        yield value
    elif depth < 3 and isinstance(value, (dict, tuple, list)):
        for item in (value.values() if isinstance(value, dict) else value):
            yield from _lazy_patterns(item, depth + 1)
    elif depth < 3 and hasattr(value, "__dict__") and not isinstance(value, type):
        yield from _lazy_patterns(vars(value), depth + 1)


@pytest.mark.parametrize("module", [clean, corpus, question, sentences, spans, tokens], ids=lambda m: m.__name__)
def test_every_pattern_of_a_rule_module_compiles(module) -> None:
    """Deferred compiling must not hide a broken pattern until the rare question that uses it."""
    found = [p for name, value in vars(module).items() if not name.startswith("__") for p in _lazy_patterns(value)]
    assert found
    for pattern in found:
        assert isinstance(pattern.pattern, str)  # compiles it
