"""The attribution pattern table for tests/nlp/test_quote_patterns.py.

Every sentence is written for this table from how news is written (wire, broadsheet,
interview, headline and Russian-press-in-translation styles); none is taken from a dev set.
Each row is (style, text, expected quotes); a quote is (kind, text, speaker) or
(kind, text, speaker, role) when the role of an unnamed speaker is checked too. Quote texts
are compared without the punctuation at their ends. Rows with no quote are negatives: scare
quotes, titles of works, song lyrics, quoted terms and plain narrative.
"""

from __future__ import annotations

D, I = "direct", "indirect"

WIRE = [
    ("Reuters reported on Tuesday that the consortium had missed three payment deadlines.",
     [(I, "the consortium had missed three payment deadlines", "Reuters")]),
    ("Exports of copper rose 12 percent in March, the statistics office said on Monday.",
     [(I, "Exports of copper rose 12 percent in March", None, "statistics office")]),
    ("The central bank said it would keep its key rate unchanged until the end of the year.",
     [(I, "it would keep its key rate unchanged until the end of the year", None, "central bank")]),
    ("Finance Minister Petra Holm said on Friday that the budget deficit would narrow next year.",
     [(I, "the budget deficit would narrow next year", "Petra Holm")]),
    ("The pipeline will carry 10 billion cubic metres a year, Energy Minister Aziz Karimov told reporters.",
     [(I, "The pipeline will carry 10 billion cubic metres a year", "Aziz Karimov")]),
    ("Prime Minister Lars Vinter announced that the new terminal would open in June.",
     [(I, "the new terminal would open in June", "Lars Vinter")]),
    ("The company said in a statement that output at the smelter had resumed.",
     [(I, "output at the smelter had resumed", None, "company")]),
    ("Traders said demand for wheat had slowed after the harvest.",
     [(I, "demand for wheat had slowed after the harvest", None, "Traders")]),
    ("Officials said the border crossing would reopen on Thursday.",
     [(I, "the border crossing would reopen on Thursday", None, "Officials")]),
    ("A spokeswoman for the port authority said the dredging work was finished.",
     [(I, "the dredging work was finished", None)]),
    ("Analysts expect that the merger will be approved by regulators.", []),
    ("Central bank governor Ivo Marek said inflation was likely to peak in the summer.",
     [(I, "inflation was likely to peak in the summer", "Ivo Marek")]),
    ("The ministry confirmed that two inspectors had been dismissed.",
     [(I, "two inspectors had been dismissed", None, "ministry")]),
    ("Grain shipments through the port fell by a third, according to customs data.",
     [(I, "Grain shipments through the port fell by a third", None)]),
    ("According to Omar Haddad, the director of the freight terminal, volumes doubled last year.",
     [(I, "volumes doubled last year", "Omar Haddad")]),
    ("The rail link will be finished by 2027, according to the transport ministry.",
     [(I, "The rail link will be finished by 2027", "transport ministry")]),
    ("The company missed its targets for a second year, according to a Reuters analysis.",
     [(I, "The company missed its targets for a second year", "Reuters")]),
    ("Bloomberg reported last week that the deal had been delayed.",
     [(I, "the deal had been delayed", "Bloomberg")]),
    ("The agency said that the vaccine had been approved for adults.",
     [(I, "the vaccine had been approved for adults", None, "agency")]),
    ("Police said three people were arrested after the protest.",
     [(I, "three people were arrested after the protest", None, "Police")]),
    ("Rescue workers said the search would continue through the night.",
     [(I, "the search would continue through the night", None, "Rescue workers")]),
    ("The airline warned that fares would rise in the autumn.",
     [(I, "fares would rise in the autumn", None, "airline")]),
    ("Kazakh Energy Minister Almas Serik said the refinery would be modernised by 2026.",
     [(I, "the refinery would be modernised by 2026", "Almas Serik")]),
    # datelines and long leads: the claim before a trailing attribution, read from the surface
    ("BEIJING, Dec. 9 (Xinhua) -- China will open three new border crossings with Mongolia next year, "
     "Commerce Minister Li Wen said on Monday.",
     [(I, "China will open three new border crossings with Mongolia next year", "Li Wen")]),
    ("NATO said the exercise would start in March.", [(I, "the exercise would start in March", "NATO")]),
    ("BATUMI – The new container terminal will handle 200,000 boxes a year, Economy Minister Nika Abashidze told journalists.",
     [(I, "The new container terminal will handle 200,000 boxes a year", "Nika Abashidze")]),
    ("Ferry Link Approved\n\nTASHKENT – The Uzbek Railways chief executive Bakhtiyor Nazarov and his Kazakh "
     "counterpart have agreed to raise freight volumes through the border crossing in a meeting on Friday, "
     "the railway’s press service reported.",
     [(I, "The Uzbek Railways chief executive Bakhtiyor Nazarov and his Kazakh counterpart have agreed to raise "
          "freight volumes through the border crossing in a meeting on Friday", None, "railway’s press service")]),
    ("ASTANA—Some 40,000 tourists have crossed the new border post since it opened in March, "
     "said Foreign Ministry Spokesperson Dana Omarova on Tuesday.",
     [(I, "Some 40,000 tourists have crossed the new border post since it opened in March", "Dana Omarova")]),
    ("ASTANA – Grain shipments between Kazakhstan and Iran grew by 15% compared to 2023, reaching a record of "
     "over 3 million tons, as was noted at a trade forum in Tehran, the Agriculture Ministry’s press service "
     "reported on May 3.",
     [(I, "Grain shipments between Kazakhstan and Iran grew by 15% compared to 2023, reaching a record of over "
          "3 million tons, as was noted at a trade forum in Tehran", "Agriculture Ministry’s press service", None)]),
    ("ASTANA. KAZINFORM - The cargo turnover at the \"Eastern Gate\" logistics zone will make 6 mln tons, "
     "Executive director of \"Steppe Logistics\" Arman Seitov told at the press conference.",
     [(I, "The cargo turnover at the \"Eastern Gate\" logistics zone will make 6 mln tons", "Arman Seitov")]),
    ("A further round of talks on the water-sharing deal was held in the capital on Monday, "
     "reported the deputy foreign minister Ilkhom Nazarov.",
     [(I, "A further round of talks on the water-sharing deal was held in the capital on Monday", "Ilkhom Nazarov")]),
    # phrasal speech verbs with their particle, and 'briefed that'
    ("As the analyst Tomas Berg laid out in his column, the merger may well raise prices for millions of households.",
     [(I, "the merger may well raise prices for millions of households", "Tomas Berg")]),
    ("The ambassador spelled out that sanctions would stay until the troops withdraw.",
     [(I, "sanctions would stay until the troops withdraw", None, "ambassador")]),
    ("Deputy Minister Sara Lind briefed that the harvest was running two weeks late because of the rains.",
     [(I, "the harvest was running two weeks late because of the rains", "Sara Lind")]),
    ("Workers laid out the new track in three weeks.", []),
    # an indirect question is reported after 'ask'; after 'explain' it only names the topic
    ("Opposition MP Daniyar Sultanov asked why the contract had been awarded without a tender.",
     [(I, "why the contract had been awarded without a tender", "Daniyar Sultanov")]),
    ("Farmers' leader Ruslan Bekov asked whether the government would compensate the growers for the flood.",
     [(I, "whether the government would compensate the growers for the flood", "Ruslan Bekov")]),
    ("The energy minister explained in a television interview why the tariffs had been raised twice this year.", []),
    ("President explains why foreign engineers run the new smelter", []),
    # a trailing attribution reports everything before its comma, both conjuncts
    ("- No sign the ban has cut imports of cheap steel, but smuggling across the border has grown, customs officers say",
     [(I, "No sign the ban has cut imports of cheap steel, but smuggling across the border has grown", None,
       "customs officers")]),
    ("The harvest was late this year, and prices for wheat have risen by a third, traders said.",
     [(I, "The harvest was late this year, and prices for wheat have risen by a third", None, "traders")]),
    # another speaker's report attached to the clause ends it: two quotes, not one
    ("Officials said exports rose sharply in the spring, while independent analysts said the figures had been inflated.",
     [(I, "exports rose sharply in the spring", None, "Officials"),
      (I, "the figures had been inflated", None, "independent analysts")]),
    ("Energy Minister Rustam Aliev said the plant would open in May, although a company statement said "
     "construction was running two months late.",
     [(I, "the plant would open in May", "Rustam Aliev"), (I, "construction was running two months late", None)]),
    # a second speech verb coordinated with the reported clause starts the speaker's next statement
    ("Finance Minister Olga Brandt said the budget gap had narrowed sharply and added that taxes would not rise next year.",
     [(I, "the budget gap had narrowed sharply", "Olga Brandt"), (I, "taxes would not rise next year", "Olga Brandt")]),
    ("Ambassador Lena Park on Monday said the new terminal is already in service and expressed the hope "
     "that traffic would double by 2030.",
     [(I, "the new terminal is already in service", "Lena Park"), (I, "traffic would double by 2030", "Lena Park")]),
    ("The mayor said the bridge was safe and open to traffic again.",
     [(I, "the bridge was safe and open to traffic again", None, "mayor")]),
    # 'said it' / 'That was announced' points back at the sentence before, within the paragraph
    ("The new tariff will take effect in March. Deputy Trade Minister Oleg Sorin said it on Tuesday at a press briefing.",
     [(I, "The new tariff will take effect in March", "Oleg Sorin")]),
    ("The two companies have agreed to build a wind farm near the coast. That was announced at a forum in the "
     "capital on Friday.",
     [(I, "The two companies have agreed to build a wind farm near the coast", None)]),
    ("The bridge reopened to traffic on Monday.\n\nThe mayor said so in a post on social media.", []),
    # the outlet that 'learned from' a source relays; the source speaks
    ("Wheat exports to China doubled in the first quarter, Kazinform has learned from the agriculture ministry's "
     "press service.",
     [(I, "Wheat exports to China doubled in the first quarter", None, "agriculture ministry's press service")]),
    ("She learned from her mistakes, the coach said.", [(I, "She learned from her mistakes", None, "coach")]),
    # a parenthetical attribution with adjuncts is not a trailing one: the sentence goes on after it
    ("The deal, analysts said on Monday, could collapse before the end of the month.",
     [(I, "The deal, analysts said on Monday, could collapse before the end of the month", None, "analysts")]),
    # trailing attributions with an apposition, and after a partial quote ending the claim
    ("Copper output at the mine will double by 2030, Lars Berg, an analyst at Nordbank, said on Wednesday "
     "at a conference in Oslo.",
     [(I, "Copper output at the mine will double by 2030", "Lars Berg")]),
    ("The terminal handled a record two million containers last year, said Mia Holt, the port's chief executive.",
     [(I, "The terminal handled a record two million containers last year", "Mia Holt")]),
    ("The pipeline will cross Georgia, Azerbaijan and Turkey before it reaches the coast, the Minister of Energy "
     "Tomas Rek stated at the summit in Baku.",
     [(I, "The pipeline will cross Georgia, Azerbaijan and Turkey before it reaches the coast", "Tomas Rek")]),
    ("Since the reform two years ago, the network has offered “cheaper, faster and safer travel,” railway "
     "spokesman Ali Demir told reporters in Ankara.",
     [(I, "Since the reform two years ago, the network has offered “cheaper, faster and safer travel", "Ali Demir")]),
    # an 'as' clause whose verb has its own object reports nothing about its host
    ("Vietnam tightens checks on timber imports as campaigners urge a ban on illegal logging", []),
    ("The parliament has approved the lease of a new air base near the northern border as officials warn "
     "of rising smuggling across the mountains.",
     [(I, "rising smuggling across the mountains", None, "officials")]),
    ("The region's exports grew by a fifth last year, as the governor noted at the investment forum.",
     [(I, "The region's exports grew by a fifth last year", None, "governor")]),
    ("The development bank's chairperson also welcomed the country's recent tax reforms, "
     "the prime minister's chief of staff said in a tweet on Monday.",
     [(I, "The development bank's chairperson also welcomed the country's recent tax reforms", None, "chief of staff")]),
    ("The regulator concluded that the merger would not harm competition.",
     [(I, "the merger would not harm competition", None, "regulator")]),
    ("The union claimed that more than 4,000 workers had joined the strike.",
     [(I, "more than 4,000 workers had joined the strike", None, "union")]),
    ("The plan, officials said, favours the northern route over the coastal one.",
     [(I, "The plan, officials said, favours the northern route over the coastal one", None)]),
    ("The bridge, engineers said, needs urgent repairs before the winter.",
     [(I, "The bridge, engineers said, needs urgent repairs before the winter", None)]),
    ("As Maria Lopez noted, the port has not been dredged in a decade.",
     [(I, "the port has not been dredged in a decade", "Maria Lopez")]),
    ("As the minister pointed out, the tariff applies only to raw aluminium.",
     [(I, "the tariff applies only to raw aluminium", None)]),
    ("The weather was mild for most of the week.", []),
    ("Trains resumed service on the line on Saturday morning.", []),
    ("The factory employs about 2,000 people and exports to 40 countries.", []),
    ("Ministers met in Vienna to discuss the new corridor.", []),
    ("The report was published in March.", []),
    ("Shares in the company fell 4 percent in early trading.", []),
    ("The talks are expected to resume next week.", []),
    ("Economists suggest that higher tariffs will hurt small exporters.",
     [(I, "higher tariffs will hurt small exporters", None, "Economists")]),
    ("The senator suggested that the vote be delayed until the autumn.",
     [(I, "the vote be delayed until the autumn", None)]),
    ("Investors believe the bank will cut rates in December.",
     [(I, "the bank will cut rates in December", None, "Investors")]),
    ("The mayor admitted that the tram project was over budget.",
     [(I, "the tram project was over budget", None)]),
    ("Health officials revealed that the outbreak had spread to two more provinces.",
     [(I, "the outbreak had spread to two more provinces", None)]),
    ("The court ruled in favour of the farmers on Wednesday.", []),
]

