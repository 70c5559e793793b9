"""Spans of answer-like things inside a sentence: numbers, dates, names, organisations, places, lists.

Used twice: to tell whether a sentence holds the kind of thing a question asks for, and to mark the
short answer inside the chosen sentence. Patterns are plain alternations (no nested quantifiers).
"""

from __future__ import annotations

import re

from qa.question import DATE, LIST, NUMBER, ORGANISATION, OTHER, PERSON, PLACE, REASON

_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                 r"fifty|hundred|thousand|dozens?|first|second|third|fourth|fifth|tenth")
_UNIT = (r"(?:\s?%|\s(?:percent|per cent|trillion|billion|million|thousand|hundred)(?:\s(?:yuan|dollars|US dollars))?"
         r"|\s(?:yuan|km|kilometers|square kilometers|tons|units|cities|enterprises|projects|clusters|provinces|"
         r"industries|indicators|factories|centers|first-level|second-level))?")
_SPAN_PATTERNS: dict[str, re.Pattern[str]] = {
    NUMBER: re.compile(
        rf"(?:more than |over |about |nearly |top )?(?:\d+(?:[.,/]\d+)*(?:-\d+)?|\b(?:{_NUMBER_WORDS})\b)(?:{_UNIT})"
        r"|[一二三四五六七八九十百千万亿两零\d]+(?:个|家|项|座|位|名|亿元|万元|%)|第[一二三四五六七八九十\d]+"
        r"|\b(?:one|two|three|four|five)-(?:trillion|billion|million)\b",
        re.IGNORECASE),
    DATE: re.compile(
        r"\b(?:(?:on |in |by |since )?(?:the afternoon of |the morning of )?"
        r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
        r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.? \d{1,2}(?:, \d{4})?)"
        r"|\b\d{4}-\d{2}-\d{2}\b|\b(?:in |by |since )?(?:19|20)\d{2}\b"
        r"|\b(?:this|last|next) year\b|\bthe (?:past|next) (?:few|five|three) years\b|\bwithin [\w ]{1,20} years\b"
        r"|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|今年|去年|明年"),
    PERSON: re.compile(
        r"(?:(?:President|Deputy|Mayor|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Premier|Secretary|Director) )?"
        r"\b[A-Z][a-z]{1,5} [A-Z][a-z]{1,9}(?:[a-z]*)\b(?=,| said| also|\s+deputy|\s+party|\s+mayor|\.|$)"
        r"|\bPresident [A-Z][a-z]+\b|(?<=said )[A-Z][a-z]+ [A-Z][a-z]+"
        r"|(?<=Editor:)[\u4e00-\u9fff]{2,4}|(?<=Author:)[\u4e00-\u9fff]{2,4}|(?<=编辑[:：])[\u4e00-\u9fff]{2,4}"),
    ORGANISATION: re.compile(
        r"(?:the )?(?:[A-Z][\w-]*\s(?:(?:of|and|for|on)\s(?:the\s)?)?){0,8}"
        r"(?:Ministry|Department|Center|Centre|Office|Group|Company|Bureau|Institute|University|Association|"
        r"Commission|Committee|Government|Congress|Council|Daily|Laboratory|Lab|Park|Consulting|Forum|Zone)"
        r"(?:\s(?:of|for)\s(?:the\s)?(?:[A-Z][\w-]*\s?(?:and\s)?){1,6})?"
        r"|[\u4e00-\u9fff]{2,12}(?:部|局|委员会|政府|中心|集团|公司|研究院|大学)"),
    PLACE: re.compile(
        r"\b(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+)?)(?= province| city| region| district| county|,| and|\.| in| is| has| made| securing| entering| ranking)"
        r"|[\u4e00-\u9fff]{2,4}(?:省|市|区|县)"),
    LIST: re.compile(r"(?:[^,;:]{2,60}, ){2,}(?:and |or )?[^,;:.]{2,60}"),
    REASON: re.compile(r"\b(?:to|so as to|in order to|because|due to|aiming to|aim to|for) [^,;.]{4,120}", re.IGNORECASE),
}


def find_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Offsets of every span of the given kind in the text (OTHER finds none)."""
    pattern = _SPAN_PATTERNS.get(kind)
    if pattern is None:
        return []
    spans = []
    for match in pattern.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start] in " ,;:":
            start += 1
        while end > start and text[end - 1] in " ,;:.":
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def pick_short_answer(text: str, kind: str, question_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of the wanted kind that the question does not already say, nearest to what it matched.

    `question_spans` are the offsets in `text` of the question's terms. For OTHER and when no span of
    the wanted kind is found, the longest stretch of words between matched terms is returned.
    """
    def overlap(span: tuple[int, int]) -> float:
        covered = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in question_spans)
        return covered / max(1, span[1] - span[0])

    def distance(span: tuple[int, int]) -> int:
        if not question_spans:
            return span[0]
        return min(min(abs(span[0] - e), abs(s - span[1])) for s, e in question_spans)

    kinds = [kind] if kind != OTHER else []
    if kind == PLACE:
        kinds.append(ORGANISATION)
    for wanted in kinds:
        spans = [s for s in find_spans(text, wanted) if overlap(s) < 0.5]
        if spans:
            return min(spans, key=lambda s: (distance(s), s[0]))
    return _longest_unmatched_stretch(text, question_spans)


_WORD = re.compile(r"[\w'’%.,-]+|[\u4e00-\u9fff]+")
_EDGE_STOP = frozenset("a an the of in on at to and or but with by for from as is are was were be its their his her".split())


def _longest_unmatched_stretch(text: str, question_spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not words:
        return None
    matched = [any(s < qe and qs < e for qs, qe in question_spans) for s, e in words]
    best: tuple[int, int] | None = None
    i = 0
    while i < len(words):
        if matched[i]:
            i += 1
            continue
        j = i
        while j < len(words) and not matched[j]:
            j += 1
        run = words[i:j]
        while run and text[run[0][0]:run[0][1]].lower() in _EDGE_STOP:
            run = run[1:]
        while run and text[run[-1][0]:run[-1][1]].lower().strip(".,") in _EDGE_STOP:
            run = run[:-1]
        run = run[:12]
        if run and (best is None or run[-1][1] - run[0][0] > best[1] - best[0]):
            best = (run[0][0], run[-1][1])
        i = j
    if best is None:
        return None
    start, end = best
    while end > start and text[end - 1] in " ,;:.":
        end -= 1
    return (start, end) if end > start else None
