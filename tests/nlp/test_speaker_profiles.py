"""Speaker role and organisation as the quote stage reads them from the words around a name.

Each row is (text, speaker, role, organisation) for the one quote the sentence holds; the
sentences are written for this table in news style, none is taken from a dev set.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from newsmine.nlp.pipeline import build_pipeline

pytestmark = pytest.mark.model

PROFILE_ROWS = [
    # a nationality before a title is not part of the role (SCHEMA convention)
    ("The border will stay open, Turkmen President Serdar Orazov said on Monday.",
     "Serdar Orazov", "President", None),
    ("Kyrgyz officials said the new customs post would open in spring.",
     None, "officials", None),
    # an ambassador's nationality names whom he serves, so it stays
    ("Chinese Ambassador to Kenya Li Wenbo said the railway loan had been repaid.",
     "Li Wenbo", "Chinese Ambassador to Kenya", None),
    # the board a chairman sits on is part of the title; the firm is the organisation
    ("Chairman of the Board of the Eurasian Investment Bank Pavel Orlov said the loan was approved.",
     "Pavel Orlov", "Chairman of the Board", "Eurasian Investment Bank"),
    ("According to Deputy Chairman of the Board of Arman Holding Timur Sadykov, the market is growing.",
     "Timur Sadykov", "Deputy Chairman of the Board", "Arman Holding"),
    # a company's legal-form suffix after a comma stays in its name, and out of the next name
    ("Demand may improve, according to Wang Lei, an executive of Hebei Steel Trading Co., Ltd.",
     "Wang Lei", "executive", "Hebei Steel Trading Co., Ltd."),
    ("Vice President of Ridgeway Cement Co., Ltd Zhou Bin said the kiln would be replaced.",
     "Zhou Bin", "Vice President", "Ridgeway Cement Co., Ltd"),
    # the country a minister serves is neither in the role nor in the name after it
    ("At the opening, Deputy Minister of Energy of Uzbekistan Aziz Nurmatov said the plant is on schedule.",
     "Aziz Nurmatov", "Deputy Minister of Energy", None),
    ("The corridor is growing, said Deputy Minister of Transport of Kazakhstan Yerlan Dosov.",
     "Yerlan Dosov", "Deputy Minister of Transport", None),
    ("Press Secretary of Port of Aktau JSC Daniyar Kemel said cargo volumes had doubled.",
     "Daniyar Kemel", "Press Secretary", "Port of Aktau JSC"),
    # a wrapped organisation name before the title stays with the organisation
    ("TBILISI – The Georgian Rail Cargo (GRC) National Company CEO Levan Gelashvili said cargo volumes had grown.",
     "Levan Gelashvili", "CEO", "Georgian Rail Cargo (GRC) National Company"),
    # an event before 'of' is not a title
    ("During the official visit of President Arman Seitov to Beijing, he said that trade would double.",
     "Arman Seitov", "President", None),
    # a title set off by commas before the name, which the NER may tag as part of a person
    ("Asked about the harvest, Tajik Minister of Agriculture, Rustam Nazarov, noted that yields had doubled.",
     "Rustam Nazarov", "Minister of Agriculture", None),
    # a press service speaks under its named owner; with an unnamed owner it is a role (SCHEMA.md)
    ("“The new line will cut delivery times,” the Temir Transit press service said in a statement.",
     "Temir Transit press service", None, None),
    ("The fund has set aside money for the project, the ministry's press office said.",
     None, "ministry's press office", None),
    # a document speaks for its named owner or sender
    ("A new tariff office will open at the Ministry of Economy in March, the ministry's statement said.",
     "Ministry of Economy", None, None),
    ("Some 300 Korean students enrolled this year, according to figures from the Korean "
     "embassy in Ulaanbaatar.", "Korean embassy in Ulaanbaatar", None, None),
    # a company name the parser ends a sentence inside ('Co. Ltd.') still leads to the title
    ("At the forum, Deputy Head of Greenfield Cement Group Co. Ltd. Zhao Mingde stressed that his firm "
     "planned a second kiln.", "Zhao Mingde", "Deputy Head", "Greenfield Cement Group Co. Ltd."),
    # a name the NER cuts in two after a title with a country
    ("Chinese Ambassador to Mongolia Li Wen described the new crossing as a model of practical cooperation.",
     "Li Wen", "Chinese Ambassador to Mongolia", None),
    # an untagged company name before a lower-case title is its organisation
    ("Paynet founder and CEO Bekzat Omarov noted that sales had tripled. Today, Paynet has two million users.",
     "Bekzat Omarov", "founder and CEO", "Paynet"),
    # a long organisation name after a title, bracketed acronyms and quote marks included
    ("“The agreements are not enough,” said Oleg Sidorin, Director of the Institute for Forest and Peat "
     "Research of the Northern Branch of the Academy of Agrarian Sciences.",
     "Oleg Sidorin", "Director",
     "Institute for Forest and Peat Research of the Northern Branch of the Academy of Agrarian Sciences"),
    ("Wang Hua, director of the Lanzhou Institute of Glaciology (LIG) of the Western Academy of Sciences (WAS), "
     "noted that the expedition would study the ice.", "Wang Hua", "director",
     "Lanzhou Institute of Glaciology (LIG) of the Western Academy of Sciences (WAS)"),
    ("Executive director of \"Temir-Logistics\" Pavel Ignatov said that the terminal handles 400 containers a day.",
     "Pavel Ignatov", "Executive director", "Temir-Logistics"),
    # the outlet a writer works for, given as its possessive
    ("As RFE/RL’s Paul Grant writes, the cancellation will reverberate across the region.",
     "Paul Grant", None, "RFE/RL"),
    # the country that owns a university is not part of its name
    ("Nadia Perez at Britain’s University of Leeds argues that the study is a step forward.",
     "Nadia Perez", None, "University of Leeds"),
    # the organisation as written at the mention, not a longer form with a description before it
    ("“The smelter is the result of long cooperation,” said Dana Ospan, CEO of Kazakhmys.\n\n"
     "The National Mining Company Kazakhmys was founded in 1992.", "Dana Ospan", "CEO", "Kazakhmys"),
    # a lower-case portfolio after 'of' is part of the title, not an organisation
    ("Aziz Nurmatov, minister of ecology, said that the expedition had found new species.",
     "Aziz Nurmatov", "minister of ecology", None),
    # 'who serves as' a counsel; a department named 'of X' is the body itself, not a unit of X
    ("Lena Ortiz, who serves as legal counsel at the U.S. Department of Agriculture, says the region needs investment.",
     "Lena Ortiz", "legal counsel", "U.S. Department of Agriculture"),
    # a title qualified by an area between commas, then the organisation (broadsheet style)
    ("“We are in close talks with investors,” Amir Haddad, deputy chief executive, finance, at Harbour "
     "Line, told the newspaper.", "Amir Haddad", "deputy chief executive, finance", "Harbour Line"),
    # a company name the NER tags only in part runs on to the title ('Gazprom Neft CEO')
    ("Tatneft Energo CEO Ivan Lebedev said output would rise.", "Ivan Lebedev", "CEO", "Tatneft Energo"),
    # an age between commas comes before the description
    ("Nurlan Bekov, 52, a farmer in the Chui valley, said the canal had dried up.", "Nurlan Bekov", "farmer", None),
    # the country a president serves, as a possessive, is not part of the role
    ("Almaz Toktogulov, Kyrgyzstan's president, said the reforms would continue.",
     "Almaz Toktogulov", "president", None),
    # a field after 'of' stays in the title; the organisation follows the next preposition
    ("According to Dana Ospan, head of research at Halyk Finance, the tenge will weaken.",
     "Dana Ospan", "head of research", "Halyk Finance"),
    # a description with an article names a person by its noun, beyond the lexicon's titles
    ("Dr. Lena Ortiz, an epidemiologist at Johns Hopkins University, said the outbreak was slowing.",
     "Lena Ortiz", "epidemiologist", "Johns Hopkins University"),
    # a nationality before a group names no speaker, even where the NER tags it as a person
    ("Meanwhile, some Tajik economists say the loan terms favour the lender.", None, "economists", None),
    # 'the X side' in diplomatic usage is the country the document names
    ("Kazakhstan and Russia discussed transit. The Kazakh side noted that cargo volumes had doubled.",
     "Kazakhstan", None, None),
    # a government is spoken for by the country that owns it
    ("Kyrgyzstan's government said on Wednesday that it was in talks with lenders on the loans.",
     "Kyrgyzstan", None, None),
]


DOCUMENT_ROWS = [
    # a wire lead's unnamed person is the titled person the story then quotes by name
    ("Rail freight between the two countries has doubled this year, a Kazakh official has said.\n\n"
     "Timur Abenov, deputy transport minister of Kazakhstan, said on Friday in an interview that new "
     "terminals were planned.",
     [("Timur Abenov", "deputy transport minister", None), ("Timur Abenov", "deputy transport minister", None)]),
    # an unnamed spokeswoman stays unnamed, whoever is quoted later
    ("The plant will close in June, a company spokeswoman said.\n\n"
     "Chief Executive Laura Diaz said that no jobs would be lost.",
     [(None, "company spokeswoman", None), ("Laura Diaz", "Chief Executive", None)]),
    # 'the Ministry' as a defined term names the body the text gave in full before
    ("Kazakhstan will open two new departments at the Ministry of Energy and Mineral Resources.\n\n"
     "“The south needs most of the work,” said the Minister of the Ministry, Dauren Abilov.",
     [("Dauren Abilov", "Minister", "Ministry of Energy and Mineral Resources")]),
    # the agency tag after a wire dateline is not part of the title; 'of Trade' is a portfolio
    ("ASTANA. KAZINFORM Minister of Trade Arman Shakkaliyev met a delegation from China. «We are ready to "
     "help,» the Kazakh minister said.",
     [("Arman Shakkaliyev", "Minister of Trade", None)]),
    # a name with an initial is the same person as the name spelt out before, with the same profile
    ("Chief engineer of \"Aral Water\" Timur Bekov said that the canal would open in June.\n\n"
     "“The canal will irrigate 5,000 hectares,” T. Bekov said.",
     [("Timur Bekov", "Chief engineer", "Aral Water"), ("Timur Bekov", "Chief engineer", "Aral Water")]),
    # a description links back to the person it describes: 'the head of state' is the president
    ("President Almaz Toktogulov said in an interview that the tunnel was delayed.\n\n"
     "“Our contractors lacked the machines,” the head of state said.",
     [("Almaz Toktogulov", "President", None), ("Almaz Toktogulov", "President", None)]),
    # a described speaker who gives a name is that person, with the description as profile;
    # a nation's body abroad keeps its place in the name
    ("“Rules change every month,” the head of the Kazakh Chamber of Commerce in Urumqi, who gave only his "
     "surname Wang, told the newspaper.\n\nWang also said that several firms had left.",
     [("Wang", "head", "Kazakh Chamber of Commerce in Urumqi"), ("Wang", "head", "Kazakh Chamber of Commerce in Urumqi")]),
    # a pronoun after one unnamed person picks that person up, not a name mentioned in passing
    ("The port has been dredged to take larger ships from the Lakshadweep Sea, said an engineer at the site.\n\n"
     "“The work started this month,” he said.",
     [(None, "engineer", None), (None, "engineer", None)]),
    # a person introduced as a sentence subject after the last speaker is whom 'she said' means
    ("“Exports will double,” said Omar Farid, a trade analyst.\n\n"
     "Lena Ortiz, a 31-year-old site manager who joined the project in May, is in charge of the night shift.\n\n"
     "“The work is hard but well paid,” she said.",
     [("Omar Farid", "trade analyst", None), ("Lena Ortiz", "site manager", None)]),
]


@pytest.fixture(scope="module")
def profile_nlp() -> Language:
    return build_pipeline(components=("newsmine_entities", "newsmine_quotes"))


@pytest.mark.parametrize("text,speaker,role,org", PROFILE_ROWS, ids=[row[0][:50] for row in PROFILE_ROWS])
def test_speaker_profile(profile_nlp: Language, text: str, speaker: str | None, role: str | None,
                         org: str | None) -> None:
    quotes = profile_nlp(text)._.quotes
    assert len(quotes) == 1, quotes
    assert (quotes[0].speaker, quotes[0].speaker_role, quotes[0].speaker_org) == (speaker, role, org)


@pytest.mark.parametrize("text,expected", DOCUMENT_ROWS, ids=[row[0][:50] for row in DOCUMENT_ROWS])
def test_speaker_profiles_across_sentences(profile_nlp: Language, text: str,
                                           expected: list[tuple[str | None, str | None, str | None]]) -> None:
    quotes = profile_nlp(text)._.quotes
    assert [(quote.speaker, quote.speaker_role, quote.speaker_org) for quote in quotes] == expected