BROADSHEET = [
    ('"We are not going to rebuild a rail network in a year," said Omar Tessler, a freight analyst.',
     [(D, "We are not going to rebuild a rail network in a year", "Omar Tessler")]),
    ("''Nobody rebuilds a rail network in a year,'' said Omar Tessler, a freight analyst.",
     [(D, "Nobody rebuilds a rail network in a year", "Omar Tessler")]),
    ("``The harvest was the worst in a decade,'' said Ruth Okafor, who farms near the river.",
     [(D, "The harvest was the worst in a decade", "Ruth Okafor")]),
    ('Senator Jane Smith said the plan was "very, very troubling" for the region and should be withdrawn.',
     [(I, 'the plan was "very, very troubling" for the region and should be withdrawn', "Jane Smith")]),
    ("“This is a turning point for the whole region,” said Hana Novak, an economist at Meridian Bank.",
     [(D, "This is a turning point for the whole region", "Hana Novak")]),
    ("“We will not accept these terms,” she said, “and we will say so at the summit.”",
     [(D, "We will not accept these terms", None), (D, "and we will say so at the summit", None)]),
    ("The governor, 64, told Channel 5's Lena Ortiz that the bridge would reopen in May.",
     [(I, "the bridge would reopen in May", None, "governor")]),
    ("Ana Costa, director of the Lisbon Ports Institute, said the new cranes had cut waiting times.",
     [(I, "the new cranes had cut waiting times", "Ana Costa")]),
    ("“The numbers simply do not add up,” said Pieter de Vries, a professor of economics.",
     [(D, "The numbers simply do not add up", "Pieter de Vries")]),
    ("The deal, which took two years to negotiate, is “a win for everybody involved,” Tom Reyes said.",
     [(I, "The deal, which took two years to negotiate, is “a win for everybody involved", "Tom Reyes")]),
    ("Critics argue that the dam will starve the delta of sediment.",
     [(I, "the dam will starve the delta of sediment", None, "Critics")]),
    ("Supporters of the scheme insist that it will create thousands of jobs.",
     [(I, "it will create thousands of jobs", None)]),
    ("The researchers concluded that the glacier is retreating faster than expected.",
     [(I, "the glacier is retreating faster than expected", None)]),
    ("In her view, the project has been badly managed from the start.",
     [(I, "the project has been badly managed from the start", None)]),
    ("Liu Fang, a trade lawyer in Shanghai, said the rules were “vague and open to abuse.”",
     [(D, "vague and open to abuse", "Liu Fang")]),
    ("“It is too early to say,” the spokesman said when asked about the delay.",
     [(D, "It is too early to say", None)]),
    ("The novel “A River in Winter” won the prize last year.", []),
    ("She sang “Take Me Home” at the end of the concert.", []),
    ("The so-called “middle corridor” runs across the Caspian Sea.", []),
    ("Locals call the road the “highway of death” because of its accidents.", []),
    ("His latest film, “The Long Crossing,” opens on Friday.", []),
    ("The exhibition is titled “Steel and Water: Ports of the North.”", []),
    ("The term “friend-shoring” has become popular among policymakers.", []),
    ("The crowd chanted “we want work” outside the ministry.", []),
    ("Many residents see the new mall as a “mixed blessing” for the town.", []),
    ("The band closed with “Rivers of Gold,” their best-known song.", []),
    ("“Water is life,” reads a banner above the village well.", []),
    ("The documentary “Empty Nets” follows three fishing families.", []),
    ("Karin Lund, a historian, said the treaty had been “largely forgotten” by the 1990s.",
     [(I, "the treaty had been “largely forgotten” by the 1990s", "Karin Lund")]),
    ("“People are scared,” said a nurse who asked not to be named. “We have no masks left.”",
     [(D, "People are scared", None), (D, "We have no masks left", None)]),
    ("The mayor denied that the contract had been awarded without a tender.",
     [(I, "the contract had been awarded without a tender", None)]),
    ("Environmental groups warned that the mine could poison the river.",
     [(I, "the mine could poison the river", None)]),
    ("The architect explained that the roof was designed to collect rainwater.",
     [(I, "the roof was designed to collect rainwater", None)]),
    ("Opposition leader Farid Nasser accused the government of hiding the real costs.", []),
    ("The editorial board argued that the subsidy should be scrapped.",
     [(I, "the subsidy should be scrapped", None)]),
]

