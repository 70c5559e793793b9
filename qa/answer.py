"""Question -> Answer: retrieve with BM25 over three fields, rerank, pick one sentence, or decline.

A single question is the batch path with one item: `answer` calls `answer_batch`.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import itertools
import math
import operator
import re
from collections.abc import Sequence
from typing import NamedTuple

from qa.acronyms import is_acronym, long_form_span, spell_out
from qa.clean import HAS_CJK
from qa.index import Index, RowFacts, first_stage_rows, occur_together, top_rows
from qa.question import (
    DATE,
    LIST,
    NAMED_ATTRIBUTES,
    NUMBER,
    ORGANISATION,
    OTHER,
    PERSON,
    PLACE,
    Query,
    asks_which_of_counted,
    chinese_head_words,
    chinese_verb_word,
    count_terms,
    counted_not_named,
    named_attribute,
    offered_choices,
    read_followup,
    read_question,
    set_aside_items,
)
from qa.records import BODY, Answer, Hit, Settings
from qa.spans import (
    COUNT,
    DAY,
    FILE,
    MONEY,
    NAMED,
    PHONE,
    SHARE,
    asks_day,
    asks_money,
    asks_role_holder,
    asks_share,
    beyond_set_aside,
    counts_things,
    deputy_only,
    has_span,
    head_kind,
    lists_choices,
    page_kind,
    pick_short_answer,
    rank_not_given,
    set_aside_list,
)
from qa.spelling import CORRECTED_MIN_LETTERS, corrected
from qa.tokens import chinese_word_tag, iter_terms, tokenize
from qa.translate import (
    Dictionary,
    chinese_word_senses,
    to_simplified,
    translate_chinese_terms,
    translate_chinese_word,
    translate_english_terms,
    translate_english_word,
)

FEATURES = ("bm25", "coverage", "context_coverage", "key_coverage", "proximity", "bigram", "answer_type",
            "furniture", "page_match")
# Fitted on the tuning split (first 24 SQuAD dev articles + the dev half of eval/questions.jsonl) by
# eval/fit.py; see eval/README.md. Order follows FEATURES.
DEFAULT_WEIGHTS: dict[str, float] = {
    "bm25": 0.267, "coverage": 0.626, "context_coverage": 1.0, "key_coverage": 0.32, "proximity": -0.021,
    "bigram": 0.107, "answer_type": 0.206, "furniture": -0.588, "page_match": 0.705,
}
# Confidence = logistic(bias + sum of weight * feature of the chosen candidate); fitted like the above.
CONFIDENCE_WEIGHTS: dict[str, float] = {
    "bias": -7.642, "coverage": -1.771, "context_coverage": 0.653, "key_coverage": 4.285, "answer_type": 3.688,
    "margin": 3.556, "unseen": -0.34, "unseen_key": -2.803,
}


# "Who released the report?" is answered by an organisation as often as by a person.
# A list is asked for by "which ... are" and answered by "including A, B", "A, B and C" or "A and B".
ACCEPTED_KINDS = {PERSON: (PERSON, ORGANISATION), PLACE: (PLACE, ORGANISATION, NAMED), ORGANISATION: (ORGANISATION, NAMED),
                  LIST: (LIST, "enumeration", "named pair")}


class _Candidate(NamedTuple):
    """A reranked sentence (a tuple: thirty are made per question, and a Hit only for the few shown)."""

    row: int
    first_stage: float
    features: tuple[float, ...]  # in FEATURES order
    matched: tuple[int, ...]  # term ids, in the order they first occur in the sentence
    score: float
    continues: bool = False  # put first as the continuation of the best (see _continuation_first)


def wanted_kinds(query: Query) -> tuple[str, ...]:
    """The answer kinds whose presence counts for the answer_type feature (none for an untyped question)."""
    text = query.reading or query.text
    if query.about_page and (kind := page_kind(text)) is not None:
        return (kind,)
    if query.answer_type == OTHER:
        return ()
    if query.answer_type == NUMBER and counts_things(text):
        return (COUNT,)
    if query.answer_type == NUMBER and asks_share(text):
        return (SHARE,)
    if query.answer_type == NUMBER and asks_money(text):
        return (MONEY,)
    if query.answer_type == DATE and asks_day(text):
        return (DAY,)
    if query.answer_type == PERSON and asks_role_holder(text):
        return (PERSON,)
    return ACCEPTED_KINDS.get(query.answer_type, (query.answer_type,))


def weights_of(settings: Settings) -> dict[str, float]:
    return {**DEFAULT_WEIGHTS, **dict(settings.weights)}


MAX_HIGHLIGHT_CHARS = 20_000
BACKOFF_WEIGHT = 0.5  # an unseen question word standing in for a corpus word that shares its beginning
BACKOFF_MIN_PREFIX = 4


def backoff_terms(index: Index, term: str) -> list[str]:
    """Corpus terms that extend, or are extended by, an unseen question term ("edit" -> "editor").

    Porter2 leaves derivations apart (edited/editor, modernise/modern); a shared beginning of at least
    four letters is the cheap bridge. Only words of letters; numbers and Chinese are matched exactly.
    """
    if not BACKOFF_MIN_PREFIX <= len(term) <= 30 or not term.isalpha() or not term.isascii():
        return []
    terms = index.sorted_terms
    found: list[str] = []
    position = bisect.bisect_left(terms, term)
    while position < len(terms) and terms[position].startswith(term) and len(found) < 5:
        found.append(terms[position])
        position += 1
    for cut in range(len(term) - 1, BACKOFF_MIN_PREFIX - 1, -1):
        prefix = term[:cut]
        if prefix in index.vocab and len(prefix) >= 0.75 * len(term):
            found.append(prefix)
            break
    return found


def chinese_share(index: Index) -> float:
    """The share of indexed terms that are Chinese (terms are sorted, so two bisections count them)."""
    terms = index.sorted_terms
    if not terms:
        return 0.0
    return (bisect.bisect_left(terms, "\ufb00") - bisect.bisect_left(terms, "\u3400")) / len(terms)


def index_has_chinese(index: Index) -> bool:
    return chinese_share(index) > 0.0


CHINESE_CORPUS_SHARE = 0.05  # above this share of Chinese terms, every English question is also translated


def translated_terms(index: Index, query: Query, lexicon: Dictionary | None) -> list[tuple[str, float]]:
    """Terms added by dictionary translation: English for a Chinese question, Chinese for an English one
    when the corpus holds Chinese. Only terms the corpus contains; each question word's weights sum to 1.

    Same language first: only the question words the corpus does not hold are translated, so a Chinese
    question over Chinese articles is matched on its own words (translating all of them cost CMRC 2018
    1.8 points of P@1).
    """
    if lexicon is None:
        return []
    if query.is_chinese:
        words = [t for t in query.terms if HAS_CJK.search(t) and t not in index.vocab]
        return translate_chinese_terms(words, lexicon, vocabulary=index.vocab) if words else []
    if chinese_share(index) >= CHINESE_CORPUS_SHARE or (query.about_page and index_has_chinese(index)):
        # Chinese articles, or a question about the page, whose Chinese lives in its furniture
        words = [query.text[s:e].lower() for term, s, e in iter_terms(query.text)
                 if query.text[s:e].isalpha() and term not in index.vocab]
        return translate_english_terms(words, lexicon, vocabulary=index.vocab) if words else []
    return []


def _query_weights(index: Index, query: Query, extra: Sequence[tuple[str, float]] = ()) -> list[tuple[int, float]]:
    """The question's own terms at weight 1 (with back-off for unseen words), then translations."""
    weights: list[tuple[int, float]] = []
    for term in query.terms:
        term_id = index.vocab.get(term, -1)
        weights.append((term_id, 1.0))
        if term_id < 0:
            alternatives = backoff_terms(index, term)
            weights.extend((index.vocab[t], BACKOFF_WEIGHT / len(alternatives)) for t in alternatives)
    own = set(query.terms)
    weights.extend((index.vocab[t], w) for t, w in extra if t in index.vocab and t not in own)
    return weights


