from __future__ import annotations

import json
import random

import jieba
import pytest
from conftest import CORPUS, ROOT, SHARED

from qa.segment import build_table, load_segmenter


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory):
    return load_segmenter(str(tmp_path_factory.mktemp("segment")))


def _texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    texts += [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open(encoding="utf-8")]
    cmrc = SHARED / "benchmarks" / "cmrc2018_dev.json"
    if cmrc.exists():
        contexts = json.loads(cmrc.read_text(encoding="utf-8"))
        texts += [c["context_text"] for c in contexts[:60]] + [q["query_text"] for c in contexts[:60] for q in c["qas"]]
    return texts


def test_cuts_exactly_as_jieba_on_real_text(segmenter) -> None:
    jieba.setLogLevel(60)
    for text in _texts():
        assert segmenter.lcut(text) == jieba.lcut(text, HMM=True), text[:40]


def test_cuts_exactly_as_jieba_on_random_word_salad(segmenter) -> None:
    jieba.initialize()
    words = sorted(w for w, f in jieba.dt.FREQ.items() if f)
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(words) if rng.random() < 0.8 else chr(rng.randint(0x4E00, 0x9FA5))
                       for _ in range(rng.randint(1, 12)))
        assert segmenter.lcut(text) == jieba.lcut(text, HMM=True), text


def test_table_is_sorted_and_reused_from_the_cache(tmp_path) -> None:
    table = build_table("乙 3 n\n甲 2 nr\n甲乙 5\n".encode())
    assert table == "10\n乙\t3\tn\n甲\t2\tnr\n甲乙\t5\t\n".encode()  # total first, then words in byte order
    load_segmenter(str(tmp_path))
    cached = list(tmp_path.glob("jieba-words-*.tsv"))
    assert len(cached) == 1
    mtime = cached[0].stat().st_mtime_ns
    load_segmenter(str(tmp_path))
    assert cached[0].stat().st_mtime_ns == mtime


def test_switching_to_jieba_dictionary_mid_text_changes_nothing(tmp_path, monkeypatch) -> None:
    import qa.segment

    monkeypatch.setattr(qa.segment, "SWITCH_AFTER_PROBES", 50)
    segmenter = load_segmenter(str(tmp_path))
    text = "张家港计划今年实施一百个智能制造重点项目，苏州在榜单上排名第二。" * 20
    assert segmenter.lcut(text) == jieba.lcut(text, HMM=True)
    assert segmenter._freq is not None  # it did switch


def test_a_word_has_its_dictionary_tag_whichever_way_words_are_looked_up(tmp_path, monkeypatch) -> None:
    import qa.segment

    segmenter = load_segmenter(str(tmp_path))
    assert (segmenter.tag("司马"), segmenter.tag("巴西"), segmenter.tag("张家港计划")) == ("nr", "ns", "")
    monkeypatch.setattr(qa.segment, "SWITCH_AFTER_PROBES", 5)
    segmenter = load_segmenter(str(tmp_path))
    segmenter.lcut("张家港计划今年实施一百个智能制造重点项目" * 3)  # now looks words up in jieba's own dict
    assert segmenter.tag("巴西") == "ns" and segmenter.frequency("巴西") > 0


def test_runs_of_unknown_characters_are_cut_as_jiebas_hmm_cuts_them() -> None:
    from jieba import finalseg

    from qa.segment import _hmm_words

    rng = random.Random(11)
    characters = "的一是了不人在有这个上们来到时大地为子中说生国年着就那要出也得里后自以会可下而过天去能对小多然于心学之都好看起发当" \
                 "常州苏锡昆宁张家港AB12.5%#&-_ "
    for _ in range(2000):
        text = "".join(rng.choice(characters) for _ in range(rng.randint(1, 15)))
        assert list(_hmm_words(text)) == list(finalseg.cut(text)), text


def test_chinese_is_cut_without_importing_jieba(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    probe = ("import sys; from qa.tokens import segment_chinese, use_jieba_cache_dir;"
             f"use_jieba_cache_dir({str(tmp_path)!r}); print(segment_chinese('常州市长是谁'));"
             "print('jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, env=env, timeout=120,
                         check=True).stdout.decode().splitlines()
    assert out == [str(jieba.lcut("常州市长是谁", HMM=True)), "False"]  # (是谁 is cut by the HMM)


def test_importing_the_answerer_and_the_shell_loads_no_chinese_segmenter() -> None:
    """An English question pays nothing for Chinese: a module-level constant that tokenized Chinese had made
    every `qa ask` load the segmenter's dictionary at start-up (66 ms became 393 ms)."""
    import subprocess
    import sys

    probe = "import sys, qa.answer, qa.cli, qa.render; print('qa.segment' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=120, check=True).stdout
    assert out.decode().split() == ["False"]
