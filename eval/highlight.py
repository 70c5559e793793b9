"""Measure the short-answer highlight on SQuAD 1.1's tuning split, where there are thousands of short answers.

Why: the hand-written set has 155 short answers, and its `dev` split marks almost all of them right, so it
cannot show what the highlight gets wrong. SQuAD's answers can: this answers every `tune` question (the
first 24 articles, see eval/README.md) over the whole ReQA-style pool, with declining turned off, and for
those whose top sentence is the gold one, counts how often the highlight holds one of the gold answer
texts (the hand-written set's `short` metric), per answer kind as qa reads the question. The held-out half
is only for reporting (`--split held-out`); rules are chosen on `tune`.

Run:  python eval/highlight.py [--squad ../shared/benchmarks/dev-v1.1.json] [--split tune] [--failures N]
About 15 s. `--failures N` prints N missed highlights of each kind, to read.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
from pathlib import Path

from qa.answer import answer_query, read_turn
from qa.evaluate import POOL_SPLITS, build_pool, normalize_space
from qa.index import build_index
from qa.records import Settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--squad", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "dev-v1.1.json")
    parser.add_argument("--split", choices=POOL_SPLITS, default=POOL_SPLITS[0])
    parser.add_argument("--failures", type=int, default=0, help="missed highlights to print per answer kind")
    args = parser.parse_args()

    data = json.loads(args.squad.read_text(encoding="utf-8"))
    answers = {str(q["id"]): [a["text"] for a in q["answers"]]
               for entry in data["data"] for paragraph in entry["paragraphs"] for q in paragraph["qas"]}
    pool = build_pool(data, "squad")
    settings = dataclasses.replace(Settings(), decline=False)
    index = build_index(pool.articles, settings)
    questions = [q for q in pool.questions if q.split == args.split]

    asked: collections.Counter[str] = collections.Counter()
    held: collections.Counter[str] = collections.Counter()
    missed: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
    words = 0
    for q in questions:
        query = read_turn(q.question)
        result = answer_query(index, query, settings)
        if result.hit is None or (result.hit.sentence.article, result.hit.sentence.number) != (q.article, q.gold_number):
            continue
        highlight = result.highlight_text or ""
        words += len(highlight.split())
        good = any(normalize_space(text) in normalize_space(highlight) for text in answers[q.id])
        asked[query.answer_type] += 1
        held[query.answer_type] += good
        if not good:
            missed[query.answer_type].append((q.question, highlight, answers[q.id][0]))

    right = sum(asked.values())
    print(f"SQuAD {args.split}: {len(questions)} questions, top sentence right for {right} "
          f"(P@1 {right / max(1, len(questions)):.4f})")
    print(f"highlight holds a gold answer: {sum(held.values()) / max(1, right):.3f} "
          f"(mean highlight {words / max(1, right):.1f} words)")
    for kind, count in asked.most_common():
        print(f"  {kind:<13} {held[kind]:>5} / {count:<5} {held[kind] / count:.3f}")
    for kind, cases in missed.items():
        for question, highlight, gold in cases[: args.failures]:
            print(f"[{kind}] {question}\n    highlight: {highlight!r}  gold: {gold!r}")


if __name__ == "__main__":
    main()
