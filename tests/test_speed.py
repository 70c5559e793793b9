"""The fast paths give the same results as the slow ones: postings vs rank-bm25, sparse vs dense first
stage, parallel vs serial build, memory-mapped vs built index. Correctness only: no wall-clock checks."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25L, BM25Okapi, BM25Plus

from qa import index as index_module
from qa.answer import answer
from qa.index import build_index, first_stage_rows, query_ids, score_field, top_positions
from qa.question import read_question
from qa.records import Article, Settings
from qa.store import load_index, save_index

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SQUAD = SHARED / "benchmarks" / "dev-v1.1.json"


def _squad_sample(articles: int = 3, questions: int = 50) -> tuple[list[Article], list[str]]:
    """The first SQuAD dev articles as a pool (one Article per paragraph), and questions asked of them."""
    if not SQUAD.exists():
        pytest.skip(f"the SQuAD dev set is not at {SQUAD} (the shared/ folder beside the repository)")
    data = json.loads(SQUAD.read_text(encoding="utf-8"))
    pool: list[Article] = []
    asked: list[str] = []
    for entry in data["data"][:articles]:
        title = entry["title"].replace("_", " ")
        for number, paragraph in enumerate(entry["paragraphs"]):
            context = paragraph["context"]
            pool.append(Article(source=f"{entry['title']}#{number}", text=context, title=title, title_from_page=True,
                                date=None, line_kinds=("body",) * (context.count("\n") + 1)))
            asked += [q["question"] for q in paragraph["qas"]]
    return pool, asked[:: max(1, len(asked) // questions)][:questions]


@pytest.fixture(scope="module")
def squad_sample() -> tuple[list[Article], list[str]]:
    return _squad_sample()


@pytest.mark.parametrize("variant,reference", [("plus", BM25Plus), ("okapi", BM25Okapi), ("l", BM25L)])
def test_postings_scores_equal_rank_bm25_on_squad_questions(squad_sample, variant, reference) -> None:
    pool, questions = squad_sample
    settings = Settings(variant=variant, delta=0.5 if variant == "l" else 1.0)
    index = build_index(pool, settings)
    assert index.size > 500  # a real pool: several hundred sentences
    documents = [[index.terms[t] for t in index.sentence_terms(i)] for i in range(index.size)]
    bm25 = reference(documents) if variant == "okapi" else reference(documents, delta=settings.delta)
    for question in questions:
        terms = list(read_question(question).terms)
        ours = score_field(index.sentence_field, query_ids(index, terms), settings)
        np.testing.assert_allclose(ours, bm25.get_scores(terms), rtol=1e-12, atol=1e-12, err_msg=question)


def _dense_first_stage(index, ids, settings):  # type: ignore[no-untyped-def]
    """The first stage computed over every sentence, as the sparse one must equal."""
    sentence = score_field(index.sentence_field, ids, settings, with_constant=False)
    context = score_field(index.context_field, ids, settings, with_constant=False)
    title = score_field(index.title_field, ids, settings, with_constant=False)
    matched = np.zeros(index.size, dtype=bool)
    for term_id, _ in ids:
        if term_id >= 0:
            matched[index.sentence_field.postings(term_id)[0]] = True
            matched[index.context_field.postings(term_id)[0]] = True
    combined = sentence + settings.context_weight * context + settings.title_weight * title[index.sent_article]
    return np.where(matched, combined, -np.inf), sentence


def test_sparse_first_stage_equals_dense_bit_for_bit(squad_sample) -> None:
    pool, questions = squad_sample
    settings = Settings()
    index = build_index(pool, settings)
    for question in [*questions, "", "zzzunknown", "the the the", "Super Bowl Super Bowl 50"]:
        ids = query_ids(index, list(read_question(question).terms)) + [(-1, 1.0)]
        dense, sentence = _dense_first_stage(index, ids, settings)
        stage = first_stage_rows(index, ids, settings)
        assert stage.rows.tolist() == np.flatnonzero(np.isfinite(dense)).tolist()
        assert stage.scores.tolist() == dense[stage.rows].tolist()  # equal as floats, not approximately
        assert stage.sentence_scores.tolist() == sentence[stage.rows].tolist()


def test_top_positions_is_a_stable_sort_cut_at_depth() -> None:
    rows = np.array([3, 5, 7, 9, 11, 13])
    scores = np.array([1.0, 2.0, 2.0, 0.5, 2.0, 1.0])
    for depth in range(8):
        kept = top_positions(rows, scores, depth)
        expected = sorted(zip(rows.tolist(), scores.tolist()), key=lambda p: (-p[1], p[0]))[:depth]
        assert list(zip(rows[kept].tolist(), scores[kept].tolist())) == expected


def test_parallel_build_equals_serial_build(squad_sample, monkeypatch) -> None:
    pool, _ = squad_sample
    monkeypatch.setattr(index_module, "_CHUNK_CHARS", 5_000)  # many chunks, so both workers get some
    serial = build_index(pool, Settings(), workers=1)
    parallel = build_index(pool, Settings(), workers=2)
    assert serial.terms == parallel.terms and serial.vocab == parallel.vocab
    for name in ("sent_article", "sent_number", "sent_line", "sent_start", "sent_end", "sent_kind", "tok_ptr",
                 "tok_ids"):
        assert np.array_equal(getattr(serial, name), getattr(parallel, name)), name
    for field in ("sentence_field", "context_field", "title_field"):
        for array in ("doc_len", "idf", "ptr", "docs", "tfs"):
            assert np.array_equal(getattr(getattr(serial, field), array), getattr(getattr(parallel, field), array))


def test_term_ids_follow_sorted_order_and_rows_of_article_are_contiguous(squad_sample) -> None:
    pool, _ = squad_sample
    index = build_index(pool, Settings())
    assert list(index.terms) == sorted(index.vocab) and list(index.sorted_terms) == list(index.terms)
    assert all(index.vocab[t] == i for i, t in enumerate(index.terms))
    for article in (0, 1, len(pool) - 1):
        assert list(index.rows_of_article(article)) == np.flatnonzero(index.sent_article == article).tolist()


def test_memory_mapped_index_answers_like_the_built_one(squad_sample, tmp_path) -> None:
    pool, questions = squad_sample
    settings = Settings()
    built = build_index(pool, settings)
    manifest = save_index(tmp_path / "saved", built, {})
    loaded = load_index(tmp_path / "saved", manifest, settings, use_numpy=True)
    plain = load_index(tmp_path / "saved", manifest, settings, use_numpy=False)
    assert not loaded.tok_ids.flags.writeable  # mapped from the file, not copied
    assert isinstance(plain.tok_ids, memoryview) and plain.tok_ids.readonly
    for question in questions[:20]:
        assert answer(built, question, settings) == answer(loaded, question, settings) == answer(plain, question,
                                                                                                 settings)


def test_a_reader_holding_an_old_manifest_loads_the_index_that_replaced_it(tmp_path) -> None:
    """Another process rebuilt the index (and removed the old data folder) between our reads."""
    import shutil

    from conftest import CORPUS

    from qa.store import index_folder, read_manifest
    from qa.workspace import _load_current, open_index

    folder = tmp_path / "articles"
    shutil.copytree(CORPUS, folder)
    open_index(folder, Settings(), tmp_path / "cache", note=lambda m: None)
    store = index_folder(tmp_path / "cache", folder)
    old = read_manifest(store)
    open_index(folder, Settings(), tmp_path / "cache", note=lambda m: None, rebuild=True)
    assert old is not None and not (store / str(old["data"])).exists()
    assert _load_current(store, old, Settings()).size > 0
