"""Speed benchmark: start-up, throughput, a real-size pool and a million sentences, with bm25s as the peer.

    python eval/bench.py                          # small, squad, cmrc and 1m (1m: about ten minutes)
    python eval/bench.py --sizes small,squad      # a quick run (about a minute)
    python eval/bench.py --sizes 200k             # any generated size: 50k, 200k, 1m, 2m ...

Sizes:
  small  the bundled corpus: `qa ask` start-up (a fresh process per run, the saved index warm), an English
         and a Chinese question; batch throughput after start-up, in-process and through `qa ask --file`.
         In process, the index is the saved one as `qa` loads it (a small index is scored in plain Python,
         without numpy); one more row times retrieval over the same index as numpy arrays.
  squad  the ReQA-style SQuAD 1.1 dev pool (every paragraph one article, ~10,000 sentences, one pool).
  cmrc   the same for CMRC 2018 dev (Chinese, ~10,000 sentences).
  <N>k, <N>m  a generated corpus of at least N sentences: the SQuAD and CMRC contexts repeated, each
         paragraph of each copy opened by a distinct made-up name (so no two paragraphs are the same text),
         written as article files to --data and indexed by `qa index --corpus` in a child process.

For every size, the peer bm25s (default install, numpy backend, method "bm25+" with our k1, b and delta,
top-k 10, one question at a time) indexes the same tokens qa made and answers the same question terms.
Ratios are qa / bm25s: below 1 qa is faster. The data and its index live in --data (default: the system
temp folder), never in the repository. Timings are wall-clock medians on whatever machine runs this.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
SQUAD = SHARED / "dev-v1.1.json"
CMRC = SHARED / "cmrc2018_dev.squad-style.json"
ENGLISH_QUESTION = "Which city ranked second in the 2023 list?"
CHINESE_QUESTION = "苏州在2023年先进制造业百强市中排名第几?"
GENERATOR_VERSION = 1  # bump when the generated text changes, so old data folders are rewritten


# ---------------------------------------------------------------------------------------------------------
# The generated corpus: SQuAD and CMRC contexts, copied with a made-up name opening each paragraph

_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "th", "sh"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
_GIVEN = "安宝长辰春达德东芳飞峰刚光国海浩红华辉建杰金静俊凯兰磊丽林玲龙梅敏明宁鹏平强秋荣瑞山松涛婷伟文霞祥欣秀雪燕阳毅英勇宇玉云泽志忠"


_SCRAMBLE = 2654435761  # odd and prime to 5 and 7: multiplying by it permutes the numbers below any modulus here


def made_up_name(number: int) -> str:
    """A pronounceable two-word name, different for every number ("Bara Kesi", ...)."""
    syllables = [o + v for o in _ONSETS for v in _VOWELS]
    number = number * _SCRAMBLE % len(syllables) ** 6  # a bijection: neighbouring numbers look unrelated
    words = []
    for _ in range(2):
        word = ""
        for _ in range(3):
            number, digit = divmod(number, len(syllables))
            word += syllables[digit]
        words.append(word.capitalize())
    return " ".join(words)


def made_up_chinese_name(number: int) -> str:
    """A Chinese-looking name (a surname and three given characters), different for every number."""
    number = number * _SCRAMBLE % (len(_SURNAMES) * len(_GIVEN) ** 3)
    number, surname = divmod(number, len(_SURNAMES))
    given = ""
    for _ in range(3):
        number, digit = divmod(number, len(_GIVEN))
        given += _GIVEN[digit]
    return _SURNAMES[surname] + given


def _contexts(path: Path) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of each article of a SQuAD-format file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(str(entry.get("title") or "untitled").replace("_", " "),
             [p["context"].replace("\n", " ").strip() for p in entry["paragraphs"]]) for entry in data["data"]]


def sentences_per_copy() -> int:
    """Sentences in one copy of both pools, counted with qa's own splitter."""
    from qa.evaluate import build_pool
    from qa.sentences import split_sentences

    total = 0
    for path in (SQUAD, CMRC):
        pool = build_pool(json.loads(path.read_text(encoding="utf-8")), path.name)
        total += sum(len(split_sentences(a)) for a in pool.articles)
    return total


def _write_copy(folder: Path, file_name: str, articles, title_suffix: str, name_of, separator: str,  # type: ignore[no-untyped-def]
                name_number: int) -> int:
    """Write one copy of a data set's articles, each paragraph opened by a distinct made-up name; returns
    the next name number."""
    for a_number, (title, paragraphs) in enumerate(articles):
        lines = [f"{title}{title_suffix}", ""]
        for paragraph in paragraphs:
            lines += [f"{name_of(name_number)}{separator}{paragraph}", ""]
            name_number += 1
        (folder / file_name.format(a_number)).write_text("\n".join(lines), encoding="utf-8")
    return name_number


