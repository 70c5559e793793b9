"""Question -> Answer: retrieve with BM25 over three fields, rerank, pick one sentence, or decline.

A single question is the batch path with one item: `answer` calls `answer_batch`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.index import Index, score_field
from qa.question import OTHER, Query, read_followup, read_question
from qa.records import BODY, Answer, Hit, Settings
from qa.spans import find_spans, pick_short_answer
from qa.tokens import iter_terms

FEATURES = ("bm25", "coverage", "context_coverage", "key_coverage", "proximity", "bigram", "answer_type",
            "furniture")
# Fitted on the tuning split (first 24 SQuAD dev articles + the dev half of eval/questions.jsonl) by
# eval/fit.py; see eval/README.md. Order follows FEATURES.
DEFAULT_WEIGHTS: dict[str, float] = {
    "bm25": 1.0, "coverage": 1.0, "context_coverage": 0.5, "key_coverage": 0.5, "proximity": 0.3,
    "bigram": 0.3, "answer_type": 0.3, "furniture": -0.8,
}
# Confidence = logistic(bias + sum of weight * feature of the chosen candidate); fitted like the above.
CONFIDENCE_WEIGHTS: dict[str, float] = {
    "bias": -4.0, "context_coverage": 4.0, "key_coverage": 3.0, "coverage": 2.0, "margin": 1.0, "unseen": -2.0,
}


@dataclass(frozen=True)
class _Candidate:
    row: int
    first_stage: float
    features: dict[str, float]
    matched: tuple[str, ...]
    score: float


def weights_of(settings: Settings) -> dict[str, float]:
    return {**DEFAULT_WEIGHTS, **dict(settings.weights)}


def _query_weights(index: Index, query: Query) -> list[tuple[int, float]]:
    return [(index.vocab.get(term, -1), 1.0) for term in query.terms]


def first_stage(index: Index, query_ids: Sequence[tuple[int, float]], settings: Settings) -> np.ndarray:
    """Combined BM25: sentence + context_weight * neighbours + title_weight * article title.

    Returns the score of every sentence (without BM25Plus's uniform constant); sentences that share no
    term with the question, in themselves or their neighbours, score -inf.
    """
    sentence = score_field(index.sentence_field, query_ids, settings, with_constant=False)
    context = score_field(index.context_field, query_ids, settings, with_constant=False)
    title = score_field(index.title_field, query_ids, settings, with_constant=False)
    matched = np.zeros(index.size, dtype=bool)
    for term_id, _ in query_ids:
        if term_id >= 0:
            matched[index.sentence_field.postings(term_id)[0]] = True
            matched[index.context_field.postings(term_id)[0]] = True
    combined = sentence + settings.context_weight * context + settings.title_weight * title[index.sent_article]
    return np.where(matched, combined, -np.inf)


def _top_rows(scores: np.ndarray, depth: int) -> np.ndarray:
    """Rows of the `depth` best finite scores, best first, ties broken by row (document, position)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if finite.size > depth:
        part = np.argpartition(-scores[finite], depth - 1)[:depth]
        cutoff = scores[finite[part]].min()
        finite = finite[scores[finite] >= cutoff]
    order = np.lexsort((finite, -scores[finite]))
    return finite[order][: max(depth, 0)]


def _term_weight(index: Index, term_id: int, unseen_weight: float) -> float:
    if term_id < 0:
        return unseen_weight
    idf = float(index.sentence_field.idf[term_id])
    return idf if idf > 0 else unseen_weight


def _proximity(positions: dict[int, list[int]]) -> float:
    """Distinct matched terms / length of the shortest window that holds them all (0 with fewer than 2)."""
    if len(positions) < 2:
        return 0.0
    events = sorted((p, t) for t, ps in positions.items() for p in ps)
    need = len(positions)
    counts: dict[int, int] = {}
    best = math.inf
    left = 0
    for right, (pos, term) in enumerate(events):
        counts[term] = counts.get(term, 0) + 1
        while len(counts) == need:
            best = min(best, pos - events[left][0] + 1)
            lterm = events[left][1]
            counts[lterm] -= 1
            if not counts[lterm]:
                del counts[lterm]
            left += 1
    return need / best if best != math.inf else 0.0


def _features(index: Index, row: int, query: Query, ids: list[int], weights_by_id: dict[int, float],
              keys: set[int], first: float, best_first: float) -> tuple[dict[str, float], tuple[str, ...]]:
    terms = index.sentence_terms(row)
    term_set = set(terms)
    article = int(index.sent_article[row])
    context: set[int] = set()
    for neighbour in (row - 1, row + 1):
        if 0 <= neighbour < index.size and int(index.sent_article[neighbour]) == article:
            context.update(index.sentence_terms(neighbour))
    title = index.title_field
    for term_id in weights_by_id:
        if term_id >= 0:
            docs, _ = title.postings(term_id)
            if article in docs:
                context.add(term_id)
    total = sum(weights_by_id.values()) or 1.0
    coverage = sum(w for t, w in weights_by_id.items() if t in term_set) / total
    context_coverage = sum(w for t, w in weights_by_id.items() if t in term_set or t in context) / total
    key_coverage = (sum(1 for k in keys if k in term_set or k in context) / len(keys)) if keys else 1.0
    positions: dict[int, list[int]] = {}
    wanted = set(weights_by_id)
    for pos, term_id in enumerate(terms):
        if term_id in wanted:
            positions.setdefault(term_id, []).append(pos)
    pairs = [(a, b) for a, b in zip(ids, ids[1:]) if a >= 0 and b >= 0 and a != b]
    bigram = 0.0
    if pairs:
        hits = 0
        for a, b in pairs:
            if a in positions and b in positions and any(abs(pa - pb) <= 2 for pa in positions[a] for pb in positions[b]):
                hits += 1
        bigram = hits / len(pairs)
    answer_type = 0.0
    if query.answer_type != OTHER:
        text = index.sentence(row).text
        spans = find_spans(text, query.answer_type)
        answer_type = 1.0 if spans else 0.0
    inverse = {v: k for k, v in index.vocab.items() if v in positions} if positions else {}
    features = {
        "bm25": first / best_first if best_first > 0 else 0.0,
        "coverage": coverage,
        "context_coverage": context_coverage,
        "key_coverage": key_coverage,
        "proximity": _proximity(positions),
        "bigram": bigram,
        "answer_type": answer_type,
        "furniture": 0.0 if int(index.sent_kind[row]) == 0 else 1.0,
    }
    return features, tuple(inverse[t] for t in positions)


def rank(index: Index, query: Query, settings: Settings, depth: int | None = None) -> list[Hit]:
    """Candidates for a question, best first, with their features (reranked when settings.rerank)."""
    depth = depth or settings.rerank_depth
    ids = _query_weights(index, query)
    scores = first_stage(index, ids, settings)
    rows = _top_rows(scores, depth)
    if not rows.size:
        return []
    unseen_weight = float(index.sentence_field.idf.max()) + 1.0 if index.sentence_field.idf.size else 1.0
    weights_by_id: dict[int, float] = {}
    for term_id, _ in ids:
        weights_by_id[term_id if term_id >= 0 else -1 - len(weights_by_id)] = _term_weight(index, term_id, unseen_weight)
    keys = {index.vocab.get(k, -10**9) for k in query.key_terms}
    term_ids = [t for t, _ in ids]
    best_first = float(scores[rows[0]])
    weights = weights_of(settings)
    candidates = []
    for row in rows.tolist():
        features, matched = _features(index, row, query, term_ids, weights_by_id, keys, float(scores[row]), best_first)
        score = sum(weights[name] * features[name] for name in FEATURES) if settings.rerank else features["bm25"]
        candidates.append(_Candidate(row, float(scores[row]), features, matched, score))
    candidates.sort(key=lambda c: (-c.score, c.row))
    return [
        Hit(
            sentence=index.sentence(c.row),
            title=index.articles[int(index.sent_article[c.row])].title,
            score=round(c.score, 6),
            bm25=round(c.first_stage, 6),
            features=tuple((name, round(c.features[name], 4)) for name in FEATURES),
            matched=c.matched,
        )
        for c in candidates
    ]


def _confidence(hits: list[Hit], query: Query, index: Index) -> float:
    if not hits:
        return 0.0
    top = dict(hits[0].features)
    margin = hits[0].score - hits[1].score if len(hits) > 1 else hits[0].score
    unseen = sum(1 for t in query.terms if t not in index.vocab) / max(1, len(query.terms))
    w = CONFIDENCE_WEIGHTS
    z = (w["bias"] + w["context_coverage"] * top["context_coverage"] + w["key_coverage"] * top["key_coverage"]
         + w["coverage"] * top["coverage"] + w["margin"] * min(margin, 1.0) + w["unseen"] * unseen)
    return 1.0 / (1.0 + math.exp(-z))


def _surface_terms(question: str) -> dict[str, str]:
    """Stem -> the word the user typed, for messages."""
    surfaces: dict[str, str] = {}
    for term, start, end in iter_terms(question):
        surfaces.setdefault(term, question[start:end])
    return surfaces


def _decline_reason(query: Query, hits: list[Hit], index: Index) -> str:
    surfaces = _surface_terms(query.text)
    words = [surfaces.get(t, t) for t in query.key_terms]
    unseen = [surfaces.get(t, t) for t in query.terms if t not in index.vocab]
    if unseen:
        listed = " and ".join(f'"{w}"' for w in unseen[:3])
        return f"the term{'s' if len(unseen) > 1 else ''} {listed} of the question never occur{'' if len(unseen) > 1 else 's'} in the articles"
    if not hits:
        return "no sentence shares a word with the question"
    top = dict(hits[0].features)
    if words and top["key_coverage"] < 1.0:
        listed = " and ".join(f'"{w}"' for w in words[:3])
        if len(words) > 1:
            return f"the key terms {listed} of the question never occur together in one sentence"
        return f"no sentence near the best match mentions {listed}"
    return f"the closest sentence matches only {top['context_coverage']:.0%} of the question's weight"


def _question_spans(text: str, matched: Sequence[str]) -> list[tuple[int, int]]:
    wanted = set(matched)
    return [(s, e) for term, s, e in iter_terms(text) if term in wanted]


def answer_query(index: Index, query: Query, settings: Settings) -> Answer:
    """Answer a question already read (see qa.question.read_question / read_followup)."""
    hits = rank(index, query, settings)
    confidence = _confidence(hits, query, index)
    if not hits or (settings.decline and confidence < settings.decline_threshold):
        return Answer(
            question=query.text, hit=None, candidates=tuple(hits[: settings.candidates]),
            confidence=round(confidence, 4), reason=_decline_reason(query, hits, index),
            closest=hits[0] if hits else None, followup_of=query.followup_of, query_terms=query.terms,
            answer_type=query.answer_type,
        )
    best = hits[0]
    highlight = pick_short_answer(best.sentence.text, query.answer_type, _question_spans(best.sentence.text, best.matched))
    return Answer(
        question=query.text, hit=best, candidates=tuple(hits[1 : 1 + settings.candidates]),
        confidence=round(confidence, 4), highlight=highlight, followup_of=query.followup_of,
        query_terms=query.terms, answer_type=query.answer_type,
    )


def answer_batch(index: Index, questions: Sequence[str], settings: Settings | None = None) -> list[Answer]:
    """Answer each question on its own (no follow-up reading), in order."""
    settings = settings or index.settings
    return [answer_query(index, read_question(q), settings) for q in questions]


def answer(index: Index, question: str, settings: Settings | None = None, previous: Query | None = None) -> Answer:
    """Answer one question; with `previous`, a thin follow-up is read in the light of that question."""
    if previous is None:
        return answer_batch(index, [question], settings)[0]
    settings = settings or index.settings
    return answer_query(index, read_followup(question, previous), settings)


__all__ = ["answer", "answer_batch", "answer_query", "rank", "first_stage", "FEATURES", "DEFAULT_WEIGHTS", "BODY"]
