from __future__ import annotations

import pytest

import qa.answer
from qa.acronyms import is_acronym, long_form_span, spell_out
from qa.answer import answer, rank, read_turn

MINISTRY = "Ministry of Industry and Information Technology"


def test_an_acronym_is_found_as_the_initials_of_a_capitalised_name() -> None:
    text = f"In the next step, the {MINISTRY} will focus on cluster cultivation goals."
    assert spell_out("MIIT", [text]) == MINISTRY
    assert spell_out("WWII", ["Warsaw was rebuilt after World War II ended."]) == "World War II"
    assert spell_out("NYC", ["Broadcasting began in New York City, then spread."]) == "New York City"


def test_no_long_form_unless_a_name_of_two_words_or_more_spells_it() -> None:
    assert spell_out("MIIT", ["The ministry of industry and information technology said so."]) is None  # not capitalised
    assert spell_out("MI", ["Ministry, Industry."]) is None  # a comma breaks the name
    assert spell_out("M", ["Ministry of Industry"]) is None
    assert spell_out("CPC", ["Changzhou will implement the principles."]) is None


def test_only_capitals_of_two_to_eight_letters_are_acronyms() -> None:
    assert is_acronym("MIIT") and is_acronym("NYC")
    assert not is_acronym("A") and not is_acronym("Changzhou") and not is_acronym("G20") and not is_acronym("常州")


def test_question_with_an_acronym_the_articles_spell_out_is_answered(corpus_index) -> None:
    result = answer(corpus_index, "What will the MIIT focus on in the next step?")
    assert result.hit is not None, result.reason  # it was declined: "MIIT" never occurs in the articles
    assert result.hit.sentence.text.startswith(f"In the next step, the {MINISTRY} will focus")


@pytest.mark.parametrize("short, long", [
    ("What will the MIIT focus on in the next step?",
     f"What will the {MINISTRY} focus on in the next step?"),
    ("Who heads the MIIT?", f"Who heads the {MINISTRY}?"),  # a trap either way: the articles name no head
])
def test_acronym_question_is_answered_as_its_spelled_out_form(corpus_index, short, long) -> None:
    by_acronym, by_name = answer(corpus_index, short), answer(corpus_index, long)
    assert (by_acronym.sentence, by_acronym.highlight, by_acronym.reason, by_acronym.confidence) == (
        by_name.sentence, by_name.highlight, by_name.reason, by_name.confidence)


def test_acronym_the_articles_do_not_spell_out_is_still_unseen(corpus_index) -> None:
    result = answer(corpus_index, "What is the NBA?")
    assert result.hit is None
    assert result.reason == '"NBA" never occurs in the articles'


def test_large_index_looks_for_the_long_form_in_the_articles_the_question_finds(corpus_index, monkeypatch) -> None:
    monkeypatch.setattr(qa.answer, "ACRONYM_SCAN_SENTENCES", 0)  # as an index of more sentences than that
    hits = rank(corpus_index, read_turn("What tiered cluster cultivation system will the MIIT speed up building?"),
                corpus_index.settings)
    assert hits[0].sentence.text.startswith(f"In the next step, the {MINISTRY}")
    assert {"ministri", "industri", "inform", "technolog"} <= set(hits[0].matched)


@pytest.mark.parametrize("short, text, long", [
    ("AFC", "The American Football Conference (AFC) champion Denver Broncos won.", "American Football Conference"),
    ("AC", "He designed an alternating current (AC) supply system.", "alternating current"),  # before its brackets
    ("CSM", "Design began of a Command/Service Module (CSM) for the crew.", "Command/Service Module"),
    ("vBNS", "The Very high-speed Backbone Network Service (vBNS) came on line.", "Very high-speed Backbone Network Service"),
    ("TGIF", 'ABC launched its TGIF (Thank God It\'s Friday) block.', "Thank God It's Friday"),  # after them
    ("MIIT", f"The {MINISTRY} said so.", MINISTRY),
    ("NBA", "美国职业篮球联赛（NBA）于1946年成立。", "美国职业篮球联赛"),  # Chinese: the run before the brackets
])
def test_a_sentence_that_writes_a_short_form_out_gives_the_long_form(short, text, long) -> None:
    span = long_form_span(short, text)
    assert span is not None and text[span[0]:span[1]] == long


def test_a_sentence_that_only_uses_a_short_form_writes_nothing_out() -> None:
    assert long_form_span("NEV", "By 2025, the industrial scale of NEV will exceed one trillion yuan.") is None
    assert long_form_span("CPC", "It will implement the principles of the 20th CPC National Congress.") is None
    assert long_form_span("AC", "An alternating current (DC) system.") is None  # the brackets hold another
    assert long_form_span("532", "Changzhou's “532” development blueprint.") is None  # a number has no initials


@pytest.mark.parametrize("question", ["What does MIIT stand for?", "What does MIIT mean?", "MIIT是什么的缩写？"])
def test_what_does_it_stand_for_is_answered_with_the_name_written_out(corpus_index, lexicon, question) -> None:
    """The question's "stand" is not looked for ("Standing Committee" had come first for "CPC"), nor 缩写."""
    result = answer(corpus_index, question, lexicon=lexicon)
    assert result.hit is not None and result.highlight_text == MINISTRY


@pytest.mark.parametrize("question, short", [
    ('What does the "532" in Changzhou\'s development blueprint stand for?', "532"),  # had been quoted at 0.74
    ("What does NEV stand for?", "NEV"),
    ("What does CPC stand for?", "CPC"),
])
def test_what_does_it_stand_for_is_declined_when_no_sentence_writes_it_out(corpus_index, question, short) -> None:
    result = answer(corpus_index, question)
    assert result.hit is None and result.closest is not None
    assert result.reason == f'no sentence among the closest writes out what "{short}" stands for'


def test_explain_says_a_stand_for_question_wants_the_long_form(corpus_index) -> None:
    from qa.render import explain_lines

    lines = explain_lines(answer(corpus_index, "What does MIIT stand for?"))
    assert 'wanted: what "MIIT" stands for, written out' in lines[0]
