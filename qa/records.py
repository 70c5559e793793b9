"""The records that flow through qa: frozen, carrying their provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

# Line kinds decided by cleaning; sentences inherit the kind of the line they start on.
BODY = "body"
TITLE = "title"
FURNITURE = "furniture"
BLANK = "blank"


@dataclass(frozen=True)
class Article:
    """One source document, its text exactly as read, and what cleaning learned about it."""

    source: str  # path relative to the corpus folder, with forward slashes
    text: str  # the file's text as read (decoded, universal newlines); offsets point into this
    title: str  # the page's title, or a title derived from its first sentence
    title_from_page: bool  # False when the page has no title line and `title` was derived
    date: str | None
    line_kinds: tuple[str, ...]  # one of BODY, TITLE, FURNITURE, BLANK per line


@dataclass(frozen=True)
class Sentence:
    """A sentence cut from an article; `text == article.text[start:end]` always holds."""

    article: int  # position of the article in the index
    source: str
    number: int  # 1-based sentence number within its article
    line: int  # 1-based line of the source file where the sentence starts
    start: int  # character offsets into the article text as read
    end: int
    text: str
    kind: str  # BODY, TITLE or FURNITURE


@dataclass(frozen=True)
class Hit:
    """A candidate sentence with its scores; `features` explain the rerank score."""

    sentence: Sentence
    title: str
    score: float  # the reranker's score (what candidates are ordered by)
    bm25: float  # the first-stage retrieval score
    features: tuple[tuple[str, float], ...] = ()
    matched: tuple[str, ...] = ()  # question terms found in the sentence


@dataclass(frozen=True)
class Answer:
    """What qa says to one question. A decline is a normal value: `sentence` is None, `reason` says why."""

    question: str
    hit: Hit | None  # the answer (None when declined)
    candidates: tuple[Hit, ...]  # the next best, after the answer
    confidence: float  # 0..1
    highlight: tuple[int, int] | None = None  # offsets of the short answer inside hit.sentence.text
    reason: str | None = None  # why qa declined
    closest: Hit | None = None  # when declined: the nearest sentence it did find
    followup_of: str | None = None  # the previous question this one was read in the light of
    query_terms: tuple[str, ...] = ()
    translated_terms: tuple[str, ...] = ()  # terms added by cross-lingual translation
    answer_type: str | None = None

    @property
    def sentence(self) -> Sentence | None:
        return self.hit.sentence if self.hit else None

    @property
    def highlight_text(self) -> str | None:
        if self.hit is None or self.highlight is None:
            return None
        start, end = self.highlight
        return self.hit.sentence.text[start:end]


@dataclass(frozen=True)
class Settings:
    """Every knob that shapes the index or the answer; the CLI derives variants with dataclasses.replace."""

    # BM25 variant as in rank-bm25: "okapi" (BM25Okapi), "plus" (BM25Plus) or "l" (BM25L).
    variant: str = "plus"
    k1: float = 1.5
    b: float = 0.75
    delta: float = 1.0  # BM25Plus/BM25L lower bound (rank-bm25 defaults: Plus 1.0, L 0.5)
    epsilon: float = 0.25  # BM25Okapi floor for negative IDF, as a share of the mean IDF
    # Fields beside the sentence itself, weighted below it (issue: context).
    context_weight: float = 0.3
    title_weight: float = 0.3
    # How many first-stage candidates the reranker looks at, and how many runners-up an answer carries.
    rerank_depth: int = 30
    candidates: int = 4
    rerank: bool = True
    decline: bool = True
    decline_threshold: float = 0.47  # the lowest that declines most dev traps with <= 5% of answerable dev items
    translate: bool = True
    max_question_chars: int = 2000
    weights: tuple[tuple[str, float], ...] = field(default=())  # reranker weights; () means the fitted defaults