def generate_corpus(folder: Path, target_sentences: int) -> dict[str, object]:
    """Write article files (one per SQuAD article or CMRC context per copy) holding >= target sentences.

    Copy k of a paragraph is opened by a made-up name unique to (k, paragraph): "Bara Kesi: Super Bowl 50
    was ...", "赵安宝：..."; the files of a copy carry the copy number in their titles. A folder already
    generated with the same parameters is reused.
    """
    per_copy = sentences_per_copy()
    copies = math.ceil(target_sentences / per_copy)
    params = {"generator": GENERATOR_VERSION, "copies": copies, "target": target_sentences}
    marker = folder / ".bench.json"
    if marker.exists() and json.loads(marker.read_text()) == params:
        return params
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    squad, cmrc = _contexts(SQUAD), _contexts(CMRC)
    name_number = 0
    for copy in range(copies):
        sub = folder / f"copy{copy:03d}"
        sub.mkdir()
        name_number = _write_copy(sub, "squad{:02d}.txt", squad, f" (part {copy + 1})", made_up_name, ": ", name_number)
        name_number = _write_copy(sub, "cmrc{:03d}.txt", cmrc, f"（第{copy + 1}篇）", made_up_chinese_name, "：",
                                  name_number)
    marker.write_text(json.dumps(params))
    return params


# ---------------------------------------------------------------------------------------------------------
# Measuring


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


def p95_ms(seconds: Sequence[float]) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] * 1000


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(c) for c in children.read().split())
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Run:
    wall: float
    peak_mb: float  # sampled every 50 ms: the whole process tree
    stdout: str
    stderr: str


def run_measured(command: Sequence[str], env: dict[str, str]) -> Run:
    """Run a command; its wall time and the peak resident memory of it and its children together."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return Run(wall, peak[0] / 1024, stdout, stderr)


def qa_command() -> list[str]:
    script = Path(sys.executable).with_name("qa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa"]


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


@dataclass
class Row:
    """One line of the table: a figure for qa, the same figure for bm25s, and the target."""

    size: str
    what: str
    qa: float | None
    unit: str
    peer: float | None = None
    target: str = ""

    @property
    def ratio(self) -> float | None:
        return self.qa / self.peer if self.qa is not None and self.peer else None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *args: object, **kwargs: object) -> None:
        row = Row(*args, **kwargs)  # type: ignore[arg-type]
        self.rows.append(row)
        ratio = f"  ({row.ratio:.2f}x bm25s)" if row.ratio is not None else ""
        value = "-" if row.qa is None else f"{row.qa:,.3f}"
        print(f"  {row.size}: {row.what}: {value} {row.unit}{ratio}", file=sys.stderr, flush=True)


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def markdown_table(report: Report) -> str:
    lines = ["| size | figure | qa | bm25s | qa / bm25s | target |", "|---|---|--:|--:|--:|---|"]
    for row in report.rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        peer = _fmt(row.peer) + f" {row.unit}" if row.peer is not None else ""
        lines.append(f"| {row.size} | {row.what} | {_fmt(row.qa)} {row.unit} | {peer} | {ratio} | {row.target} |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# The peer: bm25s over the same tokens


class Peer:
    """bm25s (numpy backend) indexed with qa's own tokens; None figures when bm25s is not installed."""

    def __init__(self, documents: list[list[str]], settings) -> None:  # type: ignore[no-untyped-def]
        try:
            import bm25s
        except ImportError:
            self.retriever = None
            return
        self.retriever = bm25s.BM25(method="bm25+", k1=settings.k1, b=settings.b, delta=settings.delta)
        start = time.perf_counter()
        self.retriever.index(documents, show_progress=False)
        self.build_seconds = time.perf_counter() - start
        scores = self.retriever.scores
        self.index_mb = sum(scores[k].nbytes for k in ("data", "indices", "indptr")) / 2**20

    def retrieve(self, terms: list[str], k: int = 10) -> None:
        assert self.retriever is not None
        self.retriever.retrieve([terms], k=k, show_progress=False, n_threads=0)


def token_documents(index) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each sentence's terms as qa indexed them (the strings are shared with index.terms)."""
    terms = index.terms
    ids = index.tok_ids.tolist()
    ptr = index.tok_ptr.tolist()
    return [[terms[t] for t in ids[ptr[i] : ptr[i + 1]]] for i in range(index.size)]


