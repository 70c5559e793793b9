"""Cleaned article text -> sentences with line numbers and character offsets.

Boundaries: Chinese 。！？ (with any closing quotes) always end a sentence; . ! ? end one when followed by
white space and not part of an abbreviation ("No. 18", "Mr. Li") or an initial. Decimals ("7.4%"),
numbers ("1,462") and domains ("zjgonline.com.cn") never split because no space follows their dot.
A line break ends a sentence, except inside hard-wrapped prose (next line starts in lower case).
Every regex here is linear: no nested quantifiers, and a run of terminators is matched once, from its
first character and without backtracking, so a megabyte of "a.", "." or "。" splits in linear time.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from qa import lazy_re as re  # patterns compile on first use: start-up pays only for those used
from qa.clean import normalize_chars
from qa.records import BLANK, Article, Sentence

_ABBREVIATIONS = frozenset(
    [
        "no", "nos", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "co", "corp", "inc", "ltd", "vs",
        "etc", "fig", "figs", "vol", "approx", "dept", "est", "govt", "gov", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat",
        "sun", "e.g", "i.e", "u.s", "u.k", "a.m", "p.m", "ph.d", "art", "sec", "rev", "gen", "col", "capt",
        "lt", "sgt", "hon", "pp", "ed", "eds"
    ]
)
# Candidate boundaries: a terminator run plus closing quotes/brackets, then the white space after it.
# The run is taken whole (possessive, and never entered in its middle): giving characters back could not
# put white space after it, and retrying from each dot of a million-dot run would take quadratic time.
_BOUNDARY = re.compile(r"[。！？]+[\"'”’」』）)\]]*|(?<![.!?])[.!?]++[\"'”’」』）)\]]*+(?=\s)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.]*)$")
_HAS_CONTENT = re.compile(r"[^\W_]")


def _is_abbreviation(block: str, dot_at: int) -> bool:
    """True when the '.' at dot_at closes an abbreviation or an initial rather than a sentence."""
    if block[dot_at] != "." or dot_at == 0:
        return False
    before = block[dot_at - 1]
    if not (before.isalnum() or before in "_."):  # no word right before the dot (what \w matches)
        return False
    return _ends_with_abbreviation(block[max(0, dot_at - 12) : dot_at])


@lru_cache(maxsize=4096)
def _ends_with_abbreviation(window: str) -> bool:
    """True when the text before a dot (its last 12 characters) ends with an abbreviation or an initial."""
    match = _WORD_BEFORE.search(window)
    if not match:
        return False
    word = match.group(1)
    if word.lower() in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isupper()  # an initial: "J. Smith"


def split_block(block: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the sentences in one paragraph, trimmed of surrounding space.

    One loop with no helper calls per sentence: a megabyte of "a。" is half a million sentences.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    ends = [match.span() for match in _BOUNDARY.finditer(block)]
    ends.append((len(block), len(block)))
    for at, end in ends:
        if at < end and block[at] in ".!?":
            if block[end : end + 3].lstrip()[:1].islower():
                continue  # "e.g. the city", "approx. ten": a lower-case word does not open a sentence
            if _is_abbreviation(block, at):
                continue
        segment = block[start:end]
        stripped = segment.strip()
        if stripped and _HAS_CONTENT.search(stripped):
            first = start + len(segment) - len(segment.lstrip())
            spans.append((first, first + len(stripped)))
        start = end
    return spans


def _paragraphs(clean: str, kinds: tuple[str, ...]) -> Iterator[tuple[int, int, int]]:
    """Yield (first line index, start offset, end offset) of paragraphs; hard-wrapped lines are joined."""
    offset = 0
    current: tuple[int, int] | None = None  # (first line, start offset)
    lines = clean.split("\n")
    for i, line in enumerate(lines):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if kinds[i] == BLANK:
            if current is not None:
                yield current[0], current[1], line_start - 1
                current = None
            continue
        if current is not None:
            previous = lines[i - 1].rstrip()
            joins = kinds[i] == kinds[current[0]] and previous[-1:] not in ".!?。！？:" and line.lstrip()[:1].islower()
            if not joins:
                yield current[0], current[1], line_start - 1
                current = None
        if current is None:
            current = (i, line_start)
    if current is not None:
        yield current[0], current[1], len(clean)


def split_sentences(article: Article, article_number: int = 0) -> list[Sentence]:
    """Cut an article into sentences; each keeps its line, number and offsets into the text as read."""
    clean = normalize_chars(article.text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", clean)]
    sentences: list[Sentence] = []
    line_index = 0
    for first_line, par_start, par_end in _paragraphs(clean, article.line_kinds):
        kind = article.line_kinds[first_line]
        for start, end in split_block(clean[par_start:par_end]):
            start, end = start + par_start, end + par_start
            while line_index + 1 < len(line_starts) and line_starts[line_index + 1] <= start:
                line_index += 1
            sentences.append(
                Sentence(
                    article=article_number,
                    source=article.source,
                    number=len(sentences) + 1,
                    line=line_index + 1,
                    start=start,
                    end=end,
                    text=article.text[start:end],
                    kind=kind,
                )
            )
    return sentences
