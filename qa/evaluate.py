"""Benchmark metrics and runners over (question, gold) cases: pure, no files, no printing.

Two kinds of case:
- the hand-written set (eval/questions.jsonl): qa answers each question over the corpus; the gold is
  one sentence's text, compared after `normalize_space`;
- ReQA-style pools (Ahmad et al. 2019, "ReQA: An Evaluation for End-to-End Answer Retrieval Models"):
  every sentence of every paragraph of a SQuAD-format file is one candidate pool; a question's gold is
  the sentence of its own paragraph that holds its answer's first character.

Metrics (a missing gold counts as rank None):
  top-1 / P@1   share of answerable questions whose first answer is the gold (a decline is wrong)
  hit@k         share whose gold is among the first k candidates
  MRR           mean of 1 / rank of the gold, 0 when absent (Voorhees 1999), over depth RANK_DEPTH
The clock is passed in by the caller (`clock`), so the core never reads it on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from rank_bm25 import BM25Okapi

from qa.answer import answer, answer_query, rank, read_turn
from qa.errors import QAError
from qa.index import Index
from qa.records import Answer, Article, Sentence, Settings
from qa.sentences import split_sentences
from qa.tokens import segment_chinese, tokenize
from qa.translate import Dictionary

RANK_DEPTH = 100  # candidates looked at for hit@k and MRR
STYLES = ("overlap", "paraphrase", "unnamed_subject", "chinese", "furniture", "unanswerable", "traditional")
SPLITS = ("dev", "test")
LANGS = ("en", "zh")
POOL_SPLITS = ("tune", "held-out")

Tokenizer = Callable[[str], list[str]]
Clock = Callable[[], float]  # seconds, monotonic (time.perf_counter)


def normalize_space(text: str) -> str:
    """U+00A0 (and every other white space) as one plain space, runs collapsed, ends stripped."""
    return " ".join(text.replace("\u00a0", " ").split())


# ---------------------------------------------------------------------------------------------------------
# The hand-written set


@dataclass(frozen=True)
class Item:
    """One question of eval/questions.jsonl (see eval/README.md for the fields)."""

    id: str
    question: str
    lang: str
    answerable: bool
    article: str
    gold_sentence: str | None
    short_answer: str | None
    styles: tuple[str, ...]
    split: str
    translation_of: str | None = None
    note: str | None = None


def _field(obj: Mapping[str, object], name: str, kinds: tuple[type, ...], where: str) -> object:
    if name not in obj:
        raise QAError(f"{where}: the field {name!r} is missing")
    value = obj[name]
    if not isinstance(value, kinds):
        wanted = " or ".join("null" if k is type(None) else k.__name__ for k in kinds)
        raise QAError(f"{where}: the field {name!r} should be {wanted}, not {type(value).__name__}")
    return value


def parse_item(obj: object, where: str) -> Item:
    """An Item from one decoded JSON line; raises QAError naming `where` (file and line) when malformed."""
    if not isinstance(obj, dict):
        raise QAError(f"{where}: expected a JSON object, not {type(obj).__name__}")
    answerable = bool(_field(obj, "answerable", (bool,), where))
    gold = _field(obj, "gold_sentence", (str, type(None)), where)
    short = _field(obj, "short_answer", (str, type(None)), where)
    if answerable and not (isinstance(gold, str) and gold.strip() and isinstance(short, str) and short.strip()):
        raise QAError(f"{where}: an answerable item needs a gold_sentence and a short_answer")
    styles = cast(list[object], _field(obj, "styles", (list,), where))
    unknown = [s for s in styles if s not in STYLES]
    if unknown:
        raise QAError(f"{where}: unknown style {unknown[0]!r}; known: {', '.join(STYLES)}")
    split = _field(obj, "split", (str,), where)
    if split not in SPLITS:
        raise QAError(f"{where}: split must be dev or test, not {split!r}")
    translation_of = _field(obj, "translation_of", (str, type(None)), where) if "translation_of" in obj else None
    note = _field(obj, "note", (str, type(None)), where) if "note" in obj else None
    return Item(
        id=str(_field(obj, "id", (str,), where)),
        question=str(_field(obj, "question", (str,), where)),
        lang=str(_field(obj, "lang", (str,), where)),
        answerable=answerable,
        article=str(_field(obj, "article", (str,), where)),
        gold_sentence=gold if isinstance(gold, str) else None,
        short_answer=short if isinstance(short, str) else None,
        styles=tuple(str(s) for s in styles),
        split=str(split),
        translation_of=translation_of if isinstance(translation_of, str) else None,
        note=note if isinstance(note, str) else None,
    )


@dataclass(frozen=True)
class Outcome:
    """What one system did with one hand-written item."""

    id: str
    question: str
    split: str
    lang: str
    styles: tuple[str, ...]
    article: str
    answerable: bool
    gold: str | None
    returned: str | None  # the sentence answered with (None when declined)
    returned_source: str | None
    declined: bool
    reason: str | None  # why it declined
    top1: bool | None  # answerable: the answer is the gold sentence; None for unanswerable items
    gold_rank: int | None  # 1-based rank of the gold among the first RANK_DEPTH candidates; None if absent
    short_answer: bool | None  # top-1 correct: the highlight holds the short answer; else None
    highlight: str | None = None
    confidence: float | None = None
    latency_ms: float | None = None  # the answer() call alone


def gold_rank_of(gold: str | None, ranked: Iterable[str]) -> int | None:
    """1-based position of the first sentence equal to the gold (after normalize_space), or None."""
    if gold is None:
        return None
    wanted = normalize_space(gold)
    for position, text in enumerate(ranked, 1):
        if normalize_space(text) == wanted:
            return position
    return None


def judge_answer(item: Item, result: Answer, ranked: Sequence[str], latency_ms: float | None = None) -> Outcome:
    """Score qa's Answer for an item; `ranked` are the texts of rank()'s candidates, best first."""
    returned = result.hit.sentence.text if result.hit else None
    top1: bool | None = None
    short: bool | None = None
    if item.answerable:
        top1 = returned is not None and gold_rank_of(item.gold_sentence, [returned]) == 1
        if top1:
            highlight = result.highlight_text
            short = highlight is not None and normalize_space(item.short_answer or "") in normalize_space(highlight)
    return Outcome(
        id=item.id, question=item.question, split=item.split, lang=item.lang, styles=item.styles,
        article=item.article, answerable=item.answerable, gold=item.gold_sentence, returned=returned,
        returned_source=result.hit.sentence.source if result.hit else None, declined=result.hit is None,
        reason=result.reason if result.hit is None else None, top1=top1,
        gold_rank=gold_rank_of(item.gold_sentence, ranked) if item.answerable else None, short_answer=short,
        highlight=result.highlight_text, confidence=result.confidence, latency_ms=latency_ms,
    )


def judge_ranking(item: Item, ranked: Sequence[str], sources: Sequence[str] = ()) -> Outcome:
    """Score a system that never declines: its answer is its first candidate."""
    returned = ranked[0] if ranked else None
    gold_rank = gold_rank_of(item.gold_sentence, ranked) if item.answerable else None
    return Outcome(
        id=item.id, question=item.question, split=item.split, lang=item.lang, styles=item.styles,
        article=item.article, answerable=item.answerable, gold=item.gold_sentence, returned=returned,
        returned_source=sources[0] if sources else None, declined=returned is None,
        reason="no candidate" if returned is None else None,
        top1=(gold_rank == 1) if item.answerable else None, gold_rank=gold_rank, short_answer=None,
    )


def run_items(index: Index, items: Sequence[Item], settings: Settings, clock: Clock | None = None,
              lexicon: Dictionary | None = None) -> list[Outcome]:
    """Answer every item with qa; rank() at depth RANK_DEPTH gives hit@k and MRR. Only answer() is timed."""
    outcomes = []
    for item in items:
        started = clock() if clock else 0.0
        result = answer(index, item.question, settings, lexicon=lexicon)
        latency = (clock() - started) * 1000.0 if clock else None
        query = read_turn(item.question, lexicon)
        ranked = [hit.sentence.text for hit in rank(index, query, settings, depth=RANK_DEPTH, lexicon=lexicon)]
        outcomes.append(judge_answer(item, result, ranked, latency))
    return outcomes


# ---------------------------------------------------------------------------------------------------------
# Metrics


def share(flags: Iterable[bool]) -> float | None:
    """The share of True among the flags; None when there are none (shown as '-', not as 0)."""
    values = list(flags)
    return sum(values) / len(values) if values else None


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float | None:
    """Mean of 1/rank over the questions, an absent gold (None) counting 0; None for no questions."""
    if not ranks:
        return None
    return sum(1.0 / r for r in ranks if r) / len(ranks)


def hit_at(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose gold ranks within the first k."""
    return share(r is not None and r <= k for r in ranks)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100), interpolating linearly between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """The metrics of one system over a group of hand-written items (None: no item to measure on)."""

    questions: int
    answerable: int
    unanswerable: int
    top1: float | None  # over answerable items; a decline is wrong
    hit3: float | None
    mrr: float | None
    short_answer: float | None  # over answerable items whose top-1 is correct
    declined_unanswerable: float | None  # correct declines, over unanswerable items
    wrongly_declined: float | None  # over answerable items