INTERVIEW = [
    ("“We expect the first trains to run in 2026,” Chen Wei, the project manager, told the newspaper.",
     [(D, "We expect the first trains to run in 2026", "Chen Wei")]),
    ("“There is no plan B,” Sara Lind told Radio North's Jonas Berg in an interview.",
     [(D, "There is no plan B", "Sara Lind")]),
    ("“Ask Ahmed Yilmaz what he thinks of the plan,” said Daniel Cho, a city councillor.",
     [(D, "Ask Ahmed Yilmaz what he thinks of the plan", "Daniel Cho")]),
    ("“I told Minister Varga that the figures were wrong,” said Eva Horn, the auditor.",
     [(D, "I told Minister Varga that the figures were wrong", "Eva Horn")]),
    ("Asked whether prices would fall, Mira Patel said: “Not this year, and probably not next.”",
     [(D, "Not this year, and probably not next", "Mira Patel")]),
    ("“Our exports to the region have tripled,” said Ivan Petrov. “We plan to open two more offices.”",
     [(D, "Our exports to the region have tripled", "Ivan Petrov"),
      (D, "We plan to open two more offices", "Ivan Petrov")]),
    ("“The river is lower every summer,” said Aigerim Bekova, who grows melons on its banks.",
     [(D, "The river is lower every summer", "Aigerim Bekova")]),
    ("In an interview, Farah Siddiqui said the company would not sell its stake.",
     [(I, "the company would not sell its stake", "Farah Siddiqui")]),
    ("Speaking to reporters, Tomas Ek said the tariffs were “a mistake.”",
     [(I, "the tariffs were “a mistake", "Tomas Ek")]),
    ("“I have never seen anything like it,” said Rosa Mendes, 72, who has lived in the valley all her life.",
     [(D, "I have never seen anything like it", "Rosa Mendes")]),
    ("“Can the network cope with this?” asked Jan Novak, an engineer at the rail operator.",
     [(D, "Can the network cope with this?", "Jan Novak")]),
    ("Dilnoza Yusupova told the BBC that the drought had ruined half of her harvest.",
     [(I, "the drought had ruined half of her harvest", "Dilnoza Yusupova")]),
    ("Marco Ricci, who runs a shipping firm in Genoa, said costs had doubled since January.",
     [(I, "costs had doubled since January", "Marco Ricci")]),
    ("“We simply cannot compete on price,” admitted Lukas Weber, the firm's chief executive.",
     [(D, "We simply cannot compete on price", "Lukas Weber")]),
    ("“This is the end of an era,” Anna Berg wrote on social media.",
     [(D, "This is the end of an era", "Anna Berg")]),
    ("“Our members want certainty,” said Paul Okoro of the Federation of Small Exporters.",
     [(D, "Our members want certainty", "Paul Okoro")]),
    ("Nadia Rahimi, a teacher, said she had waited three hours for a bus.",
     [(I, "she had waited three hours for a bus", "Nadia Rahimi")]),
    ("“We are not against the dam,” said Bolat Nurov. “We are against how it was planned.”",
     [(D, "We are not against the dam", "Bolat Nurov"), (D, "We are against how it was planned", "Bolat Nurov")]),
]

