"""The short answer marked inside a real corpus sentence (pick_short_answer), one test per rule."""

from __future__ import annotations

import re
import signal

from qa.answer import answer
from qa.index import Index
from qa.question import answer_type_of, chinese_head_words, read_question
from qa.spans import beyond_set_aside, pick_short_answer, set_aside_list
from qa.tokens import iter_terms, tokenize

ACTION_PLAN = ("The Action Plan for Accelerating the Development of a Strong Manufacturing Sector in Jiangsu Province "
               "has been unveiled, featuring eight major actions such as building leading player clusters, reinforcing "
               "the foundation through innovation, and elevating the supply chain to a higher level.")


def short_span(index: Index, sentence: str, question: str, matched_words: str | None = None) -> tuple[int, int] | None:
    """The highlight qa marks for `question` in `sentence`, each matched word weighted by its idf in the
    corpus as answer() does; `matched_words` stand in for the English words a Chinese question is
    translated to."""
    wanted = set(tokenize(matched_words if matched_words is not None else question))
    spans = [(start, end, float(index.sentence_field.idf[index.vocab[term]]) if term in index.vocab else 1.0)
             for term, start, end in iter_terms(sentence) if term in wanted]
    return pick_short_answer(sentence, answer_type_of(question), spans, question)


def marked(sentence: str, question: str, matched: str) -> str | None:
    """The highlight for a sentence outside the corpus; `matched` is a pattern of the words the question
    shares with it (each weighted alike)."""
    spans = [(m.start(), m.end(), 2.0) for m in re.finditer(matched, sentence)]
    picked = pick_short_answer(sentence, answer_type_of(question), spans, question)
    return sentence[picked[0]:picked[1]] if picked else None


def short_answer(index: Index, sentence: str, question: str, matched_words: str | None = None) -> str | None:
    picked = short_span(index, sentence, question, matched_words)
    return sentence[picked[0]:picked[1]] if picked else None


def test_a_chinese_count_question_is_answered_with_the_number_even_when_it_reads_as_a_list(corpus_index) -> None:
    question = "江苏制造强省行动方案包括几大行动？"
    assert answer_type_of(question) == "list"  # "包括": the ranker still looks for a list
    assert short_answer(corpus_index, ACTION_PLAN, question, "Jiangsu manufacturing action plan includes") == "eight"


def test_almost_is_not_a_count(corpus_index) -> None:
    # 几乎 ("almost") holds 几 but asks for no number: the list stays the answer.
    question = "江苏制造强省行动方案几乎包括哪些行动？"
    assert short_answer(corpus_index, ACTION_PLAN, question, "Jiangsu manufacturing action plan includes") != "eight"


INDEX_PARTS = ("The intelligent manufacturing development index (region) was constructed based on the idea of foundation, "
               "input, process and output, and is composed of 7 first-level and 16 second-level quantitative indicators.")


def test_coordinated_numbers_share_their_noun_and_the_modifier_decides(corpus_index) -> None:
    assert short_answer(corpus_index, INDEX_PARTS, "How many first-level indicators make up the index?") == "7 first-level"
    assert short_answer(corpus_index, INDEX_PARTS, "How many second-level indicators make up the index?") == "16 second-level"


REGISTRATION = "苏公网安备32041102000483号 网站标识码:3204000002 苏ICP备05003616号 Technical Support Phone:0519-85685023"


def test_the_value_of_a_labelled_field_belongs_to_its_label(corpus_index) -> None:
    # 05003616 stands nearer to "Technical Support", but the number after "Phone:" is the phone number.
    assert short_answer(corpus_index, REGISTRATION, "What number should I call for technical support?") == "0519-85685023"
    assert short_answer(corpus_index, REGISTRATION, "技术支持电话是多少？", "technical support") == "0519-85685023"


def test_an_untyped_question_about_a_labelled_code_gets_just_the_code(corpus_index) -> None:
    # Before: "3204000002 苏ICP备05003616号 Technical Support Phone:0519-85685023", the longest unsaid stretch.
    assert short_answer(corpus_index, REGISTRATION, "What is the website identification code?", "网站") == "3204000002"


INNOVATION = ("Innovation is the primary driving force behind development, and Zhangjiagang has comprehensively "
              "improved its capability in scientific and technological innovation in the past few years.")
LANDMARK = "The China-Israel Changzhou Innovation Park will become a landmark project."