def _term_weight(index: Index, term_id: int, unseen_weight: float) -> float:
    if term_id < 0:
        return unseen_weight
    idf = float(index.sentence_field.idf[term_id])
    return idf if idf > 0 else unseen_weight


def _proximity(positions: dict[int, list[int]], found: Sequence[int] | None = None) -> float:
    """Distinct matched terms / length of the shortest window that holds them all (0 with fewer than 2).

    `found`: the terms of `positions` to use (all of them when None).
    """
    terms = list(positions) if found is None else found
    need = len(terms)
    if need < 2:
        return 0.0
    places = []
    for t in terms:
        held = positions[t]
        if len(held) != 1:
            break
        places.append(held[0])
    else:  # one place each: the window spans them all
        return need / (max(places) - min(places) + 1)
    if need == 2:  # two words: the window is the closest pair of their places (each list ascending)
        first, second = positions[terms[0]], positions[terms[1]]
        i = j = 0
        gap = abs(first[0] - second[0])
        while i < len(first) and j < len(second):  # a merge: linear, where all pairs were quadratic
            gap = min(gap, abs(first[i] - second[j]))
            if first[i] < second[j]:
                i += 1
            else:
                j += 1
        return 2 / (gap + 1)
    events = sorted((p, t) for t in terms for p in positions[t])
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


def _has_kind(facts: RowFacts, kinds: tuple[str, ...]) -> bool:
    for kind in kinds:
        held = facts.has_kind.get(kind)
        if held is None:
            held = facts.has_kind[kind] = has_span(facts.text, kind)
        if held:
            return True
    return False


def _coverage(facts: RowFacts, weights: list[tuple[int, float]],
              keys: set[int]) -> tuple[float, float, float, list[int]]:
    """The cheap part of a candidate's features: the question's weight in the sentence, and with its
    neighbours and title; the share of key terms held; the question terms the sentence holds."""
    term_set = facts.positions
    around = facts.context_terms
    covered = in_context = 0.0
    found = []
    for t, w in weights:
        if t in term_set:
            covered += w
            in_context += w
            found.append(t)
        elif t in around:
            in_context += w
    key_coverage = 1.0
    if keys:
        held = 0
        for k in keys:
            if k in term_set or k in around:
                held += 1
        key_coverage = held / len(keys)
    return covered, in_context, key_coverage, found


def _finish_features(facts: RowFacts, query: Query, pairs: list[tuple[int, int]], total: float, first: float,
                     best_first: float, kinds: tuple[str, ...],
                     coverage: tuple[float, float, float, list[int]]) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """The features in FEATURES order, from _coverage's part: adds proximity, bigram and answer kind (the
    costly ones), and the question terms held in sentence order."""
    covered, in_context, key_coverage, found = coverage
    term_set = facts.positions
    bigram = proximity = 0.0
    if len(found) > 1:
        found.sort(key=lambda t: term_set[t][0])  # in the order they occur in the sentence
        if pairs:  # a pair's terms are question terms: in the sentence exactly when found
            hits = 0
            for a, b in pairs:
                if a in term_set and b in term_set:
                    at, bt = term_set[a], term_set[b]
                    if len(at) == 1 == len(bt):  # the usual case: each word once
                        hits += -2 <= at[0] - bt[0] <= 2
                    elif any(abs(pa - pb) <= 2 for pa in at for pb in bt):
                        hits += 1
            bigram = hits / len(pairs)
        proximity = _proximity(term_set, found)
    answer_type = 0.0
    if kinds:
        answer_type = 1.0 if _has_kind(facts, kinds) else 0.0
    about_page = query.about_page
    features = (
        first / best_first if best_first > 0 else 0.0,
        covered / total,
        in_context / total,
        key_coverage,
        proximity,
        bigram,
        answer_type,
        0.0 if facts.is_body or about_page else 1.0,
        1.0 if about_page and not facts.is_body else 0.0,
    )
    return features, tuple(found)


def _features(facts: RowFacts, query: Query, pairs: list[tuple[int, int]], weights: list[tuple[int, float]],
              total: float, keys: set[int], first: float, best_first: float,
              kinds: tuple[str, ...]) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """A candidate's features in FEATURES order, and the question terms it holds in sentence order.

    `weights`: (term id, weight) of the question terms the corpus holds; `kinds`: the answer kinds that
    count (empty when the question wants no kind).
    """
    return _finish_features(facts, query, pairs, total, first, best_first, kinds,
                            _coverage(facts, weights, keys))


# Pruning leaves out a candidate only when its score's upper bound is below the kept ones' by more than this
# (far above the rounding of a sum of nine products, far below any difference that orders answers).
_PRUNE_MARGIN = 1e-9


def rank(index: Index, query: Query, settings: Settings, depth: int | None = None,
         lexicon: Dictionary | None = None) -> list[Hit]:
    """Candidates for a question, best first, with their features (reranked when settings.rerank)."""
    query = read_against_corpus(index, query, settings, lexicon)
    extra, _, _, keys = _question_reading(index, query, settings, lexicon)
    candidates = _rank(index, query, settings, depth or settings.rerank_depth, extra, keys)
    return [_hit(index, c) for c in candidates]


# Above this many sentences, an acronym's long form is looked for only in the articles that the rest of the
# question finds (reading every article would cost seconds on a million sentences).
ACRONYM_SCAN_SENTENCES = 5_000
# A question's first few acronyms are spelled out (each reads the articles' text once): a long line of capitals
# is no question to read them all in.
ACRONYMS_SPELLED = 4


