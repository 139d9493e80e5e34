"""Quote extraction and speaker attribution (nlp/quotes/).

Mark pairing is tested on plain strings; everything else runs the packaged spaCy model with
the `newsmine_quotes` component (loaded once per session). Sentences are written for these
tests; the seed article is read from ../shared/seeds and the test skips when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import newsmine.nlp  # noqa: F401  (registers the newsmine factories)
from newsmine.nlp.pipeline import SPACY_MODEL
from newsmine.nlp.quotes import canonical_name, extract_quotes, find_quote_spans

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_0ba59ea2cf4a0462.txt"


@pytest.fixture(scope="session")
def quotes_nlp() -> Language:
    """The packaged English model plus the quotes component only (entities fall back to doc.ents)."""
    language = spacy.load(SPACY_MODEL)
    language.add_pipe("newsmine_quotes")
    return language


def _quotes(language: Language, text: str) -> list[tuple[str, str, str | None]]:
    return [(quote.kind, quote.text, quote.speaker) for quote in language(text)._.quotes]


def _contents(text: str) -> list[str]:
    return [text[span.start : span.end] for span in find_quote_spans(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ('He said "the plan works" today.', ["the plan works"]),
        ("He said “the plan works” today.", ["the plan works"]),
        ("He said «the plan works» today.", ["the plan works"]),
        ("He said „the plan works“ today.", ["the plan works"]),
        ("He said ‘the plan works’ today.", ["the plan works"]),
        ("He said 'the plan works' today.", ["the plan works"]),
        ("“We will build it,” she said. “It will be ready.”", ["We will build it", "It will be ready."]),
        ("“It opens without closing.\n\n“And continues here,” she said.",
         ["It opens without closing.", "And continues here"]),
        ('The port"s capacity and the country"s roads grew.', []),
        ("“The 'Middle Route' matters,” he said.", ["The 'Middle Route' matters"]),
        ("Azerbaijan's port and the ministers' plans grew.", []),
        ("No quotation marks at all.", []),
        ('"', []),
        ('"""" ""', []),
    ],
)
def test_find_quote_spans_pairs_marks_per_paragraph(text: str, expected: list[str]) -> None:
    assert _contents(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("“Unclosed in the first paragraph only\n\nA plain second paragraph.", ["Unclosed in the first paragraph only"]),
        ('A "closed" one.\n\nAn "unclosed one here', ["closed", "unclosed one here"]),
    ],
)
def test_find_quote_spans_unbalanced_mark_stays_in_its_paragraph(text: str, expected: list[str]) -> None:
    assert _contents(text) == expected


@pytest.mark.parametrize(
    "query,candidates,expected",
    [
        ("Tanaka", [("Hiro Tanaka", [0])], "Hiro Tanaka"),
        ("Mr Tanaka", [("Hiro Tanaka", [0])], "Hiro Tanaka"),
        ("Tanaka", [("Hiro Tanaka", [0]), ("Emi Tanaka", [50])], "Emi Tanaka"),
        ("Tanaka", [("Hiro Tanaka", [0]), ("Emi Tanaka", [500])], "Hiro Tanaka"),
        ("Smith", [("Hiro Tanaka", [0])], "Smith"),
    ],
)
def test_canonical_name_prefers_nearest_fullest_name(query: str, candidates, expected: str) -> None:
    assert canonical_name(query, candidates, 100) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "“The new terminal will double our capacity next year,” said Maria Lopez, the port director.",
            [("direct", "The new terminal will double our capacity next year", "Maria Lopez")],
        ),
        (
            ("Maria Lopez spoke to reporters on Monday. “We have finished the first stage,” she said. "
            "“The second stage starts in spring.”"),
            [
                ("direct", "We have finished the first stage", "Maria Lopez"),
                ("direct", "The second stage starts in spring.", "Maria Lopez"),
            ],
        ),
        (
            'Officials from the ministry said that the railway had "changed everything" for local farmers.',
            # the partial quote belongs to the reported clause: no quote inside another
            [("indirect", 'the railway had "changed everything" for local farmers', None)],
        ),
        ("The plan is part of the “Green Horizon” programme.", []),
        ("Farmers called the road a “lifeline” last year.", []),
        ("Nobody has any doubts about the weather this week.", []),
    ],
)
def test_extract_quotes_direct_quotes_and_scare_quotes(quotes_nlp: Language, text: str, expected) -> None:
    assert sorted(_quotes(quotes_nlp, text)) == sorted(expected)