def summarize(outcomes: Sequence[Outcome]) -> Summary:
    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    ranks = [o.gold_rank for o in answerable]
    return Summary(
        questions=len(outcomes),
        answerable=len(answerable),
        unanswerable=len(unanswerable),
        top1=share(bool(o.top1) for o in answerable),
        hit3=hit_at(ranks, 3),
        mrr=mean_reciprocal_rank(ranks),
        short_answer=share(bool(o.short_answer) for o in answerable if o.top1 and o.short_answer is not None),
        declined_unanswerable=share(o.declined for o in unanswerable),
        wrongly_declined=share(o.declined for o in answerable),
    )


def breakdown(outcomes: Sequence[Outcome], keys: Callable[[Outcome], Iterable[str]],
              order: Sequence[str] = ()) -> dict[str, Summary]:
    """Summaries per group; an outcome may sit in several groups (styles). Groups in `order`, then sorted."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        for key in keys(outcome):
            groups.setdefault(key, []).append(outcome)
    names = [k for k in order if k in groups] + sorted(k for k in groups if k not in order)
    return {name: summarize(groups[name]) for name in names}


def by_split(outcomes: Sequence[Outcome]) -> dict[str, Summary]:
    """dev, test and all."""
    return {**breakdown(outcomes, lambda o: (o.split,), SPLITS), "all": summarize(outcomes)}


def by_style(outcomes: Sequence[Outcome]) -> dict[str, Summary]:
    return breakdown(outcomes, lambda o: o.styles, STYLES)


def by_article(outcomes: Sequence[Outcome]) -> dict[str, Summary]:
    return breakdown(outcomes, lambda o: (o.article,))


def by_lang(outcomes: Sequence[Outcome]) -> dict[str, Summary]:
    return breakdown(outcomes, lambda o: (o.lang,), LANGS)


@dataclass(frozen=True)
class Latency:
    questions: int
    median_ms: float | None
    p95_ms: float | None
    per_second: float | None  # questions answered per second of answer() time


def summarize_latency(milliseconds: Sequence[float]) -> Latency:
    total = sum(milliseconds)
    return Latency(
        questions=len(milliseconds),
        median_ms=percentile(milliseconds, 50),
        p95_ms=percentile(milliseconds, 95),
        per_second=len(milliseconds) / (total / 1000.0) if total > 0 else None,
    )


# ---------------------------------------------------------------------------------------------------------
# Baselines: rank-bm25's BM25Okapi over the same sentences


def whitespace_tokens(text: str) -> list[str]:
    """`text.lower().split()`: the plainest baseline on the hand-written set."""
    return text.lower().split()


def word_tokens(text: str) -> list[str]:
    r"""`re.findall(r"\w+", text.lower())`: the plain baseline on the English pools."""
    return re.findall(r"\w+", text.lower())


_WORD_CHAR = re.compile(r"\w")


def jieba_tokens(text: str) -> list[str]:
    """jieba.lcut words of the lowercased text (the plain baseline on CMRC); space and punctuation dropped."""
    return [w for w in segment_chinese(text.lower()) if _WORD_CHAR.search(w)]


class OkapiRanker:
    """rank-bm25's BM25Okapi (k1 1.5, b 0.75, epsilon 0.25) over tokenized documents.

    `scores` gives exactly `BM25Okapi.get_scores` (a test checks equality) but reads postings instead of
    looping over every document per query term: get_scores costs ~45 ms per question on a 10,000-sentence
    pool, which would make the SQuAD baselines take half an hour.
    """

    def __init__(self, documents: Sequence[list[str]]) -> None:
        # rank-bm25 divides by the vocabulary size: a pool without a single token has nothing to rank.
        self.bm25 = BM25Okapi([list(d) for d in documents]) if any(documents) else None
        self.n_docs = len(documents)
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for doc, freqs in enumerate(self.bm25.doc_freqs if self.bm25 else []):
            for term, tf in freqs.items():
                rows, tfs = postings.setdefault(term, ([], []))
                rows.append(doc)
                tfs.append(tf)
        self._postings = {t: (np.asarray(r, dtype=np.int64), np.asarray(f, dtype=np.float64))
                          for t, (r, f) in postings.items()}
        self._doc_len = np.asarray(self.bm25.doc_len if self.bm25 else [], dtype=np.float64)

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """BM25Okapi scores of every document, term by term in the order rank-bm25 adds them."""
        scores = np.zeros(self.n_docs)
        if self.bm25 is None:
            return scores
        k1, b, avgdl = self.bm25.k1, self.bm25.b, self.bm25.avgdl
        for term in query:
            if term not in self._postings:
                continue  # rank-bm25 adds idf * 0 here
            rows, tfs = self._postings[term]
            idf = self.bm25.idf.get(term) or 0
            scores[rows] += idf * (tfs * (k1 + 1) / (tfs + k1 * (1 - b + b * self._doc_len[rows] / avgdl)))
        return scores

    def top(self, query: Sequence[str], depth: int = RANK_DEPTH) -> list[int]:
        """Document numbers of the best `depth` scores, best first, ties broken by document number."""
        return top_rows(self.scores(query), depth)


def top_rows(scores: np.ndarray, depth: int) -> list[int]:
    """Rows of the `depth` highest scores, best first; ties go to the lower row (deterministic)."""
    order = np.lexsort((np.arange(scores.shape[0]), -scores))
    return order[:depth].tolist()


@dataclass(frozen=True)
class Baseline:
    """A rank-bm25 baseline: a name and how it turns a sentence (and its article's title) into tokens."""

    name: str
    tokenizer: Tokenizer
    with_title: bool = False

    def documents(self, index: Index) -> list[list[str]]:
        docs = []
        for row in range(index.size):
            tokens = self.tokenizer(index.sentence_text(row))
            if self.with_title:
                tokens = tokens + self.tokenizer(index.articles[int(index.sent_article[row])].title)
            docs.append(tokens)
        return docs


# Our pipeline with one thing changed: (row name, Settings fields to replace).
PIPELINE_VARIANTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("qa, first stage only (rerank=False)", {"rerank": False}),
    ("qa, BM25Okapi", {"variant": "okapi"}),
    ("qa, BM25Plus", {"variant": "plus"}),
    ("qa, BM25L (delta 0.5)", {"variant": "l", "delta": 0.5}),
)