HEADLINES = [
    # a headline's subjectless 'says ready to ...'
    ("Iran says ready to resume nuclear talks with European powers",
     [(I, "ready to resume nuclear talks with European powers", "Iran")]),
    ("Minister says grain exports will double by 2030",
     [(I, "grain exports will double by 2030", None, "Minister")]),
    ("Central bank says inflation will slow in the second half",
     [(I, "inflation will slow in the second half", None)]),
    ("Port operator says new berth will open in the spring",
     [(I, "new berth will open in the spring", None)]),
    ("Rail chief warns that freight volumes could fall further",
     [(I, "freight volumes could fall further", None)]),
    ("Steel output to rise next year, says industry ministry",
     [(I, "Steel output to rise next year", None, "industry ministry")]),
    ("Grain exports to double by 2030: minister\n\n"
     "Agriculture Minister Dana Ross said on Monday that exports would double within the decade.",
     [(I, "Grain exports to double by 2030", "Dana Ross"),
      (I, "exports would double within the decade", "Dana Ross")]),
    ("New corridor to cut delivery times - analyst\n\n"
     "“Trucks will save three days on every trip,” said Olga Brandt, a logistics analyst.",
     [(I, "New corridor to cut delivery times", "Olga Brandt"),
      (D, "Trucks will save three days on every trip", "Olga Brandt")]),
    ("Harbour City: A Decade of Growth\n\nThe port handled a record volume last year.", []),
    ("Harbour Tunnel Opens to Traffic After Six Years", []),
    ("Floods Cut Rail Link Between Two Capitals", []),
    ("Record Harvest Expected in the North", []),
    ("China and Kazakhstan Sign Deal on New Border Crossing", []),
    ("Talks on Water Sharing Resume in Tashkent", []),
]

