"""Fit the reranker's weights and the confidence model on the tuning split; print them for qa/answer.py.

Tuning data (never the held-out halves, see eval/README.md):
  - SQuAD 1.1 dev, ReQA-style pool of all 48 articles' sentences, questions of the first 24 articles;
  - the "dev" split of eval/questions.jsonl (answerable items for the ranking weights; all dev items for
    the confidence model and the decline threshold).
Run:  python eval/fit.py [--squad ../shared/benchmarks/dev-v1.1.json]
Ranking: a linear scorer over qa.answer.FEATURES, fitted with a listwise softmax loss (the gold sentence
against the other top-30 candidates), plain gradient descent with a little L2.
Confidence: logistic regression over qa.answer.CONFIDENCE_FEATURES of the top answer, label = the top answer
is the gold sentence (unanswerable items are always 0); threshold = the lowest that keeps wrongly declined
answerable dev items at most 5%, maximising correct declines.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np

from qa.answer import (
    CONFIDENCE_FEATURES,
    DEFAULT_WEIGHTS,
    FEATURES,
    confidence_reading,
    rank,
    read_turn,
)
from qa.corpus import read_corpus
from qa.evaluate import Item, build_pool, normalize_space, parse_item
from qa.index import build_index
from qa.lexicon import LazyLexicon
from qa.paths import cache_root
from qa.records import Settings

ROOT = Path(__file__).resolve().parents[1]
DEPTH = 30


def collect(index, questions, settings, lexicon=None, depth: int = DEPTH):  # type: ignore[no-untyped-def]
    """For each (question, is_gold(hit)) the feature matrix of its candidates (in rank() order) and the
    gold's row, or None when the gold is not among the first `depth`."""
    cases = []
    for text, is_gold in questions:
        hits = rank(index, read_turn(text, lexicon), settings, depth=depth, lexicon=lexicon)
        if not hits:
            continue
        matrix = np.array([[dict(h.features)[f] for f in FEATURES] for h in hits])
        gold = next((i for i, h in enumerate(hits) if is_gold(h)), None)
        cases.append((matrix, gold))
    return cases


def dev_cases(corpus_index, dev, settings, lexicon=None, depth: int = DEPTH):  # type: ignore[no-untyped-def]
    """collect() over the answerable hand-written items; the gold is their gold sentence."""
    return collect(corpus_index, [(i.question, (lambda h, g=i.gold_sentence: normalize_space(h.sentence.text) == normalize_space(g)))
                                  for i in dev if i.answerable], settings, lexicon, depth)


def pool_cases(pool_index, questions, settings, lexicon=None, depth: int = DEPTH):  # type: ignore[no-untyped-def]
    """collect() over ReQA pool questions; the gold is the sentence of their paragraph holding the answer."""
    return collect(pool_index, [(q.question, (lambda h, q=q: h.sentence.article == q.article and h.sentence.number == q.gold_number))
                                for q in questions], settings, lexicon, depth)


def _stack(cases):  # type: ignore[no-untyped-def]
    """Candidates of every case with a gold, padded into one tensor [cases, DEPTH, features] and a mask."""
    usable = [(m, g) for m, g in cases if g is not None]
    tensor = np.zeros((len(usable), DEPTH, len(FEATURES)))
    mask = np.zeros((len(usable), DEPTH), dtype=bool)
    gold = np.zeros(len(usable), dtype=int)
    for i, (matrix, g) in enumerate(usable):
        tensor[i, : len(matrix)] = matrix
        mask[i, : len(matrix)] = True
        gold[i] = g
    return tensor, mask, gold


def fit_ranker(groups, epochs: int = 600, rate: float = 0.5, l2: float = 1e-3, temperature: float = 4.0) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Listwise softmax fit; `groups` is a list of case lists, each group weighing the same in the loss."""
    w = np.zeros(len(FEATURES))
    w[FEATURES.index("bm25")] = 1.0
    stacks = [_stack(cases) for cases in groups]
    for _ in range(epochs):
        grad = l2 * w
        for tensor, mask, gold in stacks:
            if not len(gold):
                continue
            scores = np.where(mask, tensor @ w * temperature, -np.inf)
            p = np.exp(scores - scores.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            expected = np.einsum("cd,cdf->cf", p, tensor)
            grad = grad + temperature * (expected - tensor[np.arange(len(gold)), gold]).mean(axis=0) / len(stacks)
        w -= rate * grad
    return w


def p_at_1(cases, w: np.ndarray) -> float:  # type: ignore[no-untyped-def]
    good = 0
    for matrix, gold in cases:
        scores = matrix @ w
        best = int(np.flatnonzero(scores == scores.max())[0])
        good += gold is not None and best == gold
    return good / max(1, len(cases))


def fit_logistic(x: np.ndarray, y: np.ndarray, epochs: int = 3000, rate: float = 0.5, l2: float = 1e-3) -> np.ndarray:
    xb = np.hstack([np.ones((x.shape[0], 1)), x])
    w = np.zeros(xb.shape[1])
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-(xb @ w)))
        w -= rate * (xb.T @ (p - y) / len(y) + l2 * np.r_[0, w[1:]])
    return w


def tuning_parser(description: str) -> argparse.ArgumentParser:
    """The options fit.py and tune.py share: where the SQuAD file and the hand-written set are, and a sample."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--squad", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "dev-v1.1.json")
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--sample", type=int, default=0, help="use every N-th tune question (faster)")
    return parser


