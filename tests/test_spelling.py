from __future__ import annotations

from qa.answer import answer, read_against_corpus, read_turn
from qa.spelling import corrected, one_slip_away


def test_every_kind_of_slip_is_one_slip_away() -> None:
    slips = set(one_slip_away("second"))
    assert {"secnd", "seccond", "sceond", "secpnd"} <= slips  # a letter left out, added, swapped, changed
    assert "scnd" not in slips and "second" in slips  # two slips are not one; no slip at all is there too


def test_a_word_is_corrected_only_to_the_one_term_a_slip_away() -> None:
    vocabulary = {"accomplish", "champa", "camp", "cramp", "bride"}
    assert corrected("accomlish", vocabulary) == "accomplish"
    assert corrected("champ", vocabulary) is None  # three terms a slip away: which was meant is not known
    assert corrected("brid", vocabulary) is None  # too short to tell a slip from another word
    assert corrected("accomplish", vocabulary) is None  # nothing to correct
    assert corrected("常州常州常州", vocabulary) is None


def test_misspelt_question_is_answered_as_if_spelt_right(corpus_index, lexicon) -> None:
    target = read_against_corpus(corpus_index, read_turn("What is the GDP targett of Changzhou?", lexicon),
                                 corpus_index.settings, lexicon)
    assert target.terms == ("gdp", "target", "changzhou")
    right = answer(corpus_index, "What was released at the forum?", lexicon=lexicon)
    slip = answer(corpus_index, "What was relesed at the forum?", lexicon=lexicon)
    assert slip.sentence is not None and slip.sentence == right.sentence
    assert slip.query_terms == right.query_terms


def test_an_english_word_is_not_corrected_into_another(corpus_index, lexicon) -> None:
    # "breadth" is one slip from "breath", "plumber" from "lumber": real words, left as typed
    for question in ("What is the breadth of the clusters?", "How many cities have a plumber?"):
        query = read_turn(question, lexicon)
        assert read_against_corpus(corpus_index, query, corpus_index.settings, lexicon) == query


def test_a_misspelt_name_is_not_corrected_into_another_city(corpus_index, lexicon) -> None:
    # "Wuzhou" is one slip from "Suzhou", and another city: a name is never corrected, so the trap is declined
    result = answer(corpus_index, "Where did Wuzhou rank in the 2023 list?", lexicon=lexicon)
    assert result.hit is None
    assert result.reason == '"Wuzhou" never occurs in the articles'


def test_without_a_dictionary_nothing_is_corrected(corpus_index) -> None:
    query = read_turn("What was relesed at the forum?")
    assert read_against_corpus(corpus_index, query, corpus_index.settings) == query


def test_a_misspelt_name_is_declined_with_the_name_it_may_mean(corpus_index, lexicon) -> None:
    result = answer(corpus_index, "Who is the mayor of Changzou?", lexicon=lexicon)
    assert result.hit is None
    assert result.reason == '"Changzou" never occurs in the articles (did you mean "Changzhou"?)'
    two = answer(corpus_index, "How many firms are in Zhangjiagan and Changzou?", lexicon=lexicon)
    assert two.reason is not None and two.reason.endswith('(did you mean "Zhangjiagang" or "Changzhou"?)')