RUSSIAN_PRESS = [
    # the name apposed to an 'according to' source belongs to the source, not to the claim
    ("According to the head of the regional administration, Aidar Omarov, the new road will be opened in September.",
     [(I, "the new road will be opened in September", "Aidar Omarov")]),
    # 'X reports that ...' is X's statement; only a postposed '..., X reports' tags a relay
    ("The Ministry of Energy reports that oil output fell by 3 percent in October.",
     [(I, "oil output fell by 3 percent in October", "Ministry of Energy")]),
    ("ASTANA, March 3. /TASS/. Kazakhstan will build a second track on the line by 2026, Deputy Transport "
     "Minister Yerlan Sadykov said.",
     [(I, "Kazakhstan will build a second track on the line by 2026", "Yerlan Sadykov")]),
    ("Cargo traffic through the crossing grew by 15 percent, Trend reports.", []),
    ("The railway will connect the two countries by 2027, the minister said, Kazinform reports.",
     [(I, "The railway will connect the two countries by 2027", None)]),
    ("As reported earlier, the delegation arrived in Beijing on Monday.", []),
    ("It was reported that the plant had been closed for repairs.", []),
    ("«We are ready to increase supplies», — noted the head of the company Ruslan Abenov.",
     [(D, "We are ready to increase supplies", "Ruslan Abenov")]),
    ("«The project is of great importance for the whole region», — stressed Marat Zhunusov.",
     [(D, "The project is of great importance for the whole region", "Marat Zhunusov")]),
    ("Deputy Prime Minister Serik Zhumanov noted that the sides had agreed on the main parameters.",
     [(I, "the sides had agreed on the main parameters", "Serik Zhumanov")]),
    ("The head of state emphasized that the country is open to foreign investment.",
     [(I, "the country is open to foreign investment", None)]),
    ("According to the press service of the ministry, the works will be completed this year.",
     [(I, "the works will be completed this year", None)]),
    ("The Minister of Agriculture Nurlan Aitov informed that the sowing campaign had begun.",
     [(I, "the sowing campaign had begun", "Nurlan Aitov")]),
    ("The ambassador expressed confidence that trade would reach 10 billion dollars.",
     [(I, "trade would reach 10 billion dollars", None)]),
    ("The parties agreed that the next meeting would be held in Bishkek.",
     [(I, "the next meeting would be held in Bishkek", None)]),
    ("The akim of the region stated that all the schools would be repaired by September.",
     [(I, "all the schools would be repaired by September", None)]),
    ("The president of the association Gulnara Ismailova underlined that exporters need cheaper loans.",
     [(I, "exporters need cheaper loans", "Gulnara Ismailova")]),
    ("Chairman of the Board of KazGrain Holding Timur Baimukhanov said the company would buy 50 new wagons.",
     [(I, "the company would buy 50 new wagons", "Timur Baimukhanov")]),
]

PARAGRAPHS = [
    # reporting verbs of US political and feature writing
    ("Sen. Carla Whitfield said the measure would raise costs for rural hospitals.",
     [(I, "the measure would raise costs for rural hospitals", "Carla Whitfield", "Sen.")]),
    ("Gov. Ruth Amani told reporters that the bridge would reopen before the holidays.",
     [(I, "the bridge would reopen before the holidays", "Ruth Amani", "Gov.")]),
    ("Councillor Piet Moorhouse said the bus lanes had cut commuting times.",
     [(I, "the bus lanes had cut commuting times", "Piet Moorhouse", "Councillor")]),
    ("Senate Majority Leader Tom Ashby countered that the bill would cost nothing.",
     [(I, "the bill would cost nothing", "Tom Ashby")]),
    ("The new line will be late, as always, retorted Ines Falk, a city councillor.",
     [(I, "The new line will be late, as always", "Ines Falk", "city councillor")]),
    ("Ruth Kemper joked that the ferry was older than she was.",
     [(I, "the ferry was older than she was", "Ruth Kemper")]),
    ("The opposition charged that the tender had been rigged from the start.",
     [(I, "the tender had been rigged from the start", None, "opposition")]),
    # a short quoted sentence goes on from the quotation before it, past only its attribution
    ("“We cannot keep giving water away for free,” Talgat Omarov said. “Our farmers need it too.”",
     [(D, "We cannot keep giving water away for free", "Talgat Omarov"),
      (D, "Our farmers need it too", "Talgat Omarov")]),
    ("The festival is called “Songs of the Steppe.” Tickets went on sale on Monday.", []),
    ("“We are ready for the winter,” said Ivan Petrov, the terminal manager.\n\n"
     "“The queue will be gone by Friday, and nobody will have to wait overnight again.”",
     [(D, "We are ready for the winter", "Ivan Petrov"),
      (D, "The queue will be gone by Friday, and nobody will have to wait overnight again", "Ivan Petrov")]),
    ("“We are ready for the winter,” said Ivan Petrov, the terminal manager.\n\n"
     "Trucks queued for hours at the border on Monday.\n\nCustoms officers worked through the night.\n\n"
     "“The queue will be gone by Friday, and nobody will have to wait overnight again.”",
     [(D, "We are ready for the winter", "Ivan Petrov"),
      (D, "The queue will be gone by Friday, and nobody will have to wait overnight again", None)]),
    ("Ivan Petrov has run the terminal since 2015.\n\nHe said the queue would be gone by Friday.",
     [(I, "the queue would be gone by Friday", "Ivan Petrov")]),
    ("“Nobody rebuilds a rail network in a year,” said Omar Tessler, a freight analyst.\n\n"
     "The governor told Channel 5's Lena Ortiz that the bridge would reopen in May.",
     [(D, "Nobody rebuilds a rail network in a year", "Omar Tessler"),
      (I, "the bridge would reopen in May", None, "governor")]),
    ("Ana Costa, a port official, said the cranes had arrived.\n\n"
     "The filing said the operator owed three million dollars to its suppliers.",
     [(I, "the cranes had arrived", "Ana Costa"),
      (I, "the operator owed three million dollars to its suppliers", None)]),
    ("Helena Brandt, an economist, said growth would slow.\n\n"
     "The minister said the budget would be balanced by 2027.",
     [(I, "growth would slow", "Helena Brandt"), (I, "the budget would be balanced by 2027", None, "minister")]),
    ("Transport Minister Karl Weiss opened the new station on Monday.\n\n"
     "The minister said more lines would follow next year.",
     [(I, "more lines would follow next year", "Karl Weiss")]),
    ("“The river has never been this low,” said Aigul Sarsenova, a hydrologist.\n\n"
     "She said the reservoir held a third of its usual volume.",
     [(D, "The river has never been this low", "Aigul Sarsenova"),
      (I, "the reservoir held a third of its usual volume", "Aigul Sarsenova")]),
    ("The company said profits had doubled.\n\n“We had an exceptional year,” said Mia Holt, its chief executive.",
     [(I, "profits had doubled", None, "company"), (D, "We had an exceptional year", "Mia Holt")]),
    # the second paragraph closes a quote the first left open: the marks continue it
    ("“This is only the beginning,\n\nand we will not stop,” he said.", [(D, "and we will not stop", None)]),
    # a stray closing mark after a closed quote starts nothing
    ("“We are done,” she said.\n\nThe strike ended,” the union added in a note to its members.",
     [(D, "We are done", None), (I, "The strike ended", None, "union")]),
    # a headline is its own sentence: the parser must not read the lead's verb across the break
    ("Coal Exports Rise, Plans To Double Port Capacity\n\n"
     "The operator shipped four million tonnes of coal in the first half, the port authority reported.",
     [(I, "The operator shipped four million tonnes of coal in the first half", None, "port authority")]),
    ("Ferry Line Opens Between Two Lake Towns\n\n"
     "The new ferry will carry up to 300 passengers a day, operator spokesman Pavel Orlov said on Monday.",
     [(I, "The new ferry will carry up to 300 passengers a day", "Pavel Orlov")]),
]