HANDWRITTEN_BASELINES = (
    Baseline("rank-bm25, lower().split()", whitespace_tokens),
    Baseline("rank-bm25, qa tokenizer", tokenize),
)


def run_baseline(index: Index, items: Sequence[Item], baseline: Baseline) -> list[Outcome]:
    """A baseline's outcomes on the hand-written items, over the sentences of our own index."""
    ranker = OkapiRanker(baseline.documents(index))
    outcomes = []
    for item in items:
        rows = ranker.top(baseline.tokenizer(item.question), RANK_DEPTH)
        sentences = [index.sentence(r) for r in rows]
        outcomes.append(judge_ranking(item, [s.text for s in sentences], [s.source for s in sentences]))
    return outcomes


# ---------------------------------------------------------------------------------------------------------
# ReQA-style pools from SQuAD-format files


@dataclass(frozen=True)
class PoolQuestion:
    id: str
    question: str
    article: int  # position of its paragraph in Pool.articles
    gold_number: int  # 1-based sentence number, within that paragraph, of the sentence holding the answer
    split: str  # "tune" or "held-out"


@dataclass(frozen=True)
class Pool:
    name: str
    articles: tuple[Article, ...]  # one per paragraph
    questions: tuple[PoolQuestion, ...]
    skipped: int  # questions with no answer text found in their paragraph
    data_articles: int  # articles in the file (the split is its first half / second half)
    sampled_articles: int  # articles taken (all, or the first --sample N)


