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
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from qa.errors import CorpusError
from qa.records import BODY, FURNITURE, TITLE, Article, Sentence, Settings
from qa.sentences import split_sentences
from qa.tokens import tokenize

KIND_CODES = {BODY: 0, TITLE: 1, FURNITURE: 2}
KIND_NAMES = {code: name for name, code in KIND_CODES.items()}
VARIANTS = ("okapi", "plus", "l")


@dataclass(frozen=True)
class FieldIndex:
    """Postings and BM25 statistics of one field (a 'document' here is a sentence or an article)."""

    doc_len: np.ndarray  # float64 [n_docs]
    idf: np.ndarray  # float64 [n_terms]; 0 for terms absent from this field
    ptr: np.ndarray  # int64 [n_terms + 1]: postings of term t are docs[ptr[t]:ptr[t+1]]
    docs: np.ndarray  # int32
    tfs: np.ndarray  # float64 term frequencies, aligned with docs

    @property
    def n_docs(self) -> int:
        return int(self.doc_len.shape[0])

    @property
    def avgdl(self) -> float:
        return float(self.doc_len.sum() / self.n_docs) if self.n_docs else 0.0

    def postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = int(self.ptr[term_id]), int(self.ptr[term_id + 1])
        return self.docs[lo:hi], self.tfs[lo:hi]


@dataclass(frozen=True)
class Index:
    """Everything needed to answer: articles, sentences (as columns), vocabulary and three fields."""

    articles: tuple[Article, ...]
    settings: Settings
    vocab: dict[str, int]
    sent_article: np.ndarray  # int32 [n]
    sent_number: np.ndarray  # int32
    sent_line: np.ndarray  # int32
    sent_start: np.ndarray  # int64
    sent_end: np.ndarray  # int64
    sent_kind: np.ndarray  # int8, KIND_CODES
    tok_ptr: np.ndarray  # int64 [n + 1]: the term ids of sentence i are tok_ids[tok_ptr[i]:tok_ptr[i+1]]
    tok_ids: np.ndarray  # int32
    sentence_field: FieldIndex
    context_field: FieldIndex
    title_field: FieldIndex  # one document per article

    @property
    def size(self) -> int:
        return int(self.sent_article.shape[0])

    def sentence(self, i: int) -> Sentence:
        """The sentence record for row i, quoted from its article's text as read."""
        article = self.articles[int(self.sent_article[i])]
        start, end = int(self.sent_start[i]), int(self.sent_end[i])
        return Sentence(
            article=int(self.sent_article[i]),
            source=article.source,
            number=int(self.sent_number[i]),
            line=int(self.sent_line[i]),
            start=start,
            end=end,
            text=article.text[start:end],
            kind=KIND_NAMES[int(self.sent_kind[i])],
        )

    def sentence_terms(self, i: int) -> list[int]:
        return self.tok_ids[self.tok_ptr[i] : self.tok_ptr[i + 1]].tolist()

    def rows_of_article(self, article: int) -> range:
        rows = np.flatnonzero(self.sent_article == article)
        return range(int(rows[0]), int(rows[-1]) + 1) if rows.size else range(0)


def compute_idf(doc_freq: np.ndarray, n_docs: int, settings: Settings) -> np.ndarray:
    """IDF per term as rank-bm25 computes it for the chosen variant; 0 where the term is absent."""
    df = doc_freq.astype(np.float64)
    present = df > 0
    idf = np.zeros_like(df)
    if settings.variant == "okapi":
        raw = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        values = raw[present]
        if values.size:
            floor = settings.epsilon * (values.sum() / values.size)
            values = np.where(values < 0, floor, values)
        idf[present] = values
    elif settings.variant == "plus":
        idf[present] = np.log((n_docs + 1) / df[present])
    elif settings.variant == "l":
        idf[present] = math.log(n_docs + 1) - np.log(df[present] + 0.5)
    else:
        raise ValueError(f"unknown BM25 variant {settings.variant!r}; choose one of {', '.join(VARIANTS)}")
    return idf