@pytest.mark.model
@pytest.mark.parametrize(
    "text,expected_text,expected_speaker",
    [
        ("Maria Lopez said that the bridge would open in May.", "the bridge would open in May", "Maria Lopez"),
        ("Maria Lopez warned the bridge would open late.", "the bridge would open late", "Maria Lopez"),
        ("The bridge will open in May, Maria Lopez said.", "The bridge will open in May", "Maria Lopez"),
        ("According to Maria Lopez, the bridge will open in May.", "the bridge will open in May", "Maria Lopez"),
        ("Maria Lopez expressed the hope that the bridge would open in May.",
         "the bridge would open in May", "Maria Lopez"),
        ("Maria Lopez pointed out that the bridge would open in May.", "the bridge would open in May", "Maria Lopez"),
    ],
)
def test_extract_quotes_reported_speech_with_that_clause(
    quotes_nlp: Language, text: str, expected_text: str, expected_speaker: str
) -> None:
    quotes = quotes_nlp(text)._.quotes
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [("indirect", expected_text, expected_speaker)]


@pytest.mark.model
@pytest.mark.parametrize(
    "text,expected_text,expected_speaker",
    [
        ("Maria Lopez met the press. “The talks went well,” she said, adding, “We will sign it next week.”",
         "We will sign it next week.", "Maria Lopez"),
        ("Maria Lopez met the press. According to her website, the talks went well.",
         "the talks went well", "Maria Lopez"),
        ("Maria Lopez met the press. According to the ministry, the talks went well.",
         "the talks went well", None),
    ],
)
def test_extract_quotes_speaker_from_related_verbs(
    quotes_nlp: Language, text: str, expected_text: str, expected_speaker: str | None
) -> None:
    found = [q.speaker for q in quotes_nlp(text)._.quotes if q.text == expected_text]
    assert found == [expected_speaker]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "According to last year's data, exports of grain continue to grow.",
        "Statistics this year also indicate that the trend remains unchanged.",
        "Maria Lopez highlighted the significance of the bridge.",
        "Maria Lopez visited the bridge on Monday.",
        "The bridge, which opened in May, carries trucks.",
    ],
)
def test_extract_quotes_no_reported_speech_without_clause(quotes_nlp: Language, text: str) -> None:
    assert quotes_nlp(text)._.quotes == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text,speaker,role,org",
    [
        ("Brazilian President Ana Costa said that the deal was fair.", "Ana Costa", "President", None),
        ("Ana Costa, director of the Lisbon Energy Institute, said that the deal was fair.",
         "Ana Costa", "director", "Lisbon Energy Institute"),
        (("Ana Costa, senior analyst at the Research Department of the Lisbon Energy Institute, "
         "said that the deal was fair."), "Ana Costa", "senior analyst", "Lisbon Energy Institute"),
        ("Maria Lopez, an environmentalist in the southern province of Yunnan, said that the river was drying up.",
         "Maria Lopez", "environmentalist", None),
        ("President of the Republic of Chad, Ali Mahamat said that he wants a new mining deal.",
         "Ali Mahamat", "President", None),
        ("Li Wei, director of the Lisbon Port Authority in Portugal, said that trade grew very fast.",
         "Li Wei", "director", "Lisbon Port Authority"),
        ("Li Wei, a professor at City University of Hong Kong, said that exports to China would double next year.",
         "Li Wei", "professor", "City University of Hong Kong"),
        ("Bo Chen, director of the Bank of China, said that trade grew very fast.", "Bo Chen", "director",
         "Bank of China"),
        ("The Chairman of the Lisbon Port Authority, Tomas Ribeiro, said that the plan was fully funded.",
         "Tomas Ribeiro", "Chairman", "Lisbon Port Authority"),
        (("It will open next year, Dorj Bat, director general at the Ministry of Roads, Transport, Energy and "
         "Urban Planning, said in an interview."), "Dorj Bat", "director general",
         "Ministry of Roads, Transport, Energy and Urban Planning"),
        ("It will open next year, Dorj Bat, director at the Ministry of Roads, said in an interview.",
         "Dorj Bat", "director", "Ministry of Roads"),
        (("Dorj Bat, a spokesman for the finance ministry's customs and excise department, said smugglers could "
         "face long prison terms."), "Dorj Bat", "spokesman", "finance ministry's customs and excise department"),
        (("Dorj Bat, director at the Lisbon Institute and senior fellow at the Oxford Centre, said that the prices "
         "would fall soon."), "Dorj Bat", "director", "Lisbon Institute"),
        (("Economist Saltanat Orynbekova of the Steppe Institute for Economic Research said the plant is a step "
         "towards diversification."), "Saltanat Orynbekova", "Economist", "Steppe Institute for Economic Research"),
        ("Analyst Dana Omarova from Harbor Capital Partners said the plant is a step towards diversification.",
         "Dana Omarova", "Analyst", "Harbor Capital Partners"),
        ("Economist Dana Omarova said the plant is a step towards diversification.", "Dana Omarova", "Economist",
         None),
        ("Dana Omarova of Lisbon said the plant is a step towards diversification.", "Dana Omarova", None, None),
        ("Gazprom's chief executive Alexei Petrov said that exports to China would double next year.",
         "Alexei Petrov", "chief executive", "Gazprom"),
        ("Harbor Capital Partners' chief economist Alexei Petrov said that exports to China would double next year.",
         "Alexei Petrov", "chief economist", "Harbor Capital Partners"),
        ("China's President Alexei Petrov said that exports to China would double next year.",
         "Alexei Petrov", "President", None),
        ("Alexei Petrov, who heads the Lisbon Energy Institute, said that exports to China would double next year.",
         "Alexei Petrov", None, "Lisbon Energy Institute"),
        (("Alexei Petrov, who leads the research team at the Lisbon Energy Institute, said that exports to China "
         "would double next year."), "Alexei Petrov", None, "Lisbon Energy Institute"),
        ("Alexei Petrov, writing in the Lisbon Herald, said that exports to China would double next year.",
         "Alexei Petrov", None, "Lisbon Herald"),
        (("Dana Omarova writing in ABC Weekly said that although the minister named no investors, there was "
         "speculation about the deals."), "Dana Omarova", None, "ABC Weekly"),
        ("Alexei Petrov, who lives in Lisbon, said that exports to China would double next year.",
         "Alexei Petrov", None, None),
        (("Tom Baker -NEWSDESK- (PERU)- The Chairman of the Lima Port Authority, Carlos Quispe Rojas, has argued "
          "that the new terminal will carry most exports."), "Carlos Quispe Rojas", "Chairman", "Lima Port Authority"),
        (("Tom Baker, the Chairman of the Lima Port Authority, has argued that the new terminal will carry most "
          "exports."), "Tom Baker", "Chairman", "Lima Port Authority"),
        ("Experts believe that the deal was fair.", None, "Experts", None),
        ("An official said that the deal was fair.", None, "official", None),
        ("Grain exports will double next year, the minister said.", None, "minister", None),
        ("Grain exports will double next year, the agriculture minister said.", None, "agriculture minister", None),
        ("Grain exports will double next year, Energy Minister Dana Omarova said.", "Dana Omarova", "Energy Minister",
         None),
        ("Rates will rise, Treasury Secretary Mara Delling said.", "Mara Delling", "Treasury Secretary", None),
    ],
)
def test_extract_quotes_speaker_role_and_org(
    quotes_nlp: Language, text: str, speaker: str | None, role: str | None, org: str | None
) -> None:
    quote = quotes_nlp(text)._.quotes[0]
    assert (quote.speaker, quote.speaker_role, quote.speaker_org) == (speaker, role, org)


