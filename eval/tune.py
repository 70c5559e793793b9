"""Choose the first-stage settings (BM25 k1, b, delta; context and title weights) on the tuning split only.

Why: these knobs of qa.records.Settings started as rank-bm25's defaults and a guess; this scores a grid of them
on the same tuning data eval/fit.py fits on, never on the held-out halves (see eval/README.md):
  - SQuAD 1.1 dev, ReQA-style pool of all 48 articles, questions of the first 24 articles: P@1 and MRR of
    rank() at depth 100, as `qa eval --squad` measures them. The pool's index is built once per BM25 variant:
    k1, b, delta and the field weights are applied when scoring, they do not change the postings;
  - the "dev" split of eval/questions.jsonl (its answerable items): top-1 as answer() picks it (among the
    first rerank_depth candidates; declines not counted) and MRR of rank() at depth 100.
Each setting is scored twice: with the reranker weights now in qa/answer.py ("current"; they were fitted for
the current defaults, which favours those), and with weights refitted for that setting by eval/fit.py's
listwise fit on the first 30 first-stage candidates ("refit"). Judge a setting by its refit columns.
"recall@30" is the share of tune questions whose gold is among the first 30 of the first stage, and "answer
P@1" the P@1 when only the first rerank_depth of them are reranked, as answer() does (declines not counted).

Run:  python eval/tune.py [--sample N] [--k1 0.9 1.2 1.5] [--b 0.5 0.75] [--delta 1.0]
                          [--context-weight 0.3] [--title-weight 0.3] [--rerank-depth 30] [--variant plus]
The grid is every combination of the values given (a knob not given keeps its Settings default); rerank_depth
changes only the "answer" columns, and delta nothing under "plus" (BM25Plus adds it to every sentence alike).
About 100 s per setting on one core with all 5,696 tune questions; `--sample N` scores every N-th one. Then
put the chosen values in qa/records.py Settings, run eval/fit.py and paste the weights it prints.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np
from fit import DEPTH, dev_cases, dev_items, fit_ranker, pool_cases, tuning_parser

from qa.answer import DEFAULT_WEIGHTS, FEATURES
from qa.corpus import read_corpus
from qa.evaluate import POOL_SPLITS, build_pool
from qa.index import Index, build_index
from qa.lexicon import LazyLexicon
from qa.paths import cache_root
from qa.records import Settings

ROOT = Path(__file__).resolve().parents[1]
EVAL_DEPTH = 100  # as qa.evaluate.RANK_DEPTH: P@1 and MRR of the pool over the first 100 candidates
KNOBS = ("variant", "k1", "b", "delta", "context_weight", "title_weight", "rerank_depth")
BM25_COLUMN = FEATURES.index("bm25")


def gold_ranks(cases, w: np.ndarray) -> list[int | None]:  # type: ignore[no-untyped-def]
    """1-based rank of each case's gold when its candidates are scored with weights w (None: absent).

    Hits carry their features rounded to 4 places, so this can differ from rank() on near ties.
    """
    ranks: list[int | None] = []
    for matrix, gold in cases:
        if gold is None:
            ranks.append(None)
        else:
            scores = matrix @ w
            ranks.append(1 + int((scores > scores[gold]).sum()) + int((scores[:gold] == scores[gold]).sum()))
    return ranks


def first_stage(cases, depth: int = DEPTH):  # type: ignore[no-untyped-def]
    """The cases cut to their first `depth` candidates by first-stage score (what eval/fit.py fits on)."""
    cut = []
    for matrix, gold in cases:
        order = np.argsort(-matrix[:, BM25_COLUMN], kind="stable")[:depth]
        where = np.flatnonzero(order == gold) if gold is not None else ()
        cut.append((matrix[order], int(where[0]) if len(where) else None))
    return cut


def p1_mrr(ranks: list[int | None]) -> tuple[float, float]:
    n = max(1, len(ranks))
    return sum(r == 1 for r in ranks) / n, sum(1.0 / r for r in ranks if r) / n


def score_setting(settings: Settings, pool_index: Index, tune, corpus_index: Index, dev, lexicon) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Tune-split metrics of one setting, with the current weights and with weights refitted for it."""
    squad = pool_cases(dataclasses.replace(pool_index, settings=settings), tune, settings, lexicon, EVAL_DEPTH)
    ours = dev_cases(dataclasses.replace(corpus_index, settings=settings), dev, settings, lexicon, EVAL_DEPTH)
    refit = fit_ranker([first_stage(squad), first_stage(ours)])
    result = {"squad recall@30": sum(g is not None for _, g in first_stage(squad)) / max(1, len(squad))}
    answered = first_stage(ours, settings.rerank_depth)  # answer() reranks only these
    squad_answered = first_stage(squad, settings.rerank_depth)
    for label, w in (("current", np.array([DEFAULT_WEIGHTS[f] for f in FEATURES])), ("refit", refit / np.abs(refit).max())):
        result[f"squad P@1 {label}"], result[f"squad MRR {label}"] = p1_mrr(gold_ranks(squad, w))
        result[f"squad answer P@1 {label}"] = p1_mrr(gold_ranks(squad_answered, w))[0]
        result[f"dev top-1 {label}"] = p1_mrr(gold_ranks(answered, w))[0]
        result[f"dev MRR {label}"] = p1_mrr(gold_ranks(ours, w))[1]
    return result


def main() -> None:
    parser = tuning_parser(__doc__.split("\n")[0])
    defaults = Settings()
    for knob in KNOBS:
        kind = type(getattr(defaults, knob))
        parser.add_argument(f"--{knob.replace('_', '-')}", type=kind, nargs="+", default=[getattr(defaults, knob)])
    args = parser.parse_args()

    dev = dev_items(args.questions)
    pool = build_pool(json.loads(args.squad.read_text()), "squad")
    tune = [q for q in pool.questions if q.split == POOL_SPLITS[0]]
    if args.sample:
        tune = tune[:: args.sample]
    articles = read_corpus(ROOT / "corpus").articles
    lexicon = LazyLexicon(cache_root())
    print(f"tune: {len(tune):,} SQuAD questions, {sum(i.answerable for i in dev)} answerable hand-written dev items; "
          f"current weights {DEFAULT_WEIGHTS}", flush=True)
    columns = ["squad P@1 current", "squad MRR current", "squad P@1 refit", "squad MRR refit", "squad recall@30",
               "squad answer P@1 current", "squad answer P@1 refit",
               "dev top-1 current", "dev MRR current", "dev top-1 refit", "dev MRR refit"]
    print("  ".join(f"{k:>14}" for k in KNOBS) + "  " + "  ".join(columns), flush=True)
    indexes: dict[tuple[str, float], tuple[Index, Index]] = {}
    for values in itertools.product(*(getattr(args, knob) for knob in KNOBS)):
        settings = dataclasses.replace(defaults, **dict(zip(KNOBS, values)))
        shape = (settings.variant, settings.epsilon)  # what the postings and idf depend on
        if shape not in indexes:
            indexes[shape] = (build_index(pool.articles, settings), build_index(articles, settings))
        started = time.perf_counter()
        result = score_setting(settings, indexes[shape][0], tune, indexes[shape][1], dev, lexicon)
        print("  ".join(f"{v!s:>14}" for v in values) + "  "
              + "  ".join(f"{result[c]:>{len(c)}.3f}" for c in columns), flush=True)
        print(f"  ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