def build_field(term_ids: np.ndarray, doc_ids: np.ndarray, tfs: np.ndarray, doc_len: np.ndarray,
                n_terms: int, settings: Settings) -> FieldIndex:
    """Postings from (term, doc, tf) triples; each (term, doc) pair must appear once."""
    order = np.lexsort((doc_ids, term_ids))
    term_sorted = term_ids[order]
    counts = np.bincount(term_sorted, minlength=n_terms) if term_sorted.size else np.zeros(n_terms, np.int64)
    ptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return FieldIndex(
        doc_len=doc_len.astype(np.float64),
        idf=compute_idf(counts, int(doc_len.shape[0]), settings),
        ptr=ptr,
        docs=doc_ids[order].astype(np.int32),
        tfs=tfs[order].astype(np.float64),
    )


def _merge_triples(term_ids: np.ndarray, doc_ids: np.ndarray, tfs: np.ndarray, n_terms: int):  # type: ignore[no-untyped-def]
    """Sum the tf of repeated (term, doc) pairs."""
    if not term_ids.size:
        return term_ids, doc_ids, tfs
    key = doc_ids.astype(np.int64) * n_terms + term_ids.astype(np.int64)
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=tfs)
    return (unique % n_terms).astype(np.int64), (unique // n_terms).astype(np.int64), summed


def build_index(articles: Sequence[Article], settings: Settings | None = None,
                progress: Callable[[int, int], None] | None = None) -> Index:
    """Split, tokenize and index the articles. `progress(done, total)` is called per article."""
    settings = settings or Settings()
    if not articles:
        raise CorpusError("no articles to index")
    vocab: dict[str, int] = {}
    columns: dict[str, list[int]] = {k: [] for k in ("article", "number", "line", "start", "end", "kind")}
    tok_ids: list[int] = []
    tok_ptr = [0]
    triple_terms: list[int] = []
    triple_docs: list[int] = []
    triple_tfs: list[int] = []
    title_terms: list[list[int]] = []
    for a_index, article in enumerate(articles):
        title_terms.append([vocab.setdefault(t, len(vocab)) for t in tokenize(article.title)])
        for sentence in split_sentences(article, a_index):
            row = len(columns["article"])
            for name, value in (("article", a_index), ("number", sentence.number), ("line", sentence.line),
                                ("start", sentence.start), ("end", sentence.end),
                                ("kind", KIND_CODES[sentence.kind])):
                columns[name].append(value)
            ids = [vocab.setdefault(t, len(vocab)) for t in tokenize(sentence.text)]
            tok_ids.extend(ids)
            tok_ptr.append(len(tok_ids))
            for term_id, tf in Counter(ids).items():
                triple_terms.append(term_id)
                triple_docs.append(row)
                triple_tfs.append(tf)
        if progress:
            progress(a_index + 1, len(articles))
    n_terms = max(len(vocab), 1)
    sent_article = np.asarray(columns["article"], dtype=np.int32)
    n = int(sent_article.shape[0])
    if n == 0:
        raise CorpusError("the articles hold no sentences to index")
    t_terms = np.asarray(triple_terms, dtype=np.int64)
    t_docs = np.asarray(triple_docs, dtype=np.int64)
    t_tfs = np.asarray(triple_tfs, dtype=np.float64)
    ptr = np.asarray(tok_ptr, dtype=np.int64)
    sent_len = np.diff(ptr).astype(np.float64)
    sentence_field = build_field(t_terms, t_docs, t_tfs, sent_len, n_terms, settings)

    # Neighbours: sentence i's context is sentences i-1 and i+1 of the same article.
    same_next = np.zeros(n, dtype=bool)
    same_next[:-1] = sent_article[1:] == sent_article[:-1]
    from_prev = same_next[t_docs]  # triple of sentence d feeds the context of d + 1
    to_prev = np.zeros(t_docs.shape, dtype=bool)
    nonzero = t_docs > 0
    to_prev[nonzero] = same_next[t_docs[nonzero] - 1]  # and of d - 1
    c_terms = np.concatenate([t_terms[from_prev], t_terms[to_prev]])
    c_docs = np.concatenate([t_docs[from_prev] + 1, t_docs[to_prev] - 1])
    c_tfs = np.concatenate([t_tfs[from_prev], t_tfs[to_prev]])
    c_terms, c_docs, c_tfs = _merge_triples(c_terms, c_docs, c_tfs, n_terms)
    context_len = np.zeros(n, dtype=np.float64)
    context_len[1:] += np.where(same_next[:-1], sent_len[:-1], 0.0)
    context_len[:-1] += np.where(same_next[:-1], sent_len[1:], 0.0)
    context_field = build_field(c_terms, c_docs, c_tfs, context_len, n_terms, settings)

    a_terms, a_docs, a_tfs = [], [], []
    for a_index, ids in enumerate(title_terms):
        for term_id, tf in Counter(ids).items():
            a_terms.append(term_id)
            a_docs.append(a_index)
            a_tfs.append(tf)
    title_len = np.asarray([len(ids) for ids in title_terms], dtype=np.float64)
    title_field = build_field(np.asarray(a_terms, dtype=np.int64), np.asarray(a_docs, dtype=np.int64),
                              np.asarray(a_tfs, dtype=np.float64), title_len, n_terms, settings)
    return Index(
        articles=tuple(articles),
        settings=settings,
        vocab=vocab,
        sent_article=sent_article,
        sent_number=np.asarray(columns["number"], dtype=np.int32),
        sent_line=np.asarray(columns["line"], dtype=np.int32),
        sent_start=np.asarray(columns["start"], dtype=np.int64),
        sent_end=np.asarray(columns["end"], dtype=np.int64),
        sent_kind=np.asarray(columns["kind"], dtype=np.int8),
        tok_ptr=ptr,
        tok_ids=np.asarray(tok_ids, dtype=np.int32),
        sentence_field=sentence_field,
        context_field=context_field,
        title_field=title_field,
    )


def score_field(field: FieldIndex, query: Sequence[tuple[int, float]], settings: Settings,
                with_constant: bool = True) -> np.ndarray:
    """BM25 scores of every document of a field for weighted query terms (term id, weight).

    With all weights 1 this equals rank-bm25's get_scores on the same tokens (a test checks it).
    `with_constant=False` leaves out BM25Plus's idf * delta that every document gets alike: the same
    ranking, but scores that are 0 for documents without any query term.
    """
    scores = np.zeros(field.n_docs, dtype=np.float64)
    if not field.n_docs:
        return scores
    k1, b, delta = settings.k1, settings.b, settings.delta
    avgdl = field.avgdl or 1.0
    constant = 0.0
    for term_id, weight in query:
        if term_id < 0 or term_id >= field.idf.shape[0]:
            continue
        idf = field.idf[term_id]
        if idf == 0.0:
            continue
        docs, tfs = field.postings(term_id)
        norm = 1 - b + b * field.doc_len[docs] / avgdl
        if settings.variant == "okapi":
            part = idf * (tfs * (k1 + 1) / (tfs + k1 * norm))
        elif settings.variant == "plus":
            part = idf * ((tfs * (k1 + 1)) / (k1 * norm + tfs))
            constant += weight * idf * delta
        else:
            ctd = tfs / norm
            part = idf * tfs * (k1 + 1) * (ctd + delta) / (k1 + ctd + delta)
        scores[docs] += weight * part
    if constant and with_constant:
        scores += constant
    return scores


def query_ids(index: Index, terms: Sequence[str]) -> list[tuple[int, float]]:
    """Map question terms to (term id, weight 1); unknown terms get id -1 and score nothing."""
    return [(index.vocab.get(t, -1), 1.0) for t in terms]
