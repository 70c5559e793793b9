from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import CORPUS

from qa.answer import answer
from qa.records import Settings
from qa.store import index_folder, reading_fingerprint
from qa.workspace import open_index

QUESTIONS = ["Which city ranked second in the 2023 list?", "Who is the mayor of Changzhou?",
             "How many clusters are in the central region?", "What is the ICP number?"]


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(CORPUS, folder)
    return folder


def _open(folder: Path, cache: Path, notes: list[str]):
    return open_index(folder, Settings(), cache, note=notes.append)


def test_saved_and_loaded_index_give_identical_answers(corpus_copy, tmp_path) -> None:
    notes: list[str] = []
    built = _open(corpus_copy, tmp_path / "cache", notes)
    loaded = _open(corpus_copy, tmp_path / "cache", notes)
    assert built.rebuilt and not loaded.rebuilt
    for question in QUESTIONS:
        assert answer(built.index, question) == answer(loaded.index, question)
    for name in ("sent_start", "tok_ids", "tok_ptr"):
        assert np.array_equal(getattr(built.index, name), getattr(loaded.index, name))
    assert built.index.vocab == loaded.index.vocab
    assert notes == []


def test_saved_index_is_plain_files_with_a_manifest(corpus_copy, tmp_path) -> None:
    _open(corpus_copy, tmp_path / "cache", [])
    folder = index_folder(tmp_path / "cache", corpus_copy)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert {"format_version", "package_version", "settings", "corpus_fingerprint", "files", "data"} <= set(manifest)
    data = folder / manifest["data"]
    assert np.load(data / "tok_ids.npy", allow_pickle=False).shape[0] > 0  # loads without pickle
    terms = (data / "vocab.txt").read_text(encoding="utf-8").split("\n")
    assert terms == sorted(terms) and "changzhou" in terms
    assert [p.name for p in folder.iterdir() if p.name.startswith("data-")] == [manifest["data"]]


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_a_changed_corpus_is_noticed_and_rebuilt(corpus_copy, tmp_path, change) -> None:
    notes: list[str] = []
    _open(corpus_copy, tmp_path / "cache", notes)
    target = corpus_copy / "004_419d53de9b1592ca.txt"
    if change == "edit":
        target.write_text(target.read_text() + "\nThe Ministry added a 46th cluster in Qingdao.\n")
    elif change == "add":
        (corpus_copy / "005_new.txt").write_text("A new article about Qingdao harbour and its 46 berths.\n")
    else:
        target.unlink()
    reopened = _open(corpus_copy, tmp_path / "cache", notes)
    assert reopened.rebuilt
    expected = {"edit": "1 file edited", "add": "1 file added", "remove": "1 file removed"}[change]
    assert any("the corpus changed" in n and expected in n for n in notes), notes


def test_a_touched_but_unchanged_file_does_not_rebuild(corpus_copy, tmp_path) -> None:
    notes: list[str] = []
    _open(corpus_copy, tmp_path / "cache", notes)
    target = corpus_copy / "000_80778301e84d020f.txt"
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    _open(corpus_copy, tmp_path / "cache", notes)
    assert not any("rebuilding" in n for n in notes)


@pytest.mark.parametrize("damage", ["truncated", "missing"])
def test_damaged_index_file_is_detected_and_rebuilt(corpus_copy, tmp_path, damage) -> None:
    notes: list[str] = []
    _open(corpus_copy, tmp_path / "cache", notes)
    folder = index_folder(tmp_path / "cache", corpus_copy)
    array = folder / json.loads((folder / "manifest.json").read_text())["data"] / "sentence_field.docs.npy"
    if damage == "truncated":
        array.write_bytes(array.read_bytes()[: array.stat().st_size // 2])
    else:
        array.unlink()
    reopened = _open(corpus_copy, tmp_path / "cache", notes)
    assert reopened.rebuilt and any(("damaged" if damage == "truncated" else "incomplete") in n for n in notes), notes
    assert answer(reopened.index, QUESTIONS[1]).hit is not None
    assert not _open(corpus_copy, tmp_path / "cache", []).rebuilt  # and the rebuilt one was saved


def test_corrupted_manifest_and_future_format_are_rebuilt(corpus_copy, tmp_path) -> None:
    notes: list[str] = []
    _open(corpus_copy, tmp_path / "cache", notes)
    manifest = index_folder(tmp_path / "cache", corpus_copy) / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "format_version": 99}))
    assert _open(corpus_copy, tmp_path / "cache", notes).rebuilt
    assert any("newer than this qa" in n for n in notes)
    manifest.write_text("{not json")
    assert _open(corpus_copy, tmp_path / "cache", notes).rebuilt
    assert any("corrupted" in n for n in notes)


def test_unwritable_cache_answers_from_memory(corpus_copy, tmp_path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be: nothing can be written below it")
    notes: list[str] = []
    opened = _open(corpus_copy, cache, notes)
    assert answer(opened.index, QUESTIONS[1]).hit is not None
    assert any("memory" in n for n in notes), notes
    assert cache.read_text().startswith("a file")  # untouched


def test_a_corpus_folder_whose_name_is_not_utf8_is_indexed(tmp_path) -> None:
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/articles-\xff")
    os.mkdir(folder)
    with open(os.path.join(folder, "harbour.txt"), "w", encoding="utf-8") as handle:
        handle.write("The harbour opened in 2019 with 12 berths.\n")
    opened = _open(Path(folder), tmp_path / "cache", [])
    assert answer(opened.index, "How many berths does the harbour have?").hit is not None
    assert not _open(Path(folder), tmp_path / "cache", []).rebuilt  # saved and found again


def test_an_index_saved_by_other_reading_rules_is_rebuilt(corpus_copy, tmp_path) -> None:
    """A saved index tokenized by an older qa (same version number, other stopwords) would answer worse
    without a word: the manifest records how the articles were read, and another reading rebuilds."""
    notes: list[str] = []
    _open(corpus_copy, tmp_path / "cache", notes)
    manifest = index_folder(tmp_path / "cache", corpus_copy) / "manifest.json"
    data = json.loads(manifest.read_text())
    assert data["reading"] == reading_fingerprint()
    manifest.write_text(json.dumps({**data, "reading": "0123456789abcdef"}))
    assert _open(corpus_copy, tmp_path / "cache", notes).rebuilt
    assert "qa reads articles differently since the saved index was built" in " ".join(notes)
    assert not _open(corpus_copy, tmp_path / "cache", notes).rebuilt
