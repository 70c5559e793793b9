from __future__ import annotations

from qa.clean import clean_article
from qa.sentences import split_block, split_sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_block(text)]


def test_abbreviations_decimals_and_thousands_do_not_split() -> None:
    text = ("The report was delivered on Jan 6. It rose 7.4% year-on-year to 1,462 firms. "
            "Sany Group No. 18 Factory was selected. See zjgonline.com.cn for more.")
    assert _split(text) == [
        "The report was delivered on Jan 6.",
        "It rose 7.4% year-on-year to 1,462 firms.",
        "Sany Group No. 18 Factory was selected.",
        "See zjgonline.com.cn for more.",
    ]


def test_quoted_speech_stays_one_sentence() -> None:
    text = ('"The city will build an \'Innovative Zhangjiagang\' within three to five years," said Sun Dongliang. '
            'He left.')
    assert _split(text) == [text[: text.index(" He")], "He left."]


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert _split("Is it ready? Yes! Go.") == ["Is it ready?", "Yes!", "Go."]


def test_chinese_punctuation_splits_without_spaces() -> None:
    text = "张家港今年将实施100个智能制造重点项目。苏州排名第二！真的吗？“好。”然后"
    assert _split(text) == ["张家港今年将实施100个智能制造重点项目。", "苏州排名第二！", "真的吗？", "“好。”", "然后"]


def test_offsets_line_numbers_and_positions_point_at_the_source() -> None:
    text = "Title line here\n\nFirst body sentence is here and long enough. Second one follows here.\nThird on a new line."
    article = clean_article("x.txt", text)
    sentences = split_sentences(article, 3)
    assert [s.text for s in sentences] == ["Title line here", "First body sentence is here and long enough.",
                                           "Second one follows here.", "Third on a new line."]
    assert [(s.number, s.line) for s in sentences] == [(1, 1), (2, 3), (3, 3), (4, 4)]
    assert all(text[s.start : s.end] == s.text and s.article == 3 for s in sentences)


def test_hard_wrapped_prose_is_joined_across_lines() -> None:
    text = "This paragraph was wrapped by an editor at a fixed width\nand continues on the next line. Then ends."
    article = clean_article("w.md", text)
    assert [s.text for s in split_sentences(article)] == [
        "This paragraph was wrapped by an editor at a fixed width\nand continues on the next line.", "Then ends."]


def test_verbatim_text_keeps_non_breaking_spaces(corpus_index) -> None:
    texts = [corpus_index.sentence(i).text for i in range(corpus_index.size)]
    assert any("smart\u00a0manufacturing" in t for t in texts)