NAMES = [
    ("Sen. Mark Doyle (D-Mo.) said the bill would pass before the recess.",
     [(I, "the bill would pass before the recess", "Mark Doyle")]),
    ("Rep. Linda Fox (R-Tex.) said the vote had been postponed.",
     [(I, "the vote had been postponed", "Linda Fox")]),
    ("Ivan Petrov and Maria Santos said the talks had failed.",
     [(I, "the talks had failed", "Ivan Petrov and Maria Santos")]),
    ("Charles and David Koenig said the company would stay private.",
     [(I, "the company would stay private", "Charles and David Koenig")]),
    ("The two presidents announced that a joint commission would be set up.",
     [(I, "a joint commission would be set up", None)]),
    ("Spokesperson Aibala Nurova said visas would no longer be required.",
     [(I, "visas would no longer be required", "Aibala Nurova")]),
    ("Dr. Hans Keller said the vaccine was safe for children.",
     [(I, "the vaccine was safe for children", "Hans Keller")]),
    ("Mr. Okafor said the strike would continue.",
     [(I, "the strike would continue", "Okafor")]),
    ("Kassym-Jomart Tokayev said the country would stay neutral.",
     [(I, "the country would stay neutral", "Kassym-Jomart Tokayev")]),
    ("Jean-Luc Moreau, a lawyer for the family, said they would appeal.",
     [(I, "they would appeal", "Jean-Luc Moreau")]),
    ("Pieter van der Berg said the dikes would hold.",
     [(I, "the dikes would hold", "Pieter van der Berg")]),
    ("Deputy Foreign Minister Igor Volkov said the sides had agreed on a date.",
     [(I, "the sides had agreed on a date", "Igor Volkov")]),
]

MORE_NEGATIVES = [
    # a relay after the attribution is no reported clause
    ("“We lost half the harvest. The traders come with empty trucks and leave with full ones,” the farmer said, "
     "the regional newspaper reported.",
     [(D, "We lost half the harvest. The traders come with empty trucks and leave with full ones", None, "farmer")]),
    # a speech verb acting on a thing ('maintaining its policy') does not make a scare quote a quote
    ("The government is maintaining its “open door” policy while it courts investors from the Gulf.", []),
    ("The carrier added two “premium” lounges at its main hub this spring.", []),
    ("The word “crisis” appears 40 times in the report.", []),
    ("The ship, named “Northern Star,” was launched in 1998.", []),
    ("She hummed “Moon River” while she worked.", []),
    ("The operation was code-named “Sandstorm.”", []),
    ("His book “Roads to Nowhere” sold 10,000 copies.", []),
    ("The café is called “The Last Stop.”", []),
    ("Residents describe the area as “forgotten.”", []),
    ("The law is known locally as the “bread tax.”", []),
    ("The programme, “Open Skies,” ended in 2019.", []),
    ("The chorus goes “all the rivers run to the sea.”", []),
    ("The “green” bonds were sold within an hour.", []),
    ("The talks ended without a joint statement.", []),
    ("The minister visited the dam on Tuesday.", []),
    ("Reports of the accident spread quickly online.", []),
    ("The announcement came a day after the election.", []),
    ("He was reportedly paid a large bonus.", []),
    ("The ministry's statement did not mention the costs.", []),
    ("A new report on water use will be published in June.", []),
]

MORE_ATTRIBUTIONS = [
    ("“Prices will fall,” Hassan Ali predicted.", [(D, "Prices will fall", "Hassan Ali")]),
    ("“Not a single train left on time,” complained Greta Holm, a commuter.",
     [(D, "Not a single train left on time", "Greta Holm")]),
    ("“We are very proud of what the team achieved this year,” said Martina Kral.",
     [(D, "We are very proud of what the team achieved this year", "Martina Kral")]),
    ("The minister said: “The road will be finished by the end of the year.”",
     [(D, "The road will be finished by the end of the year", None)]),
    ("Sarah Kim said: “We have no choice but to raise prices this spring.”",
     [(D, "We have no choice but to raise prices this spring", "Sarah Kim")]),
    ("“It's a disaster for the fishermen,” said Tuan Nguyen, “and nobody in the capital cares.”",
     [(D, "It's a disaster for the fishermen", "Tuan Nguyen"), (D, "and nobody in the capital cares", "Tuan Nguyen")]),
    ("Olga Ivanova told reporters that the new line would carry freight only.",
     [(I, "the new line would carry freight only", "Olga Ivanova")]),
    ("The foreign ministry said in a statement that the ambassador had been recalled.",
     [(I, "the ambassador had been recalled", None, "foreign ministry")]),
    ("Yusuf Demir, the mayor, warned that the water supply could run out by August.",
     [(I, "the water supply could run out by August", "Yusuf Demir")]),
    ("Farmers complained that the new canal had dried up their wells.",
     [(I, "the new canal had dried up their wells", None, "Farmers")]),
    ("Experts say the lake could disappear within twenty years.",
     [(I, "the lake could disappear within twenty years", None, "Experts")]),
    ("Residents said they had not been consulted about the new road.",
     [(I, "they had not been consulted about the new road", None, "Residents")]),
    ("A senior official said the agreement would be signed next month.",
     [(I, "the agreement would be signed next month", None)]),
    ("Diplomats said the talks could resume in the spring.",
     [(I, "the talks could resume in the spring", None, "Diplomats")]),
]