def test_is_the_y_answers_with_the_side_the_question_does_not_say(corpus_index) -> None:
    assert short_answer(corpus_index, INNOVATION, "What is the primary force behind development?") == "Innovation"
    assert short_answer(corpus_index, LANDMARK, "Which project will become a landmark?") == (
        "The China-Israel Changzhou Innovation Park")
    assert short_answer(corpus_index, LANDMARK, "What will the China-Israel Changzhou Innovation Park become?") == (
        "a landmark project")


def test_what_is_the_x_marks_the_phrase_that_names_the_x_with_something_the_question_lacks(corpus_index) -> None:
    """Asked for the GDP target, the target itself ("the one-trillion-yuan GDP target"), not the subject
    of the sentence's "is" ("As 2023 is a critical year ..."); a phrase that only restates the question's
    words is no answer, so the copular side still answers "What is the primary force ...?"."""
    target = ("As 2023 is a critical year for Changzhou to reach the one-trillion-yuan GDP target, the municipal "
              "government will forge ahead with sustained efforts.")
    assert short_answer(corpus_index, target, "What is the GDP target of Changzhou?") == (
        "the one-trillion-yuan GDP target")
    assert marked("Manning finished the year with a career-low 67.9 passer rating.",
                  "What was the passer rating for Manning?", r"Manning|passer|rating") == (
        "a career-low 67.9 passer rating")
    assert short_answer(corpus_index, INNOVATION, "What is the primary force behind development?") == "Innovation"


RESHAPING = ("In recent years, Changsha has insisted on reshaping industrial modes and forms of business organization "
             "with intellectualization and made continued efforts to promote industrial technological transformation, "
             "optimization and upgrading.")


def test_a_how_question_is_answered_by_the_means_and_the_next_verb_ends_it(corpus_index) -> None:
    assert short_answer(corpus_index, RESHAPING, "How has Changsha been trying to modernise its business organization?") == (
        "reshaping industrial modes and forms of business organization with intellectualization")


def test_chinese_which_x_words_are_the_ones_right_after_the_question_word() -> None:
    def head(question: str) -> list[str]:
        return chinese_head_words(question, read_question(question).terms)
    assert head("常州将凭借什么发展蓝图实现万亿GDP目标？") == ["发展", "蓝图"]
    assert head("哪个项目会成为常州的地标？") == ["项目"]  # 会 is a function word: the phrase ends
    assert head("长沙哪两家工厂入选全球灯塔工厂？") == ["工厂", "入选"]
    assert head("为什么常州要推动数字化转型？") == []  # 为什么 asks why


def test_a_chinese_which_x_question_marks_the_x_phrase_of_an_english_sentence(corpus_index, lexicon) -> None:
    result = answer(corpus_index, "常州将凭借什么发展蓝图实现万亿GDP目标？", lexicon=lexicon)
    assert result.highlight_text == "“532” development blueprint"
    traditional = answer(corpus_index, "常州將憑藉什麼發展藍圖實現萬億GDP目標？", lexicon=lexicon)
    assert traditional.highlight_text == "“532” development blueprint"


def test_asked_which_project_the_predicate_a_landmark_project_describes_and_the_subject_answers(
        corpus_index, lexicon) -> None:
    result = answer(corpus_index, "哪个项目会成为常州的地标？", lexicon=lexicon)
    assert result.highlight_text == "The China-Israel Changzhou Innovation Park"


FORUM = ("A parallel forum on intelligent manufacturing innovation and development of the 2023 Zhongguancun Forum was "
         "held at the Zhongguancun National Independent Innovation Demonstration Zone Exhibition Center in Beijing on May 30.")


def test_a_place_is_the_whole_name_not_its_last_words(corpus_index) -> None:
    # The place pattern alone stops at "Exhibition Center".
    assert short_answer(corpus_index, FORUM, "Where was the parallel forum on intelligent manufacturing held?") == (
        "Zhongguancun National Independent Innovation Demonstration Zone Exhibition Center")


SPONSOR = ("Sponsored by: General Office and Foreign Affairs Office of Changzhou Municipal People’s Government "
           "All rights reserved")


def test_an_organisation_name_runs_through_a_possessive(corpus_index) -> None:
    # Before: "... of Changzhou Municipal People", cut at the curly apostrophe.
    assert short_answer(corpus_index, SPONSOR, "Who sponsors the Changzhou government website?") == (
        "General Office and Foreign Affairs Office of Changzhou Municipal People’s Government")


