"""Sentences -> a BM25 index over three fields: the sentence, its neighbours, its article's title.

Scores follow rank-bm25 (0.2.2) exactly, term for term, but are computed from postings so that only
sentences sharing a term with the question are touched:
  BM25Okapi: idf = ln(N - n + 0.5) - ln(n + 0.5), negative idf floored at epsilon * mean idf;
             tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
  BM25Plus:  idf = ln((N + 1) / n);  delta + tf * (k1 + 1) / (k1 * (1 - b + b * dl / avgdl) + tf)
  BM25L:     idf = ln(N + 1) - ln(n + 0.5);  ctd = tf / (1 - b + b * dl / avgdl);
             tf * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)   (rank-bm25 multiplies by tf, so we do)
(Lv & Zhai 2011 for Plus and L; Robertson & Zaragoza 2009 for Okapi.) rank-bm25's Plus gives a
document without the term a non-zero score (idf * delta); that constant is kept so scores match.

Building has two steps: reading (split and tokenize each article: pure Python, the slow part, spread
over worker processes for a large corpus) and counting (term ids, postings and statistics: numpy).
Term ids follow the sorted order of the terms, so `terms` doubles as a sorted list for prefix look-ups.
"""

from __future__ import annotations

import heapq
import math
import operator
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, TypeAlias

from qa import lazy_re as re
from qa.errors import CorpusError
from qa.records import BODY, FURNITURE, TITLE, Article, Sentence, Settings
from qa.sentences import split_sentences
from qa.spans import PERSON, has_span
from qa.tokens import tokenize

if TYPE_CHECKING:
    import numpy as np

# A column of numbers: a numpy array, or a memoryview of the same values when a small saved index is loaded
# without numpy (see store.load_index: `qa ask` then starts without importing numpy). Both index, slice and
# have a length alike; only the numpy branches below (`_plain(column)` false) call array methods.
Column: TypeAlias = Any

KIND_CODES = {BODY: 0, TITLE: 1, FURNITURE: 2}
KIND_NAMES = {code: name for name, code in KIND_CODES.items()}
VARIANTS = ("okapi", "plus", "l")
# Below this many characters a corpus is read in this process: starting workers costs more than it saves.
PARALLEL_MIN_CHARS = 2_000_000
_CHUNK_CHARS = 200_000  # articles are handed to workers in chunks of about this many characters


class KeptScores:
    """Term scores of recent questions' terms (a batch meets the same terms again): short postings only,
    and at most LIMIT postings in all, so a big corpus's memory stays flat."""

    LIMIT = 2_000_000  # 16 MB of scores at most

    def __init__(self) -> None:
        self.items: dict[tuple[object, ...], tuple[Column, Column]] = {}
        self.size = 0

    def keep(self, key: tuple[object, ...], docs: Column, part: Column) -> None:
        if len(docs) > self.LIMIT // 100:
            return
        if self.size + len(docs) > self.LIMIT:
            self.items.clear()
            self.size = 0
        self.items[key] = (docs, part)
        self.size += len(docs)


def _plain(column: Column) -> bool:
    """True for a memoryview column: the index was loaded without numpy, and is scored in plain Python."""
    return type(column) is memoryview


