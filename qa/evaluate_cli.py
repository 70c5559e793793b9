"""The shell of `qa eval`: read the question and data files, run the benchmark, print tables, write the report.

The metrics themselves live in qa.evaluate (pure); this module owns files, the clock and the terminal.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qa import __version__
from qa.answer import answer
from qa.cli import UsageError, lazy_lexicon
from qa.errors import QAError
from qa.evaluate import (
    ANSWER_OUTCOMES,
    HANDWRITTEN_BASELINES,
    PIPELINE_VARIANTS,
    POOL_SPLITS,
    RANK_DEPTH,
    Item,
    Outcome,
    Pool,
    PoolScores,
    Summary,
    answer_pool,
    build_pool,
    by_article,
    by_lang,
    by_split,
    by_style,
    parse_item,
    pool_baselines,
    rank_pool,
    rank_pool_baseline,
    run_baseline,
    run_items,
    summarize,
    summarize_answers,
    summarize_latency,
    summarize_pool,
)
from qa.index import Index, build_index
from qa.paths import PROJECT_ROOT, cache_root, configure_jieba, default_corpus
from qa.records import Settings
from qa.render import display_width, one_line
from qa.store import settings_key

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
RESULTS_FOLDER = PROJECT_ROOT / "eval" / "results"
UNNAMED_TARGET = 0.80
MAIN_SYSTEM = "qa"
WARM_UP = ("What is the city known for?", "这座城市以什么闻名？")


def note(message: str) -> None:
    print(f"qa eval: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# Files


def read_items(path: Path) -> list[Item]:
    """The items of a questions.jsonl; QAError (with file and line) when missing or malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QAError(f"questions file {path} does not exist; pass --questions with a questions.jsonl") from None
    except (OSError, UnicodeDecodeError) as error:
        raise QAError(f"cannot read questions file {path}: {getattr(error, 'strerror', None) or error}") from None
    items: list[Item] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            raise QAError(f"{where}: not valid JSON ({error.msg}, column {error.colno})") from None
        item = parse_item(obj, where)
        if item.id in seen:
            raise QAError(f"{where}: the id {item.id!r} is used twice")
        seen.add(item.id)
        items.append(item)
    if not items:
        raise QAError(f"questions file {path} holds no questions")
    return items


def read_json(path: Path, what: str) -> object:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise QAError(f"{what} file {path} does not exist (see /work/shared/benchmarks/README.md "
                      "or eval/README.md for where to get it)") from None
    except json.JSONDecodeError as error:
        raise QAError(f"{what} file {path} is not valid JSON ({error.msg}, line {error.lineno})") from None
    except (OSError, UnicodeDecodeError) as error:
        raise QAError(f"cannot read {what} file {path}: {getattr(error, 'strerror', None) or error}") from None


