"""CC-CEDICT text -> the compact lookup tables qa.lexicon searches (pure: bytes in, bytes out).

Run once per machine (a few seconds). Glosses are cleaned of notes, classifiers, variant and surname
senses and pinyin; entries of a headword are ordered by pypinyin's common reading (重点 zhong4 before
chong2); English words point to Chinese words ranked by "the word's first gloss is exactly this English
word", then by jieba's word frequency.
"""

from __future__ import annotations

import gc
import gzip
import re
import unicodedata
from collections import Counter, defaultdict

from qa.clean import CJK_CLASS, HAS_CJK
from qa.tokens import ENGLISH_STOPWORDS, stem_word
from qa.translate import name_head, toneless

MAX_GLOSSES = 8  # per entry
MAX_CHINESE = 8  # per English stem

_PAREN = re.compile(r"\([^()]*\)")
_CHINESE_REFERENCE = re.compile(rf"[{CJK_CLASS}\U00020000-\U0003FFFF|·]+(?:\[[^\]]*\])?|\[[^\]]*\]")
_SKIP_GLOSS = re.compile(
    r"^(?:CL:|(?:old |unofficial |Japanese |erhua |archaic |ancient |euphemistic )?variant of\b|see\b|also\b|"
    r"same as\b|surname\b|used in\b|abbr\b|abbr\.|Taiwan pr\.|pr\.|Kangxi radical|radical\b|"
    r"classifier for\b|onom\.|interj\.|\(?particle\b|component in\b|"
    r"\d+(?:st|nd|rd|th) (?:radical|stem|branch))",
    re.IGNORECASE)
_GLOSS_NOISE = re.compile(r"\b(?:sb|sth|sb's|sth's|one's|oneself|etc|e\.g|i\.e|lit|fig|coll|esp)\b\.?",
                          re.IGNORECASE)
# Senses a news article would not mean: "(vulgar) fuck", "(archaic) ...", "(Tw) ...", "(dialect) ...".
_MARKED_SENSE = re.compile(r"\((?:vulgar|archaic|obsolete|old|dialect|slang|Cantonese|Tw|Internet slang|"
                           r"old name|old word|derog\.|pejorative)\b[^)]*\)", re.IGNORECASE)
_ENGLISH_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*|\d+(?:\.\d+)?")
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def release_of(header: str) -> str:
    """The release date in a CC-CEDICT header ("#! ... date=2023-11-07T06:42:16Z"), or "unknown"."""
    match = re.search(r"date=(\d{4}-\d{2}-\d{2})", header)
    return match.group(1) if match else "unknown"


def clean_glosses(senses: list[str]) -> list[str]:
    """CC-CEDICT senses -> short English glosses: notes, Chinese references and pinyin dropped."""
    out: list[str] = []
    for sense in senses:
        for part in sense.split(";") if ";" in sense else (sense,):
            text = part.strip()
            if _MARKED_SENSE.search(text):
                continue
            while "(" in text:
                stripped = _PAREN.sub(" ", text)
                if stripped == text:
                    break
                text = stripped
            if _SKIP_GLOSS.match(text):
                continue
            if not text.isascii() or "[" in text:
                text = _CHINESE_REFERENCE.sub(" ", text)
            text = " ".join(_GLOSS_NOISE.sub(" ", text).split()).strip(" ,.:")
            if text and text not in out and any(ch.isalnum() for ch in text):
                out.append(text)
                if len(out) == MAX_GLOSSES:
                    return out
    return out


def _gloss_stems(gloss: str, most: int) -> list[str]:
    """The index terms of a short English gloss as qa.tokens makes them; [] if it has more than `most`."""
    words = [w.removesuffix("'s") for w in _ENGLISH_WORD.findall(gloss.lower())]
    words = [w for w in words if w not in ENGLISH_STOPWORDS]
    if len(words) > most:
        return []
    return list(dict.fromkeys(w if w[0].isdigit() else stem_word(w) for w in words))


def _toneless_char(reading: str) -> str:
    """pypinyin's accented reading -> plain letters: "zhǎng" -> "zhang", "lǜ" -> "lu"."""
    return "".join(ch for ch in unicodedata.normalize("NFD", reading) if ch.isascii() and ch.isalpha())


def _reading_rank(headword: str, pinyin: str, common: dict[str, str]) -> int:
    """0 when the entry's reading is the word's common reading (from pypinyin), else 1."""
    reading = common.get(headword)
    if reading is None:
        return 0
    return 0 if pinyin.lower().replace("u:", "v") == reading else 1


def build_tables(source_gz: bytes) -> tuple[dict[str, bytes], dict[str, object]]:
    """Derive the four tables (zh2en.tsv, en2zh.tsv, chars.tsv, t2s.tsv) from the gzipped CC-CEDICT
    text, and a manifest describing them (release, entries, header, the jieba and pypinyin versions)."""
    collecting = gc.isenabled()
    gc.disable()  # ~10**6 small containers that never form cycles: the collector would only slow this down
    try:
        return _build_tables(source_gz)
    finally:
        if collecting:
            gc.enable()