OBJECT_CLAIMS = [
    # an emphasis verb's object with an evaluative adjective is a judgement; a plain one names a topic
    ("Agriculture Minister Ivo Dragan noted the bank's successful record in financing small farms.",
     [(I, "the bank's successful record in financing small farms", "Ivo Dragan")]),
    ("The president underscored the long-standing friendship between the two nations.",
     [(I, "the long-standing friendship between the two nations", None, "president")]),
    ("The minister noted the new projects in the region.", []),
    ("The governor highlighted the bridges and roads built this year.", []),
    # a negated 'exclude' / 'rule out' states what is possible; a proposal longer than a bare name counts
    ("The ambassador did not rule out the participation of foreign banks in the new fund.",
     [(I, "the participation of foreign banks in the new fund", None, "ambassador")]),
    ("Finance Minister Ola Berg does not exclude a second cut in fuel duties before the winter.",
     [(I, "a second cut in fuel duties", "Ola Berg")]),
    ("The committee excluded two bidders from the tender.", []),
    ("Hydrologists do not preclude that the lake will shrink by half within a decade.",
     [(I, "the lake will shrink by half within a decade", None, "Hydrologists")]),
    ("The central bank did not rule out that rates would rise again in the autumn.",
     [(I, "rates would rise again in the autumn", None, "central bank")]),
    ("The court precluded any appeal against the ruling.", []),
    ("The prime minister proposed setting up a joint investment fund with the Gulf states.",
     [(I, "setting up a joint investment fund with the Gulf states", None, "prime minister")]),
    ("The council proposed the plan last year.", []),
    ("President Aruzhan Tleu called for a faster reform of the customs service.",
     [(I, "a faster reform of the customs service", "Aruzhan Tleu")]),
    ("Premier Wen Lao urged member states to remove the new trade barriers.",
     [(I, "member states to remove the new trade barriers", "Wen Lao")]),
    ("The minister denied the charge of favouring local contractors.",
     [(I, "the charge of favouring local contractors", None)]),
    ("Governor Ilya Marin praised the speed of the reconstruction work.",
     [(I, "the speed of the reconstruction work", "Ilya Marin")]),
    ("Nadia Osei stressed the importance of keeping the border open.",
     [(I, "the importance of keeping the border open", "Nadia Osei")]),
    ("Paulo Reis pledged to keep the factory open until 2030.",
     [(I, "to keep the factory open until 2030", "Paulo Reis")]),
    ("Officials warned of rising flood risks along the river.",
     [(I, "rising flood risks along the river", None, "Officials")]),
    ("Nadia Osei highlighted the new projects at the port.", []),
    ("The two leaders discussed cooperation in energy and transport.", []),
    ("Paulo Reis pledged funding for the new hospital.", []),
    ("The delegation thanked the hosts for their hospitality.", []),
]

# Who is speaking: press services, documents, countries, glued and broken names, pronouns.
SPEAKERS = [
    ("“Freight trains will run every day from March,” the Caspian Rail press service said.",
     [(D, "Freight trains will run every day from March", "Caspian Rail press service", None)]),
    ("The tender will be announced in autumn, the agency's press office said on Monday.",
     [(I, "The tender will be announced in autumn", None, "agency's press office")]),
    ("Exports of flour rose by a fifth, according to figures from the Turkish embassy in Tashkent.",
     [(I, "Exports of flour rose by a fifth", "Turkish embassy in Tashkent", None)]),
    ("Mongolia's government said on Friday that it would cut coal export duties.",
     [(I, "it would cut coal export duties", "Mongolia", None)]),
    ("Uzbekistan and China signed six agreements. The Uzbek side stressed that the railway was a priority.",
     [(I, "the railway was a priority", "Uzbekistan", None)]),
    ("Minister for Water and Irrigation Bolat Serikov said that two new canals would be dug.",
     [(I, "two new canals would be dug", "Bolat Serikov", "Minister for Water and Irrigation")]),
    ("Some Kyrgyz economists argue that the loan terms are too harsh.",
     [(I, "the loan terms are too harsh", None, "economists")]),
    ("The new berth can take ships of 60,000 tonnes, said a port engineer.\n\n"
     "“Dredging will finish next month,” he said.",
     [(I, "The new berth can take ships of 60,000 tonnes", None, "port engineer"),
      (D, "Dredging will finish next month", None, "port engineer")]),
    ("President Nuriddin Saidov said in a radio interview that the dam would be finished in 2028.\n\n"
     "“We will not wait for foreign money,” the head of state said.",
     [(I, "the dam would be finished in 2028", "Nuriddin Saidov", "President"),
      (D, "We will not wait for foreign money", "Nuriddin Saidov", "President")]),
    ("“Prices will stabilise by spring,” said Peter Lund, a banker.\n\n"
     "Aigerim Dosova, a 29-year-old economist who joined the ministry last year, oversees the forecasts.\n\n"
     "“Inflation is slowing faster than we expected,” she said.",
     [(D, "Prices will stabilise by spring", "Peter Lund", "banker"),
      (D, "Inflation is slowing faster than we expected", "Aigerim Dosova", "economist")]),
    ("Chief economist of \"Steppe Capital\" Arman Zhakupov said that the tenge would weaken.\n\n"
     "“Oil prices decide everything,” A. Zhakupov added.",
     [(I, "the tenge would weaken", "Arman Zhakupov", "Chief economist"),
      (D, "Oil prices decide everything", "Arman Zhakupov", "Chief economist")]),
    ("“Border checks take two days,” the head of the Turkish Business Association in Almaty, who gave only "
     "his first name Mehmet, told reporters.",
     [(D, "Border checks take two days", "Mehmet", "head")]),
    ("As Bloomberg’s Paul Grant writes, the merger will reshape the regional market.",
     [(I, "the merger will reshape the regional market", "Paul Grant", None)]),
    ("Ruth Baines Tells Lawmakers Budget Cuts Will Hurt Schools\n\nRuth Baines said the cuts would close 40 schools.",
     [(I, "the cuts would close 40 schools", "Ruth Baines", None)]),
    ("The transport ministry said on Monday that tolls would rise. It added that the bypass would open in 2027.",
     [(I, "tolls would rise", None, "transport ministry"), (I, "the bypass would open in 2027", None, "transport ministry")]),
    # a title-case headline subject the story never names again is a description, not a name,
    # and a later 'the <qualified> ministry' is its own unnamed speaker, not the headline's
    ("Ferry Operator Says Crossings Will Resume\n\n"
     "The fisheries ministry said on Friday that the ban on night crossings would stay.",
     [(I, "Crossings Will Resume", None, "Ferry Operator"),
      (I, "the ban on night crossings would stay", None, "fisheries ministry")]),
    ("Kestrel Mining Corp said it would build a wind farm. The energy ministry said that the permit was not yet signed.",
     [(I, "it would build a wind farm", "Kestrel Mining Corp", None),
      (I, "the permit was not yet signed", None, "energy ministry")]),
    ("Kestrel Mining Corp said it would build a wind farm. The company said that the first turbines would arrive in May.",
     [(I, "it would build a wind farm", "Kestrel Mining Corp", None),
      (I, "the first turbines would arrive in May", "Kestrel Mining Corp", None)]),
    ("Jonas Berg, director, Asia, at Nordic Freight, said the route was profitable.",
     [(I, "the route was profitable", "Jonas Berg", "director, Asia")]),
]


