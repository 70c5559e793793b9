"""Cross-lingual query terms through a Chinese-English dictionary: Chinese question words -> English stems,
English question words -> Chinese words, and Traditional characters -> Simplified.

Pure: the dictionary is passed in (qa.lexicon loads CC-CEDICT into one). Translation only ADDS terms; the
caller keeps the question's own terms first. Every translated term comes out of qa.tokens, so it is spelled
exactly as documents are indexed. One question word's translations carry weights that sum to 1, so a word
with ten glosses does not outweigh a word with one (a compound the dictionary lacks, such as 重点项目, counts
as the dictionary words it is made of: 重点 + 项目).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from qa.clean import HAS_CJK
from qa.tokens import CHINESE_STOPWORDS, ENGLISH_STOPWORDS, NUMBER_WORDS, tokenize

MAX_GROUPS = 6  # translations kept per word, best first
MAX_CHINESE_PER_ENGLISH = 4
MAX_WORD_CHARS = 6  # the longest headword tried when splitting a compound the dictionary lacks

# Question words that ask rather than say; 第几 / 几 / 哪 may also lead a word (几年, 哪天, 第几名).
_INTERROGATIVE_PREFIXES = ("第几", "几", "哪")
# Measure words and fillers that carry nothing once the interrogative or the number is gone.
_MEASURE_WORDS = frozenset("个家位项座名篇条件次种大天些只所批类处届期号级倍部点")
_DEMONSTRATIVES = frozenset("这那该本此每各某其")
# Administrative suffixes: 常州市 -> 常州, 江苏省 -> 江苏, 昆山县 -> 昆山.
_ADMIN_SUFFIXES = frozenset("市省县区镇乡村")
# Lower-case words that may sit inside a proper name: "Ministry of Industry and Information Technology".
_NAME_CONNECTORS = frozenset(("of", "and", "the", "for", "de", "du", "la", "on"))

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = frozenset("万亿")
_CN_NUMBER = re.compile(r"^(第|前)?([零〇一二两三四五六七八九十百千万亿]+)(个)?(.*)$")
_TENS_WORDS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
_POWER_WORDS = {100: "hundred", 1000: "thousand", 1_000_000: "million", 1_000_000_000: "billion",
                1_000_000_000_000: "trillion"}
_ORDINAL_WORDS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                  "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                  "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth")
_TONE = re.compile(r"[1-5]")
_NOT_LETTER = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class DictEntry:
    """One dictionary entry of a headword: its pinyin as the dictionary writes it and its cleaned glosses."""

    pinyin: str  # "Chang2 zhou1"; a capital first letter marks a proper noun
    glosses: tuple[str, ...]

    @property
    def proper(self) -> bool:
        return self.pinyin[:1].isupper()


class Dictionary(Protocol):
    """What translation needs from a dictionary (qa.lexicon.Lexicon is the real one)."""

    def entries(self, word: str) -> Sequence[DictEntry]: ...

    def chinese_for(self, english_word: str) -> list[str]: ...

    def char_pinyin(self, char: str) -> str | None: ...

    def surname_pinyin(self, char: str) -> str | None: ...

    def simplified_char(self, char: str) -> str | None: ...

    def simplified_word(self, word: str) -> str | None: ...

    def traditional_word_starts(self) -> Container[str]: ...


Unit = dict[str, float]  # the weighted terms one word translates to (weights sum to 1)


class NamedUnit(dict[str, float]):
    """A Unit holding multi-word names ("United States": unit, state). `names`: per name, all its terms and
    those no other translation in the unit gives. A name counts only whole: where the articles lack one of
    its words, its own terms are dropped (美国 does not mean "state")."""

    names: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()


# What each word translates to, kept per dictionary (a batch of questions meets the same words again and
# again; the result depends only on the word and the dictionary, which never changes). Kept units are
# shared: nothing may change them. At most UNITS_KEPT words per dictionary.
UNITS_KEPT = 100_000
_kept_units: weakref.WeakKeyDictionary[object, dict[tuple[str, str], tuple[Unit, ...]]] = weakref.WeakKeyDictionary()


def _kept(lexicon: Dictionary, kind: str, word: str, work: Callable[[], Sequence[Unit]]) -> tuple[Unit, ...]:
    """work(), remembered for this dictionary under (kind, word)."""
    try:
        kept = _kept_units.setdefault(lexicon, {})
    except TypeError:  # a dictionary object that cannot be weakly referenced: nothing is kept
        return tuple(work())
    key = (kind, word)
    units = kept.get(key)
    if units is None:
        if len(kept) >= UNITS_KEPT:
            kept.clear()
        units = kept[key] = tuple(work())
    return units


# ---- Traditional -> Simplified ------------------------------------------------------------------------


def to_simplified(text: str, lexicon: Dictionary) -> str:
    """`text` with Traditional characters written in Simplified ones (same length; other text unchanged).

    Words come first (乾燥 -> 干燥, while 乾隆 stays), then single characters that are unambiguous.
    Run it on a Chinese question before tokenizing it: jieba segments Simplified text far better.
    """
    if not HAS_CJK.search(text):
        return text
    starts = lexicon.traditional_word_starts()  # no word is looked up at a character that starts none
    out: list[str] = []
    i = 0
    while i < len(text):
        for length in range(min(MAX_WORD_CHARS, len(text) - i), 1, -1) if text[i] in starts and HAS_CJK.match(
                text[i]) else ():
            word = lexicon.simplified_word(text[i:i + length])
            if word is not None and len(word) == length:
                out.append(word)
                i += length
                break
        else:
            char = text[i]
            out.append((lexicon.simplified_char(char) or char) if HAS_CJK.match(char) else char)
            i += 1
    return "".join(out)


# ---- helpers ------------------------------------------------------------------------------------------


def toneless(pinyin: str) -> str:
    """Dictionary pinyin as one lower-case word without tones: "Zhang1 jia1 gang3" -> "zhangjiagang"."""
    return _NOT_LETTER.sub("", _TONE.sub("", pinyin.lower().replace("u:", "u")))


def name_head(gloss: str) -> str:
    """The leading proper name of a gloss: "Changzhou prefecture-level city in Jiangsu" -> "Changzhou"."""
    words = gloss.split()
    head: list[str] = []
    for i, word in enumerate(words):
        bare = word.rstrip(",.;:")
        if not bare:
            break
        capital = bare[0].isupper() or (head and bare[0].isdigit())
        following = words[i + 1][:1] if i + 1 < len(words) else ""
        connector = head and bare.lower() in _NAME_CONNECTORS and following.isupper()
        if capital or connector:
            head.append(bare)
        else:
            break
        if bare != word:  # a comma or full stop ends the name
            break
    return " ".join(head)


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral: 十三 -> 13, 一百 -> 100, 万亿 -> 10**12, 二〇二三 -> 2023."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch not in _CN_BIG for ch in text):
        return None
    if len(text) > 1 and all(ch in _CN_DIGITS for ch in text):  # digit by digit, as in years
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    yi = wan = section = number = 0  # the parts counted in 亿 (10**8), in 万 (10**4), and below
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (number or 1) * _CN_UNITS[ch]
            number = 0
        elif ch == "万":
            wan = ((section + number) or 1) * 10_000
            section = number = 0
        else:  # 亿; 万亿 is 10**12
            yi = ((wan + section + number) or 1) * 100_000_000
            wan = section = number = 0
    return yi + wan + section + number


def _number_words(value: int) -> list[str]:
    if value < len(NUMBER_WORDS):
        return [NUMBER_WORDS[value]]
    if value in _TENS_WORDS:
        return [_TENS_WORDS[value]]
    if value in _POWER_WORDS:
        return [_POWER_WORDS[value]]
    return []


def _weighted(groups: Iterable[Sequence[str]]) -> Unit:
    """Groups of terms, best first -> one unit: group i weighs 1/(i+1), shared by its terms; sums to 1."""
    unit: Unit = {}
    kept = [group for group in groups if group][:MAX_GROUPS]
    for rank, group in enumerate(kept):
        share = 1.0 / (rank + 1) / len(group)
        for term in group:
            unit[term] = unit.get(term, 0.0) + share
    total = sum(unit.values())
    return {term: weight / total for term, weight in unit.items()} if total else {}


def _english(text: str) -> list[str]:
    """English text -> index terms, Chinese dropped (a gloss may still quote a character)."""
    return [term for term in dict.fromkeys(tokenize(text)) if not HAS_CJK.search(term)]


# ---- Chinese -> English -------------------------------------------------------------------------------


def _dictionary_unit(entries: Sequence[DictEntry]) -> Unit:
    groups: list[list[str]] = []
    names: list[list[str]] = []
    for entry in entries:
        if entry.proper:
            head = name_head(entry.glosses[0]) if entry.glosses else ""
            groups.append(_english(head) if head else _english(toneless(entry.pinyin)))
            if len(groups[-1]) > 1:
                names.append(groups[-1])
        else:
            groups.extend(_english(gloss) for gloss in entry.glosses)
    unit = _weighted(groups)
    if not names:
        return unit
    named = NamedUnit(unit)
    named.names = tuple((frozenset(name), frozenset(t for t in name if sum(t in group for group in groups) == 1))
                        for name in names)
    return named


def _name_unit(word: str, lexicon: Dictionary) -> Unit:
    """A name the dictionary lacks, in pinyin: 谈诗谊 -> "tanshiyi", with "tan" + "shiyi" as a person."""
    syllables = [lexicon.char_pinyin(ch) or "" for ch in word]
    if not all(syllables):
        return {}
    groups = [_english("".join(syllables))]
    surname = lexicon.surname_pinyin(word[0])
    if surname and 2 <= len(word) <= 3:
        given = "".join(syllables[1:])
        groups = [_english(surname + given), _english(given), _english(surname)]
    return _weighted(groups)


def _characters_unit(word: str, lexicon: Dictionary) -> Unit:
    """A short word of single characters the dictionary has no word for: a person's name if it starts
    with a surname (谈诗谊), else its pinyin (an unlisted place) and its characters' meanings, sharing the
    weight equally (市级). A word holding a function character (建了) is just its other characters."""
    singles = [char for char in word if char not in CHINESE_STOPWORDS]
    if len(singles) < len(word):
        parts = [_dictionary_unit(lexicon.entries(char)) for char in singles]
    elif lexicon.surname_pinyin(word[0]) and 2 <= len(word) <= 3:
        return _name_unit(word, lexicon)
    else:
        parts = [_name_unit(word, lexicon)] + [_dictionary_unit(lexicon.entries(char)) for char in singles]
    parts = [part for part in parts if part]
    unit: Unit = {}
    for part in parts:
        for term, weight in part.items():
            unit[term] = unit.get(term, 0.0) + weight / len(parts)
    return unit


def _number_unit(word: str, lexicon: Dictionary) -> list[Unit] | None:
    match = _CN_NUMBER.match(word)
    if not match:
        return None
    value = chinese_number(match.group(2))
    if value is None:
        return None
    prefix, rest = match.group(1), match.group(4)
    if prefix == "第":
        ordinal = [_ORDINAL_WORDS[value]] if value < len(_ORDINAL_WORDS) else []
        groups = [ordinal, [str(value)]]
    else:
        words = _number_words(value)
        groups = [words, [str(value)]] if value < 10 else [[str(value)], words]
        if prefix == "前":
            groups += [["first"], ["top"]]
    units = [_weighted([_english(" ".join(group)) for group in groups])]
    if rest and rest not in _MEASURE_WORDS:
        units.extend(_word_units(rest, lexicon, split=True))
    return units


def _split_compound(word: str, lexicon: Dictionary) -> list[str]:
    """Greedy longest match of dictionary headwords; characters left alone stay single."""
    pieces: list[str] = []
    i = 0
    while i < len(word):
        for length in range(min(MAX_WORD_CHARS, len(word) - i), 1, -1):
            if lexicon.entries(word[i:i + length]):
                break
        else:
            length = 1
        pieces.append(word[i:i + length])
        i += length
    return pieces


def _word_units(word: str, lexicon: Dictionary, split: bool = True) -> Sequence[Unit]:
    """One Chinese word -> its units (one, or one per dictionary word of a compound the dictionary lacks)."""
    return _kept(lexicon, "zh" if split else "zh-whole", word, lambda: _read_word_units(word, lexicon, split))


def _read_word_units(word: str, lexicon: Dictionary, split: bool) -> Sequence[Unit]:
    if word in CHINESE_STOPWORDS or word in _MEASURE_WORDS or not HAS_CJK.search(word):
        return []
    for prefix in _INTERROGATIVE_PREFIXES:
        if word.startswith(prefix):
            rest = word[len(prefix):]
            return [] if not rest or rest in _MEASURE_WORDS else _word_units(rest, lexicon, split)
    if word.startswith("第") and (units := _number_unit(word, lexicon)) is not None:
        return units
    entries = lexicon.entries(word)
    if entries:
        unit = _dictionary_unit(entries)
        return [unit] if unit else []
    if (units := _number_unit(word, lexicon)) is not None:
        return units
    if word[0] in _DEMONSTRATIVES and word[1:] in _MEASURE_WORDS:  # 这篇, 该项, 本届
        return []
    named = len(word) >= 3 and word[-1] in _ADMIN_SUFFIXES  # 张家港市, 谈家镇: a name and its suffix
    if named and (proper := [entry for entry in lexicon.entries(word[:-1]) if entry.proper]):
        return [_dictionary_unit(proper)]
    if not split:
        return []
    pieces = _split_compound(word, lexicon)
    if all(len(piece) == 1 for piece in pieces):  # no dictionary word inside
        if named:
            return [unit] if (unit := _name_unit(word[:-1], lexicon)) else []
        return [unit] if len(word) <= 4 and (unit := _characters_unit(word, lexicon)) else []
    # Single characters beside dictionary words are mostly measure words and affixes: left out.
    return [unit for piece in pieces if len(piece) > 1 for unit in _word_units(piece, lexicon, split=False)]


def _repair_split_names(words: Sequence[str], lexicon: Dictionary) -> list[str]:
    """Undo jieba cutting a place name across two words: 常 + 州政府 -> 常州 + 政府."""
    out = list(words)
    i = 0
    while i + 1 < len(out):
        first, second = out[i], out[i + 1]
        if len(first) == 1 and HAS_CJK.match(first) and HAS_CJK.match(second):
            for take in (1, 2):
                name, rest = first + second[:take], second[take:]
                if take < len(second) and any(e.proper for e in lexicon.entries(name)) and (
                        not rest or lexicon.entries(rest) or rest in CHINESE_STOPWORDS):
                    out[i:i + 2] = [name, rest] if rest else [name]
                    break
        i += 1
    return out


def _restrict(unit: Unit, vocabulary: Container[str] | None) -> Unit:
    """The unit's terms found in `vocabulary` (a name of several words only whole: see NamedUnit),
    re-weighted to sum to 1 again (all of them if None)."""
    if vocabulary is None:
        return unit
    kept = {term: weight for term, weight in unit.items() if term in vocabulary}
    for name, own in getattr(unit, "names", ()):
        if not all(term in vocabulary for term in name):
            for term in own:
                kept.pop(term, None)
    total = sum(kept.values())
    return {term: weight / total for term, weight in kept.items()} if total else {}


def _merge(units: Iterable[Unit], vocabulary: Container[str] | None = None) -> list[tuple[str, float]]:
    merged: dict[str, float] = {}
    for unit in units:
        unit = _restrict(unit, vocabulary)
        for term, weight in sorted(unit.items(), key=lambda item: (-item[1], item[0])):
            merged[term] = merged.get(term, 0.0) + weight
    return list(merged.items())


def translate_chinese_word(word: str, lexicon: Dictionary,
                           vocabulary: Container[str] | None = None) -> list[tuple[str, float]]:
    """The English terms of one Chinese word, best first; weights sum to 1 per dictionary word in it."""
    return _merge(_word_units(word, lexicon), vocabulary)


def translate_chinese_terms(words: Sequence[str], lexicon: Dictionary,
                            vocabulary: Container[str] | None = None) -> list[tuple[str, float]]:
    """English index terms for the Chinese words of a question, as (stem, weight), in question order.

    `words` are the question's jieba words (qa.tokens terms, stopwords already dropped; non-Chinese terms
    are ignored). A word the dictionary lacks is split into the dictionary words it is made of, or read
    as a name in pinyin ("changzhou"). A term several words give gets the sum of their weights.
    With `vocabulary` (the index's terms), a word's weight goes only to translations the corpus holds:
    "factory" gets all of 工厂's weight instead of sharing it with glosses no document uses.
    """
    words = _repair_split_names([w for w in words if HAS_CJK.search(w)], lexicon)
    return _merge((unit for word in words for unit in _word_units(word, lexicon)), vocabulary)


def chinese_word_senses(words: Sequence[str], lexicon: Dictionary) -> list[tuple[str, Unit]]:
    """Each Chinese word of a question (names repaired as translate_chinese_terms does) with each of its
    units, weighted as the dictionary orders its senses: before any restriction to a corpus's terms, so
    that a sense listed late keeps its small share (叫 "to order": 0.15)."""
    words = _repair_split_names([w for w in words if HAS_CJK.search(w)], lexicon)
    return [(word, unit) for word in words for unit in _word_units(word, lexicon)]


# ---- English -> Chinese -------------------------------------------------------------------------------


def _english_word_unit(word: str, lexicon: Dictionary) -> Unit:
    return _kept(lexicon, "en", word, lambda: [_read_english_word_unit(word, lexicon)])[0]


def _read_english_word_unit(word: str, lexicon: Dictionary) -> Unit:
    lowered = word.lower()
    if lowered in ENGLISH_STOPWORDS or not lowered.isalpha():
        return {}
    groups = [[t for t in tokenize(chinese) if HAS_CJK.search(t)]
              for chinese in lexicon.chinese_for(lowered)[:MAX_CHINESE_PER_ENGLISH]]
    return _weighted(groups)


def translate_english_word(word: str, lexicon: Dictionary,
                           vocabulary: Container[str] | None = None) -> list[tuple[str, float]]:
    """The Chinese index terms of one English word, best first; the weights sum to 1 (or nothing)."""
    return _merge([_english_word_unit(word, lexicon)], vocabulary)


def translate_english_terms(words: Sequence[str], lexicon: Dictionary,
                            vocabulary: Container[str] | None = None) -> list[tuple[str, float]]:
    """Chinese index terms for the English words of a question (surface words, not stems), in order.

    Each word's Chinese words are run through qa.tokens, so they are the jieba words documents hold;
    the weights of one English word's terms sum to 1. `vocabulary` as in translate_chinese_terms.
    """
    return _merge((_english_word_unit(word, lexicon) for word in words), vocabulary)