def _build_tables(source_gz: bytes) -> tuple[dict[str, bytes], dict[str, object]]:
    import jieba
    import pypinyin
    from pypinyin.pinyin_dict import pinyin_dict

    from qa.tokens import chinese_word_frequency
    text = gzip.decompress(source_gz).decode("utf-8")
    header = "\n".join(line for line in text[:4000].splitlines() if line.startswith("#"))

    by_head: dict[str, list[tuple[int, str, list[str]]]] = defaultdict(list)
    simp_of: dict[str, Counter[str]] = defaultdict(Counter)
    simp_chars: set[str] = set()
    surnames: dict[str, str] = {}
    trad_words: list[tuple[str, str]] = []
    simp_heads: set[str] = set()
    count = 0
    for number, line in enumerate(text.splitlines()):
        if line.startswith("#"):
            continue
        match = _ENTRY.match(line)
        if not match:
            continue
        count += 1
        trad, simp, pinyin, body = match.groups()
        simp_heads.add(simp)
        senses = body.split("/")
        if len(simp) == 1 and pinyin[:1].isupper() and senses[0].startswith("surname "):
            surnames.setdefault(simp, toneless(pinyin))
            surnames.setdefault(trad, toneless(pinyin))
        simp_chars.update(simp)
        if trad != simp and len(trad) == len(simp):
            for t, s in zip(trad, simp):
                if t != s:
                    simp_of[t][s] += 1
            if len(trad) > 1:
                trad_words.append((trad, simp))
        glosses = clean_glosses(senses)
        if not glosses:
            continue
        for head in (simp, trad) if trad != simp else (simp,):
            by_head[head].append((number, pinyin, glosses))

    common = {
        head: " ".join(pypinyin.lazy_pinyin(head, style=pypinyin.Style.TONE3, neutral_tone_with_five=True))
        for head, entries in by_head.items() if len({p.lower() for _, p, _ in entries}) > 1
    }
    zh2en: dict[str, str] = {}
    en2zh: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    for head, entries in by_head.items():
        entries.sort(key=lambda e: (_reading_rank(head, e[1], common), e[0]))
        zh2en[head] = "\t".join(f"{pinyin}\t{'/'.join(glosses)}" for _, pinyin, glosses in entries)
    # English -> Chinese: a word whose first gloss is exactly the English word comes first (第二 "second"),
    # then more frequent words (jieba's counts) before rarer ones.
    trad_only = set(simp_of) - simp_chars
    for head, entries in by_head.items():
        if not trad_only.isdisjoint(head) or not HAS_CJK.match(head):
            continue  # index Simplified words only
        frequency = chinese_word_frequency(head)
        candidates: list[str] = []
        for _, pinyin, glosses in entries[:2]:
            candidates.extend([name_head(glosses[0])] if pinyin[:1].isupper() else glosses[:4])
        seen: set[str] = set()
        for position, gloss in enumerate(candidates[:6]):
            stems = _gloss_stems(gloss, 3)
            for stem in stems:
                if stem not in seen:
                    seen.add(stem)
                    primary = position == 0 and len(stems) == 1
                    en2zh[stem].append((not primary, -frequency, len(head), head))

    chars: dict[str, list[str]] = {}
    for code, readings in pinyin_dict.items():
        char = chr(code)
        if HAS_CJK.fullmatch(char):
            chars[char] = [_toneless_char(readings.split(",")[0]), "", ""]
    for char, reading in surnames.items():
        chars.setdefault(char, ["", "", ""])[1] = reading
    ambiguous: set[str] = set()
    for trad, counts in simp_of.items():
        if len(counts) > 1 or trad in simp_chars:
            ambiguous.add(trad)
            if trad in simp_chars:
                continue  # also a Simplified character in its own right: only words decide
        chars.setdefault(trad, ["", "", ""])[2] = counts.most_common(1)[0][0]
    t2s = {trad: simp for trad, simp in trad_words
           if any(ch in ambiguous for ch in trad) and trad not in simp_heads}

    def table(rows: dict[str, str]) -> bytes:
        lines = sorted((key.encode("utf-8"), value.encode("utf-8")) for key, value in rows.items() if key)
        return b"".join(key + b"\t" + value + b"\n" for key, value in lines)

    def ranked(candidates: list[tuple[object, ...]]) -> str:
        words = dict.fromkeys(str(c[-1]) for c in sorted(candidates))  # type: ignore[type-var]
        return " ".join(list(words)[:MAX_CHINESE])

    tables = {
        "zh2en.tsv": table(zh2en),
        "en2zh.tsv": table({stem: ranked(c) for stem, c in en2zh.items() if stem not in ENGLISH_STOPWORDS}),
        "chars.tsv": table({char: "\t".join(fields) for char, fields in chars.items() if any(fields)}),
        "t2s.tsv": table(t2s),
    }
    manifest: dict[str, object] = {
        "release": release_of(header),
        "entries": count,
        "header": header,
        "jieba": getattr(jieba, "__version__", "unknown"),
        "pypinyin": getattr(pypinyin, "__version__", "unknown"),
        "license": "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)",
    }
    return tables, manifest