def time_each(items: Sequence[object], action: Callable[[object], object]) -> list[float]:
    seconds = []
    for item in items:
        start = time.perf_counter()
        action(item)
        seconds.append(time.perf_counter() - start)
    return seconds


def bench_retrieval(report: Report, size: str, index, questions: Sequence[str], settings,  # type: ignore[no-untyped-def]
                    counting_peer: bool = True, rank_bm25_sample: int = 0) -> None:
    """Question latency (first stage alone and the whole answer), and the same for bm25s."""
    from qa.answer import answer
    from qa.index import encode_reading, index_from_readings
    from qa.question import read_question

    queries = [read_question(q) for q in questions]
    term_lists = [list(q.terms) for q in queries]
    for q in queries[:20]:  # warm caches (stemmer, jieba) before timing
        answer(index, q.text, settings)

    documents = token_documents(index)
    peer = Peer(documents, settings)
    if counting_peer:
        positions, titles, sentences = _token_lists(index, documents)
        start = time.perf_counter()
        index_from_readings(index.articles, [encode_reading(positions, titles, sentences)], settings)
        ours = time.perf_counter() - start
        report.add(size, "index from tokens (counting only, same tokens)", ours, "s",
                   getattr(peer, "build_seconds", None))
    ours_mb = sum(getattr(getattr(index, f), a).nbytes for f in ("sentence_field", "context_field", "title_field")
                  for a in ("docs", "tfs", "ptr", "idf", "doc_len")) / 2**20
    report.add(size, "postings in memory (3 fields; bm25s: 1)", ours_mb, "MB", getattr(peer, "index_mb", None))

    ours_first = time_each(term_lists, lambda terms: _top_ten(index, terms, settings))
    peer_first = time_each(term_lists, peer.retrieve) if peer.retriever is not None else []  # type: ignore[arg-type]
    report.add(size, "question, retrieval top 10: median", median_ms(ours_first), "ms",
               median_ms(peer_first) if peer_first else None)
    report.add(size, "question, retrieval top 10: p95", p95_ms(ours_first), "ms",
               p95_ms(peer_first) if peer_first else None)
    whole = time_each(questions, lambda q: answer(index, q, settings))  # type: ignore[arg-type]
    report.add(size, "question, whole answer (read, 3 fields, rerank 30, no translation): median", median_ms(whole), "ms",
               median_ms(peer_first) if peer_first else None)
    report.add(size, "question, whole answer: p95", p95_ms(whole), "ms", p95_ms(peer_first) if peer_first else None)
    if rank_bm25_sample:
        from rank_bm25 import BM25Plus

        plain = BM25Plus(documents, k1=settings.k1, b=settings.b, delta=settings.delta)
        sample = term_lists[:rank_bm25_sample]
        report.add(size, f"rank-bm25 BM25Plus.get_scores, all sentences ({len(sample)} questions): median",
                   median_ms(time_each(sample, plain.get_scores)), "ms")  # type: ignore[arg-type]
        report.add(size, "qa sentence-field scores from postings (same figure as get_scores): median",
                   median_ms(time_each(sample, lambda t: _sentence_scores(index, t, settings))), "ms")


def _top_ten(index, terms, settings):  # type: ignore[no-untyped-def]
    """qa's retrieval, as bm25s's retrieve(k=10): the question's terms -> the 10 best sentences."""
    from qa.index import first_stage_rows, query_ids, top_rows

    return top_rows(first_stage_rows(index, query_ids(index, terms), settings), 10)[0]


def _sentence_scores(index, terms, settings):  # type: ignore[no-untyped-def]
    from qa.index import query_ids, score_field

    return score_field(index.sentence_field, query_ids(index, terms), settings)


def _token_lists(index, documents: list[list[str]]):  # type: ignore[no-untyped-def]
    """What reading the articles gave (positions, title terms, sentence terms per article), from the index."""
    from qa.tokens import tokenize  # titles are not kept as token lists: tokenize them again (few, short)

    positions, titles, sentences = [], [], []
    for a_index, article in enumerate(index.articles):
        span = index.rows_of_article(a_index)
        positions.append([(int(index.sent_number[r]), int(index.sent_line[r]), int(index.sent_start[r]),
                           int(index.sent_end[r]), int(index.sent_kind[r])) for r in span])
        titles.append(tokenize(article.title))
        sentences.append(documents[span.start : span.stop])
    return positions, titles, sentences