@dataclass(frozen=True)
class FieldIndex:
    """Postings and BM25 statistics of one field (a 'document' here is a sentence or an article)."""

    doc_len: Column  # float64 [n_docs]
    idf: Column  # float64 [n_terms]; 0 for terms absent from this field
    ptr: Column  # int64 [n_terms + 1]: postings of term t are docs[ptr[t]:ptr[t+1]]
    docs: Column  # int32, ascending within each term
    tfs: Column  # float64 term frequencies, aligned with docs

    @property
    def n_docs(self) -> int:
        return int(self.doc_len.shape[0])

    @cached_property
    def avgdl(self) -> float:
        """Mean document length (computed once: a sum over every document)."""
        if not self.n_docs:
            return 0.0
        if _plain(self.doc_len):  # lengths are whole numbers, so every order of adding them is exact
            return math.fsum(self.doc_len) / self.n_docs
        return float(self.doc_len.sum() / self.n_docs)

    @cached_property
    def max_idf(self) -> float:
        """The largest idf of the field (computed once: a pass over the vocabulary); 0 when empty."""
        return float(max(self.idf) if _plain(self.idf) else self.idf.max()) if len(self.idf) else 0.0

    @cached_property
    def _norms(self) -> dict[tuple[float, float], tuple[Column, Column]]:
        return {}

    def length_norm(self, k1: float, b: float) -> tuple[Column, Column]:
        """(1 - b + b * dl / avgdl) and k1 times it, for every document (computed once per k1, b).

        Gathering these per posting gives the same floats as computing them per posting. A plain index
        gets lists, computed with the same operations in the same order: the same floats.
        """
        key = (k1, b)
        if key not in self._norms:
            avgdl = self.avgdl or 1.0
            if _plain(self.doc_len):
                norm: Column = [1 - b + b * dl / avgdl for dl in self.doc_len]
                self._norms[key] = (norm, [k1 * x for x in norm])
            else:
                norm = 1 - b + b * self.doc_len / avgdl
                self._norms[key] = (norm, k1 * norm)
        return self._norms[key]

    @cached_property
    def kept_scores(self) -> KeptScores:
        return KeptScores()

    def postings(self, term_id: int) -> tuple[Column, Column]:
        lo, hi = int(self.ptr[term_id]), int(self.ptr[term_id + 1])
        return self.docs[lo:hi], self.tfs[lo:hi]


ROW_FACTS_KEPT = 100_000

# A sentence that opens by referring to a person ("She also emphasized the role of finance ...", "It is his
# hope that ...", "In 1890, he ...", 他/她) is read with the sentence that named the person, as a reader reads
# it: asked "What did mayor Sheng Lei emphasize ...?", the article names her four sentences earlier.
_REFERS_BACK = re.compile(r"(?:[^,]{0,25}, )?(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|It (?:is|was) (?:his|her))\b|[他她]")
# How many sentences back the person may be named (the articles' speeches run a few sentences).
ANTECEDENT_REACH = 5


@dataclass
class RowFacts:
    """A sentence as the reranker sees it: its article, where each of its terms occurs, what a reader knows
    around it (the terms of its neighbours in the same article and of the article's title), its text, and
    whether it is body text."""

    article: int
    positions: dict[int, list[int]]  # term id -> where it occurs, in order of first occurrence
    context_terms: frozenset[int]  # the neighbours' terms and the title's
    text: str
    is_body: bool
    has_kind: dict[str, bool]  # answer kind -> the sentence holds such a span (filled as asked)
    term_spans: list[tuple[str, int, int]] | None = None  # tokens.iter_terms of the text, once asked for
    sentence: Sentence | None = None  # the record (Index.sentence), once asked for

    def holds(self, term_id: int) -> bool:
        """Whether a reader of the sentence meets the term: in it, its neighbours or its title."""
        return term_id in self.positions or term_id in self.context_terms


