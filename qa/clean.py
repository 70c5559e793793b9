"""Raw article text -> normalised text of the same length, per-line kinds, title and date.

Normalisation maps one character to one character, so every offset in the cleaned text is also an
offset in the text as read: the answer is quoted from the original, the terms come from the clean copy.
Furniture lines are labelled, not removed, so a question that really asks about them can still find them.
"""

from __future__ import annotations

from itertools import islice
from typing import Any, cast

from qa import lazy_re as re  # patterns compile on first use: start-up pays only for those used
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
    for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)):
        table[code] = " "  # control characters never reach tokens or the terminal
    table[0x0D] = " "
    # Keep the Chinese sentence terminators: sentences split on them before the full-width map applies.
    for ch in "！？；":
        del table[ord(ch)]
    return table


_CHAR_MAP = _build_char_map()
_MAPPED = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_CHAR_MAP)) + "]")


# Terminal escape sequences: CSI ("\x1b[31m"), OSC up to its terminator ("\x1b]0;title\x07"; never past a
# line end) and the two-character ones ("\x1bc"). An OSC without a terminator matches as its first two.
ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL_RUN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]+")


def clean_question(text: str) -> str:
    """A question as typed or piped: escape sequences removed, other control characters (NUL, backspace,
    carriage return ...) turned into a space. Tabs and line breaks stay."""
    return _CONTROL_RUN.sub(" ", ESCAPE_SEQUENCE.sub("", text))


def normalize_chars(text: str) -> str:
    """Map look-alike characters to plain ones, one for one (`len` is preserved)."""
    if text.isascii() or _MAPPED.search(text):  # translate is slow on other text: skip it when it has nothing to do
        return text.translate(_CHAR_MAP)
    return text


# (needles, pattern): a line is tried against the pattern only when its lower-case form holds one of the
# needles (no needles: always). `in` finds a needle in a megabyte at memory speed; sre steps through a
# case-insensitive alternation one character at a time. The needles are implied by the patterns.
_FURNITURE_RULES = [
    (needles, re.compile(p, re.IGNORECASE))
    for needles, p in (
        (("icp备", "公网安备", "网站标识码"), r"ICP备|公网安备|网站标识码"),
        (("copyright", "all rights reserved", "©", "powered by", "sponsored by"),
         r"copyright|all rights reserved|©|\bpowered by\b|\bsponsored by\b"),
        (("best viewed", "technical support"), r"\bbest viewed\b|\btechnical support\b"),
        (("扫一扫", "当前页", "首页", "打印本页", "关闭窗口", "返回顶部"), r"扫一扫|当前页|首页|打印本页|关闭窗口|返回顶部"),
        ((), r"^\s*(print|mail|share|email)\b.*\b(large|medium|small)\b"),
        ((), r"^\s*font\s*(size)?\s*:"),
        ((), r"^\s*(post a comment|advertorial|related (news|stories)|share this|subscribe)\s*$"),
        ((), r"^\s*home\s*[>|»]"),
        (("|",), r"\S\s*\|\s*\S.*\|"),
        ((".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg"), r"^\s*\S+\.(png|jpe?g|gif|webp|bmp|svg)\s*$"),
        ((), r"【\s*(author|editor|source)\s*:"),
        ((), r"^\s*(updated|published|source|editor|author)\s*:"),
    )
]
# The four letters that re.IGNORECASE also matches to ASCII ones but str.lower() leaves apart.
_FOLD_CHARS = "\u0130\u0131\u017f\u212a"
_FOLD = str.maketrans(dict(zip(_FOLD_CHARS, "iisk")))
# "(www.example.com.cn/path)" alone on a line. Two steps, not one pattern: "[\w.-]+\.(com|...)[\w./-]*\)"
# backtracks through every ".com" of a long line and takes quadratic time.
_PARENTHESISED = re.compile(r"\s*+\(\s*+([\w./-]++)\s*+\)\s*$")
_DOMAIN = re.compile(r"[\w.-]+\.(com|cn|net|org|gov)", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b|(\d{4})年(\d{1,2})月(\d{1,2})日")
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_LEADING_ADVERBIAL = re.compile(r"(on|at|in|during|after|before|according to|as of|since)\b", re.IGNORECASE)
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, Extension A, compatibility


class _NoAsciiMatch:
    """A pattern that matches no ASCII character, which answers search() on ASCII text at once: an English
    question is read without compiling it (a class this wide takes milliseconds). Other methods are the
    pattern's own."""

    def __init__(self, pattern: str) -> None:
        self._pattern = re.compile(pattern)

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        return None if text.isascii() else self._pattern.search(text, *bounds)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._pattern, name)
        setattr(self, name, value)  # looked up once
        return value


HAS_CJK = cast("re.Pattern[str]", _NoAsciiMatch(f"[{CJK_CLASS}]"))  # one for every module: compiled once
_TERMINAL = re.compile(r"[.!?。！？](?:[\"')\]]*)(?:\s|$)")


def _count(pattern: re.Pattern[str], line: str, enough: int) -> int:
    """Matches of the pattern in the line, counted up to `enough` (a megabyte line is not read to the end)."""
    return sum(1 for _ in islice(pattern.finditer(line), enough))


_ENOUGH_WORDS = 15  # no decision below needs to count further


def _word_count(line: str) -> int:
    """Latin words plus half the Chinese characters, capped at _ENOUGH_WORDS."""
    latin = _count(_LATIN_WORD, line, _ENOUGH_WORDS)
    if latin >= _ENOUGH_WORDS:
        return _ENOUGH_WORDS
    return min(_ENOUGH_WORDS, latin + _count(HAS_CJK, line, 2 * (_ENOUGH_WORDS - latin)) // 2)


def _is_nav_menu(line: str) -> bool:
    """A run of capitalised link labels with no sentence in it: 'English About Changzhou Mayor's Mailbox ...'."""
    if _TERMINAL.search(line):
        return False
    words = _LATIN_WORD.findall(line)
    if HAS_CJK.search(line):
        words = [w for w in words if not HAS_CJK.search(w)]
    if len(words) < 6:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.75


def _is_prose(line: str) -> bool:
    words = _word_count(line)
    if HAS_CJK.search(line) and _count(HAS_CJK, line, 15) >= 15 and re.search(r"[。！？]", line):
        return True
    return words >= 8 and (bool(_TERMINAL.search(line)) or words >= 15)


def _is_domain_line(line: str) -> bool:
    match = _PARENTHESISED.match(line)
    return bool(match and _DOMAIN.match(match.group(1)))


def _is_furniture(line: str) -> bool:
    lowered = line.lower()
    if any(c in line for c in _FOLD_CHARS):
        lowered = line.translate(_FOLD).lower()
    return (any((not needles or any(n in lowered for n in needles)) and pattern.search(line)
                for needles, pattern in _FURNITURE_RULES)
            or _is_domain_line(line) or _is_nav_menu(line))


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
    furniture = [kinds[i] == "" and _is_furniture(line) for i, line in enumerate(lines)]  # once: slow on long lines
    prose = [i for i, line in enumerate(lines) if kinds[i] == "" and not furniture[i] and _is_prose(line)]
    first_prose = prose[0] if prose else len(lines)
    last_prose = prose[-1] if prose else -1
    title_found = False
    for i, line in enumerate(lines):
        if kinds[i] == BLANK:
            continue
        if furniture[i]:
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