def answer_offset(context: str, answers: object) -> int | None:
    """Where the answer starts: the first answer whose text is at its answer_start, else the first answer
    text found anywhere in the context, else None (CMRC has answer_start -1 or wrong offsets)."""
    if not isinstance(answers, list):
        return None
    texts: list[str] = []
    for ans in answers:
        if not isinstance(ans, dict) or not isinstance(ans.get("text"), str) or not ans["text"]:
            continue
        text, start = ans["text"], ans.get("answer_start")
        if isinstance(start, int) and start >= 0 and context[start : start + len(text)] == text:
            return start
        texts.append(text)
    for text in texts:
        found = context.find(text)
        if found >= 0:
            return found
    return None


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> int | None:
    """Number of the sentence holding the character at offset (or the next one, if it falls between)."""
    for sentence in sentences:
        if offset < sentence.end:
            return sentence.number
    return None


def build_pool(data: object, name: str, sample: int | None = None) -> Pool:
    """A ReQA pool from a decoded SQuAD-format file: one Article per paragraph, every sentence a candidate.

    The first half of the file's articles (ceil(n/2): SQuAD 1.1 dev 24 of 48) is the "tune" split, the rest
    "held-out"; `sample` keeps only the first N articles. Raises QAError when the data is not SQuAD-shaped.
    """
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise QAError(f"{name}: not a SQuAD-format file (no top-level 'data' list)")
    entries = data["data"]
    tune_articles = (len(entries) + 1) // 2
    taken = entries if sample is None else entries[:sample]
    articles: list[Article] = []
    questions: list[PoolQuestion] = []
    skipped = 0
    for a_number, entry in enumerate(taken):
        if not isinstance(entry, dict) or not isinstance(entry.get("paragraphs"), list):
            raise QAError(f"{name}: article {a_number + 1} has no 'paragraphs' list")
        title = str(entry.get("title") or "")
        split = POOL_SPLITS[0] if a_number < tune_articles else POOL_SPLITS[1]
        for p_number, paragraph in enumerate(entry["paragraphs"]):
            context = paragraph.get("context") if isinstance(paragraph, dict) else None
            if not isinstance(context, str):
                raise QAError(f"{name}: article {a_number + 1}, paragraph {p_number + 1} has no 'context' text")
            article = Article(source=f"{title}#{p_number}", text=context, title=title.replace("_", " "),
                              title_from_page=True, date=None, line_kinds=("body",) * (context.count("\n") + 1))
            position = len(articles)
            articles.append(article)
            sentences = split_sentences(article, position)
            for asked in paragraph.get("qas") or []:
                if not isinstance(asked, dict):
                    raise QAError(f"{name}: article {a_number + 1}, paragraph {p_number + 1}: a question is not an object")
                offset = answer_offset(context, asked.get("answers"))
                number = _sentence_at(sentences, offset) if offset is not None else None
                question = asked.get("question")
                if number is None or not isinstance(question, str) or not question.strip():
                    skipped += 1
                    continue
                questions.append(PoolQuestion(str(asked.get("id")), question, position, number, split))
    return Pool(name, tuple(articles), tuple(questions), skipped, len(entries), len(taken))