@dataclass(frozen=True)
class Index:
    """Everything needed to answer: articles, sentences (as columns), vocabulary and three fields."""

    articles: Sequence[Article]
    settings: Settings
    vocab: dict[str, int]  # term -> id
    terms: Sequence[str]  # id -> term, in sorted order (ids are assigned in sorted order of the terms)
    sent_article: Column  # int32 [n], non-decreasing: an article's sentences are contiguous rows
    sent_number: Column  # int32
    sent_line: Column  # int32
    sent_start: Column  # int64
    sent_end: Column  # int64
    sent_kind: Column  # int8, KIND_CODES
    tok_ptr: Column  # int64 [n + 1]: the term ids of sentence i are tok_ids[tok_ptr[i]:tok_ptr[i+1]]
    tok_ids: Column  # int32
    sentence_field: FieldIndex
    context_field: FieldIndex
    title_field: FieldIndex  # one document per article

    @property
    def size(self) -> int:
        return int(self.sent_article.shape[0])

    @property
    def sorted_terms(self) -> Sequence[str]:
        """The vocabulary in sorted order, for prefix look-ups (the id order: nothing to sort)."""
        return self.terms

    def sentence(self, i: int) -> Sentence:
        """The sentence record for row i, quoted from its article's text as read."""
        article = int(self.sent_article[i])
        return Sentence(
            article=article,
            source=self.articles[article].source,
            number=int(self.sent_number[i]),
            line=int(self.sent_line[i]),
            start=int(self.sent_start[i]),
            end=int(self.sent_end[i]),
            text=self.sentence_text(i),
            kind=KIND_NAMES[int(self.sent_kind[i])],
        )

    def sentence_text(self, i: int) -> str:
        """Row i's text, sliced from its article's text as read (without making the Sentence record)."""
        return self.articles[int(self.sent_article[i])].text[int(self.sent_start[i]) : int(self.sent_end[i])]

    def sentence_terms(self, i: int) -> list[int]:
        return self.tok_ids[self.tok_ptr[i] : self.tok_ptr[i + 1]].tolist()

    @cached_property
    def _row_facts(self) -> dict[int, RowFacts]:
        return {}

    @cached_property
    def plain_term_tables(self) -> dict[tuple[object, ...], dict[int, _TermParts]]:
        """A plain index's per-term parts of its three fields, per BM25 settings (see _plain_first_stage)."""
        return {}

    def row_facts(self, row: int) -> RowFacts:
        """What the reranker reads about a sentence, gathered once per row and kept (a batch of questions
        over a small corpus meets the same rows again and again). At most ROW_FACTS_KEPT rows are kept."""
        facts = self._row_facts.get(row)
        if facts is None:
            if len(self._row_facts) >= ROW_FACTS_KEPT:
                self._row_facts.clear()
            article = int(self.sent_article[row])
            positions: dict[int, list[int]] = {}
            for position, term_id in enumerate(self.sentence_terms(row)):
                positions.setdefault(term_id, []).append(position)
            around = set(self.title_terms(article))
            for neighbour in (row - 1, row + 1):
                if 0 <= neighbour < self.size and int(self.sent_article[neighbour]) == article:
                    around.update(self.sentence_terms(neighbour))
            text = self.sentence_text(row)
            if _REFERS_BACK.match(text):
                antecedent = self._antecedent(row, article)
                if antecedent is not None:
                    around.update(self.sentence_terms(antecedent))
            facts = RowFacts(article, positions, frozenset(around), text, int(self.sent_kind[row]) == 0, {})
            self._row_facts[row] = facts
        return facts

    def _antecedent(self, row: int, article: int) -> int | None:
        """The sentence that names the person a sentence opening with "She ..." refers to: the nearest earlier
        one of its article, within ANTECEDENT_REACH, that names a person; None when that is the sentence
        right before (already a neighbour) or there is none."""
        for earlier in range(row - 1, max(row - 1 - ANTECEDENT_REACH, -1), -1):
            if int(self.sent_article[earlier]) != article:
                return None
            if has_span(self.sentence_text(earlier), PERSON):
                return earlier if earlier < row - 1 else None
        return None

    @cached_property
    def _title_terms(self) -> dict[int, list[int]]:
        """Article -> the term ids of its title: the title field's postings turned around, once."""
        field = self.title_field
        by_article: dict[int, list[int]] = {}
        if _plain(field.ptr):
            ptr, docs = field.ptr, field.docs
            for term_id in range(len(ptr) - 1):
                for article in docs[ptr[term_id] : ptr[term_id + 1]]:
                    by_article.setdefault(article, []).append(term_id)
            return by_article
        import numpy as np

        terms = np.repeat(np.arange(len(field.ptr) - 1, dtype=np.int64), np.diff(field.ptr))
        order = np.argsort(field.docs, kind="stable")
        articles, starts = np.unique(field.docs[order], return_index=True)
        for article, chunk in zip(articles.tolist(), np.split(terms[order], starts[1:])):
            by_article[article] = chunk.tolist()
        return by_article

    def title_terms(self, article: int) -> list[int]:
        """The term ids of an article's title (what the title field holds for it)."""
        return self._title_terms.get(article, [])

    def rows_of_article(self, article: int) -> range:
        """The rows of an article's sentences (contiguous: sent_article is non-decreasing)."""
        return range(bisect_left(self.sent_article, article), bisect_left(self.sent_article, article + 1))


