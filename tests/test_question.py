from __future__ import annotations

import pytest

from qa.question import (
    DATE,
    NUMBER,
    ORGANISATION,
    OTHER,
    PERSON,
    PLACE,
    REASON,
    asks_long_form,
    asks_which_of_counted,
    count_terms,
    counted_not_named,
    named_attribute,
    read_followup,
    read_question,
    set_aside_items,
)
from qa.spans import rank_not_given
from qa.tokens import tokenize


@pytest.mark.parametrize("question,kind", [
    ("How many key projects will Zhangjiagang implement?", NUMBER),
    ("What share of the centers do the clusters account for?", NUMBER),
    ("When was the forum held?", DATE),
    ("Who is the mayor of Changzhou?", PERSON),
    ("Which ministry is the research centre attached to?", ORGANISATION),
    ("Which city ranked second?", PLACE),
    ("Why will Changzhou push digital transformation?", REASON),
    ("张家港计划今年实施多少个智能制造重点项目？", NUMBER),
    ("What does the report embody?", OTHER),
    ("How old is the bridge?", NUMBER),
    ("What population does the city have?", NUMBER),
    ("In what century was the canal dug?", DATE),
    ("Which university runs the laboratory?", ORGANISATION),
    ("Which state hosts the plant?", PLACE),
    ("Which party meeting's ideas will Changzhou put into practice?", OTHER),  # "party meeting": not an organisation
    ("How old was the mayor when she took office?", NUMBER),  # the first cue asks; "when" only frames it
    ("Who was mayor when the bridge opened?", PERSON),
    ("When did the mayor say how many projects there are?", DATE),
    ("张家港打算用几年时间建成创新张家港？", NUMBER),  # how many years: a span of time is a number
    ("Which three cities under separate state planning host national clusters?", PLACE),  # a count between
    ("What position did the engineer hold at the telegraph office?", OTHER),  # a post, not a rank
    ("What happens when the city misses its target?", OTHER),  # "when" opens a clause: no date is asked
    ("When the old mayor left, who replaced her?", PERSON),
    ("What does the plan offer firms who move to the zone?", OTHER),  # "who" opens a relative clause
    ("In what years did the plant expand?", DATE),
    ("What was the opening date of the bridge?", DATE),
    ("张家港的政府工作报告是哪一天发布的？", DATE),  # "which day" (哪天 was known, 哪一天 was not)
    ("这家研究院是何年成立的？", DATE),
    ("邹游身披几号球衣？", OTHER),  # 几号 asks which number (a CMRC question), not the day of a month
])
def test_answer_type_is_recognised(question, kind) -> None:
    assert read_question(question).answer_type == kind


def test_key_terms_are_numbers_ordinals_and_names_but_not_the_opening_word() -> None:
    assert read_question("Which city ranked second in the 2023 list?").key_terms == ("second", "2023")
    assert read_question("苏州排名第二吗？").key_terms == ("第二",)
    assert read_question("What was Changsha's GDP growth in 2022?").key_terms == ("changsha", "gdp", "2022")
    assert read_question("Changsha made which list?").key_terms == ()


def test_scaffolding_words_are_dropped() -> None:
    assert read_question("According to the article, who edited the Changsha article?").terms == ("edit", "changsha")


def test_the_noun_that_frames_the_question_is_no_word_to_match() -> None:
    """The sentence that answers says "on May 30" or "in 1546", not "date" or "year": the noun after
    "what" / "which" only says what kind of answer is wanted."""
    assert read_question("On what date was the forum held?").terms == ("forum", "held")
    assert read_question("In what year did Luther die?").terms == ("luther", "die")
    assert read_question("What type of engine did the car use?").terms == ("engin", "car", "use")
    assert read_question("What was the date of Tesla's death?").terms == ("tesla", "death")
    assert read_question("What day was Super Bowl 50 media day switched to?").terms == (
        "super", "bowl", "50", "media", "day", "switch")  # the media day is content
    assert "date" in read_question("When was the date palm planted?").terms


def test_a_percentage_is_asked_for_as_the_articles_write_it() -> None:
    """"26.7%" and "26.7 percent" give the term "percent"; "percentage" would match neither."""
    assert read_question("What percentage of Victorians are Catholic?").terms == ("percent", "victorian", "cathol")
    assert tokenize("26.7% of Victorians") == ["26.7", "percent", "victorian"]