def pool_baselines(chinese: bool) -> tuple[Baseline, ...]:
    plain = Baseline("rank-bm25, jieba words", jieba_tokens) if chinese else Baseline("rank-bm25, \\w+ words", word_tokens)
    return (plain, Baseline("rank-bm25, qa tokenizer (stopwords + stemmer)", tokenize),
            Baseline("rank-bm25, qa tokenizer + title", tokenize, with_title=True))


def gold_rows(index: Index, pool: Pool) -> list[int]:
    """The index row of each question's gold sentence (the index must be built from pool.articles)."""
    row_of = {(int(a), int(n)): row for row, (a, n) in enumerate(zip(index.sent_article, index.sent_number))}
    return [row_of[(q.article, q.gold_number)] for q in pool.questions]


def rank_pool(index: Index, pool: Pool, settings: Settings,
              progress: Callable[[int, int], None] | None = None, lexicon: Dictionary | None = None) -> list[int | None]:
    """qa's rank() for every pool question: the 1-based rank of the gold within RANK_DEPTH, or None."""
    ranks: list[int | None] = []
    for done, q in enumerate(pool.questions, 1):
        found = None
        query = read_turn(q.question, lexicon)
        for position, hit in enumerate(rank(index, query, settings, depth=RANK_DEPTH, lexicon=lexicon), 1):
            if hit.sentence.article == q.article and hit.sentence.number == q.gold_number:
                found = position
                break
        ranks.append(found)
        if progress:
            progress(done, len(pool.questions))
    return ranks