def read_against_corpus(index: Index, query: Query, settings: Settings, lexicon: Dictionary | None = None) -> Query:
    """The question read with the words the articles lack but hold in another form, as if the reader had typed
    that form: an acronym the articles spell out ("MIIT" -> ministri, industri, inform, technolog, from
    "Ministry of Industry and Information Technology"; key terms too, when the acronym was one), and a
    misspelt word one slip from a corpus word ("accomlish" -> accomplish). Only a word that is no English
    word (the dictionary's) and no key term is corrected: "Wuzhou" is one slip from "Suzhou", and another
    city. Unchanged when there is nothing to read so."""
    missing = {term for term in query.terms if term not in index.vocab}
    if not missing:
        return query
    unseen = [(term, query.text[start:end]) for term, start, end in iter_terms(query.text) if term in missing]
    replaced = _acronym_long_forms(index, query, settings, [(t, w) for t, w in unseen if is_acronym(w)])
    for term, word in unseen:
        if (lexicon is not None and term not in replaced and term not in query.key_terms
                and len(word) >= CORRECTED_MIN_LETTERS
                and not lexicon.chinese_for(word.lower())  # "breadth" is a word, not a slip for "breath"
                and (fixed := corrected(term, index.vocab))):
            replaced[term] = [fixed]
    if not replaced:
        return query

    def read(terms: Sequence[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for term in terms for t in replaced.get(term, [term])))

    return dataclasses.replace(query, terms=read(query.terms), key_terms=read(query.key_terms))