def compute_idf(doc_freq: np.ndarray, n_docs: int, settings: Settings) -> np.ndarray:
    """IDF per term as rank-bm25 computes it for the chosen variant; 0 where the term is absent."""
    import numpy as np  # building and scoring a large index use numpy; answering over a small one does not

    df = doc_freq.astype(np.float64)
    present = df > 0
    idf = np.zeros_like(df)
    if settings.variant == "okapi":
        raw = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        values = raw[present]
        if values.size:
            # rank-bm25 sums in first-seen order; an exactly rounded sum does not depend on the order
            floor = settings.epsilon * (math.fsum(values.tolist()) / values.size)
            values = np.where(values < 0, floor, values)
        idf[present] = values
    elif settings.variant == "plus":
        idf[present] = np.log((n_docs + 1) / df[present])
    elif settings.variant == "l":
        idf[present] = math.log(n_docs + 1) - np.log(df[present] + 0.5)
    else:
        raise ValueError(f"unknown BM25 variant {settings.variant!r}; choose one of {', '.join(VARIANTS)}")
    return idf


def build_field(keys: np.ndarray, n_docs: int, n_terms: int, doc_len: np.ndarray, settings: Settings) -> FieldIndex:
    """Postings from one key per occurrence of a term in a document, key = term * n_docs + doc.

    A document's tf for a term is the number of its keys; `keys` is sorted in place.
    """
    import numpy as np

    keys.sort()
    if keys.size:
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        unique = keys[starts]
        tfs = np.diff(np.append(starts, keys.size)).astype(np.float64)
    else:
        unique, tfs = keys, np.zeros(0, dtype=np.float64)
    term_of = unique // max(n_docs, 1)
    docs = (unique - term_of * n_docs).astype(np.int32)
    counts = np.bincount(term_of, minlength=n_terms)
    ptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return FieldIndex(doc_len=doc_len.astype(np.float64), idf=compute_idf(counts, n_docs, settings), ptr=ptr,
                      docs=docs, tfs=tfs)


# ---------------------------------------------------------------------------------------------------------
# Reading: articles -> sentence positions and terms (pure; run in worker processes for a large corpus)


@dataclass(frozen=True)
class Reading:
    """What reading a run of consecutive articles gives, with term ids local to the run.

    Compact on purpose: a worker process sends this back, and the parent maps `terms` (one entry per
    distinct term of the run) to global ids instead of looking up every token.
    """

    terms: list[str]  # local id -> term
    sentences_per_article: np.ndarray  # int64 [articles]
    positions: np.ndarray  # int64 [sentences, 5]: number, line, start, end, kind code
    sentence_lengths: np.ndarray  # int64 [sentences]: terms per sentence
    token_ids: np.ndarray  # int32: the local ids of every sentence's terms, sentence after sentence
    title_lengths: np.ndarray  # int64 [articles]
    title_ids: np.ndarray  # int32


def encode_reading(positions: Sequence[Sequence[tuple[int, int, int, int, int]]], titles: Sequence[Sequence[str]],
                   sentences: Sequence[Sequence[Sequence[str]]]) -> Reading:
    """A Reading from, per article: sentence positions, the title's terms and each sentence's terms."""
    import numpy as np

    local: dict[str, int] = {}
    setdefault = local.setdefault
    token_ids = array("i")
    lengths = array("q")
    for article_sentences in sentences:
        for terms in article_sentences:
            token_ids.extend([setdefault(t, len(local)) for t in terms])
            lengths.append(len(terms))
    title_ids = array("i")
    for terms in titles:
        title_ids.extend([setdefault(t, len(local)) for t in terms])
    flat = [p for article_positions in positions for p in article_positions]
    return Reading(
        terms=list(local),
        sentences_per_article=np.asarray([len(p) for p in positions], dtype=np.int64),
        positions=np.asarray(flat, dtype=np.int64).reshape(len(flat), 5),
        sentence_lengths=np.frombuffer(lengths, dtype=np.int64),
        token_ids=np.frombuffer(token_ids, dtype=np.int32),
        title_lengths=np.asarray([len(t) for t in titles], dtype=np.int64),
        title_ids=np.frombuffer(title_ids, dtype=np.int32),
    )


def read_run(articles: Sequence[Article]) -> Reading:
    """Split and tokenize consecutive articles: the pure, slow part of building."""
    positions, titles, sentences = [], [], []
    for article in articles:
        split = split_sentences(article)
        positions.append([(s.number, s.line, s.start, s.end, KIND_CODES[s.kind]) for s in split])
        titles.append(tokenize(article.title))
        sentences.append([tokenize(s.text) for s in split])
    return encode_reading(positions, titles, sentences)


_worker_articles: Sequence[Article] = ()  # set in each forked worker by _start_worker, never in the parent


def _start_worker(articles: Sequence[Article]) -> None:
    global _worker_articles
    _worker_articles = articles