LIGHTHOUSES = ("Among the many manufacturing factories, Bosch Changsha Factory and Sany Group No. 18 Factory were "
               "selected as global lighthouse factories.")


def test_a_plural_head_finds_the_names_that_hold_it_in_the_singular(corpus_index, lexicon) -> None:
    # "factories" and the translated stem "factori" (工厂) both name "Factory"; before, the highlight was
    # "the many manufacturing factories".
    expected = "Bosch Changsha Factory and Sany Group No. 18 Factory"
    assert short_answer(corpus_index, LIGHTHOUSES, "Which Changsha factories became global lighthouses?") == expected
    assert answer(corpus_index, "长沙的哪两家工厂入选全球灯塔工厂？", lexicon=lexicon).highlight_text == expected


DIMENSIONS = ("The assessment of the top 100 cities in the advanced manufacturing industry is conducted across five "
              "dimensions: innovation capacity, integrated development, economic drive, brand quality, and "
              "green-intensive development.")
PLATFORMS = ("In terms of innovation, companies will be guided to make full use of platforms such as Longcheng "
             "Laboratory, IOPLY, and Tianmu Lake Institute of Advanced Energy Storage Technologies.")


def test_which_x_is_answered_by_the_list_the_sentence_introduces_with_x(corpus_index) -> None:
    # Before: "conducted across five dimensions", and a 12-word stretch cut inside the last platform's name.
    assert short_answer(corpus_index, DIMENSIONS, "What dimensions are the top 100 cities assessed on?") == (
        "innovation capacity, integrated development, economic drive, brand quality, and green-intensive development")
    assert short_answer(corpus_index, PLATFORMS, "Which platforms will companies be guided to use?") == (
        "Longcheng Laboratory, IOPLY, and Tianmu Lake Institute of Advanced Energy Storage Technologies")


CLUSTER_OUTPUT = ("45 national-level clusters will have an output value of leading industries of 19 trillion yuan in "
                  "2021 and have established 18 national manufacturing innovation centers, accounting for 70% of all "
                  "national-level innovation centers.")


def test_what_output_value_asks_for_an_amount_though_the_ranker_leaves_it_untyped(corpus_index) -> None:
    question = "What output value will the leading industries of the clusters have?"
    assert answer_type_of(question) == "other"
    assert short_answer(corpus_index, CLUSTER_OUTPUT, question) == "19 trillion yuan"


def test_which_institution_in_chinese_asks_for_an_organisation(corpus_index, lexicon) -> None:
    result = answer(corpus_index, "哪个机构发布了2023先进制造业百强市报告？", lexicon=lexicon)
    assert result.highlight_text == "the CCID Consulting Advanced Manufacturing Research Center"


PILOTS = ("In 2022, 208 new municipal intelligent manufacturing pilot enterprises were added in the city, bringing the "
          "city's total number of such enterprises to 1,462.")


def test_a_question_about_the_total_gets_the_number_the_sentence_calls_total(corpus_index) -> None:
    assert short_answer(corpus_index, PILOTS, "How many intelligent manufacturing pilot enterprises does Changsha "
                                              "have in total?") == "1,462"
    assert short_answer(corpus_index, PILOTS, "How many new intelligent manufacturing pilot enterprises were "
                                              "added in 2022?") == "208"


RANKINGS = ("Noteworthy achievements include Suzhou securing the second position, Nanjing entering the top ten, and "
            "Wuxi, Changzhou, and Nantong ranking among the top 20.")


def test_a_question_for_several_places_gets_the_coordinated_names(corpus_index) -> None:
    assert short_answer(corpus_index, RANKINGS, "Which cities ranked among the top 20?") == "Wuxi, Changzhou, and Nantong"
    assert short_answer(corpus_index, RANKINGS, "Which city ranked second?") == "Suzhou"  # one asked, one given


NEV = "By 2025, the industrial scale of NEV will exceed one trillion yuan, and its market value will exceed one trillion yuan."
GROWTH = ("According to data from the first ten months of this year, the added value of industries above the designated "
          "size in Jiangsu increased by 7.4% year-on-year, showcasing a leading growth rate.")


def test_plain_kinds_of_untyped_questions(corpus_index) -> None:
    # Before: the longest unsaid stretch (from "such as", from "2025, the industrial scale").
    assert short_answer(corpus_index, ACTION_PLAN, "What do the action plan's major actions include?") == (
        "building leading player clusters, reinforcing the foundation through innovation, and elevating the supply "
        "chain to a higher level")
    assert short_answer(corpus_index, NEV, "What will the market value of NEV exceed?") == "one trillion yuan"