def _acronym_long_forms(index: Index, query: Query, settings: Settings,
                        asked: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Acronym term -> the terms of the name that spells it, for the first ACRONYMS_SPELLED of `asked`
    (term, acronym as typed) that the articles spell out."""
    if not asked:
        return {}
    if index.size <= ACRONYM_SCAN_SENTENCES:
        articles: Sequence[int] = range(len(index.articles))
    else:
        rows, _ = top_rows(first_stage_rows(index, _query_weights(index, query), settings), settings.rerank_depth)
        articles = list(dict.fromkeys(int(index.sent_article[row]) for row in rows))
    long_forms: dict[str, list[str]] = {}
    for term, acronym in list(dict.fromkeys(asked))[:ACRONYMS_SPELLED]:
        name = spell_out(acronym, (index.articles[article].text for article in articles))
        if name is not None and (terms := [t for t in tokenize(name) if t in index.vocab]):
            long_forms[term] = terms
    return long_forms


def _question_reading(index: Index, query: Query, settings: Settings, lexicon: Dictionary | None
                      ) -> tuple[list[tuple[str, float]], frozenset[str], list[tuple[str, tuple[int, ...]]], set[int]]:
    """What ranking a question needs beyond its terms: the translated terms (see translated_terms), the
    words the corpus holds only in translation (translated_words), its places (question_places) and its
    key terms as ids (_key_ids). rank() and answer() read a question the same way."""
    extra = translated_terms(index, query, lexicon) if settings.translate else []
    seen_in_translation = translated_words(index, query, lexicon, bool(extra)) if settings.translate else frozenset()
    places = question_places(index, query, lexicon)
    return extra, seen_in_translation, places, _key_ids(index, query, seen_in_translation, places)


def _key_ids(index: Index, query: Query, translated: frozenset[str],
             places: Sequence[tuple[str, tuple[int, ...]]] = ()) -> set[int]:
    """The key terms the key_coverage feature counts, as ids (every unseen one is the same id, held by no
    sentence); a key term the corpus holds only in translation (Changzhou -> 常州) is met by its
    translation's weight instead. A Chinese question's places the corpus names (see question_places) are
    key terms too, as an English question's names are: asked whether 深圳 is on a list, the list that
    names Shenzhen beats the sentence that only says the list was released."""
    keys = {index.vocab.get(k, -10**9) for k in query.key_terms if k not in translated}
    keys.update(ids[0] for _, ids in places if ids)
    return keys


def _rank(index: Index, query: Query, settings: Settings, depth: int, extra: Sequence[tuple[str, float]],
          keys: set[int], keep: int | None = None) -> list[_Candidate]:
    """The reranked candidates, best first (Hits are made of the few that are shown: see _hit).

    `keys`: the key terms (see _key_ids).
    `keep`: only the best `keep` are wanted (None: all). The list then starts with exactly those, in the
    same order and with the same features as the full ranking's, but may leave out candidates whose upper
    bound shows they cannot reach them: their costly features (see _finish_features) are never computed.
    """
    ids = _query_weights(index, query, extra)
    rows, top_scores = top_rows(first_stage_rows(index, ids, settings), depth)
    if not rows:
        return []
    unseen_weight = index.sentence_field.max_idf + 1.0 if len(index.sentence_field.idf) else 1.0
    weights_by_id: dict[int, float] = {}
    for term_id, query_weight in ids:
        key = term_id if term_id >= 0 else -1 - len(weights_by_id)  # each unseen term counts on its own
        weights_by_id[key] = weights_by_id.get(key, 0.0) + query_weight * _term_weight(index, term_id, unseen_weight)
    total = sum(weights_by_id.values()) or 1.0
    pairs = [(a, b) for (a, _), (b, _) in itertools.pairwise(ids) if a >= 0 and b >= 0 and a != b]
    best_first = top_scores[0]
    fitted = weights_of(settings)
    weights = [fitted[name] for name in FEATURES]
    kinds = wanted_kinds(query)
    held = [(t, w) for t, w in weights_by_id.items() if t >= 0]  # an unseen term is in no sentence
    facts = [index.row_facts(row) for row in rows]
    strict = _strict_kind(kinds) is not None
    short_form = query.short_form if settings.rerank else None
    if keep is not None and settings.rerank and keep < len(rows) and not strict and short_form is None:
        # (the best two at least: the second may be the continuation that goes first)
        best = _pruned(rows, facts, top_scores, query, pairs, held, total, keys, best_first, kinds, weights,
                       max(keep, 2))
        return _continuation_first(index, best, keys, query)
    candidates = []
    for row, row_facts, first in zip(rows, facts, top_scores):
        features, matched = _features(row_facts, query, pairs, held, total, keys, first, best_first, kinds)
        score = sum(map(operator.mul, weights, features)) if settings.rerank else features[0]
        candidates.append(_Candidate(row, first, features, matched, score))
    if strict and settings.rerank:  # a line without a phone number cannot give one: those with one first
        candidates.sort(key=lambda c: (-c.features[ANSWER_TYPE], -c.score, c.row))
    else:
        candidates.sort(key=lambda c: (-c.score, c.row))
        if settings.rerank:
            candidates = _continuation_first(index, candidates, keys, query)
    if short_form is not None:  # a sentence that writes the short form out answers; the rest keep their order
        candidates.sort(key=lambda c: _written_out(short_form, index.row_facts(c.row).text) is None)
    return candidates


def _written_out(short_form: str, text: str) -> tuple[int, int] | None:
    """long_form_span, but not in a megabyte "sentence" (see MAX_HIGHLIGHT_CHARS): that is no place to look."""
    return long_form_span(short_form, text) if len(text) <= MAX_HIGHLIGHT_CHARS else None


# Between the best candidate and the sentence right after it, which holds a word of the question that the
# best lacks, the later sentence answers when it scores within this much: a question takes its subject from
# where the article introduces it and asks about what the next sentence says of it ("What was released at
# the parallel forum?": "A parallel forum ... was held ..." then "An index and a list ... were released at
# the forum."). Chosen on the tune splits of SQuAD and CMRC (eval/README.md).
CONTINUATION_BONUS = 0.25


def _continuation_first(index: Index, candidates: list[_Candidate], keys: set[int],
                        query: Query) -> list[_Candidate]:
    """The candidates with the best one's continuation put first when it scores within CONTINUATION_BONUS
    (its score raised by that much, so the margin stays true). Only a word the question itself says counts,
    not a key term (the continuation naming the subject answers nothing new) nor a translation (a word's
    minor sense in a neighbour is no evidence)."""
    if len(candidates) < 2:
        return candidates
    first, second = candidates[0], candidates[1]
    if second.row != first.row + 1 or second.score + CONTINUATION_BONUS <= first.score:
        return candidates
    if index.row_facts(second.row).article != index.row_facts(first.row).article:
        return candidates
    written = {index.vocab[term] for term in query.terms if term in index.vocab}
    if not (set(second.matched) - set(first.matched) - keys) & written:
        return candidates
    return [second._replace(score=second.score + CONTINUATION_BONUS, continues=True), first, *candidates[2:]]


def _pruned(rows: list[int], facts: list[RowFacts], top_scores: list[float], query: Query,
            pairs: list[tuple[int, int]], held: list[tuple[int, float]], total: float, keys: set[int],
            best_first: float, kinds: tuple[str, ...], weights: list[float],
            keep: int) -> list[_Candidate]:
    """_rank's reranking when only the best `keep` are wanted.

    Each candidate's cheap features give an upper bound on its score: the costly three (proximity, bigram,
    answer kind) at their largest (bigram and answer kind at most 1, proximity at most the number of
    terms held, each counted only where it can be nonzero and its weight is positive). Candidates are
    finished in the order of their bounds, until the next bound is below the keep-th best score so far.
    """
    w_bm25, w_coverage, w_context, w_key, w_proximity, w_bigram, w_kind, w_furniture, w_page = weights
    # what furniture and page_match add: a body sentence gets neither; else one of them, by the question
    not_body = w_page if query.about_page else w_furniture
    proximity_most = max(0.0, w_proximity)
    pair_most = max(0.0, w_bigram) if pairs else 0.0
    kind_most = max(0.0, w_kind) if kinds else 0.0
    bounded = []
    for position, (row_facts, first) in enumerate(zip(facts, top_scores)):
        coverage = _coverage(row_facts, held, keys)
        found = coverage[3]
        bound = (w_bm25 * (first / best_first if best_first > 0 else 0.0) + w_coverage * (coverage[0] / total)
                 + w_context * (coverage[1] / total) + w_key * coverage[2] + kind_most)
        if not row_facts.is_body:
            bound += not_body
        if len(found) > 1:
            bound += proximity_most * len(found) + pair_most
        bounded.append((-bound, position, coverage))
    bounded.sort()  # positions are distinct: the coverage is never compared
    candidates: list[_Candidate] = []
    best: list[float] = []  # the `keep` best scores so far, a min-heap
    for negative_bound, position, coverage in bounded:
        if len(best) == keep and -negative_bound < best[0] - _PRUNE_MARGIN:
            break  # this bound and every later one: none can enter the best `keep`
        first = top_scores[position]
        features, matched = _finish_features(facts[position], query, pairs, total, first, best_first, kinds, coverage)
        score = sum(map(operator.mul, weights, features))
        candidates.append(_Candidate(rows[position], first, features, matched, score))
        if len(best) < keep:
            heapq.heappush(best, score)
        elif score > best[0]:
            heapq.heapreplace(best, score)
    candidates.sort(key=lambda c: (-c.score, c.row))
    return candidates


def _hit(index: Index, candidate: _Candidate) -> Hit:
    facts = index.row_facts(candidate.row)
    if facts.sentence is None:  # a record per row, made once: shown candidates recur across questions
        facts.sentence = index.sentence(candidate.row)
    return Hit(
        sentence=facts.sentence,
        title=index.articles[facts.article].title,
        score=round(candidate.score, 6),
        bm25=round(candidate.first_stage, 6),
        # each feature rounded to 4 decimals; many are exactly 0 or 1, which round() (slow for a float) keeps
        features=tuple([(name, value if value == 0.0 or value == 1.0 else round(value, 4))
                        for name, value in zip(FEATURES, candidate.features)])
        + ((("continues", CONTINUATION_BONUS),) if candidate.continues else ()),
        matched=tuple([index.terms[t] for t in candidate.matched]),
    )


# The answer kinds whose detection is reliable enough (digits, years, dates) that a best sentence without
# one is declined whatever its confidence; chosen on the dev split (no answerable dev item lacks its kind).
KINDS_REQUIRED = (NUMBER, DATE)
# Kinds a pattern tells exactly, asked about the page: only a line holding one answers (it goes first),
# and a best line without one is declined.
STRICT_KINDS = (PHONE, FILE)


def _strict_kind(kinds: Sequence[str]) -> str | None:
    """The wanted kind when it is one of STRICT_KINDS (wanted_kinds gives such a kind alone)."""
    return kinds[0] if kinds and kinds[0] in STRICT_KINDS else None
# Rerank scores closer than this make the margin the main reason for a low confidence (see _decline_reason).
CLOSE_SECOND = 0.15
CONFIDENCE_FEATURES = ("coverage", "context_coverage", "key_coverage", "answer_type", "margin", "unseen",
                       "unseen_key")


ANSWER_TYPE = FEATURES.index("answer_type")
MAX_AGREEING_CHARS = 40  # a short answer longer than this is a phrase, not a thing two sentences can agree on


def rival_of(top_answer: str | None, hits: Sequence[Hit]) -> int | None:
    """The position of the first runner-up that could answer otherwise: one that holds the kind of thing
    asked for, and not the top hit's short answer. Sentences that agree ("45 national clusters" twice) are
    not rivals, nor is one without a number when a number is asked; the margin is measured to the first
    rival. None when there is none among `hits`."""
    agreeing = top_answer if top_answer and len(top_answer) <= MAX_AGREEING_CHARS else None
    for position, hit in enumerate(hits[1:], 1):
        if hit.features[ANSWER_TYPE][1] == 0.0 or _repeats(hits[0], hit):  # it cannot answer otherwise
            continue
        if agreeing is None or not _says(hit.sentence.text, agreeing):
            return position
    return None


def _repeats(top: Hit, hit: Hit) -> bool:
    """A runner-up in the top hit's very words (a sentence repeated in another article or page) says
    nothing else: it is no rival, however close its score."""
    said, again = top.sentence.text, hit.sentence.text
    if said == again:
        return True
    # the last words first: cheap, and they tell almost every pair apart (the margin asks this per question)
    return said.rsplit(None, 1)[-1:] == again.rsplit(None, 1)[-1:] and said.split() == again.split()


def _says(text: str, words: str) -> bool:
    """Whether `text` holds `words` as whole words, ignoring case (a regular expression per answer would be
    compiled anew for nearly every question)."""
    text, words = text.casefold(), words.casefold()
    start = text.find(words)
    while start >= 0:
        end = start + len(words)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(words, start + 1)
    return False


def confidence_features(hits: list[Hit], query: Query, index: Index,
                        translated: frozenset[str] = frozenset(), rival: int | None = 1,
                        places: Sequence[str] = (), elsewhere: Sequence[str] = (),
                        key_count: int | None = None) -> dict[str, float]:
    """What the confidence is computed from: how well the best sentence covers the question.

    `translated`: question words absent from the corpus whose translation it holds (not unseen, then);
    `rival`: the position in `hits` of the first that answers differently (see rival_of); `places`: the
    question's place names the corpus lacks; `elsewhere`: those the corpus names but the best sentence
    (with its neighbours and title) does not, a sentence about another place (see question_places). Each
    counts as an unseen key term: the English question names the place it is about in a key term, and
    its key terms weigh more than a translation's words. `key_count`: how many key terms key_coverage counted
    (None: worked out again).
    """
    top = dict(hits[0].features)
    unseen_terms = [t for t in query.terms if t not in index.vocab and t not in translated]
    key_coverage = top["key_coverage"]
    if places:  # (a place the corpus names is a key term already: key_coverage counted it)
        counted = len(_key_ids(index, query, translated)) if key_count is None else key_count
        key_coverage *= counted / (counted + len(places))
    return {
        "coverage": top["coverage"],
        "context_coverage": top["context_coverage"],
        "key_coverage": key_coverage,
        "answer_type": top["answer_type"] if query.answer_type != OTHER else 1.0,
        "margin": min(hits[0].score - hits[rival].score, 1.0) if rival is not None and rival < len(hits) else 1.0,
        "unseen": len(unseen_terms) / max(1, len(query.terms)),
        "unseen_key": 1.0 if places or elsewhere or any(k in unseen_terms for k in query.key_terms) else 0.0,
    }


# What a dictionary entry of a place says it is ("Shanghai municipality", "capital of ...", "United States").
_PLACE_GLOSS = re.compile(r"\b(?:city|province|municipality|county|country|district|prefecture|region|capital|"
                          r"island|river|lake|mountain|town|village|states?|republic|kingdom)\b", re.IGNORECASE)


def question_places(index: Index, query: Query, lexicon: Dictionary | None) -> list[tuple[str, tuple[int, ...]]]:
    """The place names of a Chinese question, each with the index terms that stand for it: itself as written,
    else its translations the corpus holds (none: asked about 上海, articles that never name Shanghai cannot
    answer, as an English question's missing name is an unseen key term). A place is a word jieba tags as
    one whose dictionary entry describes one: jieba also tags 大桥 ("big bridge") a place, and the
    dictionary knows it only as a person, Da Qiao."""
    if lexicon is None or not query.is_chinese:
        return []
    places = []
    for word in dict.fromkeys(query.terms):
        if len(word) > 1 and HAS_CJK.match(word) and chinese_word_tag(word) == "ns" and any(
                e.proper and _PLACE_GLOSS.search(" ".join(e.glosses)) for e in lexicon.entries(word)):
            term_id = index.vocab.get(word)
            ids = (term_id,) if term_id is not None else tuple(
                index.vocab[term] for term, _ in translate_chinese_word(word, lexicon, vocabulary=index.vocab))
            places.append((word, ids))
    return places


def places_not_held(index: Index, places: Sequence[tuple[str, tuple[int, ...]]], row: int) -> list[str]:
    """The question_places that the articles name but the sentence at `row` (with its neighbours and title)
    does not: asked for 无锡's GDP target, Changzhou's is another city's, as "What is Wuxi's GDP target?"
    finds its key term "Wuxi" missing from that sentence."""
    facts = index.row_facts(row)
    return [word for word, ids in places
            if ids and not any(facts.holds(i) for i in ids)]


def confidence_of(features: dict[str, float]) -> float:
    """Logistic model over confidence_features (weights fitted by eval/fit.py)."""
    z = CONFIDENCE_WEIGHTS["bias"] + sum(CONFIDENCE_WEIGHTS[name] * features[name] for name in CONFIDENCE_FEATURES)
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _confidence(hits: list[Hit], query: Query, index: Index, translated: frozenset[str], rival: int | None,
                places: Sequence[str] = (), elsewhere: Sequence[str] = (), key_count: int | None = None) -> float:
    return confidence_of(confidence_features(hits, query, index, translated, rival, places, elsewhere,
                                             key_count)) if hits else 0.0


def translated_words(index: Index, query: Query, lexicon: Dictionary | None, translating: bool = True) -> frozenset[str]:
    """The question's terms that the corpus lacks but holds a translation of (Chinese words over English
    articles, or English words over Chinese ones): not unseen, then."""
    if lexicon is None or not translating:
        return frozenset()
    if query.is_chinese:
        return frozenset(t for t in query.terms if HAS_CJK.search(t) and t not in index.vocab
                         and translate_chinese_word(t, lexicon, vocabulary=index.vocab))
    return frozenset(term for term, start, end in iter_terms(query.text)
                     if term not in index.vocab and query.text[start:end].isalpha()
                     and translate_english_word(query.text[start:end].lower(), lexicon, vocabulary=index.vocab))


def _surface_terms(question: str) -> dict[str, str]:
    """Stem -> the word the user typed, for messages."""
    surfaces: dict[str, str] = {}
    for term, start, end in iter_terms(question):
        surfaces.setdefault(term, question[start:end])
    return surfaces


def _written_near(index: Index, term: str) -> str | None:
    """The corpus word, as an article writes it, one slip from an unseen key term ("Changzou" -> "Changzhou"),
    to suggest: a name is never corrected (see read_against_corpus), but the reader may have meant it."""
    near = corrected(term, index.vocab)
    if near is None:
        return None
    rows, _ = index.sentence_field.postings(index.vocab[near])
    if not len(rows):
        return None
    text = index.sentence_text(int(rows[0]))
    return next((text[start:end] for found, start, end in iter_terms(text) if found == near), None)


def _quoted(words: Sequence[str], conjunction: str = "and") -> str:
    quoted = [f'"{w if len(w) <= 30 else w[:29] + "…"}"' for w in dict.fromkeys(words)]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {conjunction} " + quoted[-1]


def _decline_reason(query: Query, hits: list[Hit], index: Index, translated: frozenset[str] = frozenset(),
                    confidence: float = 0.0, threshold: float = 0.0, rival: int | None = 1,
                    other_year: tuple[str, str] | None = None, places: Sequence[str] = (),
                    elsewhere: Sequence[str] = ()) -> str:
    """Why qa declines, in words that are true of the corpus (each claim is checked).

    `translated`: question words the corpus holds only in translation (长沙 -> Changsha): not unseen;
    `places`: the question's place names the corpus lacks, `elsewhere` those the best sentence lacks (see
    question_places).
    """
    surfaces = _surface_terms(query.text)
    unseen_keys = [k for k in query.key_terms if k not in index.vocab and k not in translated]
    if unseen_keys:
        written = [surfaces.get(k, k) for k in unseen_keys]
        reason = f"{_quoted(written)} never {'occurs' if len(written) == 1 else 'occur'} in the articles"
        near = [word for k in unseen_keys if (word := _written_near(index, k)) is not None]
        return f"{reason} (did you mean {_quoted(near, 'or')}?)" if near else reason
    if places:
        return (f"{_quoted(places)} never {'occurs' if len(places) == 1 else 'occur'} in the articles, "
                "as written or in translation")
    if other_year is not None:
        return f"the closest sentence's article mentions {other_year[1]}, never {other_year[0]}"
    keys = [k for k in query.key_terms if k in index.vocab]
    if len(keys) > 1 and not occur_together(index, [index.vocab[k] for k in keys]):
        return f"the key terms {_quoted([surfaces.get(k, k) for k in keys])} never occur together in one sentence"
    if not query.terms:
        return "the question has no words to search for"
    if not hits:
        return "no sentence shares a word with the question"
    matched = set(hits[0].matched)
    missing_keys = [*(surfaces.get(k, k) for k in keys if k not in matched), *elsewhere]
    if missing_keys:
        return f"the closest sentence does not mention {_quoted(missing_keys)}"
    unseen = [surfaces.get(t, t) for t in query.terms if t not in index.vocab and t not in translated]
    if unseen:
        if len(set(unseen[:3])) == 1:
            return f"the word {_quoted(unseen[:1])} of the question never occurs in the articles"
        return f"the words {_quoted(unseen[:3])} of the question never occur in the articles"
    features = dict(hits[0].features)
    kinds = wanted_kinds(query)
    strict = _strict_kind(kinds)
    if (query.answer_type != OTHER or strict) and features.get("answer_type") == 0.0:
        # the kind looked for: "holds no number" would be untrue of "within three to five years"
        refined = kinds[0] if len(kinds) == 1 and kinds[0] in (COUNT, SHARE, MONEY, DAY) else None
        return f"the closest sentence holds no {strict or refined or query.answer_type} to answer with"
    if features["context_coverage"] < 0.995:
        return f"the closest sentence matches only {features['context_coverage']:.0%} of the question"
    if rival is not None and rival < len(hits) and hits[0].score - hits[rival].score < CLOSE_SECOND:
        return "another sentence fits the question almost as well, so neither is a sure answer"
    return f"the closest sentence's confidence ({confidence:.2f}) is below the threshold ({threshold:.2f})"


def _question_spans(index: Index, row: int | None, matched: Sequence[str], text: str) -> list[tuple[int, int, float]]:
    """Where the question's words sit in the sentence `text` (of `row`, when known), each with its idf."""
    if row is None:
        term_spans = list(iter_terms(text))
    else:
        facts = index.row_facts(row)
        if facts.term_spans is None:
            facts.term_spans = list(iter_terms(facts.text))
        term_spans = facts.term_spans
    wanted = set(matched)
    spans = []
    for term, start, end in term_spans:
        if term in wanted:
            term_id = index.vocab.get(term, -1)
            spans.append((start, end, float(index.sentence_field.idf[term_id]) if term_id >= 0 else 1.0))
    return spans