def _read_chunk(bounds: tuple[int, int]) -> Reading:
    return read_run(_worker_articles[bounds[0] : bounds[1]])


def _chunks(articles: Sequence[Article]) -> Iterator[tuple[int, int]]:
    start, chars = 0, 0
    for i, article in enumerate(articles):
        chars += len(article.text)
        if chars >= _CHUNK_CHARS:
            yield start, i + 1
            start, chars = i + 1, 0
    if start < len(articles):
        yield start, len(articles)


def read_articles(articles: Sequence[Article], workers: int = 1) -> Iterator[Reading]:
    """read_run over consecutive chunks of the articles, in order; with workers > 1, in forked processes.

    The index built from the readings is the same whatever the number of workers (reading is pure).
    Where processes cannot be forked (Windows), the articles are read in this process.
    """
    import multiprocessing  # here, not at the top: answering a question never needs it

    chunks = list(_chunks(articles))
    if workers <= 1 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (read_run(articles[lo:hi]) for lo, hi in chunks)
        return
    from qa.workers import fork_pool

    # workers inherit the articles (nothing to send but bounds), and leave Ctrl-C to this process
    with fork_pool(min(workers, len(chunks)), _start_worker, (articles,)) as pool:
        yield from pool.imap(_read_chunk, chunks)


# ---------------------------------------------------------------------------------------------------------
# Counting: terms -> ids, postings and statistics


def index_from_readings(articles: Sequence[Article], readings: Iterable[Reading], settings: Settings,
                        progress: Callable[[int, int], None] | None = None) -> Index:
    """The index of the articles from their readings (in article order): ids, postings, statistics."""
    import numpy as np

    vocab: dict[str, int] = {}  # first-seen ids here; renumbered in sorted order below
    setdefault = vocab.setdefault
    parts: dict[str, list[np.ndarray]] = {name: [] for name in (
        "per_article", "positions", "lengths", "ids", "title_lengths", "title_ids")}
    done = 0
    for reading in readings:
        to_global = np.fromiter((setdefault(t, len(vocab)) for t in reading.terms), dtype=np.int32,
                                count=len(reading.terms))
        parts["per_article"].append(reading.sentences_per_article)
        parts["positions"].append(reading.positions)
        parts["lengths"].append(reading.sentence_lengths)
        parts["ids"].append(to_global[reading.token_ids])
        parts["title_lengths"].append(reading.title_lengths)
        parts["title_ids"].append(to_global[reading.title_ids])
        done += int(reading.sentences_per_article.shape[0])
        if progress:
            progress(done, len(articles))
    if done != len(articles):
        raise ValueError(f"the readings cover {done} articles, not {len(articles)}")
    joined = {name: np.concatenate(arrays) for name, arrays in parts.items()}
    del parts
    n = int(joined["lengths"].shape[0])
    if n == 0:
        raise CorpusError("the articles hold no sentences to index")

    terms = sorted(vocab)
    n_terms = len(terms)
    renumber = np.empty(n_terms, dtype=np.int32)
    renumber[np.fromiter(map(vocab.__getitem__, terms), dtype=np.int64, count=n_terms)] = np.arange(
        n_terms, dtype=np.int32)
    del vocab
    ids = renumber[joined["ids"]] if n_terms else np.zeros(0, dtype=np.int32)
    sent_len = joined["lengths"]
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sent_len, out=ptr[1:])
    n_articles = len(articles)
    sent_article = np.repeat(np.arange(n_articles, dtype=np.int32), joined["per_article"])
    row_of_token = np.repeat(np.arange(n, dtype=np.int64), sent_len)
    term64 = ids.astype(np.int64)

    sentence_field = build_field(term64 * n + row_of_token, n, n_terms, sent_len, settings)

    # Neighbours: sentence i's context is sentences i-1 and i+1 of the same article, so each term
    # occurrence in sentence d counts once for d + 1 and once for d - 1 when they share d's article.
    same_next = np.zeros(n, dtype=bool)
    same_next[:-1] = sent_article[1:] == sent_article[:-1]
    same_prev = np.zeros(n, dtype=bool)
    same_prev[1:] = same_next[:-1]
    to_next = same_next[row_of_token]
    to_prev = same_prev[row_of_token]
    context_keys = np.concatenate([term64[to_next] * n + row_of_token[to_next] + 1,
                                   term64[to_prev] * n + row_of_token[to_prev] - 1])
    del to_next, to_prev, row_of_token
    context_len = np.zeros(n, dtype=np.float64)
    context_len[1:] += np.where(same_next[:-1], sent_len[:-1], 0)
    context_len[:-1] += np.where(same_next[:-1], sent_len[1:], 0)
    context_field = build_field(context_keys, n, n_terms, context_len, settings)
    del context_keys, term64

    title_terms = renumber[joined["title_ids"]].astype(np.int64) if n_terms else np.zeros(0, dtype=np.int64)
    title_docs = np.repeat(np.arange(n_articles, dtype=np.int64), joined["title_lengths"])
    title_field = build_field(title_terms * n_articles + title_docs, n_articles, n_terms, joined["title_lengths"],
                              settings)
    positions = joined["positions"]
    return Index(
        articles=tuple(articles),
        settings=settings,
        vocab={term: i for i, term in enumerate(terms)},
        terms=tuple(terms),
        sent_article=sent_article,
        sent_number=positions[:, 0].astype(np.int32),
        sent_line=positions[:, 1].astype(np.int32),
        sent_start=positions[:, 2].copy(),
        sent_end=positions[:, 3].copy(),
        sent_kind=positions[:, 4].astype(np.int8),
        tok_ptr=ptr,
        tok_ids=ids,
        sentence_field=sentence_field,
        context_field=context_field,
        title_field=title_field,
    )


