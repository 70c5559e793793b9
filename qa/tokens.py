"""Text -> terms: the ONE tokenizer for documents and questions alike.

English words are lowercased, stopwords dropped, and stemmed with Snowball's Porter2 (PyStemmer).
Numbers are terms: "1,462" -> "1462", "7.4" stays, "%" becomes "percent".
Every run of Chinese characters is segmented by jieba, which is imported only when a run is met, so
English-only work never pays for its dictionary.
A run of letters or digits longer than MAX_TERM_CHARS is not a word (a pasted hash, a held-down key): it
yields no term, so it neither bloats the vocabulary nor costs the stemmer time.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import Stemmer

from qa import lazy_re as re  # patterns compile on first use: start-up pays only for those used
from qa.clean import CJK_CLASS, normalize_chars

_TOKEN = re.compile(
    rf"(?P<cjk>[{CJK_CLASS}]+)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    rf"|(?P<word>[^\W\d_{CJK_CLASS}]+(?:'[^\W\d_{CJK_CLASS}]+)*)"
    r"|(?P<pct>%)"
)
# _TOKEN for ASCII text, which holds no Chinese: the same groups and, on such text, the same matches. It
# compiles in a fraction of a millisecond where _TOKEN's wide classes take ~10 ms, so an English question
# over English sentences never compiles _TOKEN.
_ASCII_TOKEN = re.compile(r"(?P<cjk>(?!))|(?P<num>\d+(?:[.,]\d+)*)|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)|(?P<pct>%)")

# English number words by value (qa.translate writes numbers with them; qa.question reads them as digits).
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
ENGLISH_STOPWORDS = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
        "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
        "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't", "has",
        "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's",
        "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if",
        "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me", "more", "most",
        "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other",
        "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd",
        "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the",
        "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd",
        "they'll", "they're", "they've", "this", "those", "through", "to", "too", "under", "until", "up",
        "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what",
        "what's", "when", "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why",
        "why's", "with", "won't", "would", "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your",
        "yours", "yourself", "yourselves", "also", "s", "t", "will", "shall", "may", "might", "must",
        "just", "many", "much"
    ]
)
# Function words and question scaffolding in Chinese; jieba leaves them as their own words.
CHINESE_STOPWORDS = frozenset(
    [
        "的", "了", "着", "过", "是", "在", "和", "与", "及", "或", "也", "都", "而", "就", "被", "把", "让", "这", "那", "这个",
        "那个", "这些", "那些", "个", "之", "其", "以", "于", "为", "对", "从", "等", "中", "上", "下", "吗", "呢", "吧", "啊",
        "么", "呀", "嘛", "哪", "哪些", "哪个", "哪里", "哪儿", "谁", "什么", "多少", "几", "怎么", "怎样", "如何", "为什么", "是否",
        "有", "没有", "又", "还", "并", "但", "但是", "而且", "以及", "因为", "所以", "如果", "虽然", "我", "你", "他", "她", "它",
        "我们", "你们", "他们", "她们", "它们", "该", "各", "每", "已", "已经", "将", "会", "要", "能", "可以", "请问", "一下", "吗",
        "呢", "哪年", "哪一年", "几个", "多", "少", "第", "年", "月", "日", "号"
    ]
)

_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The Porter2 stem of one lowercased word (cached: corpora repeat their words)."""
    return _stemmer.stemWord(word)


_jieba_cache_dir: list[str] = []  # set once by the shell before the first Chinese text is met


def use_jieba_cache_dir(path: str) -> None:
    """Where the sorted copy of jieba's dictionary is kept (qa.segment); else it is rebuilt per process."""
    _jieba_cache_dir[:] = [path]


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    from qa.segment import load_segmenter

    return load_segmenter(_jieba_cache_dir[0] if _jieba_cache_dir else None)


def chinese_word_frequency(word: str) -> int:
    """jieba's count of a word in its dictionary (0 when absent): how common the word is."""
    return _segmenter().frequency(word)


def chinese_word_tag(word: str) -> str:
    """jieba's part-of-speech tag of a dictionary word ("nr" a person's name, "ns" a place), else ""."""
    return _segmenter().tag(word)


def segment_chinese(run: str) -> list[str]:
    """Segment one run of Chinese characters into words: jieba's precise mode, as jieba.lcut(run, HMM=True)."""
    return _segmenter().lcut(run)


def _normalize_number(text: str) -> str:
    if "," in text:
        text = text.replace(",", "")
    return text


MAX_TERM_CHARS = 64  # the longest English words in dictionaries have 45 letters


@lru_cache(maxsize=200_000)
def _word_term(word: str) -> str | None:
    """The term of one matched word, or None for a stopword (cached: text repeats its words)."""
    lowered = word.lower().removesuffix("'s")
    if lowered in ENGLISH_STOPWORDS or not lowered:
        return None
    return stem_word(lowered)


def iter_terms(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (term, start, end) with offsets into `text`; Chinese words carry their own offsets."""
    clean = normalize_chars(text)
    for match in (_ASCII_TOKEN if clean.isascii() else _TOKEN).finditer(clean):
        kind = match.lastgroup
        value = match.group()
        if kind == "word":
            term = _word_term(value) if len(value) <= MAX_TERM_CHARS else None
            if term is not None:
                yield term, match.start(), match.end()
        elif kind == "num":
            if len(value) <= MAX_TERM_CHARS:
                yield _normalize_number(value), match.start(), match.end()
        elif kind == "pct":
            yield "percent", match.start(), match.end()
        else:
            position = match.start()
            for word in segment_chinese(value):
                if word not in CHINESE_STOPWORDS:
                    yield word, position, position + len(word)
                position += len(word)


def tokenize(text: str) -> list[str]:
    """The terms of a text, in order: what BM25 indexes and what a question is matched with.

    The same terms as iter_terms, without the offsets (a faster loop: indexing calls this on every sentence).
    """
    terms: list[str] = []
    clean = normalize_chars(text)
    for cjk, num, word, _pct in (_ASCII_TOKEN if clean.isascii() else _TOKEN).findall(clean):
        if word:
            term = _word_term(word) if len(word) <= MAX_TERM_CHARS else None
            if term is not None:
                terms.append(term)
        elif num:
            if len(num) <= MAX_TERM_CHARS:
                terms.append(_normalize_number(num))
        elif cjk:
            terms.extend(w for w in segment_chinese(cjk) if w not in CHINESE_STOPWORDS)
        else:
            terms.append("percent")
    return terms
