from __future__ import annotations

import pytest

from qa.answer import answer, read_turn

# (question, a fragment of the sentence that must be the answer)
REAL_QUESTIONS = [
    ("Which city ranked second in the 2023 list?", "Suzhou securing the second position"),
    ("How many key projects related to smart manufacturing will Zhangjiagang implement this year?",
     "A total of 100 key projects"),
    ("Who is the mayor of Changzhou?", "Deputy Sheng Lei, mayor of Changzhou"),
    ("By how much did the added value of industries above designated size in Jiangsu grow?", "increased by 7.4%"),
    ("How many intelligent manufacturing pilot enterprises does Changsha have in total?", "1,462"),
    ("When was the Zhongguancun Forum parallel forum held?", "on May 30"),
    ("What output value will the leading industries of the 45 clusters have?", "19 trillion yuan"),
    ("How many of the 45 clusters are in the eastern region?", "30 in the eastern region"),
    ("Who released the report on the Top 100 Cities in Advanced Manufacturing?", "CCID Consulting"),
    ("Which two Changsha factories were selected as global lighthouse factories?", "lighthouse factories"),
    ("What will the industrial scale of NEV exceed by 2025?", "By 2025, the industrial scale of NEV"),
    ("What is the technical support phone number?", "Technical Support Phone"),
    ("Who said the city will build an Innovative Zhangjiagang?", "said Sun Dongliang"),
    ("How many national manufacturing innovation centers have the clusters established?", "18 national manufacturing"),
]


@pytest.mark.parametrize("question,fragment", REAL_QUESTIONS)
def test_real_question_gets_the_right_sentence(corpus_index, question, fragment) -> None:
    result = answer(corpus_index, question)
    assert result.hit is not None, result.reason
    assert fragment in result.hit.sentence.text.replace("\u00a0", " ")


def test_answer_carries_citation_and_runners_up(corpus_index) -> None:
    result = answer(corpus_index, "Which city ranked second in the 2023 list?")
    assert result.hit is not None
    assert result.hit.title == "Changzhou in the list of 2023 Top 100 Cities in Advanced Manufacturing"
    assert result.hit.sentence.source == "000_80778301e84d020f.txt"
    assert (result.hit.sentence.number, result.hit.sentence.line) == (10, 10)
    assert len(result.candidates) == 4
    assert all(c.score <= result.hit.score for c in result.candidates)


@pytest.mark.parametrize("question,kind", [
    ("Which player scored the winning goal?", "person"),
    ("What companies joined the cluster?", "organisation"),
    ("Which cities did the minister visit?", "place"),
])
def test_the_noun_of_a_which_question_says_what_kind_of_answer_is_wanted(question, kind) -> None:
    assert read_turn(question).answer_type == kind