def _asked_terms(index: Index, query: Query, matched: Sequence[str],
                 lexicon: Dictionary | None) -> tuple[list[list[str]], list[str]]:
    """The matched English terms of each Chinese word after 什么 / 哪个 (蓝图 -> blueprint: a "which X"
    question's X), and of the verb before a final 什么 (审议了什么 -> deliber), for the highlight to find
    them in an English sentence."""
    if lexicon is None or not query.is_chinese:
        return [], []
    wanted = set(matched)
    text = query.reading or query.text

    def english(word: str) -> list[str]:
        return [term for term, _ in translate_chinese_word(word, lexicon, index.vocab) if term in wanted]

    verb = chinese_verb_word(text, query.terms)
    return [english(word) for word in chinese_head_words(text, query.terms)], english(verb) if verb else []


def _short_answer(index: Index, query: Query, hit: Hit, row: int | None, lexicon: Dictionary | None) -> tuple[int, int] | None:
    """The highlight: the span of the hit's sentence that answers the question (`row`: the hit's index row,
    whose word places are kept; None works them out from the text)."""
    text = hit.sentence.text
    if len(text) > MAX_HIGHLIGHT_CHARS:  # a short answer inside a megabyte "sentence" means nothing
        return None
    if (short_form := query.short_form) is not None:  # "What does AFC stand for?": the long form
        return _written_out(short_form, text)
    aside = set_aside_items(query.reading or query.text)  # "Besides A, what other ...?" against "A, B and C"
    if aside and (rest := beyond_set_aside(text, aside)) is not None:
        return rest
    head_terms, verb_terms = _asked_terms(index, query, hit.matched, lexicon)
    return pick_short_answer(text, query.answer_type, _question_spans(index, row, hit.matched, text),
                             query.reading or query.text, head_terms, verb_terms)