def build_index(articles: Sequence[Article], settings: Settings | None = None,
                progress: Callable[[int, int], None] | None = None, workers: int = 1) -> Index:
    """Split, tokenize and index the articles. `progress(done, total)` is called as articles are read.

    `workers` > 1 reads the articles in that many processes (see read_articles); the index is the same.
    """
    import numpy as np

    settings = settings or Settings()
    if not articles:
        raise CorpusError("no articles to index")
    compute_idf(np.ones(1), 1, settings)  # an unknown variant fails before the long part
    return index_from_readings(articles, read_articles(articles, workers), settings, progress)


def default_workers(articles: Sequence[Article], cpus: int | None) -> int:
    """How many processes build_index should read with: 1 for a small corpus, else one per CPU (at most 8)."""
    if not cpus or cpus < 2 or sum(len(a.text) for a in articles) < PARALLEL_MIN_CHARS:
        return 1
    return min(cpus, 8)


# ---------------------------------------------------------------------------------------------------------
# Scoring


def term_scores(field: FieldIndex, term_id: int, settings: Settings) -> tuple[Column, Column]:
    """The documents holding a term and the term's BM25 part of their score (BM25Plus's idf * delta,
    which every document gets alike, left out); empty for an unknown term or one with idf 0.

    A plain index (see Column) gets a list of parts, each computed with the same operations in the same
    order as the numpy expression: the same floats.
    """
    if term_id < 0 or term_id >= len(field.idf) or not field.n_docs:
        return _no_postings(field)
    key = (term_id, settings.variant, settings.k1, settings.b, settings.delta)
    kept = field.kept_scores.items.get(key)
    if kept is not None:
        return kept
    idf = field.idf[term_id]
    if idf == 0.0:
        return _no_postings(field)
    k1, delta = settings.k1, settings.delta
    docs, tfs = field.postings(term_id)
    norm, k1_norm = field.length_norm(k1, settings.b)
    part: Column
    if _plain(docs):
        k1_plus_1 = k1 + 1
        if settings.variant == "okapi":
            part = [idf * (tf * k1_plus_1 / (tf + k1_norm[d])) for d, tf in zip(docs, tfs)]
        elif settings.variant == "plus":
            part = [idf * ((tf * k1_plus_1) / (k1_norm[d] + tf)) for d, tf in zip(docs, tfs)]
        else:
            part = []
            for d, tf in zip(docs, tfs):
                ctd = tf / norm[d]
                part.append(idf * tf * k1_plus_1 * (ctd + delta) / (k1 + ctd + delta))
    elif settings.variant == "okapi":
        part = idf * (tfs * (k1 + 1) / (tfs + k1_norm[docs]))
    elif settings.variant == "plus":
        part = idf * ((tfs * (k1 + 1)) / (k1_norm[docs] + tfs))
    else:
        ctd = tfs / norm[docs]
        part = idf * tfs * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)
    field.kept_scores.keep(key, docs, part)
    return docs, part