def write_report(path: Path, report: Mapping[str, object]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as error:
        raise QAError(f"cannot write the report {path}: {error.strerror or error}; pass --report FILE") from None


# ---------------------------------------------------------------------------------------------------------
# Tables


def fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table: the first column left-aligned, the others right-aligned (CJK counts double)."""
    widths = [max(display_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - display_width(cell))
            parts.append(cell + pad if i == 0 else pad + cell)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


SUMMARY_HEADERS = ("items", "answerable", "top-1", "hit@3", "MRR", "short", "declined ok", "wrongly declined")


def summary_cells(s: Summary) -> list[str]:
    return [str(s.questions), str(s.answerable), fmt(s.top1), fmt(s.hit3), fmt(s.mrr), fmt(s.short_answer),
            fmt(s.declined_unanswerable), fmt(s.wrongly_declined)]


def breakdown_table(title: str, groups: Mapping[str, Summary]) -> str:
    return format_table([title, *SUMMARY_HEADERS], [[one_line(k), *summary_cells(s)] for k, s in groups.items()])


def systems_table(systems: Mapping[str, Sequence[Outcome]]) -> str:
    headers = ("system", "top-1", "dev top-1", "test top-1", "hit@3", "MRR", "unnamed top-1", "short",
               "declined ok", "wrongly declined")
    rows = []
    for name, outcomes in systems.items():
        splits = by_split(outcomes)
        every = splits["all"]
        unnamed = summarize([o for o in outcomes if "unnamed_subject" in o.styles])
        rows.append([name, fmt(every.top1), fmt(splits["dev"].top1 if "dev" in splits else None),
                     fmt(splits["test"].top1 if "test" in splits else None), fmt(every.hit3), fmt(every.mrr),
                     fmt(unnamed.top1), fmt(every.short_answer), fmt(every.declined_unanswerable),
                     fmt(every.wrongly_declined)])
    return format_table(headers, rows)


def _clip(text: str, limit: int = 110) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failures_text(outcomes: Sequence[Outcome], limit: int) -> str:
    failed = [o for o in outcomes if (o.answerable and not o.top1) or (not o.answerable and not o.declined)]
    lines = [f"Failures of {MAIN_SYSTEM}: {len(failed)} of {len(outcomes)} items"
             + (f" (first {limit} listed)" if 0 < limit < len(failed) else "")]
    for o in failed[:limit]:
        lines.append(f"{o.id} [{o.split}; {', '.join(o.styles)}] {_clip(o.question)}")
        if o.answerable:
            lines.append(f"    gold:     {_clip(o.gold or '')}")
            where = f"gold rank {o.gold_rank}" if o.gold_rank else f"gold not in the first {RANK_DEPTH}"
            if o.declined:
                lines.append(f"    declined: {_clip(o.reason or '')} ({where})")
            else:
                lines.append(f"    answered: {_clip(o.returned or '')} ({o.returned_source}; {where})")
        else:
            lines.append(f"    should decline ({_clip(o.gold or '') if o.gold else 'unanswerable'}); answered: "
                         f"{_clip(o.returned or '')} ({o.returned_source})")
    return "\n".join(lines)


def pool_table(results: Mapping[str, tuple[Mapping[str, PoolScores], float]]) -> str:
    headers = ["system"]
    for split in (*POOL_SPLITS, "all"):
        headers += [f"{split} P@1", f"{split} MRR"]
    headers.append("seconds")
    rows = []
    for name, (scores, seconds) in results.items():
        row = [name]
        for split in (*POOL_SPLITS, "all"):
            row += [fmt(scores[split].p_at_1), fmt(scores[split].mrr)]
        row.append(f"{seconds:.0f}")
        rows.append(row)
    return format_table(headers, rows)


def answer_table(shares: Mapping[str, Mapping[str, float]], seconds: float) -> str:
    """Per split, the share of questions answer() quotes the gold for, quotes another sentence for, and
    declines (and of those, declines though the closest sentence it names is the gold)."""
    headers = ["split", *ANSWER_OUTCOMES, "seconds"]
    rows = [[split, *(fmt(shares[split][kind]) for kind in ANSWER_OUTCOMES), f"{seconds:.0f}" if split == "all" else ""]
            for split in (*POOL_SPLITS, "all")]
    return format_table(headers, rows)


# ---------------------------------------------------------------------------------------------------------
# Runs


def _progress(label: str) -> Callable[[int, int], None]:
    """A counter on stderr: redrawn in place on a terminal, a line per tenth of the work in a log."""
    tty = sys.stderr.isatty()

    def update(done: int, total: int) -> None:
        parts = 200 if tty else 10
        if done != total and done * parts // total == (done - 1) * parts // total:
            return
        if tty:
            sys.stderr.write(f"\r{label}: {done:,}/{total:,}" + ("\n" if done >= total else ""))
        else:
            sys.stderr.write(f"qa eval: {label}: {done:,}/{total:,}\n")
        sys.stderr.flush()
    return update


def _index_for(index: Index, settings: Settings, variant: Settings) -> Index:
    """Our index under variant settings: rebuilt only when the variant changes what the index holds."""
    if settings_key(variant) == settings_key(settings):
        return index
    return build_index(index.articles, variant)


def run_handwritten(index: Index, items: Sequence[Item], settings: Settings,
                    baselines: bool) -> tuple[dict[str, list[Outcome]], dict[str, dict[str, object]]]:
    """Outcomes per system (qa first) and the settings each qa variant changed."""
    lexicon = lazy_lexicon()
    for question in WARM_UP:  # one-off loading (jieba's dictionary, lexicons) is not a question's latency
        answer(index, question, settings, lexicon=lexicon)
    systems: dict[str, list[Outcome]] = {
        MAIN_SYSTEM: run_items(index, items, settings, clock=time.perf_counter, lexicon=lexicon)}
    changed: dict[str, dict[str, object]] = {MAIN_SYSTEM: {}}
    if baselines:
        for name, changes in PIPELINE_VARIANTS:
            variant = dataclasses.replace(settings, **changes)
            systems[name] = run_items(_index_for(index, settings, variant), items, variant, lexicon=lexicon)
            changed[name] = dict(changes)
        for baseline in HANDWRITTEN_BASELINES:
            systems[baseline.name] = run_baseline(index, items, baseline)
    return systems, changed


def run_pool(pool: Pool, settings: Settings, baselines: bool, chinese: bool) -> dict[str, Any]:
    """Build the pool's index, rank every question with qa and the baselines; print the table."""
    started = time.perf_counter()
    index = build_index(pool.articles, settings)
    note(f"{pool.name}: indexed {len(pool.articles):,} paragraphs, {index.size:,} sentences "
         f"in {time.perf_counter() - started:.0f} s; ranking {len(pool.questions):,} questions")
    ranks: dict[str, list[int | None]] = {}
    results: dict[str, tuple[dict[str, PoolScores], float]] = {}
    names = [f"{MAIN_SYSTEM} (rank)"]
    chosen = pool_baselines(chinese) if baselines else ()
    names += [b.name for b in chosen]
    for name in names:
        started = time.perf_counter()
        progress = _progress(f"{pool.name}: {name}")
        baseline = next((b for b in chosen if b.name == name), None)
        if baseline is None:
            ranks[name] = rank_pool(index, pool, settings, progress, lazy_lexicon())
        else:
            ranks[name] = rank_pool_baseline(index, pool, baseline, progress)
        seconds = time.perf_counter() - started
        results[name] = (summarize_pool(pool, ranks[name]), seconds)
    started = time.perf_counter()
    answered = answer_pool(index, pool, settings, _progress(f"{pool.name}: {MAIN_SYSTEM} (answer)"), lazy_lexicon())
    answer_seconds = time.perf_counter() - started
    answering = summarize_answers(pool, answered)
    sentences = index.size
    print()
    print(f"{pool.name}, ReQA-style pool: {pool.sampled_articles} of {pool.data_articles} articles, "
          f"{len(pool.articles):,} paragraphs, {sentences:,} sentences, {len(pool.questions):,} questions "
          f"({pool.skipped} skipped: no answer text in the paragraph); tune = first "
          f"{(pool.data_articles + 1) // 2} articles of the file, held-out = the rest; MRR over depth {RANK_DEPTH}")
    print(pool_table(results))
    print(f"\n{MAIN_SYSTEM}'s answer(), declining on (every question's answer is in the pool, so each decline is a miss):")
    print(answer_table(answering, answer_seconds))
    return {
        "articles": pool.sampled_articles,
        "articles_in_file": pool.data_articles,
        "paragraphs": len(pool.articles),
        "sentences": sentences,
        "questions": len(pool.questions),
        "skipped": pool.skipped,
        "metrics": {name: {"seconds": round(sec, 2), **{k: dataclasses.asdict(v) for k, v in scores.items()}}
                    for name, (scores, sec) in results.items()},
        "systems": list(ranks),
        "answering": {"seconds": round(answer_seconds, 2), **answering},
        "outcomes": [{"id": q.id, "split": q.split, "ranks": [ranks[name][i] for name in ranks], "answer": answered[i]}
                     for i, q in enumerate(pool.questions)],
    }


def _summary_dict(groups: Mapping[str, Summary]) -> dict[str, object]:
    return {k: dataclasses.asdict(v) for k, v in groups.items()}


def run_eval(args: argparse.Namespace) -> int:
    """`qa eval`: the hand-written set (always), then the --squad / --cmrc pools if given."""
    if args.sample is not None and args.sample < 1:
        raise UsageError("--sample must be 1 or more")
    if args.failures < 0:
        raise UsageError("--failures must be 0 or more")
    for flag, path in (("--squad", args.squad), ("--cmrc", args.cmrc)):
        if path is not None and not path.is_file():
            raise QAError(f"{flag} file {path} does not exist")
    settings = Settings()
    questions_path = args.questions or DEFAULT_QUESTIONS
    items = read_items(questions_path)
    if args.split != "all":
        items = [item for item in items if item.split == args.split]
        if not items:
            raise QAError(f"{questions_path} has no {args.split} items")
    configure_jieba()
    from qa.workspace import open_index

    started = time.perf_counter()
    opened = open_index(args.corpus or default_corpus(), settings, cache_root())
    index = opened.index
    load_seconds = time.perf_counter() - started
    sources = {a.source for a in index.articles}
    missing = sorted({item.article for item in items if item.answerable and item.article not in sources})
    if missing:
        note(f"{len(missing)} article(s) named by the questions are not in the corpus "
             f"({', '.join(missing[:3])}); their items will count as failures")

    systems, changed = run_handwritten(index, items, settings, not args.no_baselines)
    outcomes = systems[MAIN_SYSTEM]
    every = summarize(outcomes)
    latency = summarize_latency([o.latency_ms for o in outcomes if o.latency_ms is not None])
    unnamed = summarize([o for o in outcomes if "unnamed_subject" in o.styles])
    splits, styles, articles, langs = by_split(outcomes), by_style(outcomes), by_article(outcomes), by_lang(outcomes)

    print(f"qa eval: {every.questions} questions ({every.answerable} answerable, {every.unanswerable} unanswerable; "
          f"split {args.split}) from {questions_path}")
    print(f"corpus {opened.folder}: {len(index.articles)} articles, {index.size} sentences "
          f"(index ready in {load_seconds:.1f} s); qa {__version__}")
    print()
    print("Hand-written set: systems. top-1, hit@3, MRR over answerable items (a decline counts wrong; hit@3 and "
          f"MRR from rank(), depth {RANK_DEPTH}); baselines never decline")
    print(systems_table(systems))
    print()
    for heading, key, groups in (("split", "split", splits), ("style (an item may have several)", "style", styles),
                                 ("article", "article", articles), ("language", "lang", langs)):
        print(f"{MAIN_SYSTEM} by {heading}")
        print(breakdown_table(key, groups))
        print()
    status = "meets" if unnamed.top1 is not None and unnamed.top1 >= UNNAMED_TARGET else "below"
    print(f"unnamed_subject top-1: {fmt(unnamed.top1)} over {unnamed.answerable} answerable items "
          f"(target >= {UNNAMED_TARGET:.2f}: {status})")
    print(f"latency of answer() with the index loaded: median {fmt(latency.median_ms, 1)} ms, "
          f"p95 {fmt(latency.p95_ms, 1)} ms, {fmt(latency.per_second, 1)} questions/s ({latency.questions} questions)")
    if args.failures:
        print()
        print(failures_text(outcomes, args.failures))

    created = datetime.now(UTC)
    report: dict[str, Any] = {
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "package_version": __version__,
        "settings": dataclasses.asdict(settings),
        "corpus": {"folder": str(opened.folder), "fingerprint": opened.manifest.get("corpus_fingerprint"),
                   "articles": len(index.articles), "sentences": index.size},
        "questions_file": str(questions_path),
        "split": args.split,
        "handwritten": {
            "systems": {name: {"settings_changed": changed.get(name), **_summary_dict(by_split(o)),
                               "unnamed_subject": dataclasses.asdict(summarize(
                                   [x for x in o if "unnamed_subject" in x.styles]))}
                        for name, o in systems.items()},
            "by_style": _summary_dict(styles),
            "by_article": _summary_dict(articles),
            "by_lang": _summary_dict(langs),
            "latency": dataclasses.asdict(latency),
            "outcomes": [dataclasses.asdict(o) for o in outcomes],
            "other_systems_outcomes": {name: [{"id": o.id, "top1": o.top1, "gold_rank": o.gold_rank,
                                               "declined": o.declined} for o in sys_outcomes]
                                       for name, sys_outcomes in systems.items() if name != MAIN_SYSTEM},
        },
    }
    for key, path, name, chinese in (("squad", args.squad, "SQuAD 1.1 dev", False),
                                     ("cmrc", args.cmrc, "CMRC 2018 dev", True)):
        if path is None:
            continue
        note(f"reading {path}")
        pool = build_pool(read_json(path, name), name, args.sample)
        if not pool.questions:
            raise QAError(f"{path}: no question with an answer found in its paragraph")
        report[key] = {"file": str(path), "sample": args.sample, **run_pool(pool, settings, not args.no_baselines, chinese)}

    report_path = args.report or RESULTS_FOLDER / f"eval-{created.strftime('%Y%m%dT%H%M%SZ')}.json"
    write_report(report_path, report)
    print()
    print(f"report written to {report_path}")
    return 0
