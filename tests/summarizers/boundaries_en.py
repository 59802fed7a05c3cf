"""English sentence-boundary cases: news-style text written for this test set.

Each case is the list of sentences a reader sees; the text handed to the splitter is the
sentences joined by one space (``Case.text``), except the list cases, whose text has line
breaks and list markers the splitter must drop. Grouped by the failure classes of issue 14.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Case:
    """One boundary case: the expected sentences, and the text when it is not their join."""

    kind: str
    sentences: tuple[str, ...]
    raw: str | None = None

    @property
    def text(self) -> str:
        return self.raw if self.raw is not None else " ".join(self.sentences)


def cases(kind: str, *groups: tuple[str, ...]) -> list[Case]:
    """Cases of one failure class, each given as its sentences."""
    return [Case(kind, group) for group in groups]


TIMES = cases(
    "a.m./p.m.",
    ("The polls opened at 7 a.m.", "Voters queued in the rain."),
    ("The polls opened at 7 a.m.", "Mayor Karen Bass voted an hour later."),
    ("The fire started at about 2 a.m.", "Firefighters from three stations responded."),
    ("The hearing resumes at 10 a.m. Tuesday in Washington.", "It is open to the public."),
    ("Police were called at 11:40 p.m.", "Officer James Holt arrived first."),
    ("The flight left at 6:15 a.m. local time, the airline said.", "Nobody was hurt."),
    ("The shop closes at 9 p.m. on weekdays.", "It opens at noon on Sundays."),
    ("The quake struck at 4:32 a.m. EDT near the coast.", "Residents felt it in Lima."),
    ("Trading halted at 2:45 p.m.", "Nasdaq officials gave no reason."),
    ("The storm made landfall at 3 a.m. Thursday.", "Governor Ron DeSantis spoke at noon."),
    ("Doors open at 8 a.m.", "President Biden is due at nine."),
    ("The 7 a.m. Acela to Boston was cancelled.", "Amtrak apologised."),
    ("Voting ends at 8 p.m. Eastern time.", "Results are expected overnight."),
    ("The curfew runs from 10 p.m. to 5 a.m.", "Shops must close early."),
    ("He was last seen at 5 p.m. Friday near the park.", "His family is asking for help."),
    ("At 9 a.m. the bells rang across the city.", "Crowds gathered in the square."),
    ("The summit ended at 1 p.m.", "Chancellor Scholz left without comment."),
    ("The ferry docked at 6 a.m. GMT on Monday.", "Passengers were checked by police."),
    ("The vote came at 12:30 a.m.", "Speaker Mike Johnson called it historic."),
    ("Schools will close at 1 p.m. today.", "Parents were told by text message."),
    ("Rescuers reached the village by 4 p.m. Wednesday.", "Two people were still missing."),
)

ABBREVIATIONS = cases(
    "abbreviation before a name",
    ("The U.S. Senate passed the bill on Friday.", "It now goes to the House."),
    ("The deal was signed in the U.S.", "The company said talks took a year."),
    ("U.S. Secretary of State Antony Blinken arrived in Cairo.", "He met Egyptian officials."),
    ("The U.K. government denied the report.", "Ministers called it false."),
    ("Troops left the U.S. base in Syria.", "Kurdish forces took it over."),
    ("Prices rose in the U.S. and Canada.", "Europe saw smaller gains."),
    ("Mr. Trump spoke for an hour.", "Mrs. Haley answered the next day."),
    ("Dr. Anthony Fauci testified before Congress.", "Sen. Rand Paul questioned him."),
    ("Gov. Gavin Newsom signed the order.", "Lt. Gov. Eleni Kounalakis praised it."),
    ("The case is Roe v. Wade.", "It was decided in 1973."),
    ("Rep. Alexandria Ocasio-Cortez voted no.", "Sen. Chuck Schumer voted yes."),
    ("Gen. Mark Milley retired in 2023.", "Adm. Lisa Franchetti took over the Navy."),
    ("The firm is based in St. Louis.", "It employs 4,000 people."),
    ("Shares of Apple Inc. fell 2 percent.", "Microsoft Corp. rose."),
    ("He works for Acme Corp.", "The company makes brakes."),
    ("Prof. Mary Beard will give the lecture.", "Tickets are free."),
    ("J.K. Rowling wrote the statement herself.", "Her agent confirmed it."),
    ("George W. Bush attended the funeral.", "So did Barack Obama."),
    ("The U.N. Security Council meets on Monday.", "Russia holds the presidency."),
    ("The E.U. summit was postponed.", "Diplomats blamed the strikes."),
    ("Mrs. May resigned as leader in 2019.", "Boris Johnson replaced her."),
    ("The report cites Capt. Ahmed Saleh of the coast guard.", "He led the rescue."),
    ("Sgt. Maria Lopez was among the injured.", "She is in stable condition."),
    ("The meeting is at 221 Baker St. in London.", "Visitors are welcome."),
    ("The company, Vance Bros. Ltd., went bankrupt in May.", "Its staff were laid off."),
    ("Sen. Bernie Sanders of Vt. introduced the bill.", "It has ten co-sponsors."),
    ("The race in Calif. is close.", "Polls show a tie."),
    ("Officials in Washington, D.C. said the road was closed.", "Traffic was diverted."),
    ("The plan was approved by Ms. Warren and Mr. Sanders.", "Both are senators."),
    ("She moved to the U.S. in 1998.", "Her brother stayed in Poland."),
)

EMAILS_AND_URLS = cases(
    "e-mail and URL",
    ("Readers can write to tips@dailynews.com.", "We read every message."),
    ("Details are at www.cdc.gov/flu.", "The page is updated weekly."),
    ("Send questions to press.office@un.org by Friday.", "Late requests will not be answered."),
    ("The video was posted on https://youtu.be/abc123.", "It has a million views."),
    ("The form is on gov.uk/apply-passport.", "It takes ten minutes."),
    ("Contact j.smith@reuters.com for comment.", "He did not reply."),
    ("Read the full ruling at supremecourt.gov.", "It runs to 80 pages."),
    ("The site example.co.uk went offline on Tuesday.", "Hackers claimed responsibility."),
    ("More at bbc.co.uk/news.", "Updates follow."),
    ("Tickets are sold at tickets.example.org/finals?id=42.", "They sold out in an hour."),
    ("Email info@redcross.org to volunteer.", "Training starts next week."),
    ("The leak appeared on pastebin.com on Monday.", "It held 2,000 passwords."),
    ("The petition at change.org has 50,000 signatures.", "Organisers want 100,000."),
    ("Write to the editor at letters@nytimes.com.", "Letters may be edited."),
    ("The data is at data.worldbank.org.", "It covers 190 countries."),
    ("His address, m.lee@univ.edu, was in the file.", "The university confirmed it."),
    ("The app is at https://apps.apple.com/us/app/id123.", "It costs nothing."),
    ("See ft.com/content/abc for the chart.", "Growth slowed in March."),
    ("Call 555-0100 or visit help.example.net.", "Lines open at nine."),
    ("Her blog, janedoe.substack.com, has 9,000 readers.", "She writes every week."),
)

LISTS = [
    Case("list", ("The plan has three steps:", "A ceasefire.", "Aid deliveries.", "Talks in Cairo."),
         "The plan has three steps:\n1. A ceasefire.\n2. Aid deliveries.\n3. Talks in Cairo."),
    Case("list", ("Demands include:", "Higher wages.", "Shorter shifts."),
         "Demands include:\n1) Higher wages.\n2) Shorter shifts."),
    Case("list", ("The court asked:", "Whether the law applies.", "Who must pay."),
         "The court asked:\na) Whether the law applies.\nb) Who must pay."),
    Case("list", ("What we know:", "Three people died.", "Police arrested a man."),
         "What we know:\n- Three people died.\n- Police arrested a man."),
    Case("list", ("Key facts:", "The dam is 60 years old.", "It holds 2 billion litres."),
         "Key facts:\n• The dam is 60 years old.\n• It holds 2 billion litres."),
    Case("list", ("The rules:", "No phones in class.", "No bags in the hall."),
         "The rules:\n* No phones in class.\n* No bags in the hall."),
    Case("list", ("Top stories:", "Markets rally on rate hopes.", "Storm heads for Texas."),
         "Top stories:\n1. Markets rally on rate hopes.\n2. Storm heads for Texas."),
    Case("list", ("Steps to apply:", "Fill in the form.", "Pay the fee.", "Book an interview."),
         "Steps to apply:\n(1) Fill in the form.\n(2) Pay the fee.\n(3) Book an interview."),
    Case("list", ("The report found:", "Rents rose 8 percent.", "Wages rose 4 percent."),
         "The report found:\n(a) Rents rose 8 percent.\n(b) Wages rose 4 percent."),
    Case("list", ("Winners:", "Best film: Oppenheimer.", "Best actress: Emma Stone."),
         "Winners:\n– Best film: Oppenheimer.\n– Best actress: Emma Stone."),
    *cases(
        "list",
        ("The deal covers (a) tariffs, (b) quotas and (c) farm subsidies.", "It runs to 2030."),
        ("The bill would (1) raise the age, (2) cut fees and (3) add checks.", "It faces a vote."),
        ("Police named three suspects: (i) a driver, (ii) a guard and (iii) a clerk.",
         "All deny it."),
        ("The ranking put Oslo 1st, Zurich 2nd and Vienna 3rd.", "London was 12th."),
        ("Items 1. and 2. of the agenda were dropped.", "Item 3 was adopted."),
    ),
]

ELLIPSES = cases(
    "ellipsis",
    ("He said the talks were ... difficult.", "Nobody disagreed."),
    ("The letter read: \"We regret ... the delay.\"", "It was signed by the mayor."),
    ("Prices rose, then fell, then rose again...", "Analysts were puzzled."),
    ("\"I think ... no, I know we will win,\" she said.", "Her rival smiled."),
    ("The statement cited \"security ... concerns\" without details.", "Reporters asked for more."),
    ("Wait… the court is not finished yet.", "A ruling is due in May."),
    ("The minister paused… then resigned on air.", "Viewers were stunned."),
    ("The list of failures goes on and on...", "The inquiry will name them all."),
    ("Officials said the plan was \"under review...\"", "No date was set."),
    ("The song's lyrics (\"love ... and loss\") went viral.", "The band was surprised."),
    ("She listed oil, gas, coal... and wind.", "Wind was the cheapest."),
    ("The judge said: \"The defendant ... showed no remorse.\"", "He got ten years."),
    ("Then came the silence...", "Nobody moved for a minute."),
    ("\"We will . . . consider it,\" the spokesman said.", "He declined to say more."),
    ("The text was cut: \"under the terms [...] of the treaty.\"", "Lawyers objected."),
)

NUMBERS = cases(
    "No. before a number",
    ("The team is ranked No. 1 in the country.", "It has not lost all season."),
    ("Resolution No. 2334 was adopted in 2016.", "The U.S. abstained."),
    ("He wore jersey No. 23 for the Bulls.", "His son wears No. 0."),
    ("Storm No. 4 hit the coast.", "It was weaker than forecast."),
    ("The No. 2 official at the agency resigned.", "She gave no reason."),
    ("Flight No. 370 vanished in 2014.", "Debris was found later."),
    ("The law is Act No. 15 of 2019.", "It was amended twice."),
    ("Nos. 3 and 4 of the list were withdrawn.", "The rest stand."),
    ("The company is the No. 3 carmaker in Europe.", "Sales fell 5 percent."),
    ("Room No. 12 was searched first.", "Police found nothing."),
    ("The economy grew 3.5 percent in 2023.", "Inflation eased to 2.9 percent."),
    ("Shares fell 1.2 percent to $45.60.", "Volume was light."),
    ("The vote was 5-4.", "Justice Kagan wrote the dissent."),
    ("The deal is worth $1.5bn.", "It closes in June."),
    ("See page 12, paragraph 3.", "The wording is clear."),
)

CITATIONS = cases(
    "bracketed citation",
    ("The drug cut deaths by a third [1].", "Side effects were rare [2]."),
    ("Emissions rose in 2022 [3].", "China accounted for most of the rise."),
    ("The treaty was signed in 1998 [citation needed].", "Scholars dispute the date."),
    ("The study (Smith et al., 2021) found no link.", "Later work agreed."),
    ("Growth slowed (see chart).", "Officials blamed high rates."),
    ("The city has 2.1 million people (2020 census).", "It grew 4 percent."),
    ("He denied it (Reuters).", "The court will decide."),
    ("The law passed in May [4, 5].", "Critics filed suit."),
    ("Smith et al. reported similar results.", "Their sample was small."),
    ("The figure was revised (Table 2).", "It fell to 4.1 percent."),
    ("The claim was false [12].", "The author withdrew it."),
    ("Turnout hit a record (72 percent).", "Young voters drove it."),
    ("The bridge opened in 1932 (rebuilt 1990).", "It carries 100,000 cars a day."),
    ("Researchers (Lee and Park, 2019) used mice.", "Human trials followed."),
    ("The ban took effect [AP].", "Shops complied."),
)

GENERAL = cases(
    "quotes, initials and plain prose",
    ("\"We will rebuild,\" the mayor said.", "Crews began work on Monday."),
    ("\"Is this fair?\" asked one worker.", "Managers did not answer."),
    ("She said: 'It is over.'", "Then she left the room."),
    ("The company said it was \"deeply sorry.\"", "It offered refunds."),
    ("Turnout was high!", "Officials were delighted."),
    ("Why did the bridge fail?", "Engineers are still looking."),
    ("The report (published Monday) was leaked.", "Its author was fired."),
    ("C.S. Lewis lived in Oxford.", "His house is a museum."),
    ("The vote in the U.S. House was close.", "Three members were absent."),
    ("Officials in the E.U. were cautious.", "The Commission said nothing."),
    ("LONDON (Reuters) - Shares fell on Monday.", "Traders blamed oil prices."),
    ("KYIV, Ukraine (AP) — Drones hit the city overnight.", "Two people were hurt."),
    ("It was the warmest June on record.", "July could be hotter."),
    ("The ship sank.", "All 30 crew were saved."),
    ("Talks ended without a deal.", "Both sides blamed each other."),
    ("He was born in Ill. and raised in Ohio.", "He now lives in Texas."),
    ("The bill costs $3.2 trillion.", "Republicans oppose it."),
    ("Dr. Smith and Dr. Patel led the team.", "They published in May."),
    ("The agency, known as the F.B.I., declined to comment.", "A spokesman cited the inquiry."),
    ("The Rev. Martin Luther King Jr. spoke here in 1963.", "A plaque marks the spot."),
    ("Shares in Acme Inc.", "The firm's stock fell."),
    ("Temperatures reached 40.5C in Seville.", "Spain issued a red alert."),
    ("The election is on Nov. 5.", "Early voting has begun."),
    ("The talks begin on Jan. 10 in Geneva.", "Russia will attend."),
    ("Arrests were made in Mass. and N.Y. on Friday.", "Both suspects are in custody."),
    ("Approx. 400 people attended.", "The hall holds 500."),
    ("The measure passed 52-48.", "Vice President Harris did not vote."),
    ("The film grossed $1.4bn worldwide.", "A sequel is planned."),
    ("The report, Vol. 2 of the inquiry, is due in spring.", "Vol. 1 was released last year."),
    ("Officials met at 10 Downing St. on Monday.", "The prime minister chaired."),
    ("The U.S.-led coalition struck again.", "Iraq condemned the raids."),
    ("He earned a Ph.D. from Harvard.", "Then he joined the bank."),
    ("The ex-C.E.O. was charged.", "She denies fraud."),
    ("Fig. 3 shows the trend.", "Wages lag prices."),
    ("They met at the Univ. of Texas.", "Both studied law."),
)

ENGLISH: list[Case] = [
    *TIMES, *ABBREVIATIONS, *EMAILS_AND_URLS, *LISTS, *ELLIPSES, *NUMBERS, *CITATIONS, *GENERAL
]