def _runner_up(hits: Sequence[Hit]) -> int | None:
    """The position of the first hit after the top one that does not repeat its words (see _repeats)."""
    return next((position for position, hit in enumerate(hits[1:], 1) if not _repeats(hits[0], hit)), None)


def _weighs_agreement(query: Query, hits: Sequence[Hit]) -> bool:
    """Whether the runner-ups' agreement is looked at: the question wants a kind of thing (a number, a
    date, a name) and the runner-up is close enough for the margin to count."""
    if query.answer_type in (OTHER, LIST):
        return False
    runner_up = _runner_up(hits)
    return runner_up is not None and hits[0].score - hits[runner_up].score < 1.0


def rival_among(index: Index, query: Query, hits: Sequence[Hit], lexicon: Dictionary | None,
                row: int | None = None) -> tuple[int | None, tuple[int, int] | None, bool]:
    """The rival (see rival_of) among the hits, the top hit's short answer when it was worked out for that
    (a question that wants a kind of thing, with a close runner-up; else None), and whether it was.

    `row`: the top hit's index row, whose word places are kept (None: worked out from its text)."""
    if (short_form := query.short_form) is not None and hits:
        # "What does AFC stand for?": only a sentence that writes AFC out otherwise could answer otherwise
        span = _short_answer(index, query, hits[0], row, lexicon)
        written = hits[0].sentence.text[span[0]:span[1]].casefold() if span else None
        for position, hit in enumerate(hits[1:], 1):
            other = _written_out(short_form, hit.sentence.text)
            if other is not None and hit.sentence.text[other[0]:other[1]].casefold() != written:
                return position, span, True
        return None, span, True
    if not _weighs_agreement(query, hits):
        return _runner_up(hits), None, False
    span = _short_answer(index, query, hits[0], row, lexicon)
    return rival_of(hits[0].sentence.text[span[0]:span[1]] if span else None, hits), span, True


