"""Raw article text -> normalised text of the same length, per-line kinds, title and date.

Normalisation maps one character to one character, so every offset in the cleaned text is also an
offset in the text as read: the answer is quoted from the original, the terms come from the clean copy.
Furniture lines are labelled, not removed, so a question that really asks about them can still find them.
"""

from __future__ import annotations

import re

from qa.records import BLANK, BODY, FURNITURE, TITLE, Article


def _build_char_map() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        table[code] = " "
    for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):  # zero-width: a space keeps lengths equal
        table[code] = " "
    for ch in "‘’‚‛′`´":
        table[ord(ch)] = "'"
    for ch in "“”„‟″«»":
        table[ord(ch)] = '"'
    for ch in "‐‑‒–—―−":
        table[ord(ch)] = "-"
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII forms, e.g. "：" -> ":", "（" -> "("
        table[code] = chr(code - 0xFEE0)
    for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)):
        table[code] = " "  # control characters never reach tokens or the terminal
    table[0x0D] = " "
    # Keep the Chinese sentence terminators: sentences split on them before the full-width map applies.
    for ch in "！？；":
        del table[ord(ch)]
    return table


_CHAR_MAP = _build_char_map()


def normalize_chars(text: str) -> str:
    """Map look-alike characters to plain ones, one for one (`len` is preserved)."""
    return text.translate(_CHAR_MAP)


_FURNITURE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"ICP备|公网安备|网站标识码",
        r"copyright|all rights reserved|©|\bpowered by\b|\bsponsored by\b",
        r"\bbest viewed\b|\btechnical support\b",
        r"扫一扫|当前页|首页|打印本页|关闭窗口|返回顶部",
        r"^\s*(print|mail|share|email)\b.*\b(large|medium|small)\b",
        r"^\s*font\s*(size)?\s*:",
        r"^\s*(post a comment|advertorial|related (news|stories)|share this|subscribe)\s*$",
        r"^\s*home\s*[>|»]",
        r"\S\s*\|\s*\S.*\|",
        r"^\s*\S+\.(png|jpe?g|gif|webp|bmp|svg)\s*$",
        r"【\s*(author|editor|source)\s*:",
        r"^\s*(updated|published|source|editor|author)\s*:",
        r"^\s*\(\s*[\w.-]+\.(com|cn|net|org|gov)[\w./-]*\s*\)\s*$",
    )
]
_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b|(\d{4})年(\d{1,2})月(\d{1,2})日")
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_LEADING_ADVERBIAL = re.compile(r"(on|at|in|during|after|before|according to|as of|since)\b", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_TERMINAL = re.compile(r"[.!?。！？](?:[\"')\]]*)(?:\s|$)")


def _word_count(line: str) -> int:
    return len(_LATIN_WORD.findall(line)) + len(_CJK.findall(line)) // 2


def _is_nav_menu(line: str) -> bool:
    """A run of capitalised link labels with no sentence in it: 'English About Changzhou Mayor's Mailbox ...'."""
    words = [w for w in _LATIN_WORD.findall(line) if not _CJK.search(w)]
    if len(words) < 6 or _TERMINAL.search(line):
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75


def _is_prose(line: str) -> bool:
    words = _word_count(line)
    if _CJK.search(line) and len(_CJK.findall(line)) >= 15 and re.search(r"[。！？]", line):
        return True
    return words >= 8 and (bool(_TERMINAL.search(line)) or words >= 15)


def _is_furniture(line: str) -> bool:
    return any(p.search(line) for p in _FURNITURE_PATTERNS) or _is_nav_menu(line)


def _runs_on(lines: list[str], i: int) -> bool:
    following = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
    return bool(following[:1].islower()) and not _TERMINAL.search(lines[i].rstrip() + " ")


def classify_lines(clean_text: str) -> tuple[str, ...]:
    """Decide per line: BODY, TITLE, FURNITURE or BLANK.

    Lines before the first prose line form the page header: the first substantial one that is not
    furniture is the title, the rest is furniture. After the last prose line, short lines are furniture.
    """
    lines = clean_text.split("\n")
    kinds = [BLANK if not re.search(r"\w", line) else "" for line in lines]
    prose = [i for i, line in enumerate(lines) if kinds[i] == "" and _is_prose(line) and not _is_furniture(line)]
    first_prose = prose[0] if prose else len(lines)
    last_prose = prose[-1] if prose else -1
    title_found = False
    for i, line in enumerate(lines):
        if kinds[i] == BLANK:
            continue
        if _is_furniture(line):
            kinds[i] = FURNITURE
        elif i < first_prose and _runs_on(lines, i):
            kinds[i] = BODY  # hard-wrapped prose: the next line continues this one
        elif i < first_prose:
            substantial = _word_count(line) >= 3 and not _TERMINAL.search(line.rstrip() + " ")
            if substantial and not title_found:
                kinds[i] = TITLE
                title_found = True
            else:
                kinds[i] = FURNITURE
        elif i > last_prose and _word_count(line) < 5:
            kinds[i] = FURNITURE
        else:
            kinds[i] = BODY
    return tuple(kinds)


def _derive_title(lines: list[str], kinds: tuple[str, ...]) -> str:
    """A page without a title line gets its first body sentence, cut to a dozen words."""
    for line, kind in zip(lines, kinds):
        if kind == BODY:
            first = re.split(r"(?<=[.!?。！？])\s", line.strip(), maxsplit=1)[0].rstrip(".。")
            # "On the afternoon of January 15, at ..., the delegation deliberated ..." -> the main clause
            if _LEADING_ADVERBIAL.match(first) and ", " in first:
                main = first.rsplit(", ", 1)[1]
                first = main[:1].upper() + main[1:]
            words = first.split()
            return " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    for line, kind in zip(lines, kinds):
        if kind != BLANK:
            return " ".join(line.split()[:12])
    return "(empty)"


def _find_date(lines: list[str], kinds: tuple[str, ...]) -> str | None:
    for line, kind in zip(lines, kinds):
        if kind in (FURNITURE, TITLE):
            match = _DATE.search(line)
            if match:
                y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.groups()[3:]
                return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    return None


def clean_article(source: str, text: str) -> Article:
    """Label the lines of one article and pull out its title and date."""
    clean = normalize_chars(text)
    kinds = classify_lines(clean)
    lines = clean.split("\n")
    titles = [" ".join(line.strip().lstrip("#").strip(" *_").split()) for line, kind in zip(lines, kinds) if kind == TITLE]
    title = titles[0] if titles else _derive_title(lines, kinds)
    return Article(
        source=source,
        text=text,
        title=title,
        title_from_page=bool(titles),
        date=_find_date(lines, kinds),
        line_kinds=kinds,
    )