def test_year_on_year_growth_is_an_amount_not_a_date(corpus_index) -> None:
    question = "What year-on-year growth did the added value of industries in Jiangsu show?"
    assert answer_type_of(question) == "date"  # the ranker reads "what year"
    assert short_answer(corpus_index, GROWTH, question) == "7.4%"  # before: "this year"


FIELDS = ("Among the 45 national-level clusters, there are 13 in the field of new-generation information technology, "
          "13 in the field of high-end equipment, 7 in the field of new materials, 5 in the field of biomedicine and "
          "high-end medical equipment, 4 in the field of consumer goods, and in the field of new energy and intelligent "
          "networked vehicles 3, covering the key fields of building a strong manufacturing country and becoming an "
          "important force leading the innovation and development of key industries and fields.")


def test_a_count_goes_with_the_phrase_that_says_no_more_than_the_question(corpus_index) -> None:
    # 13 and 5 both count "high-end ... equipment"; 5's phrase also says biomedicine and medical.
    start = FIELDS.index("13 in the field of high-end")
    assert short_span(corpus_index, FIELDS, "How many clusters are in the field of high-end equipment?") == (
        start, start + 2)


def test_a_number_that_ends_its_clause_counts_the_words_before_it(corpus_index) -> None:
    # "... new energy and intelligent networked vehicles 3,"; before, "13" (whose digits merely hold a 3).
    assert short_answer(corpus_index, FIELDS, "How many clusters are in new energy and intelligent networked "
                                              "vehicles?") == "3"


LI_XIAOMIN = ("According to Li Xiaomin, deputy director of the Standing Committee of the provincial people’s congress, in "
              "the past year, the Jiangsu government met challenges head-on and promoted social and economic "
              "development with effective measures.")
WU_YANGANG = ("\"While seizing the opportunities of digital industrialization, Zhangjiagang will accelerate the development "
              "of digital economy,\" said Wu Yangang, deputy director of the city's industrial and information technology "
              "bureau.")


def test_asked_who_a_named_person_is_the_answer_is_what_the_sentence_says_he_is(corpus_index) -> None:
    # Before: "the Standing Committee" (an organisation near the name) and a stretch of the quotation.
    assert short_answer(corpus_index, LI_XIAOMIN, "Who is Li Xiaomin?") == (
        "deputy director of the Standing Committee of the provincial people’s congress")
    assert short_answer(corpus_index, WU_YANGANG, "What position does Wu Yangang hold?") == (
        "deputy director of the city's industrial and information technology bureau")


CHANGSHA_RANK = "Changsha is home to five of China's top 50 intelligent manufacturing enterprises, ranking first nationwide."


def test_a_rank_question_gets_a_place_in_the_ranking_not_a_count(corpus_index) -> None:
    # Before: "top 50" (the name of a list), nearer to "intelligent manufacturing".
    assert short_answer(corpus_index, CHANGSHA_RANK, "长沙智能制造排名第几？", "Changsha intelligent manufacturing rank") == (
        "first")
    assert short_answer(corpus_index, CHANGSHA_RANK, "What rank does Changsha take in intelligent manufacturing?") == (
        "first")


def test_a_year_that_leads_a_name_is_not_when_it_happened(corpus_index) -> None:
    # "the 2023 Zhongguancun Forum" names the edition; the forum was held on May 30.
    assert short_answer(corpus_index, FORUM, "中关村论坛平行论坛是什么时候举行的？", "Zhongguancun Forum parallel forum held") == (
        "on May 30")


NEXT_STEP = ("In the next step, the Ministry of Industry and Information Technology will focus on cluster cultivation goals "
             "and tasks, and on the basis of summarizing experience, innovate ideas and measures, form policy synergy, "
             "accelerate the construction of a provincial-national-world-class cluster cultivation and development "
             "system, and improve the central The working mechanism of linkage and departmental coordination will "
             "improve the cluster policy support system for industry, innovation, finance, finance, regional and public "
             "services, promote cluster exchanges and cooperation, and promote cluster work to a new level.")