# What answer() did with a pool question, declining on: quoted the gold sentence, quoted another, declined
# although the closest sentence it named was the gold, or declined otherwise.
ANSWER_OUTCOMES = ("gold", "other sentence", "declined (closest: gold)", "declined (closest: other)")


def answer_pool(index: Index, pool: Pool, settings: Settings,
                progress: Callable[[int, int], None] | None = None, lexicon: Dictionary | None = None) -> list[str]:
    """qa's answer() (the default pipeline, declining on) for every pool question: one of ANSWER_OUTCOMES.

    Every pool question has an answer in the pool, so a decline is always a miss: this shows how often
    the confidence turns away a right sentence on text unlike the hand-written set it was chosen on."""
    outcomes: list[str] = []
    for done, q in enumerate(pool.questions, 1):
        result = answer_query(index, read_turn(q.question, lexicon), settings, lexicon)
        shown = result.hit or result.closest
        gold = shown is not None and (shown.sentence.article, shown.sentence.number) == (q.article, q.gold_number)
        outcomes.append(ANSWER_OUTCOMES[(0 if gold else 1) + (0 if result.hit else 2)])
        if progress:
            progress(done, len(pool.questions))
    return outcomes


def summarize_answers(pool: Pool, outcomes: Sequence[str]) -> dict[str, dict[str, float]]:
    """The share of each outcome per split (tune, held-out) and over all questions."""
    groups: dict[str, list[str]] = {s: [] for s in POOL_SPLITS}
    for q, outcome in zip(pool.questions, outcomes):
        groups[q.split].append(outcome)
    groups["all"] = list(outcomes)
    return {name: {kind: (sum(o == kind for o in found) / len(found) if found else 0.0) for kind in ANSWER_OUTCOMES}
            for name, found in groups.items()}


def rank_pool_baseline(index: Index, pool: Pool, baseline: Baseline,
                       progress: Callable[[int, int], None] | None = None) -> list[int | None]:
    """A rank-bm25 baseline's rank of each question's gold over the pool's sentences (depth RANK_DEPTH)."""
    ranker = OkapiRanker(baseline.documents(index))
    ranks: list[int | None] = []
    for done, (q, gold) in enumerate(zip(pool.questions, gold_rows(index, pool)), 1):
        rows = ranker.top(baseline.tokenizer(q.question), RANK_DEPTH)
        ranks.append(rows.index(gold) + 1 if gold in rows else None)
        if progress:
            progress(done, len(pool.questions))
    return ranks


@dataclass(frozen=True)
class PoolScores:
    questions: int
    p_at_1: float | None
    mrr: float | None


def summarize_pool(pool: Pool, ranks: Sequence[int | None]) -> dict[str, PoolScores]:
    """P@1 and MRR per split (tune, held-out) and over all questions."""
    groups: dict[str, list[int | None]] = {s: [] for s in POOL_SPLITS}
    for q, r in zip(pool.questions, ranks):
        groups[q.split].append(r)
    groups["all"] = list(ranks)
    return {name: PoolScores(len(rs), hit_at(rs, 1), mean_reciprocal_rank(rs)) for name, rs in groups.items()}