def _year_terms(query: Query) -> list[str]:
    return [k for k in query.key_terms if len(k) == 4 and k.isdigit() and k[:2] in ("19", "20")]


def article_holds(index: Index, term_id: int, article: int) -> bool:
    """Whether the article's title or any of its sentences holds the term (its rows are contiguous)."""
    if article in index.title_field.postings(term_id)[0]:
        return True
    rows = index.rows_of_article(article)
    holding = index.sentence_field.postings(term_id)[0]  # sorted
    at = bisect.bisect_left(holding, rows.start)
    return at < len(holding) and holding[at] < rows.stop


def year_elsewhere(index: Index, query: Query, row: int) -> tuple[str, str] | None:
    """(asked year, the year the article gives instead) when the question names a year that the best
    sentence's whole article never mentions while it names another: asked about 2022, the sentence on
    the 2023 list answers another question."""
    article = index.row_facts(row).article
    for year in _year_terms(query):
        term_id = index.vocab.get(year)
        if term_id is not None and article_holds(index, term_id, article):
            continue
        terms = index.sorted_terms
        for position in range(bisect.bisect_left(terms, "1900"), bisect.bisect_left(terms, "2100")):
            other = terms[position]
            if len(other) == 4 and other.isdigit() and article_holds(index, position, article):
                return year, other
    return None


# A translation the articles hold only in senses worth less than this share of their words matches by chance.
MINOR_SENSE = 0.25


def minor_senses_only(index: Index, query: Query, lexicon: Dictionary | None, row: int) -> str | None:
    """Why the best sentence does not answer a Chinese question whose words it (with its neighbours and
    title) meets only in senses the dictionary lists late: "你叫什么名字？" meets "order", the third sense of
    叫, in a sentence on cities listed "in alphabetical order". None when a word is met as written or in a
    sense worth at least MINOR_SENSE of it."""
    if lexicon is None or not query.is_chinese:
        return None
    facts = index.row_facts(row)

    def met(term: str) -> bool:
        term_id = index.vocab.get(term)
        return term_id is not None and facts.holds(term_id)

    if any(met(term) for term in query.terms):
        return None
    best = (0.0, "", "")
    for word, unit in chinese_word_senses(query.terms, lexicon):
        for term, share in unit.items():
            if share > best[0] and met(term):
                best = (share, word, term)
    share, word, term = best
    if not share or share >= MINOR_SENSE:
        return None
    surface = next((facts.text[start:end] for found, start, end in iter_terms(facts.text) if found == term), term)
    return f'the question\'s words match the articles only in senses rarely meant ("{word}" as "{surface}")'


def long_form_missing(query: Query, text: str) -> str | None:
    """Why the best sentence does not answer "What does X stand for?": it does not write X out (the ranking
    puts a sentence that does first, so none of the closest does)."""
    short_form = query.short_form
    if short_form is None or _written_out(short_form, text) is not None:
        return None
    return f'no sentence among the closest writes out what "{short_form}" stands for'


def shares_no_word(query: Query, hit: Hit) -> str | None:
    """Why a best sentence that holds none of the question's words (nor their translations) does not answer:
    its neighbours and title matched, and it only stands next to them ("2023中关村论坛是由哪个部门主办的？"
    had quoted the Changsha article's headline). A file name or a phone number is the exception: the
    wanted kind, which a pattern tells exactly, is then the evidence ("What is the file name of the picture?")."""
    if hit.matched or _strict_kind(wanted_kinds(query)) is not None:
        return None
    return "the closest sentence holds none of the question's words (only the sentences around it or its title do)"


def attribute_not_mentioned(query: Query, hit: Hit) -> str | None:
    """Why a best sentence does not answer a question about headquarters (see NAMED_ATTRIBUTES): it does not
    mention them, as written or in translation (its matched terms hold the translations it holds)."""
    attribute = named_attribute(query.terms)
    if attribute is None or NAMED_ATTRIBUTES[attribute] & set(hit.matched):
        return None
    return f'the closest sentence does not mention "{_surface_terms(query.text).get(attribute, attribute)}"'


def left_unanswered(query: Query, text: str, highlight: tuple[int, int] | None) -> str | None:
    """Why the best sentence, however well its words match, does not answer (None when nothing says so): it
    lists only what the question sets aside, or gives only how many of the things are that the question asks
    to be named ("Which three cities ...?" against "... and 3 cities under separate state planning"), or ranks
    nothing where the question asks for a rank, or the question gives nothing but numbers ("What is 2+2?"): a
    sentence that holds them is not about anything asked."""
    if query.terms and all(term.replace(".", "").isdigit() for term in query.terms):
        return f"the question gives only numbers ({_quoted(query.terms)}), and no word to say what they are about"
    question = query.reading or query.text
    aside = set_aside_items(question)
    if aside and (span := set_aside_list(text, aside)) is not None:
        return f"the closest sentence lists only what the question sets aside: {text[span[0]:span[1]]}"
    if query.answer_type == PERSON and (deputy := deputy_only(question, text)) is not None:
        return f'the closest sentence names only a deputy ("{deputy}"), not the holder of the post asked about'
    if (choices := offered_choices(question)) and lists_choices(text, choices) is not None:
        return f"the closest sentence lists the options ({_quoted(choices)}) without choosing among them"
    if rank_not_given(question, text):
        return "the closest sentence gives no rank"
    if not asks_which_of_counted(question):  # (a hinted pattern: cheap for the answers it does not fit)
        return None
    shown = text[highlight[0]:highlight[1]] if highlight is not None else ""
    if 0 < len(shown) <= MAX_AGREEING_CHARS:
        said = count_terms(tokenize(shown))
        if any(term.isdigit() for term in said) and said <= count_terms(query.terms):
            return f'the closest sentence says how many ("{shown}"), not which'
    if (counted := counted_not_named(question, text)) is not None:
        return f'the closest sentence says how many ("{" ".join(counted.split())}"), not which'
    return None