def test_a_question_ending_in_a_preposition_is_answered_by_what_follows_it_in_the_sentence(corpus_index) -> None:
    # Before: a 12-word stretch running past the comma into "and improve the central The working".
    assert short_answer(corpus_index, NEXT_STEP, "What will the ministry accelerate the construction of?") == (
        "a provincial-national-world-class cluster cultivation and development system")


def test_the_new_rules_stay_linear_on_a_20000_character_sentence() -> None:
    """Inputs that made the appositive, copula, means and continuation searches quadratic (seconds each)."""
    texts = [("Alpha " * 3400)[:20_000], ("Alpha " * 3400)[:19_980] + ", beta gamma.", ("it is the thing " * 1300)[:20_000],
             ("on doing " * 2300)[:20_000], ("construction of things " * 900)[:20_000]]
    questions = ["Who is Alpha Alpha?", "What position does Alpha hold?", "What is the thing?",
                 "How has it been doing?", "What will they speed up the construction of?"]
    previous = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(AssertionError("quadratic")))
    signal.alarm(6)  # ~0.6 s here; the quadratic searches took ~14 s
    try:
        for text in texts:
            spans = [(i, i + 5, 1.0) for i in range(0, 640, 10)]
            for question in questions:
                for kind in ("other", "person"):
                    pick_short_answer(text, kind, spans, question)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


FINANCING = ("Financing schemes will be customized based on the size and needs of enterprises, so as to create a more "
             "enabling business environment.")


def test_what_will_be_done_is_answered_by_the_subject_of_the_passive_verb(corpus_index) -> None:
    # Before: the 'so as to ...' purpose clause, the longest stretch the question does not say.
    assert short_answer(corpus_index, FINANCING, "What will be customized based on the size and needs of "
                                                 "enterprises?") == "Financing schemes"


def test_where_did_a_city_place_asks_for_its_rank(corpus_index) -> None:
    question = "Where did Suzhou place on the 2023 list?"
    assert answer_type_of(question) == "place"
    assert short_answer(corpus_index, RANKINGS, question) == "second"  # before: "Nanjing"


INITIATIVES = "These initiatives aim to propel high-end, intelligent, and green development within the manufacturing industry."


def test_a_head_phrase_takes_in_a_list_of_modifiers(corpus_index) -> None:
    # Before: "green development".
    assert short_answer(corpus_index, INITIATIVES, "What kind of development do the initiatives aim to propel?") == (
        "high-end, intelligent, and green development")


REPORT = ("The report, titled \"2023 Top 100 Cities in Advanced Manufacturing,\" was released by the CCID Consulting "
          "Advanced Manufacturing Research Center, operating under the Ministry of Industry and Information Technology.")


def test_asked_for_a_name_the_quoted_title_answers(corpus_index) -> None:
    # Before: "operating under the Ministry of Industry and Information Technology".
    assert short_answer(corpus_index, REPORT, "What is the name of the report released by the CCID Consulting "
                                              "research center?") == "2023 Top 100 Cities in Advanced Manufacturing"


TRANSPORT = ("In terms of transportation, Changzhou will continue to advance the construction of Changtai Highspeed Railway "
             "and Changtai Yangtze River Bridge, both of which will enhance the city’s position as a hub in the Yangtze "
             "River Delta.")
DELIBERATION = ("On the afternoon of January 15, at the first session of the fourteenth Provincial People’s Congress, the "
                "Changzhou delegation deliberated on the Work Report of the Jiangsu Provincial Government.")


def test_what_will_x_verb_is_answered_by_the_verbs_object(corpus_index, lexicon) -> None:
    # Before: "terms of transportation, Changzhou will continue to advance" (the longest unsaid stretch).
    assert short_answer(corpus_index, TRANSPORT, "What will the railway and the bridge enhance?") == (
        "the city’s position as a hub in the Yangtze River Delta")
    # 审议了什么 ("deliberated on what"): before, "afternoon of January 15, at the first session of ...".
    assert answer(corpus_index, "常州代表团审议了什么？", lexicon=lexicon).highlight_text == (
        "the Work Report of the Jiangsu Provincial Government")


def test_what_will_x_do_asks_for_the_action_not_an_object(corpus_index) -> None:
    sentence = ("With regard to ecological conservation, Changzhou will take more comprehensive measures to tackle "
                "pollution and create more green space.")
    assert short_answer(corpus_index, sentence, "What will Changzhou do to tackle pollution?") != (
        "pollution and create more green space")