def _no_postings(field: FieldIndex) -> tuple[Column, Column]:
    return ((), ()) if _plain(field.docs) else _no_arrays()


@cache
def _no_arrays() -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)


def score_field(field: FieldIndex, query: Sequence[tuple[int, float]], settings: Settings,
                with_constant: bool = True) -> np.ndarray:
    """BM25 scores of every document of a field for weighted query terms (term id, weight).

    With all weights 1 this equals rank-bm25's get_scores on the same tokens (a test checks it).
    `with_constant=False` leaves out BM25Plus's idf * delta that every document gets alike: the same
    ranking, but scores that are 0 for documents without any query term. A numpy array, for a numpy index.
    """
    import numpy as np

    scores = np.zeros(field.n_docs, dtype=np.float64)
    constant = 0.0
    for term_id, weight in query:
        docs, part = term_scores(field, term_id, settings)
        if docs.size:
            scores[docs] += weight * part
            if settings.variant == "plus":
                constant += weight * field.idf[term_id] * settings.delta
    if constant and with_constant:
        scores += constant
    return scores


@dataclass(frozen=True)
class FirstStage:
    """The sentences that share a term with a question, in themselves or their neighbours, and their scores.

    numpy arrays for a numpy index, lists for a plain one (see Column); the same values either way.
    """

    rows: Column  # int64, ascending
    scores: Column  # float64: sentence + context_weight * neighbours + title_weight * article title
    sentence_scores: Column  # float64: the sentence field's part alone


def first_stage_rows(index: Index, query: Sequence[tuple[int, float]], settings: Settings) -> FirstStage:
    """Combined BM25 (without BM25Plus's uniform constant) of the sentences that share a query term.

    The sparse form of a dense first stage: the same values, bit for bit, as computing the three
    score_field arrays (with_constant=False) and combining them row by row, but only the rows that matter
    are combined. Work is proportional to the postings read, plus one pass over a byte per sentence.
    """
    if _plain(index.sent_article):
        return _plain_first_stage(index, query, settings)
    import numpy as np

    n = index.size
    sentence = np.zeros(n, dtype=np.float64)
    context = np.zeros(n, dtype=np.float64)
    matched = np.zeros(n, dtype=bool)
    title_query = []
    for term_id, weight in query:
        if term_id < 0:
            continue
        title_query.append((term_id, weight))
        for field, scores in ((index.sentence_field, sentence), (index.context_field, context)):
            if term_id >= field.ptr.shape[0] - 1:
                continue
            docs, part = term_scores(field, term_id, settings)
            if docs.size:
                scores[docs] += part if weight == 1.0 else weight * part
                matched[docs] = True
            else:
                matched[field.postings(term_id)[0]] = True  # a term with idf 0 still counts as shared
    rows = np.flatnonzero(matched)
    title = score_field(index.title_field, title_query, settings, with_constant=False)
    sentence_part = sentence[rows]
    combined = (sentence_part + settings.context_weight * context[rows]
                + settings.title_weight * title[index.sent_article[rows]])
    return FirstStage(rows, combined, sentence_part)


def _plain_first_stage(index: Index, query: Sequence[tuple[int, float]], settings: Settings) -> FirstStage:
    """first_stage_rows of a plain index: lists over the rows instead of arrays, and the same floats (each
    row's terms added in query order, then combined in the same order)."""
    # one slot per row (a plain index is small): 0.0 + the first part is that part, as with a dict's default
    sentence = [0.0] * index.size
    context = [0.0] * index.size
    matched: set[int] = set()
    title: dict[int, float] = {}
    table = _plain_term_table(index, settings)
    for term_id, weight in query:
        if term_id < 0:
            continue
        parts = table.get(term_id)
        if parts is None:
            parts = table[term_id] = _plain_term_parts(index, term_id, settings)
        rows, sentence_parts, context_parts, title_parts = parts
        # a row holding the term in one field only gets 0.0 in the other: x + 0.0 is x, the same float
        if weight == 1.0:
            for row, s_part, c_part in zip(rows, sentence_parts, context_parts):
                sentence[row] += s_part
                context[row] += c_part
        else:
            for row, s_part, c_part in zip(rows, sentence_parts, context_parts):
                sentence[row] += weight * s_part
                context[row] += weight * c_part
        matched.update(rows)
        for article, t_part in title_parts:
            title[article] = title.get(article, 0.0) + weight * t_part
    rows = sorted(matched)
    article = index.sent_article
    context_weight, title_weight = settings.context_weight, settings.title_weight
    sentence_part = [sentence[row] for row in rows]
    combined = [part + context_weight * context[row] + title_weight * title.get(article[row], 0.0)
                for part, row in zip(sentence_part, rows)]
    return FirstStage(rows, combined, sentence_part)


