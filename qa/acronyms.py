"""An acronym the question types and the articles spell out: "MIIT" -> "Ministry of Industry and Information
Technology".

Why: readers type the short form the press uses, and an article often writes the name out in full; read as a
word, the acronym is a key term the articles never hold, and qa declined ("MIIT" never occurs). The long form
is found as the initials of a capitalised name in the articles' own text, so nothing is guessed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from qa import lazy_re as re

# Words that a name keeps in lower case between its capitalised words ("Ministry of Industry and ...").
_NAME_JOINERS = frozenset({"of", "and", "for", "the", "on", "in", "&"})
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|&")
ACRONYM_LETTERS = (2, 8)  # an acronym has two to eight letters


def is_acronym(word: str) -> bool:
    """A word typed in capitals, of two to eight ASCII letters ("MIIT", "NYC"; not "A" or "Changzhou")."""
    low, high = ACRONYM_LETTERS
    return low <= len(word) <= high and word.isascii() and word.isalpha() and word.isupper()


def _initials(word: str) -> str:
    """What a capitalised word gives an acronym: its first letter, or all of a short word in capitals
    ("World War II" -> WWII)."""
    return word.upper() if word.isupper() and len(word) <= 3 else word[0].upper()


def _names(text: str) -> Iterable[list[re.Match[str]]]:
    """Runs of capitalised words, joined only by spaces and the small words of _NAME_JOINERS."""
    run: list[re.Match[str]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        joined = bool(run) and not text[run[-1].end() : match.start()].strip()
        if joined and (word[0].isupper() or word in _NAME_JOINERS):
            run.append(match)
        else:
            if run:
                yield run
            run = [match] if word[0].isupper() else []
    if run:
        yield run


def _spelled_name(acronym: str, text: str) -> tuple[int, int] | None:
    """Where the first name of `text` whose capitalised words' initials spell `acronym` (any case) begins and
    ends. The name has at least two words, and begins and ends with a capitalised one."""
    wanted = acronym.upper()
    for run in _names(text):
        for first, opening in enumerate(run):
            if not opening.group()[0].isupper():
                continue
            spelled = ""
            for last in range(first, len(run)):
                word = run[last].group()
                if not word[0].isupper():
                    continue
                spelled += _initials(word)
                if not wanted.startswith(spelled):
                    break
                if spelled == wanted and last > first:
                    return opening.start(), run[last].end()
    return None


def spell_out(acronym: str, texts: Iterable[str]) -> str | None:
    """The first name in `texts` whose capitalised words' initials spell `acronym` (any case), as written
    there; None when no name does (see _spelled_name)."""
    for text in texts:
        if (span := _spelled_name(acronym, text)) is not None:
            return text[span[0] : span[1]]
    return None


_PART = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # a word, or a part of "Command/Service", "high-speed"
_CJK = re.compile(r"[\u3400-\u9fff]")
LONG_FORM_WORDS = 12  # a long form written around its short form has at most this many words
LONG_FORM_CHARS = 600  # ... and is read within this many characters before its brackets
BRACKETS_READ = 20  # the first brackets holding the short form that are read (a sentence is no glossary)


def _spells(words: list[str], wanted: str) -> bool:
    """Whether the words' initials spell `wanted` (upper case): every word gives its initial (a short word
    in capitals may give all its letters), except that a small joining word or a word in lower case after
    the first may give nothing ("Time and Relative Dimension in Space": TARDIS; "Very high-speed Backbone
    Network Service": VBNS)."""
    reached = {0}  # how many letters of `wanted` the words so far can spell
    for position, word in enumerate(words):
        gives = {word[0].upper()} | ({word.upper()} if word.isupper() and len(word) <= 3 else set())
        optional = position > 0 and (word.lower() in _NAME_JOINERS or word[0].islower())
        reached = {done + len(letters) for done in reached for letters in gives if wanted.startswith(letters, done)} | (
            reached if optional else set())
        if not reached:
            return False
    return bool(words) and len(wanted) in reached


def long_form_span(short_form: str, text: str) -> tuple[int, int] | None:
    """Where `text` writes out what `short_form` stands for, or None: a capitalised name whose initials spell
    it ("Ministry of Industry and Information Technology" for MIIT), or the words written right before it in
    brackets ("alternating current (AC)", "quantum electrodynamics (or QED)") or right after it in brackets
    ("TGIF (Thank God It's Friday)") whose initials spell it. A number ("532") has no initials: nothing
    writes it out."""
    wanted = "".join(ch for ch in short_form.upper() if ch.isalpha())
    if len(wanted) < 2:
        return None
    if (span := _spelled_name(wanted, text)) is not None:
        return span
    escaped = re.escape(short_form)
    bracketed = re.finditer(rf"[(（](?:or |the |also |i\.e\. |即|简称)?{escaped}[)）]", text, re.IGNORECASE)
    for match in itertools.islice(bracketed, BRACKETS_READ):
        window = max(0, match.start() - LONG_FORM_CHARS)
        before = list(_PART.finditer(text, window, match.start()))[-LONG_FORM_WORDS:]
        if before and before[-1].end() == match.start() and _CJK.search(before[-1].group()):
            # "三磷酸腺苷（ATP）": Chinese gives no initials to check; the run right before the brackets names it
            return before[-1].start(), before[-1].end()
        for first in range(len(before) - 1, -1, -1):  # the fewest words that spell it
            if _spells([part.group() for part in before[first:]], wanted):
                return before[first].start(), before[-1].end()
    for match in itertools.islice(re.finditer(rf"\b{escaped}\s*\(([^()]{{3,200}})\)", text, re.IGNORECASE),
                                  BRACKETS_READ):
        inside = list(_PART.finditer(text, match.start(1), match.end(1)))
        if _spells([part.group() for part in inside], wanted):
            return inside[0].start(), inside[-1].end()
    return None
