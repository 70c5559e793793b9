"""A small saved index is loaded without numpy and scored in plain Python (qa.index.Column): it must give
what the numpy path gives, bit for bit: first-stage scores, rankings, answers. Correctness only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS
from test_speed import _squad_sample

from qa.answer import _query_weights, answer, rank, read_turn
from qa.corpus import read_corpus
from qa.index import Index, build_index, first_stage_rows, occur_together, top_rows
from qa.records import Settings
from qa.store import PLAIN_MAX_SENTENCES, load_index, save_index
from qa.tokens import tokenize

HANDWRITTEN = Path(__file__).resolve().parents[1] / "eval" / "questions.jsonl"
EDGE_QUESTIONS = ["", "zzzunknown", "the the the", "?!", "苏州在2023年先进制造业百强市中排名第几?", "Suzhou Suzhou 2023"]
VARIANTS = [Settings(), Settings(variant="okapi"), Settings(variant="l", delta=0.5)]


def _both(built: Index, folder: Path, settings: Settings) -> tuple[Index, Index]:
    manifest = save_index(folder, built, {})
    numpy_index = load_index(folder, manifest, settings, use_numpy=True)
    plain = load_index(folder, manifest, settings, use_numpy=False)
    assert not isinstance(numpy_index.tok_ids, memoryview) and isinstance(plain.tok_ids, memoryview)
    return numpy_index, plain


def _assert_same_scoring(numpy_index: Index, plain: Index, questions: list[str], settings: Settings, lexicon) -> None:
    for field in ("sentence_field", "context_field", "title_field"):
        ours, theirs = getattr(plain, field), getattr(numpy_index, field)
        assert (ours.avgdl, ours.max_idf) == (theirs.avgdl, theirs.max_idf)
        norm, k1_norm = ours.length_norm(settings.k1, settings.b)
        assert (norm, k1_norm) == tuple(a.tolist() for a in theirs.length_norm(settings.k1, settings.b))
    for question in questions:
        query = read_turn(question, lexicon)
        ids = _query_weights(plain, query)
        assert ids == _query_weights(numpy_index, query)
        stage, expected = first_stage_rows(plain, ids, settings), first_stage_rows(numpy_index, ids, settings)
        assert stage.rows == expected.rows.tolist(), question
        assert stage.scores == expected.scores.tolist(), question  # equal as floats, not approximately
        assert stage.sentence_scores == expected.sentence_scores.tolist(), question
        for depth in (0, 1, 10, 100):
            assert top_rows(stage, depth) == top_rows(expected, depth)
        assert rank(plain, query, settings, depth=100, lexicon=lexicon) == rank(
            numpy_index, query, settings, depth=100, lexicon=lexicon)
        assert answer(plain, question, settings, lexicon=lexicon) == answer(
            numpy_index, question, settings, lexicon=lexicon), question
        terms = [t for t, _ in ids if t >= 0]
        assert occur_together(plain, terms) == occur_together(numpy_index, terms)


@pytest.mark.parametrize("settings", VARIANTS, ids=lambda s: s.variant)
def test_plain_index_scores_and_answers_like_numpy_on_the_corpus(tmp_path, settings, lexicon) -> None:
    questions = [json.loads(line)["question"] for line in HANDWRITTEN.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    built = build_index(read_corpus(CORPUS).articles, settings)
    numpy_index, plain = _both(built, tmp_path / "saved", settings)
    _assert_same_scoring(numpy_index, plain, [*questions, *EDGE_QUESTIONS], settings, lexicon)
    for article in range(len(plain.articles)):
        assert plain.rows_of_article(article) == numpy_index.rows_of_article(article)
        title = {plain.vocab[t] for t in tokenize(plain.articles[article].title)}
        assert sorted(plain.title_terms(article)) == sorted(numpy_index.title_terms(article)) == sorted(title)


def test_plain_index_scores_and_answers_like_numpy_on_squad(tmp_path, lexicon) -> None:
    pool, questions = _squad_sample(articles=4, questions=80)
    settings = Settings()
    numpy_index, plain = _both(build_index(pool, settings), tmp_path / "saved", settings)
    _assert_same_scoring(numpy_index, plain, questions, settings, lexicon)


def test_only_a_small_index_loads_without_numpy_by_default(tmp_path) -> None:
    settings = Settings()
    manifest = save_index(tmp_path / "saved", build_index(read_corpus(CORPUS).articles, settings), {})
    assert manifest["sentences"] <= PLAIN_MAX_SENTENCES
    assert isinstance(load_index(tmp_path / "saved", manifest, settings).tok_ids, memoryview)
    bigger = {**manifest, "sentences": PLAIN_MAX_SENTENCES + 1}  # the manifest's count decides
    assert not isinstance(load_index(tmp_path / "saved", bigger, settings).tok_ids, memoryview)


def test_a_damaged_array_file_is_a_store_error_when_loaded_without_numpy(tmp_path) -> None:
    from qa.errors import IndexStoreError

    settings = Settings()
    manifest = save_index(tmp_path / "saved", build_index(read_corpus(CORPUS).articles, settings), {})
    path = tmp_path / "saved" / str(manifest["data"]) / "tok_ids.npy"
    path.write_bytes(path.read_bytes()[:-4])  # one value short
    with pytest.raises(IndexStoreError, match="damaged"):
        load_index(tmp_path / "saved", manifest, settings, use_numpy=False)
    path.write_bytes(b"not an array")
    with pytest.raises(IndexStoreError, match="damaged"):
        load_index(tmp_path / "saved", manifest, settings, use_numpy=False)


def test_asking_in_english_over_the_saved_corpus_imports_neither_numpy_nor_jieba(private_home) -> None:
    env = {**os.environ, "HOME": str(private_home), "XDG_CACHE_HOME": str(private_home / ".cache")}
    env.pop("QA_CORPUS", None)
    probe = ("import sys; from qa.cli import main; code = main(['ask', 'Which city ranked second in the 2023 list?']);"
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'jieba'}), code)")
    runs = [subprocess.run([sys.executable, "-c", probe], capture_output=True, env=env, timeout=120, check=True,
                           cwd=private_home).stdout.decode().splitlines()[-1] for _ in range(2)]
    assert "'numpy'" in runs[0] and runs[0].endswith(" 0")  # the first run builds the index and saves it
    assert runs[1] == "[] 0"  # the second loads it: a small index needs neither