def test_a_which_x_head_skips_numbers_and_names_before_the_noun(corpus_index) -> None:
    question = "Which three Jiangsu cities were placed among the top 20 on the 2023 list?"
    assert answer_type_of(question) == "list"
    # Before: the whole 'include' list, 79% of the sentence; "cities" now asks for places.
    assert short_answer(corpus_index, RANKINGS, question) == "Wuxi, Changzhou, and Nantong"
    # No "plants" in the sentence: the name before the noun still finds "... Sany Group No. 18 Factory".
    assert short_answer(corpus_index, LIGHTHOUSES, "Which of Sany's plants was picked as a global lighthouse?") == (
        "Bosch Changsha Factory and Sany Group No. 18 Factory")


def test_an_opening_article_or_a_word_that_merely_starts_like_a_verb_is_not_a_place() -> None:
    from qa.spans import find_spans

    text = "An intelligent manufacturing index and a list of top 20 cities were released. In 2022, Changsha is home to five."
    assert [text[start:end] for start, end in find_spans(text, "place")] == ["Changsha"]


def test_an_opening_preposition_and_a_month_are_not_a_person() -> None:
    from qa.spans import find_spans

    text = "In May, the team won. Deputy Sheng Lei, mayor of Changzhou, also spoke."
    assert [text[start:end] for start, end in find_spans(text, "person")] == ["Deputy Sheng Lei"]


def test_a_factory_and_a_numbered_name_are_not_a_person() -> None:
    from qa.spans import find_spans

    text = "Bosch Changsha Factory and Sany Group No. 18 Factory were selected, said Li Xiaomin."
    assert [text[start:end] for start, end in find_spans(text, "person")] == ["Li Xiaomin"]


def test_a_month_and_year_is_one_date_and_a_day_never_cuts_a_year() -> None:
    from qa.spans import find_spans

    text = "The motor was patented in May 1888, the station opened on 12 March 2007 and the tower in the 13th century."
    assert [text[start:end] for start, end in find_spans(text, "date")] == [
        "in May 1888", "12 March 2007", "13th century"]


def test_a_weekday_a_day_and_month_a_bare_month_and_years_ago_are_dates_but_a_modal_may_is_not() -> None:
    from qa.spans import find_spans

    text = ("Media day moved to Monday, the banquet was held on 27 June, the fair opens every June, "
            "the forest formed 3.5 billion years ago, the chest dates from the 18th and 19th centuries. May it last.")
    assert [text[start:end] for start, end in find_spans(text, "date")] == [
        "Monday", "27 June", "June", "3.5 billion years ago", "18th", "19th centuries"]


def test_chinese_text_has_lists_joined_by_the_enumeration_comma_and_reasons_after_because() -> None:
    from qa.spans import find_spans

    text = "铁路沿线设有大家洼站、寒亭站、昌邑北站和海天站。沼鹿因被猎杀而消失。"
    assert [text[s:e] for s, e in find_spans(text, "enumeration")] == ["铁路沿线设有大家洼站、寒亭站、昌邑北站和海天站"]
    assert [text[s:e] for s, e in find_spans(text, "reason")] == ["因被猎杀而消失"]


def test_a_chinese_name_is_told_by_its_dictionary_tag() -> None:
    from qa.spans import has_span

    assert has_span("刘曜杀了司马晏。", "person") and not has_span("刘曜杀了司马晏。", "place")
    assert has_span("莱昂德罗·内托的国籍是巴西。", "place")
    assert not has_span("铁路沿线设有很多站点。", "person")


def test_a_name_of_capitalised_words_is_a_person_but_a_body_or_a_region_is_not() -> None:
    from qa.spans import find_spans

    text = ("Gary Kubiak coached the team, Madame de Pompadour sat for Boucher, and the plan of the "
            "Development Research Institute in East China was praised.")
    assert [text[start:end] for start, end in find_spans(text, "person")] == ["Gary Kubiak", "Madame de Pompadour"]


def test_asked_how_much_the_amount_answers_not_the_year_and_the_currency_stays_with_it() -> None:
    text = "In 1888 Westinghouse paid $60,000 in cash and stock to license the designs."
    assert marked(text, "How much did Westinghouse pay?", r"Westinghouse|paid") == "$60,000"
    assert marked(text, "In what year did Westinghouse pay?", r"Westinghouse|paid") == "1888"