_TermParts: TypeAlias = tuple[list[int], list[float], list[float], list[tuple[int, float]]]


def _plain_term_table(index: Index, settings: Settings) -> dict[int, _TermParts]:
    """Per term, the rows sharing it (in the sentence or its neighbours) with both fields' parts, kept for
    the index's life: a plain index is small, and a batch meets the same terms again and again."""
    return index.plain_term_tables.setdefault((settings.variant, settings.k1, settings.b, settings.delta), {})


def _plain_term_parts(index: Index, term_id: int, settings: Settings) -> _TermParts:
    merged: dict[int, list[float]] = {}
    for slot, field in enumerate((index.sentence_field, index.context_field)):
        if term_id >= len(field.ptr) - 1:
            continue
        docs, part = term_scores(field, term_id, settings)
        if not docs:  # a term with idf 0 still counts as shared, with nothing added
            docs = field.postings(term_id)[0]
            part = [0.0] * len(docs)
        for doc, value in zip(docs, part):
            merged.setdefault(doc, [0.0, 0.0])[slot] = value
    rows = sorted(merged)
    title_docs, title_part = term_scores(index.title_field, term_id, settings)
    return (rows, [merged[r][0] for r in rows], [merged[r][1] for r in rows],
            list(zip(title_docs, title_part)))


def top_positions(rows: Column, scores: Column, depth: int) -> Column:
    """Positions (into rows and scores) of the `depth` best scores, best first, ties to the lower row."""
    if isinstance(rows, list):  # a plain first stage: the same order as the lexsort below
        # (-score, row, position) tuples, compared without a key function: rows are distinct, so the
        # positions are never compared; sorting a small list beats heapq.nsmallest's bookkeeping
        ranked = zip(map(operator.neg, scores), rows, range(len(rows)))
        best = sorted(ranked)[:depth] if len(rows) <= 4 * depth else heapq.nsmallest(depth, ranked)
        return [i for _, _, i in best]
    import numpy as np

    if depth <= 0 or not rows.size:
        return np.zeros(0, dtype=np.int64)
    candidates = np.arange(rows.size)
    if rows.size > depth:
        cutoff = np.partition(scores, rows.size - depth)[rows.size - depth]
        candidates = np.flatnonzero(scores >= cutoff)
    order = np.lexsort((rows[candidates], -scores[candidates]))[:depth]
    return candidates[order]


def top_rows(stage: FirstStage, depth: int) -> tuple[list[int], list[float]]:
    """The rows of the `depth` best first-stage scores and those scores, best first, ties to the lower row."""
    picked = top_positions(stage.rows, stage.scores, depth)
    if isinstance(picked, list):
        return [stage.rows[i] for i in picked], [stage.scores[i] for i in picked]
    return stage.rows[picked].tolist(), stage.scores[picked].tolist()


def occur_together(index: Index, term_ids: Sequence[int]) -> bool:
    """True when one sentence holds all the terms (in itself or with its neighbours)."""
    if _plain(index.sent_article):
        shared: set[int] | None = None
        for term_id in term_ids:
            holding = {*index.sentence_field.postings(term_id)[0], *index.context_field.postings(term_id)[0]}
            shared = holding if shared is None else shared & holding
            if not shared:
                return False
        return True
    import numpy as np

    rows: np.ndarray | None = None
    for term_id in term_ids:
        docs = np.union1d(index.sentence_field.postings(term_id)[0], index.context_field.postings(term_id)[0])
        rows = docs if rows is None else np.intersect1d(rows, docs)
        if not rows.size:
            return False
    return True


def query_ids(index: Index, terms: Sequence[str]) -> list[tuple[int, float]]:
    """Map question terms to (term id, weight 1); unknown terms get id -1 and score nothing."""
    return [(index.vocab.get(t, -1), 1.0) for t in terms]
