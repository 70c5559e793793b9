"""An acronym the question types and the articles spell out: "MIIT" -> "Ministry of Industry and Information
Technology".

Why: readers type the short form the press uses, and an article often writes the name out in full; read as a
word, the acronym is a key term the articles never hold, and qa declined ("MIIT" never occurs). The long form
is found as the initials of a capitalised name in the articles' own text, so nothing is guessed.
"""

from __future__ import annotations

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


def spell_out(acronym: str, texts: Iterable[str]) -> str | None:
    """The first name in `texts` whose capitalised words' initials spell `acronym` (any case), as written
    there; None when no name does. The name has at least two words, and begins and ends with a capitalised
    one."""
    wanted = acronym.upper()
    for text in texts:
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
                        return text[opening.start() : run[last].end()]
    return None