def test_asked_for_a_person_by_role_noun_the_name_answers() -> None:
    text = ("Several prominent German figures were ethnic Huguenot, including poet Theodor Fontane, General Hermann "
            "von François, and Luftwaffe General and fighter ace Adolf Galland.")
    assert marked(text, "What German poet was descended from Huguenots?", r"German|Huguenot|poet") == "Theodor Fontane"


def test_asked_for_the_name_of_something_the_capitalised_name_answers() -> None:
    text = "To the east lies the Colorado Desert, on the border of Arizona."
    question = "What is the name of the desert on the border of Arizona?"
    assert marked(text, question, r"Desert|border|Arizona") == "Colorado Desert"


def test_a_count_of_things_is_not_a_span_of_time_a_share_a_sum_or_a_year() -> None:
    from qa.spans import COUNT, counts_things, find_spans

    text = "Within three to five years, 45 clusters, 7.4%, 300 million yuan, in 2022 and 1,462 enterprises."
    assert [text[start:end] for start, end in find_spans(text, COUNT)] == ["45 clusters", "1,462 enterprises"]
    assert counts_things("How many innovative counties will Zhangjiagang build?")
    assert not counts_things("How many years will the plan take?")


def test_the_day_of_a_date_counts_nothing() -> None:
    from qa.spans import COUNT, find_spans

    text = "The forum was held in Beijing on May 30, and on 2 June 45 firms joined; 5月30日，12 cities more."
    assert [text[start:end] for start, end in find_spans(text, COUNT)] == ["45", "12 cities"]


def test_a_share_question_wants_a_percentage_or_a_fraction_not_any_number() -> None:
    from qa.answer import wanted_kinds
    from qa.spans import SHARE, find_spans

    text = "The one-trillion-yuan target, up 7.4% (25 percent more), 2/3 of the 45 clusters, over half, 三分之二."
    assert [text[start:end] for start, end in find_spans(text, SHARE)] == ["7.4%", "25 percent", "2/3", "half",
                                                                           "三分之二"]
    assert wanted_kinds(read_question("What percentage of Jiangsu's GDP comes from manufacturing?")) == (SHARE,)
    assert wanted_kinds(read_question("What share of the clusters are in the four key regions?")) == (SHARE,)
    assert SHARE not in wanted_kinds(read_question("How many shares did the company sell?"))


def test_a_year_opening_a_quoted_title_is_no_date() -> None:
    from qa.spans import DATE, find_spans, has_span

    text = 'The report, titled "2023 Top 100 Cities in Advanced Manufacturing," was released in 2023.'
    assert [text[start:end] for start, end in find_spans(text, DATE)] == ["in 2023"]
    assert not has_span('The report, titled "2023 Top 100 Cities," was released.', DATE)
    assert not has_span("根据《2023年政府工作报告》，常州将加快发展。", DATE)
    assert has_span("The list of 2023 Top 100 Cities was released.", DATE)  # unquoted: may be when


def test_a_money_question_wants_a_sum_in_a_currency_not_any_number() -> None:
    from qa.answer import wanted_kinds
    from qa.spans import MONEY, find_spans

    text = ("Within three to five years, 45 clusters earned 19 trillion yuan, $5 million, 6 million Lira, "
            "the one-trillion-yuan target, 4亿5000万加元 and 300万元, in 2022.")
    assert [text[start:end] for start, end in find_spans(text, MONEY)] == [
        "19 trillion yuan", "$5 million", "6 million", "one", "5000", "300"]  # (the number; the currency follows)
    for question in ("How much money did the committee raise?", "How much did it cost to build the stadium?",
                     "张家港计划投入多少资金？", "大桥的造价是多少？"):
        assert wanted_kinds(read_question(question)) == (MONEY,), question
    for question in ("How much did Jiangsu's GDP grow?", "How many cities made the list?",
                     "2007－08年全球粮食价格危机产生了怎样的影响？"):
        assert MONEY not in wanted_kinds(read_question(question)), question


def test_a_day_question_wants_a_day_or_a_month_not_a_bare_year() -> None:
    from qa.answer import wanted_kinds
    from qa.spans import DAY, find_spans

    text = ("By 2025 the plan, unveiled on May 30 (Monday), then on 15 June 1899, on Christmas Eve, between "
            "November 2006 and 2008, 于2023年5月30日 and 2022年3月.")
    assert [text[start:end] for start, end in find_spans(text, DAY)] == [
        "May 30", "Monday", "15 June", "Christmas Eve", "November 2006", "2023年5月30日", "2022年3月"]
    for question in ("What day was the game played on?", "On what date did Luther die?",
                     "What was the date of Tesla's death?", "江苏的行动方案是哪一天发布的？"):
        assert wanted_kinds(read_question(question)) == (DAY,), question
    for question in ("When was the plan released?", "In what year did Luther die?",
                     "10月9日被定为什么日子以纪念该条约的签署？"):
        assert DAY not in wanted_kinds(read_question(question)), question


