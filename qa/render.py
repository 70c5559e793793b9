"""Answers -> text for people, JSON objects and TSV rows for programs. Pure: returns strings and dicts.

Text from the corpus or from a question is untrusted: `safe` neutralises control characters, escape
sequences and bidirectional overrides before anything reaches a terminal.
"""

from __future__ import annotations

import json
import re
import unicodedata

from qa.clean import ESCAPE_SEQUENCE
from qa.question import asks_long_form
from qa.records import Answer, Hit

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
# json.dumps escapes C0 controls; these it leaves raw, and a terminal showing the JSON may act on them.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")


def safe(text: str) -> str:
    """Printable text: escape sequences and other control and bidi-override characters each shown as '�'."""
    return _UNSAFE.sub("\ufffd", ESCAPE_SEQUENCE.sub("\ufffd", text))


_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(obj, ensure_ascii=False) makes anew each call


def json_line(obj: object) -> str:
    """One JSON object on one line, UTF-8 kept readable; every control and bidi character \\u-escaped.

    The escapes are inside JSON strings, so the object reads back exactly the same.
    """
    line = _JSON_ENCODER.encode(obj)
    if line.isascii() and "\x7f" not in line:  # an ASCII line holds no other unsafe character: no scan
        return line
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def one_line(text: str) -> str:
    """Safe text on one line, white space runs collapsed (for display; JSON keeps the verbatim text)."""
    return _SPACES.sub(" ", safe(text.replace("\n", " "))).strip()


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def citation(hit: Hit) -> str:
    s = hit.sentence
    return f"{one_line(hit.title)} ({safe(s.source)}, sentence {s.number}, line {s.line})"


def answer_to_json(answer: Answer) -> dict[str, object]:
    """The batch-mode object: exactly these fields (plus `reason` on a decline), so tools can rely on them."""
    hit = answer.hit
    s = hit.sentence if hit else None
    obj: dict[str, object] = {
        "question": answer.question,
        "answer": s.text if s else None,
        "source": s.source if s else None,
        "title": hit.title if hit else None,
        "sentence": s.number if s else None,
        "line": s.line if s else None,
        "start": s.start if s else None,
        "end": s.end if s else None,
        "highlight": answer.highlight_text,
        "score": hit.score if hit else None,
        "confidence": answer.confidence,
        "followup_of": answer.followup_of,
        "candidates": [
            {"answer": c.sentence.text, "source": c.sentence.source, "sentence": c.sentence.number, "score": c.score}
            for c in answer.candidates
        ],
    }
    if hit is None:
        obj["reason"] = answer.reason
    return obj


def error_to_json(question: str, reason: str) -> dict[str, object]:
    """The object for a line that could not be asked at all (same fields as a decline)."""
    return {"question": question, "answer": None, "source": None, "title": None, "sentence": None, "line": None,
            "start": None, "end": None, "highlight": None, "score": None, "confidence": 0.0, "followup_of": None,
            "candidates": [], "reason": reason}


def _marked(text: str, span: tuple[int, int] | None, mark: tuple[str, str]) -> str:
    """The sentence on one line with the short answer between the two marks (which may be escapes)."""
    if span is None:
        return one_line(text)
    start, end = span
    line = one_line(text[:start] + "\ue000" + text[start:end] + "\ue001" + text[end:])
    return line.replace("\ue000", mark[0]).replace("\ue001", mark[1])


def format_text(answer: Answer, explain: bool = False, mark: tuple[str, str] = ("[", "]")) -> str:
    """A readable answer: the sentence with its short answer marked, the citation, and confidence."""
    lines: list[str] = []
    if answer.followup_of:
        lines.append(f"(read as a follow-up to: {clip(one_line(answer.followup_of), 120)})")
    if answer.hit is None:
        lines.append(f"I could not find the answer in the articles: {safe(answer.reason or 'no match')}.")
        if answer.closest:
            lines.append(f"  Closest: \"{one_line(answer.closest.sentence.text)}\"")
            lines.append(f"           {citation(answer.closest)}")
    else:
        lines.append(f"\"{_marked(answer.hit.sentence.text, answer.highlight, mark)}\"")
        lines.append(f"  — {citation(answer.hit)}")
        lines.append(f"  confidence {answer.confidence:.2f}")
    if explain:
        lines.extend(explain_lines(answer))
    return "\n".join(lines)


def explain_lines(answer: Answer) -> list[str]:
    """Why this answer: the question's terms and every feature of the top candidates."""
    terms = ", ".join(safe(t) for t in answer.query_terms) or "(none)"
    wanted = answer.answer_type or "other"
    if (short_form := asks_long_form(answer.question)) is not None:  # (those sentences go first: see rank)
        wanted = f'what "{safe(short_form)}" stands for, written out'
    lines = [f"  question terms: {terms}; wanted: {wanted}"]
    if answer.translated_terms:
        lines.append(f"  translated terms: {', '.join(safe(t) for t in answer.translated_terms)}")
    hits = ([answer.hit] if answer.hit else ([answer.closest] if answer.closest else [])) + list(answer.candidates)
    seen = set()
    for rank, hit in enumerate(hits, 1):
        if hit is None or id(hit) in seen:
            continue
        seen.add(id(hit))
        features = " ".join(f"{name}={value:.2f}" for name, value in hit.features)
        lines.append(f"  #{rank} score {hit.score:.3f} (bm25 {hit.bm25:.3f}) {safe(hit.sentence.source)} "
                     f"s{hit.sentence.number}: {one_line(hit.sentence.text)[:90]}")
        lines.append(f"      matched: {', '.join(safe(t) for t in hit.matched) or '(none)'}; {features}")
    return lines


def format_candidates(answer: Answer) -> str:
    """One compact line per runner-up sentence."""
    if not answer.candidates:
        return "(no other candidates)"
    return "\n".join(f"  {i}. [{c.score:.2f}] {clip(one_line(c.sentence.text), 72)} ({clip(safe(c.sentence.source), 30)} s{c.sentence.number})"
                     for i, c in enumerate(answer.candidates, 2))


def _tsv_cell(value: object) -> str:
    if value is None:
        return ""
    return one_line(str(value)).replace("\t", " ")


TSV_COLUMNS = ("question", "answer", "source", "title", "sentence", "line", "start", "end", "highlight", "score",
               "confidence", "reason")


def format_tsv(obj: dict[str, object]) -> str:
    return "\t".join(_tsv_cell(obj.get(c)) for c in TSV_COLUMNS)