def _speech_verb_rows() -> list[tuple[str, str, list]]:
    """Each reporting verb in the two positions news uses most: before and after its clause.

    The verbs are the lexicon's common ones; the speakers and clauses vary so that no row
    repeats another.
    """
    verbs = [
        ("said", "say"), ("stated", "state"), ("noted", "note"), ("added", "add"), ("stressed", "stress"),
        ("warned", "warn"), ("claimed", "claim"), ("argued", "argue"), ("explained", "explain"),
        ("insisted", "insist"), ("confirmed", "confirm"), ("announced", "announce"), ("believes", "believe"),
        ("acknowledged", "acknowledge"), ("emphasised", "emphasise"), ("predicted", "predict"),
        ("reported", "report"), ("suggested", "suggest"), ("revealed", "reveal"), ("admitted", "admit"),
        ("estimated", "estimate"), ("maintained", "maintain"), ("recalled", "recall"), ("declared", "declare"),
        ("conceded", "concede"), ("disclosed", "disclose"), ("observed", "observe"), ("reiterated", "reiterate"),
    ]
    people = [
        "Maria Santos", "Omar Khalil", "Ingrid Olsen", "Kenji Sato", "Fatima Bello", "Pavel Dvorak",
        "Leila Haddad", "Samuel Osei", "Yuki Tanaka", "Arman Seitkali", "Clara Jensen", "Tariq Aziz",
        "Helga Brandt", "Diego Alvarez", "Nina Kovac", "Rahul Mehta", "Sofia Rossi", "Bakyt Osmonov",
        "Elena Popescu", "Kwame Mensah", "Lina Sorensen", "Haruto Ito", "Amina Diallo", "Viktor Horvat",
        "Zara Qureshi", "Felix Braun", "Aliya Nurlanovna", "Jonas Lindqvist",
    ]
    clauses = [
        "the new bridge will cut travel times by half", "the harbour needs a deeper channel",
        "the company will hire 300 workers next year", "the border queues have grown since May",
        "wheat prices will stay high until the harvest", "the tunnel is safe for heavy trucks",
        "the city has no money left for repairs", "the new tariffs will hurt small farmers",
        "the pipeline is running at full capacity", "the airport will handle ten million passengers",
        "the factory will switch to solar power", "the talks have made real progress",
        "the reservoir is at its lowest level in years", "the ferry service will resume in April",
        "the ministry underestimated the costs", "the railway will reach the coast by 2030",
        "the mine will close within five years", "the bank will lend more to small firms",
        "the canal must be widened", "the new law will attract investors",
        "the drought has cut cotton yields", "the road was built without permits",
        "the currency will weaken further", "the grid cannot take more wind power",
        "the port lost two major clients", "the subsidy was never paid",
        "the steel plant is losing money", "the metro line will open on time",
    ]
    rows = []
    for number, ((verb, _lemma), person, clause) in enumerate(zip(verbs, people, clauses)):
        if number % 2 == 0:
            text = f"{person} {verb} that {clause}."
        else:
            text = f"{clause[0].upper()}{clause[1:]}, {person} {verb}."
            clause = clause[0].upper() + clause[1:]
        rows.append(("verbs", text, [(I, clause, person)]))
    return rows


ROWS: list[tuple[str, str, list]] = [
    *(("wire", text, expected) for text, expected in WIRE),
    *(("broadsheet", text, expected) for text, expected in BROADSHEET),
    *(("interview", text, expected) for text, expected in INTERVIEW),
    *(("headline", text, expected) for text, expected in HEADLINES),
    *(("russian-press", text, expected) for text, expected in RUSSIAN_PRESS),
    *(("paragraphs", text, expected) for text, expected in PARAGRAPHS),
    *(("names", text, expected) for text, expected in NAMES),
    *(("negative", text, expected) for text, expected in MORE_NEGATIVES),
    *(("broadsheet", text, expected) for text, expected in MORE_ATTRIBUTIONS),
    *(("objects", text, expected) for text, expected in OBJECT_CLAIMS),
    *(("speakers", text, expected) for text, expected in SPEAKERS),
    *_speech_verb_rows(),
]
