from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from qa.tokens import iter_terms, tokenize


def test_english_is_lowercased_stemmed_and_stopwords_dropped() -> None:
    assert tokenize("The Cities were ranking in the Advanced Manufacturing list") == [
        "citi", "rank", "advanc", "manufactur", "list"]


def test_question_and_document_share_stems() -> None:
    assert set(tokenize("Which city ranked second?")) <= set(tokenize("cities ranking second"))


def test_numbers_are_terms_and_thousands_separators_are_dropped() -> None:
    assert tokenize("In 2025 it grew 7.4% to 1,462 firms") == ["2025", "grew", "7.4", "percent", "1462", "firm"]
    assert tokenize("1462") == tokenize("1,462")


def test_chinese_runs_are_segmented_by_jieba() -> None:
    assert tokenize("张家港计划今年实施多少个智能制造重点项目") == ["张家港", "计划", "今年", "实施", "智能", "制造", "重点项目"]


def test_mixed_text_keeps_latin_inside_chinese() -> None:
    assert tokenize("苏ICP备05003616号 Technical Support") == ["苏", "icp", "备", "05003616", "technic", "support"]


def test_term_offsets_point_at_the_words() -> None:
    text = "Suzhou 排名第二 in 2023"
    for term, start, end in iter_terms(text):
        assert text[start:end]
    assert [text[s:e] for _, s, e in iter_terms(text)] == ["Suzhou", "排名", "第二", "2023"]


def test_jieba_prints_nothing(capfd) -> None:
    tokenize("常州市智能制造")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


# ASCII text is matched by a pattern without the wide Chinese classes (cheap to compile): the same tokens.
_ASCII_TEXT = st.text(alphabet=st.characters(max_codepoint=127), max_size=200)


@given(_ASCII_TEXT)
def test_the_ascii_pattern_finds_what_the_full_one_finds(text: str) -> None:
    from qa.tokens import _ASCII_TOKEN, _TOKEN

    assert _ASCII_TOKEN.findall(text) == _TOKEN.findall(text)
    assert [(m.lastgroup, m.span()) for m in _ASCII_TOKEN.finditer(text)] == [
        (m.lastgroup, m.span()) for m in _TOKEN.finditer(text)]


def test_tokenize_and_iter_terms_agree_on_ascii_and_mixed_text() -> None:
    for text in ("Suzhou ranked 2nd, up 7.4%", "Suzhou 苏州 ranked second", "café 1,462 don't"):
        assert tokenize(text) == [term for term, _, _ in iter_terms(text)]