class _Judged(NamedTuple):
    """What answer_query decides from: the reranked candidates and what the confidence is computed from."""

    extra: list[tuple[str, float]]  # translated_terms
    seen_in_translation: frozenset[str]  # translated_words
    key_count: int  # how many key terms key_coverage counts (see _key_ids)
    ranked: list[_Candidate]
    hits: list[Hit]  # the few shown or read
    rival: int | None
    top_span: tuple[int, int] | None  # the top hit's short answer, when rival_among worked it out
    span_worked_out: bool  # (then top_span is the highlight, even when None)
    unseen_places: list[str]
    elsewhere: list[str]  # see places_not_held


def _judge(index: Index, query: Query, settings: Settings, lexicon: Dictionary | None) -> _Judged:
    extra, seen_in_translation, places, keys = _question_reading(index, query, settings, lexicon)
    shown = 1 + max(1, settings.candidates)  # only these are shown or read (hits[1] for the margin)
    ranked = _rank(index, query, settings, settings.rerank_depth, extra, keys, keep=shown)
    hits = [_hit(index, c) for c in ranked[:shown]]
    rival, top_span, worked_out = rival_among(index, query, hits, lexicon, ranked[0].row if ranked else None)
    elsewhere = places_not_held(index, places, ranked[0].row) if hits and settings.decline else []
    unseen = [word for word, ids in places if not ids] if settings.decline else []
    return _Judged(extra, seen_in_translation, len(keys), ranked, hits, rival, top_span, worked_out, unseen,
                   elsewhere)


def confidence_reading(index: Index, query: Query, settings: Settings,
                       lexicon: Dictionary | None = None) -> tuple[Hit | None, dict[str, float]]:
    """The best candidate of a question and the features answer() computes its confidence from (None and
    {} when no sentence matches): eval/fit.py fits the confidence model on exactly what answer() sees."""
    query = read_against_corpus(index, query, settings, lexicon)
    judged = _judge(index, query, settings, lexicon)
    if not judged.hits:
        return None, {}
    return judged.hits[0], confidence_features(judged.hits, query, index, judged.seen_in_translation, judged.rival,
                                               judged.unseen_places, judged.elsewhere, judged.key_count)


def answer_query(index: Index, query: Query, settings: Settings, lexicon: Dictionary | None = None) -> Answer:
    """Answer a question already read (see read_turn)."""
    query = read_against_corpus(index, query, settings, lexicon)
    judged = _judge(index, query, settings, lexicon)
    ranked, hits, rival, unseen_places, elsewhere = (judged.ranked, judged.hits, judged.rival, judged.unseen_places,
                                                     judged.elsewhere)
    seen_in_translation = judged.seen_in_translation
    translated = tuple(t for t, _ in judged.extra if t in index.vocab)
    confidence = _confidence(hits, query, index, seen_in_translation, rival, unseen_places, elsewhere, judged.key_count)
    # A question for a number or a date, whose best sentence holds none, is not answered by it (however well
    # its words match: "When will the bridge be completed?" against the sentence that only names the bridge).
    kind_missing = bool(hits) and dict(hits[0].features)["answer_type"] == 0.0 and (
        query.answer_type in KINDS_REQUIRED or _strict_kind(wanted_kinds(query)) is not None)
    other_year = year_elsewhere(index, query, ranked[0].row) if hits and settings.decline else None
    declined = not hits or (settings.decline and (confidence < settings.decline_threshold or kind_missing or other_year))
    highlight = unanswered = None
    if not declined:
        # the highlight, unless rival_among has worked it out already
        highlight = (judged.top_span if judged.span_worked_out
                     else _short_answer(index, query, hits[0], ranked[0].row, lexicon))
        unanswered = (shares_no_word(query, hits[0]) or attribute_not_mentioned(query, hits[0])
                      or long_form_missing(query, hits[0].sentence.text)
                      or left_unanswered(query, hits[0].sentence.text, highlight)
                      or minor_senses_only(index, query, lexicon, ranked[0].row)) if settings.decline else None
    if declined or unanswered:
        return Answer(
            question=query.text, hit=None, candidates=tuple(hits[: settings.candidates]),
            confidence=round(confidence, 4),
            reason=unanswered or _decline_reason(query, hits, index, seen_in_translation, confidence,
                                                 settings.decline_threshold, rival, other_year, unseen_places,
                                                 elsewhere),
            closest=hits[0] if hits else None, followup_of=query.followup_of, query_terms=query.terms,
            answer_type=query.answer_type, translated_terms=translated,
        )
    best = hits[0]
    return Answer(
        question=query.text, hit=best, candidates=tuple(hits[1 : 1 + settings.candidates]),
        confidence=round(confidence, 4), highlight=highlight, followup_of=query.followup_of,
        query_terms=query.terms, answer_type=query.answer_type, translated_terms=translated,
    )


def read_turn(question: str, lexicon: Dictionary | None = None, previous: Query | None = None) -> Query:
    """Read a question (Traditional characters made Simplified first, so jieba cuts them well), in the
    light of the previous turn when given. The Query keeps the question as typed."""
    text = question
    if lexicon is not None and HAS_CJK.search(question):
        text = to_simplified(question, lexicon)
    query = read_followup(text, previous) if previous is not None else read_question(text)
    if query.answer_type in (OTHER, LIST) and (kind := head_kind(text)) is not None:
        query = dataclasses.replace(query, answer_type=kind)
    return dataclasses.replace(query, text=question, reading=text) if text != question else query


def answer_batch(index: Index, questions: Sequence[str], settings: Settings | None = None,
                 lexicon: Dictionary | None = None) -> list[Answer]:
    """Answer each question on its own (no follow-up reading), in order."""
    settings = settings or index.settings
    return [answer_query(index, read_turn(q, lexicon), settings, lexicon) for q in questions]


def answer(index: Index, question: str, settings: Settings | None = None, previous: Query | None = None,
           lexicon: Dictionary | None = None) -> Answer:
    """Answer one question; with `previous`, a thin follow-up is read in the light of that question."""
    if previous is None:
        return answer_batch(index, [question], settings, lexicon)[0]
    settings = settings or index.settings
    return answer_query(index, read_turn(question, lexicon, previous), settings, lexicon)


__all__ = ["BODY", "DEFAULT_WEIGHTS", "FEATURES", "answer", "answer_batch", "answer_query", "rank", "read_turn"]