# ---------------------------------------------------------------------------------------------------------
# The sizes


def _cli_lexicon():  # type: ignore[no-untyped-def]
    """The dictionary `qa ask` translates with, when this version of qa has one (else None)."""
    try:
        from qa.cli import lazy_lexicon  # type: ignore[attr-defined]
    except ImportError:
        return None
    return lazy_lexicon()


def _answers_per_second(index, warm: list[str], batch: list[str], settings, lexicon) -> float:  # type: ignore[no-untyped-def]
    from qa.answer import answer

    options = {"lexicon": lexicon} if lexicon is not None else {}
    for question in warm:
        answer(index, question, settings, **options)  # warm: stemmer cache, jieba, the lexicon's tables
    start = time.perf_counter()
    for question in batch:
        answer(index, question, settings, **options)
    return len(batch) / (time.perf_counter() - start)


BATCH_RUNS = 5  # `qa ask --file` runs timed (each a second or two)


def bench_small(report: Report, env: dict[str, str], runs: int) -> None:
    import compileall

    import qa as qa_package
    from qa.corpus import read_corpus
    from qa.index import build_index
    from qa.paths import cache_root
    from qa.question import read_question
    from qa.records import Settings
    from qa.workspace import open_index

    qa = qa_command()
    # Byte-compile qa's modules, as `pip install` (not -e) does and as any second run does unless
    # PYTHONDONTWRITEBYTECODE is set: else every start compiles ~5,000 lines of source (tens of ms).
    compileall.compile_dir(str(Path(qa_package.__file__).parent), quiet=1)
    run_measured([*qa, "index"], env)  # the saved index is warm from here on

    def wall(command: list[str]) -> list[float]:
        return [run_measured(command, env).wall for _ in range(runs)]

    for _ in range(2):
        run_measured([*qa, "ask", CHINESE_QUESTION], env)  # jieba's dictionary cache is written once
    numpy_import = wall([sys.executable, "-c", "import numpy"])
    english = wall([*qa, "ask", ENGLISH_QUESTION])
    chinese = wall([*qa, "ask", CHINESE_QUESTION])
    report.add("small", "python -c 'import numpy' (reference)", median_ms(numpy_import), "ms")
    report.add("small", f"qa ask (English), saved index, bytecode cached: median of {runs}", median_ms(english), "ms",
               target="<= 250 ms")
    report.add("small", f"qa ask (Chinese), saved index, bytecode cached: median of {runs}", median_ms(chinese), "ms",
               target="<= 1000 ms")

    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines()
                 if line.strip()]
    batch = (questions * (2000 // max(1, len(questions)) + 1))[:2000]
    settings = Settings()
    # the index as `qa` opens it (the saved one, loaded: a small one is scored in plain Python, without numpy)
    index = open_index(ROOT / "corpus", settings, cache_root(), note=lambda message: None).index
    for label, lexicon in (("no translation", None), ("with the CLI's lexicon", _cli_lexicon())):
        if label == "no translation" or lexicon is not None:
            report.add("small", f"answers per second, in process, {label} ({len(batch)} questions)",
                       _answers_per_second(index, questions, batch, settings, lexicon), "q/s", target=">= 2,000 q/s")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write("\n".join(batch) + "\n")
    try:
        # this machine's speed drifts by a third from minute to minute: one batch is one sample of that drift
        batches = [run_measured([*qa, "ask", "--format", "jsonl", "--file", handle.name], env).wall
                   for _ in range(BATCH_RUNS)]
    finally:
        os.unlink(handle.name)
    per_second = sorted(len(batch) / max(1e-9, cli - statistics.median(english)) for cli in batches)
    report.add("small", f"qa ask --file, {len(batch)} questions, after start-up: median of {len(batches)}",
               statistics.median(per_second), "q/s", target=">= 2,000 q/s")
    report.notes.append(f"qa ask --file, {len(batch)} questions: slowest and fastest of {len(batches)} runs "
                        f"{per_second[0]:,.0f} and {per_second[-1]:,.0f} q/s")
    bench_retrieval(report, "small", index, questions, settings)
    # the same index as numpy arrays, as every index over PLAIN_MAX_SENTENCES sentences is scored
    arrays = build_index(read_corpus(ROOT / "corpus").articles, settings)
    ours = time_each([list(read_question(q).terms) for q in questions], lambda terms: _top_ten(arrays, terms, settings))
    report.add("small", "question, retrieval top 10, numpy arrays (as an index over 5,000 sentences): median",
               median_ms(ours), "ms")


def bench_pool(report: Report, size: str, path: Path, sample_questions: int) -> None:
    from qa.evaluate import build_pool
    from qa.index import build_index
    from qa.records import Settings

    if not path.exists():
        report.notes.append(f"{size}: {path} is missing; skipped")
        return
    pool = build_pool(json.loads(path.read_text(encoding="utf-8")), size)
    settings = Settings()
    start = time.perf_counter()
    index = build_index(pool.articles, settings)
    report.add(size, f"build ({len(pool.articles):,} paragraphs, {index.size:,} sentences, one process)",
               time.perf_counter() - start, "s", target="<= 10 s" if size == "squad" else "")
    step = max(1, len(pool.questions) // sample_questions)
    questions = [q.question for q in pool.questions[::step]][:sample_questions]
    bench_retrieval(report, size, index, questions, settings, rank_bm25_sample=100)


def parse_size(text: str) -> int:
    scale = {"k": 1_000, "m": 1_000_000}[text[-1].lower()]
    return int(float(text[:-1]) * scale)


def bench_generated(report: Report, size: str, data: Path, env: dict[str, str], sample_questions: int) -> None:
    from qa.evaluate import build_pool
    from qa.records import Settings
    from qa.store import index_folder
    from qa.workspace import open_index

    if not (SQUAD.exists() and CMRC.exists()):
        report.notes.append(f"{size}: {SHARED} is missing; skipped")
        return
    folder = data / f"corpus-{size}"
    print(f"{size}: writing the corpus to {folder} ...", file=sys.stderr, flush=True)
    params = generate_corpus(folder, parse_size(size))
    print(f"{size}: building the index (qa index --rebuild) ...", file=sys.stderr, flush=True)
    built = run_measured([*qa_command(), "index", "--rebuild", "--corpus", str(folder)], env)
    cache = Path(env["XDG_CACHE_HOME"]) / "qa"
    saved = index_folder(cache, folder)
    settings = Settings()
    start = time.perf_counter()
    opened = open_index(folder, settings, cache, note=lambda m: print(f"qa: {m}", file=sys.stderr))
    load = time.perf_counter() - start
    index = opened.index
    report.add(size, f"build: qa index ({len(index.articles):,} files, {index.size:,} sentences, "
               f"{len(index.vocab):,} terms, {params['copies']} copies)", built.wall, "s", target="< 300 s")
    report.add(size, "build: peak memory (all processes)", built.peak_mb, "MB", target="< 4,096 MB")
    report.add(size, "saved index on disk", folder_mb(saved), "MB")
    report.add(size, "load the saved index (in process, after imports)", load, "s", target="< 10 s")
    questions: list[str] = []
    for path in (SQUAD, CMRC):
        pool = build_pool(json.loads(path.read_text(encoding="utf-8")), path.name)
        share = sample_questions * (3 if path == SQUAD else 1) // 4
        step = max(1, len(pool.questions) // share)
        questions += [q.question for q in pool.questions[::step]][:share]
    bench_retrieval(report, size, index, questions, settings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="small,squad,cmrc,1m",
                        help="comma-separated: small, squad, cmrc, and generated sizes like 200k or 1m")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "qa-bench",
                        help="where generated corpora and their indexes go (default: %(default)s)")
    parser.add_argument("--questions", type=int, default=1000, help="questions timed per pool (default 1000)")
    parser.add_argument("--runs", type=int, default=20, help="process starts timed per start-up figure")
    parser.add_argument("--report", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(args.data / "cache")}
    env.pop("QA_CORPUS", None)
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]  # jieba's cache for this process too
    from qa.paths import configure_jieba

    configure_jieba()
    report = Report()
    for size in (s.strip() for s in args.sizes.split(",") if s.strip()):
        print(f"{size} ...", file=sys.stderr, flush=True)
        if size == "small":
            bench_small(report, env, args.runs)
        elif size == "squad":
            bench_pool(report, "squad", SQUAD, args.questions)
        elif size == "cmrc":
            bench_pool(report, "cmrc", CMRC, args.questions)
        else:
            bench_generated(report, size, args.data, env, args.questions)
    print(markdown_table(report))
    for note in report.notes:
        print(f"- {note}")
    machine = f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    print(f"\n{machine}; bytecode cache {'off' if sys.flags.dont_write_bytecode else 'on'}.")
    if args.report:
        args.report.write_text(json.dumps({"machine": machine, "rows": [vars(r) for r in report.rows],
                                           "notes": report.notes}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