def test_a_question_about_a_post_wants_a_person_not_an_organisation() -> None:
    from qa.answer import wanted_kinds
    from qa.question import ORGANISATION, PERSON

    for question in ("Who is the chairman of Sany Group?", "Who was the Denver head coach for Super Bowl 50?",
                     "张家港的市长是谁？"):
        assert wanted_kinds(read_question(question)) == (PERSON,), question
    # an owner or a sponsor may be a body
    assert ORGANISATION in wanted_kinds(read_question("Who owns the Bosch Changsha Factory?"))
    assert ORGANISATION in wanted_kinds(read_question("Who sponsors the Changzhou government's English website?"))


def test_the_number_of_a_numbered_name_counts_nothing() -> None:
    from qa.spans import COUNT, find_spans

    text = "Sany Group No. 18 Factory, Line No.5 and 7 plants; there are no 12 factories."
    assert [text[start:end] for start, end in find_spans(text, COUNT)] == ["7", "12 factories"]


def test_a_phone_number_and_a_file_name_are_told_by_their_shape() -> None:
    from qa.spans import FILE, PHONE, find_spans

    text = "苏ICP备05003616号 Technical Support Phone:0519-85685023 Copyright 1995-2023 photo 0120-zjg_副本.png"
    assert [text[start:end] for start, end in find_spans(text, PHONE)] == ["0519-85685023"]
    assert [text[start:end] for start, end in find_spans(text, FILE)] == ["0120-zjg_副本.png"]


def test_what_is_the_x_asks_for_the_kind_of_thing_x_is() -> None:
    text = "CBS charged an average of $5 million for a 30-second commercial during the game."
    question = "What was the average cost of a 30-second commercial?"
    assert marked(text, question, r"average|30-second|commercial") == "$5 million"


def test_a_list_of_only_what_the_question_sets_aside_is_found_even_in_other_words() -> None:
    text = ("Efforts will be made by developing its eight leading industries, including new energy resources, "
            "digital economy, biological medicine, and high-end medical equipment.")
    aside = ["new energy", "digital economy", "biomedicine", "high-end medical equipment"]
    span = set_aside_list(text, aside)
    assert span is not None and text[span[0]:span[1]].startswith("new energy resources")
    # one more item, or one that is something else, and the list answers the question
    assert set_aside_list(text, aside[:3]) is None
    assert set_aside_list(text.replace("biological medicine", "tourism"), aside) is None


def test_a_shared_word_does_not_make_two_places_one() -> None:
    assert set_aside_list("Huguenots settled in Britain and South Africa.", ["Britain", "Germany"]) is None
    assert set_aside_list("Huguenots settled in Britain and South America.", ["Britain", "North America"]) is None
    assert set_aside_list("Huguenots settled in Britain and North America.", ["Britain", "North America"]) is not None


def _beyond(text: str, set_aside: list[str]) -> str | None:
    span = beyond_set_aside(text, set_aside)
    return text[span[0]:span[1]] if span else None


def test_the_short_answer_to_a_besides_question_is_what_the_list_names_besides() -> None:
    assert _beyond("All fats, fatty acids, amino acids, and proteins contain oxygen.",
                   ["fats", "fatty acids", "amino acids"]).startswith("proteins")
    assert _beyond("Universal, Warner Brothers, and Sony also run record companies.",
                   ["Universal", "Warner Brothers"]).startswith("Sony")
    # an item sharing a word with a set-aside one ("struggle with Rome") is passed over for those sharing none
    text = ("The years of struggle with Rome, the antagonisms with and among his fellow reformers, and the scandal "
            "which ensued from the bigamy of the Philip of Hesse contributed to his failing health.")
    rest = _beyond(text, ["the arguments with Rome", "his own fellow reformers"])
    assert rest is not None and not rest.startswith("The years") and "bigamy of the Philip of Hesse" in rest
    assert _beyond("Sony runs a label, and so do others.", ["Universal"]) is None  # no list names Universal