def test_thin_followup_carries_the_topic_and_new_names_replace_old_ones() -> None:
    previous = read_question("How many intelligent manufacturing pilot enterprises does Changsha have?")
    followup = read_followup("And Changzhou?", previous)
    assert followup.followup_of == previous.text
    assert "changzhou" in followup.terms and "changsha" not in followup.terms and "pilot" in followup.terms


def test_self_contained_question_and_empty_question_start_fresh() -> None:
    previous = read_question("Which city ranked second in the 2023 list?")
    assert read_followup("Who is the mayor of Changzhou?", previous).followup_of is None
    assert read_followup("???", previous).followup_of is None
    assert read_followup("When was that?", previous).followup_of == previous.text


def test_the_attribute_asked_for_is_a_key_term_unless_it_is_generic() -> None:
    assert "popul" in read_question("What is the population of Changsha?").key_terms
    assert "name" not in read_question("What is the name of the forum?").key_terms


def test_answer_type_and_about_page_hints_skip_only_searches_that_cannot_match() -> None:
    """The cheap word tests before the answer-type and about-the-page patterns change no reading."""
    import json
    from pathlib import Path

    from qa import question as question_module

    questions = [json.loads(line)["question"] for line in
                 (Path(__file__).parents[1] / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    questions += ["WHEN DID IT OPEN?", "Name the three cities.", "List of ports?", "By how much?", "whose idea?",
                  "For what purpose?", "Phone number of the office?", "Who edited the WEBSITE?", "Which ſtate?",
                  "Apart from tea, what?", "What else, except for tea?", "WHAT TWO PORTS?"]
    for text in questions + [q.upper() for q in questions] + [q.title() for q in questions]:
        expected = next((kind for kind, cue in question_module._TYPE_RULES if cue.pattern.search(text)),
                        question_module.OTHER)
        assert question_module.answer_type_of(text) == expected, text
        for cue in (question_module._ABOUT_PAGE, question_module._SET_ASIDE, question_module._WHICH_COUNTED):
            assert bool(cue.search(text)) == bool(cue.pattern.search(text)), text


@pytest.mark.parametrize("question,items", [
    (("Besides new energy, digital economy, biomedicine and high-end medical equipment, what are the other "
     "leading industries?"), ["new energy", "digital economy", "biomedicine", "high-end medical equipment"]),
    ("Other than Universal and Warner Brothers, what other company runs a major record company?",
     ["Universal", "Warner Brothers"]),
    ("What other industries does Changzhou foster besides new energy?", ["new energy"]),
    ("Which industries will Changzhou foster?", []),
    ("What besides tea does the city grow, and where?", []),  # the set-aside part must end the question
])
def test_a_besides_question_says_what_it_sets_aside(question, items) -> None:
    assert set_aside_items(question) == items


@pytest.mark.parametrize(("question", "sentence", "counted"), [
    # counted and never named: says how many, not which
    ("What are the 16 advanced manufacturing clusters Jiangsu province is concentrating on?",
     ("Presently, Jiangsu province is concentrating on 16 advanced manufacturing clusters and 50 key industrial "
     "chains to accelerate the development of a modern industrial system."), "16 advanced manufacturing clusters"),
    ("Which two forms does it take?", "It takes two forms.", "two forms"),
    # a breakdown by numbers after the count names nothing (dev2 d028: the 30 and the 8 are clusters)
    ("Which 3 cities under separate state planning have national clusters?",
     ("45 clusters involve 19 provinces and 3 cities under separate state planning, including 30 in the eastern "
      "region, 8 in the central region, Beijing and Tianjin"), "3 cities"),
    # named after the count, however far, or before it
    ("What are the three sources of European Union law?",
     "The three sources of European Union law are primary law, secondary law and supplementary law.", None),
    ("What were the two forms of environmental determinism?", "This takes two forms, orientalism and tropicality.",
     None),
    ("What are the three major types of rock?", ("There are three major types of rock: igneous, sedimentary, and "
     "metamorphic."), None),
    ("Which two importers claimed that?", "In Keck and Mithouard two importers claimed that.", None),
    # not counted at all: nothing to say
    ("Which three Jiangsu cities ranked among the top 20?", "Wuxi, Changzhou, and Nantong ranked among the top 20.",
     None),
])
def test_a_sentence_that_counts_what_a_which_three_question_asks_for_without_naming_it(question, sentence,
                                                                                        counted) -> None:
    assert counted_not_named(question, sentence) == counted


def test_a_which_three_question_names_a_count_and_number_words_count_as_digits() -> None:
    assert asks_which_of_counted("Which three cities host national clusters?")
    assert asks_which_of_counted("What are the 16 second-level indicators?")
    assert not asks_which_of_counted("Which cities host three national clusters?")
    assert not asks_which_of_counted("What 2015 NFL team won the AFC?")  # a year, not a count
    assert count_terms(["three", "citi"]) == count_terms(["3", "citi"]) == {"3", "citi"}


def test_a_which_question_that_ends_with_options_offers_them() -> None:
    from qa.question import offered_choices

    assert offered_choices("Which stage was it placed in: leaping, expansion, development or initial period?") == [
        "leaping", "expansion", "development", "initial period"]
    assert offered_choices("Which scored higher, Changsha or Wuhan?") == ["Changsha", "Wuhan"]
    # the options of "who" are not what is asked for; nor is an "or" inside the question's own words
    assert offered_choices("Who would generally teach from a work like the Quran, Torah or Bible?") == []
    assert offered_choices("Which city has more than 100 or so clusters?") == []


@pytest.mark.parametrize("question, short", [
    ("What does AFC stand for?", "AFC"),
    ("What is the AFC short for?", "AFC"),
    ("what does vBNS stand for ", "vBNS"),
    ("What did the LMP acronym stand for regarding the Block II launch positions?", "LMP"),
    ('What does the "532" in Changzhou\'s development blueprint stand for?', "532"),
    ("What is CPC an abbreviation of?", "CPC"),
    ("What does ATP mean?", "ATP"),
    ("MIIT是什么的缩写？", "MIIT"),
    ("NEV代表什么？", "NEV"),
    ("MIIT的全称是什么？", "MIIT"),
    ("What does the NEV plan mean for Changzhou?", None),  # what it means for a city, not what NEV stands for
    ("常州代表什么？", None),
    ("What does the red stripe stand for?", None),  # a word: asks what it means, which no initials tell
    ("What does the MIIT plan to do?", None),
])
def test_a_stand_for_question_asks_for_its_short_form_written_out(question, short) -> None:
    assert asks_long_form(question) == short


def test_the_frame_of_a_long_form_question_is_written_as_the_tokenizer_reads_it() -> None:
    from qa.question import _LONG_FORM_FRAME

    assert _LONG_FORM_FRAME == set(tokenize("stand stands stood short abbreviation acronym initials letters mean")
                                   + tokenize("缩写 简称 全称 代表 意思 指的是"))


def test_the_words_that_ask_for_a_long_form_are_not_looked_for() -> None:
    assert read_question("What does the acronym LEM stand for?").terms == ("lem",)
    assert "stand" in read_question("Where does Changzhou stand in the ranking?").terms


@pytest.mark.parametrize("question,sentence,declined", [
    ("Where did Shenzhen rank among the top 20 cities?", "The top 20 cities were Changsha, Shenzhen and Wuxi.", True),
    ("Where did Suzhou rank?", "Suzhou took the second position.", False),
    ("Where does oxygen rank by mass in the biosphere?", "Oxygen is the most abundant element by mass.", False),
    ("Where did the pharmacist stand in relation to the physicians?", "The pharmacist was ranked above them.", False),
    ("苏州排名第几？", "苏州位列第二。", False),
    ("What rank did Yangzhou get?", "Yangzhou is on the list.", True),
    # no rank asked for: a place to be, and a noun
    ("Where did the game take place?", "The game was played in Santa Clara.", False),
    ("Where did Luther describe the resting place of the saints?", "He described them in their graves.", False),
])
def test_a_rank_question_wants_a_sentence_that_ranks(question, sentence, declined) -> None:
    assert rank_not_given(question, sentence) is declined


def test_headquarters_are_what_a_question_asks_about_however_it_is_put() -> None:
    assert named_attribute(read_question("Where is Sany Group headquartered?").terms) == "headquart"
    assert named_attribute(read_question("Where are the headquarters of Sany Group?").terms) == "headquart"
    assert named_attribute(read_question("三一集团的总部在哪里？").terms) == "总部"
    assert named_attribute(read_question("Where is Sany Group?").terms) is None
