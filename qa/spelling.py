"""A misspelt question word read as the corpus word one typing slip away: "accomlish" -> "accomplish".

Why: people type fast, and a misspelt word matches nothing, so the sentence that answers loses the word that
set it apart. The correction is taken only when exactly one corpus term is one slip away (a letter left out,
added, changed, or two neighbours swapped: Damerau-Levenshtein distance 1, as in Norvig's corrector), so a
word that could be either of two terms is left as typed.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from string import ascii_lowercase

CORRECTED_MIN_LETTERS = 5  # shorter words are one slip from too many others ("bride" -> "ride", "pride")


def one_slip_away(word: str) -> Iterator[str]:
    """Every string one typing slip from `word` (lowercase ASCII letters), some more than once."""
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            yield head + tail[1:]
            for letter in ascii_lowercase:
                yield head + letter + tail[1:]
        if len(tail) > 1:
            yield head + tail[1] + tail[0] + tail[2:]
        for letter in ascii_lowercase:
            yield head + letter + tail


def corrected(term: str, vocabulary: Container[str]) -> str | None:
    """The one vocabulary term a slip away from `term`, or None (none, several, or not a word of letters)."""
    if len(term) < CORRECTED_MIN_LETTERS or not (term.isascii() and term.isalpha()):
        return None
    found = {candidate for candidate in one_slip_away(term) if candidate != term and candidate in vocabulary}
    return found.pop() if len(found) == 1 else None