@pytest.mark.model
@pytest.mark.parametrize(
    "text,expected_speakers",
    [
        (
            ("Ana Costa, director of the Lisbon Energy Institute, visited the plant. "
            "She said that output would rise next year."),
            [("Ana Costa", "director", "Lisbon Energy Institute")],
        ),
        (
            "Transport Minister Ana Costa opened the line. The minister said that more trains would follow soon.",
            [("Ana Costa", "Transport Minister", None)],
        ),
        (
            "Ana Costa, director of the Lisbon Energy Institute, spoke first. Later Costa said that prices would fall.",
            [("Ana Costa", "director", "Lisbon Energy Institute")],
        ),
        (
            ("The Chairman of the Lisbon Port Authority in Portugal, Asim Saleem Kavu, opened the terminal. "
            "Kavu said that the government is totally committed to the plan."),
            [("Asim Saleem Kavu", "Chairman", "Lisbon Port Authority")],
        ),
        (
            ("Dorj Bat, chief financial officer of the state company running the mine, said that output would "
            "double. The mine will grow, Bat, of Gobi Coal Holding, said on Monday."),
            [("Dorj Bat", "chief financial officer", "Gobi Coal Holding")] * 2,
        ),
        (
            ("Dorj Bat, chief financial officer of the state company running the mine, said that output would "
            "double. The mine will grow, Bat, of Lisbon, said on Monday."),
            [("Dorj Bat", "chief financial officer", "state company")] * 2,
        ),
        (
            ("Economist Saltanat Orynbekova of the Steppe Institute for Economic Research spoke. "
            "\u201cThe plant is a step towards real diversification,\u201d Orynbekova said."),
            [("Saltanat Orynbekova", "Economist", "Steppe Institute for Economic Research")],
        ),
        (
            ("Marat Zhaksylykov, head of logistics research at the Eurasian Transit Observatory, visited the border. "
            "\u201cWhen the port is congested, a truck driver has nowhere else to go,\u201d he said."),
            # the field after 'of' is part of the title as written (SCHEMA.md: role as written)
            [("Marat Zhaksylykov", "head of logistics research", "Eurasian Transit Observatory")],
        ),
        (
            ("Gulnara Sadykova, a researcher at the Almaty Agrarian Futures Lab, spoke on Monday. "
            "According to Sadykova, grain exporters also face a shortage of hopper wagons."),
            [("Gulnara Sadykova", "researcher", "Almaty Agrarian Futures Lab")],
        ),
        (
            "Three wind farms will be built in the north, the regional government announced on Monday.",
            [(None, "regional government", None)],
        ),
        (
            "The Harbor Mining Company opened a new plant. The company said that output would double next year.",
            [("Harbor Mining Company", None, None)],
        ),
        (
            "The terminal opened on Monday. Kavu said that the government is totally committed to the plan.",
            [("Kavu", None, None)],
        ),
    ],
)
def test_extract_quotes_resolves_pronouns_and_descriptions(quotes_nlp: Language, text: str, expected_speakers) -> None:
    quotes = quotes_nlp(text)._.quotes
    assert [(q.speaker, q.speaker_role, q.speaker_org) for q in quotes] == expected_speakers


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "",
        "No quotes here at all, only a plain sentence.",
        '"' * 3000,
        "“" * 500 + "”" * 500,
        "“" + "an unclosed quotation that goes on " * 200,
        ("'" + "x" * 7 + '"') * 400,
        "迎来 “混合” text 迎来 with marks ” and ‘ stray ’ ones.",
    ],
)
def test_extract_quotes_bad_input_never_raises(quotes_nlp: Language, text: str) -> None:
    quotes = quotes_nlp(text)._.quotes
    assert all(text[q.start : q.end] == q.text for q in quotes)