def dev_items(questions: Path) -> list[Item]:
    """The hand-written set's `dev` items: the only ones weights and settings may be chosen on."""
    items = [parse_item(json.loads(line), f"line {n}") for n, line in enumerate(questions.open(), 1) if line.strip()]
    return [i for i in items if i.split == "dev"]


def main() -> None:
    parser = tuning_parser(__doc__.split("\n")[0])
    parser.add_argument("--confidence-only", action="store_true",
                        help="keep the ranker weights in qa/answer.py; fit only the confidence model")
    args = parser.parse_args()
    settings = Settings()

    dev = dev_items(args.questions)
    corpus_index = build_index(read_corpus(ROOT / "corpus").articles, settings)
    lexicon = LazyLexicon(cache_root())
    ours = dev_cases(corpus_index, dev, settings, lexicon)

    current = np.array([DEFAULT_WEIGHTS[f] for f in FEATURES])
    if args.confidence_only:
        w = current
    else:
        w = _fit_and_report(args, settings, ours, current)
    fit_confidence(dev, corpus_index, settings, w, lexicon)


def _fit_and_report(args, settings, ours, current):  # type: ignore[no-untyped-def]
    pool = build_pool(json.loads(args.squad.read_text()), "squad")
    pool_index = build_index(pool.articles, settings)
    tune = [q for q in pool.questions if q.split == "tune"]
    if args.sample:
        tune = tune[:: args.sample]
    squad = pool_cases(pool_index, tune, settings)

    w = fit_ranker([squad, ours])
    w = w / np.abs(w).max()
    print("ranker weights:", {f: round(float(v), 3) for f, v in zip(FEATURES, w)})
    for name, cases in (("squad tune", squad), ("ours dev", ours)):
        print(f"  {name}: gold in the top {DEPTH}: {sum(g is not None for _, g in cases) / max(1, len(cases)):.3f}")
        print(f"  {name}: P@1 current {p_at_1(cases, current):.3f} -> fitted {p_at_1(cases, w):.3f} (n={len(cases)})")

    return w


def fit_confidence(dev, corpus_index, settings, w, lexicon) -> None:  # type: ignore[no-untyped-def]
    """Confidence on our dev split, with the ranker weights `w` in place."""
    fitted = dataclasses.replace(settings, weights=tuple((f, float(v)) for f, v in zip(FEATURES, w)))
    rows, labels, answerable = [], [], []
    for item in dev:
        query = read_turn(item.question, lexicon)
        top, feats = confidence_reading(corpus_index, query, fitted, lexicon)  # as answer() sees it
        if top is None:
            continue
        rows.append([feats[f] for f in CONFIDENCE_FEATURES])
        correct = item.answerable and normalize_space(top.sentence.text) == normalize_space(item.gold_sentence or "")
        labels.append(1.0 if correct else 0.0)
        answerable.append(item.answerable)
    x, y, ans = np.array(rows), np.array(labels), np.array(answerable)
    c = fit_logistic(x, y)
    print("confidence weights:", {"bias": round(float(c[0]), 3), **{f: round(float(v), 3) for f, v in zip(CONFIDENCE_FEATURES, c[1:])}})
    conf = 1 / (1 + np.exp(-(np.hstack([np.ones((len(x), 1)), x]) @ c)))
    best = None
    for threshold in np.linspace(0.05, 0.95, 91):
        wrongly = float(np.mean(conf[ans] < threshold))
        declined = float(np.mean(conf[~ans] < threshold)) if (~ans).any() else 0.0
        if wrongly <= 0.05 and (best is None or declined > best[1]):
            best = (float(threshold), declined, wrongly)
    threshold, declined, wrongly = best
    print(f"threshold (dev): {threshold:.2f} declines {declined:.2f} of unanswerable, "
          f"wrongly declines {wrongly:.2f} of answerable")


if __name__ == "__main__":
    main()