@pytest.mark.parametrize(
    "text",
    [
        ("“" + "a word " * 150_000 + "”"),
        ('"quoted words in here for sure" and more ' * 25_000),
        ("‘ ’ " * 100_000),
    ],
)
def test_extract_quotes_huge_paragraph_without_parse(text: str) -> None:
    blank = spacy.blank("en")
    blank.max_length = 2 * len(text)
    doc = blank.make_doc(text)
    quotes = extract_quotes(doc)
    assert all(text[q.start : q.end] == q.text and q.speaker is None for q in quotes)


@pytest.fixture(scope="module")
def seed_quotes(quotes_nlp: Language):
    if not SEED.exists():
        pytest.skip(f"{SEED} not present")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    body = "\n".join(line for line in lines[1:] if not line.startswith(("Source:", "Original Article:", "Disclaimer:")))
    return quotes_nlp(body.strip())._.quotes


ASETKUZ = ("Jadiera Asetkuz", "senior expert", "Kazakhstan Institute for Strategic Studies")
AMIREBAYEV = ("Aidar Amirebayev", "director", "Kazakhstan Political Research Center")


@pytest.mark.model
@pytest.mark.parametrize(
    "kind,opening,speaker",
    [
        ("direct", "Kazakhstan is not only a resource exporter", ASETKUZ),
        ("direct", "Investment cooperation will", ASETKUZ),
        ("direct", "China's current economic quality", AMIREBAYEV),
        ("direct", "We compete with Russia", AMIREBAYEV),
        ("indirect", "future agreements are expected", ASETKUZ),
        ("indirect", "another important direction would be", ASETKUZ),
        ("indirect", "this summit should be fully utilized", AMIREBAYEV),
        ("indirect", "although diversified cooperation", AMIREBAYEV),
        ("indirect", "this meeting between Central Asia and China", (None, "Experts", None)),
        ("indirect", "the need to promote diversified industrial development", (None, "head of state", None)),
    ],
)
def test_extract_quotes_seed_article(seed_quotes, kind: str, opening: str, speaker) -> None:
    found = [q for q in seed_quotes if q.kind == kind and q.text.startswith(opening)]
    assert [(q.speaker, q.speaker_role, q.speaker_org) for q in found] == [speaker]


@pytest.mark.model
def test_extract_quotes_seed_article_has_no_scare_quotes(seed_quotes) -> None:
    texts = [q.text for q in seed_quotes]
    assert "Belt and Road" not in texts and "Middle Corridor" not in texts
    assert len([q for q in seed_quotes if q.kind == "direct"]) == 4
