"""Reading a message written in English as well as one written in Danish (issue #17).

The NLU's entities are left out: these are what actions/reading.py finds in the text itself
(places, substances, ages, who is speaking, units, days, what is asked, crisis words), so an
English message must read into the same Reading as its Danish counterpart - and the Danish
ones must read as they always did.
"""

from __future__ import annotations

import pytest

from actions.reading import read_message

FIELDS = ("municipality", "substance", "age", "relation", "speaker", "day", "now", "need", "crisis")


def read(db, text: str, intent: str = "nlu_fallback"):
    return read_message(db, {"text": text, "intent": {"name": intent, "confidence": 0.3}, "entities": []})


def fields(reading, names=FIELDS) -> dict:
    return {name: getattr(reading, name) for name in names}


def units(reading) -> tuple | None:
    return (sorted(reading.units.unit_ids), reading.units.generic, reading.units.word) if reading.units else None


# Each English message and a Danish one that says the same.
SAME = [
    ("i smoke too much weed, i live in norrebro", "jeg ryger for meget pot, bor på nørrebro"),
    ("coke problem, live in frederiksberg", "kokainproblem, bor på frederiksberg"),
    ("im 17 and drink a lot, live in søborg", "jeg er 17 og drikker meget, bor i søborg"),
    ("i'm 17 years old and smoke hash", "jeg er 17 år og ryger hash"),
    ("my son is 16 and smokes weed, we live in østerbro", "min søn på 16 ryger hash, vi bor på østerbro"),
    ("my son is sixteen and smokes hash", "min søn er seksten og ryger hash"),
    ("my daughter drinks every weekend", "min datter drikker"),
    ("my boyfriend snorts coke", "min kæreste sniffer kokain"),
    ("my husband drinks", "min mand drikker"),
    ("my brother takes pills", "min bror tager piller"),
    ("my mum drinks too much", "min mor drikker for meget"),
    ("im 16 and my mum doesnt know, i smoke hash", "jeg er 16 og min mor ved det ikke, jeg ryger hash"),
    ("i use heroin and want to get on methadone", "jeg tager heroin og vil gerne have metadon"),
    ("when is nyropsgade open tomorrow?", "hvornår har nyropsgade åbent i morgen?"),
    ("is hørsholmsgade open on wednesday?", "har hørsholmsgade åbent onsdag?"),
    ("is spaniensgade open this weekend?", "har spaniensgade åbent i weekenden?"),
    ("is anything open in gladsaxe right now", "er der noget åbent i gladsaxe lige nu"),
    ("what are the opening hours in copenhagen tonight", "hvad er åbningstiderne i københavn i aften"),
    ("my friend took an overdose", "min ven har taget en overdosis"),
    ("i want to kill myself", "jeg vil tage mit eget liv"),
]


@pytest.mark.parametrize("english,danish", SAME, ids=[e for e, _ in SAME])
def test_english_reads_like_danish(db, english, danish):
    assert fields(read(db, english)) == fields(read(db, danish))


TOPICS = [
    ("and tomorrow?", "og i morgen?", "day", "tomorrow"),
    ("what about saturday?", "hvad med lørdag?", "day", "saturday"),
    ("whats their number?", "hvad er deres nummer?", "topics", ["ask_contact"]),
    ("where is it?", "hvor ligger det?", "topics", ["ask_contact"]),
    ("whats the address", "hvad er adressen", "topics", ["ask_contact"]),
    ("when are they open?", "hvornår har de åbent?", "topics", ["ask_hours"]),
    ("what if im 17?", "og hvis jeg er 17?", "age", 17),
    ("no, i live in gladsaxe", "nej, jeg bor i gladsaxe", "municipality", "gladsaxe"),
    ("how much does treatment cost?", "hvad koster behandling?", "topics", ["ask_cost"]),
    ("do i need a referral?", "skal jeg have en henvisning?", "topics", ["ask_referral"]),
    ("how long do i have to wait?", "hvor lang tid skal jeg vente?", "topics", ["ask_waiting_time"]),
    ("can i be anonymous?", "kan jeg være anonym?", "topics", ["ask_anonymity"]),
    ("will my parents have to know?", "skal mine forældre vide det?", "topics", ["ask_youth_rules"]),
    ("will they tell us what he says?", "må de fortælle os hvad han siger?", "topics", ["ask_youth_rules"]),
    ("can i choose a private place instead?", "kan jeg vælge et privat sted i stedet?", "topics", ["ask_free_choice"]),
    ("what happens at the first meeting?", "hvad sker der til den første samtale?", "topics", ["ask_first_talk"]),
    ("i want to complain about the decision", "jeg vil klage over afgørelsen", "complaint_kind", "decision"),
    ("is there anything for relatives?", "er der noget for pårørende?", "topics", ["relative_help"]),
]


@pytest.mark.parametrize("english,danish,field,value", TOPICS, ids=[e for e, *_ in TOPICS])
def test_english_follow_ups_and_questions(db, english, danish, field, value):
    assert getattr(read(db, english), field) == value
    assert getattr(read(db, danish), field) == value


@pytest.mark.parametrize(
    "text,day",
    [
        ("today", "today"),
        ("tomorrow", "tomorrow"),
        ("tomorrow morning", "tomorrow_morning"),
        ("the day after tomorrow", "day_after_tomorrow"),
        ("on wednesday", "wednesday"),
        ("and on thursdays?", "thursday"),
        ("this weekend", "weekend"),
        ("tonight", "evening"),
        ("is it open on christmas day", "holiday"),
        ("is any place open today? its christmas day", "today"),  # as "i dag ... juledag"
        ("thursday after work", "thursday"),  # a weekday beats the evening
        ("i do coke every weekend", None),  # a habit, not a day asked about
    ],
)
def test_english_days(db, text, day):
    assert read(db, text).day == day


def test_right_now_and_still(db):
    assert read(db, "is nyropsgade open right now").now
    assert read(db, "are they still open").now
    assert not read(db, "is nyropsgade open on monday").now


@pytest.mark.parametrize(
    "text,age",
    [
        ("i'm 17", 17),
        ("im 17 and live in kbh", 17),
        ("i am 17 years old", 17),
        ("17 years old, drinking every day", 17),
        ("20 y/o student on frederiksberg", 20),
        ("16 and live in rødovre", 16),
        ("30 and using coke", 30),
        ("coke problem, 35, live in frederiksberg", 35),
        ("frb, 24, weed + alcohol", 24),
        ("my son is 16", 16),
        ("my son is sixteen", 16),
        ("im seventeen", 17),
        ("she s twenty one and drinks", 21),
        ("hes 27, we live in nordvest", 27),
        ("what if im 17?", 17),
        ("a 17 year old who smokes hash", 17),
        ("17", 17),
        # how long or how much, not how old
        ("been drinking for 15 years", None),
        ("i drank for 20 years", None),
        ("moved here 10 years ago", None),
        ("i drink 8-10 beers a day", None),
        ("is 33 17 80 40 their number", None),
        ("i drink 12 beers every night", None),
    ],
)
def test_english_ages(db, text, age):
    assert read(db, text).age == age


@pytest.mark.parametrize(
    "text,relation,speaker",
    [
        ("my son smokes weed", "son", "relative"),
        ("my daughter is 15 and comes home drunk", "daughter", "relative"),
        ("my girlfriend does coke every weekend", "partner", "relative"),
        ("my wife drinks", "partner", "relative"),
        ("my partner uses speed", "partner", "relative"),
        ("my friend takes pills", "friend", "relative"),
        ("my sister is on heroin", "sibling", "relative"),
        ("my dad drinks every day", "father", "relative"),
        ("our boy is 14 and smokes joints", "child", "relative"),
        ("my brother is back on heroin. im his sister", "sibling", "relative"),
        ("im his mum, he is 17 and smokes hash", "child", "relative"),
        # a young person talking about themself
        ("im 16 and smoke weed, my mum doesnt know", None, "self"),
        ("im 17, my parents dont know i drink", None, "self"),
        ("can i get help without my parents finding out? i smoke hash", None, "self"),
        ("i smoke too much weed", None, "self"),
        ("i need help", None, "self"),
    ],
)
def test_english_who_is_speaking(db, text, relation, speaker):
    r = read(db, text)
    assert (r.relation, r.speaker) == (relation, speaker)


@pytest.mark.parametrize(
    "text,substance",
    [
        ("the booze has gotten out of hand", "alcohol"),
        ("i drink every night", "alcohol"),
        ("smoking way too much weed", "cannabis"),
        ("been on the charlie every weekend", "cocaine"),
        ("hooked on xanax", "benzodiazepines"),
        ("ket every weekend", "ketamine"),
        ("what are the opening hours of the drug counselling centre in rødovre", None),  # a place, not "drugs"
    ],
)
def test_english_substances(db, text, substance):
    assert read(db, text).substance == substance


def test_every_day_and_coming_home_are_not_needs(db):
    """ "day" and "home" are need values (day treatment, treatment at home), not everyday words."""
    assert read(db, "i smoke weed every day").need is None
    assert read(db, "my daughter comes home drunk").need is None
    assert read(db, "is there day treatment in copenhagen").need == "day"
    assert read(db, "i use heroin and want methadone").need == "substitution"


@pytest.mark.parametrize(
    "english,danish",
    [
        ("email for the drug centre in gladsaxe", "mail til rusmiddelcentret i gladsaxe"),
        ("where is the youth centre on frederiksberg", "hvor ligger ungecentret på frederiksberg"),
        ("the counselling and treatment centre in rødovre", "rådgivningscentret i rødovre"),
        ("the town hall on frederiksberg", "rådhuset på frederiksberg"),
        ("can i come to that place tomorrow", "kan jeg komme på stedet i morgen"),
        ("is the clinic open tomorrow", "har stedet åbent i morgen"),
    ],
)
def test_english_generic_unit_words_name_the_same_units(db, english, danish):
    """A generic word stands for the same units as its Danish counterpart ("the youth centre" is
    "ungecentret"; "that place", "the clinic" point back at the place just talked about)."""
    assert units(read(db, english)) == units(read(db, danish))
    assert read(db, english).units.generic


def test_a_unit_name_beats_an_english_generic_word(db):
    r = read(db, "where is valmuen, the heroin clinic?")
    assert units(r) == (["kk-valmuen"], False, "valmuen")


@pytest.mark.parametrize(
    "text,crisis",
    [
        ("my friend overdosed on heroin", "crisis_overdose"),
        ("omg my boyfriend just od'd", "crisis_overdose"),
        ("hes not breathing", "crisis_overdose"),
        ("he isnt breathing right", "crisis_overdose"),
        ("she is unconscious", "crisis_overdose"),
        ("we cant wake her up", "crisis_overdose"),
        ("i can't wake him", "crisis_overdose"),
        ("his lips are turning blue", "crisis_overdose"),
        ("took a bunch of pills and isnt responding", "crisis_overdose"),
        ("my mate just collapsed", "crisis_overdose"),
        ("chest pain after a big night on coke", "crisis_overdose"),
        ("i feel suicidal", "crisis_suicidal"),
        ("been thinking about killing myself", "crisis_suicidal"),
        ("i want to kill myself", "crisis_suicidal"),
        ("i want to end my life", "crisis_suicidal"),
        ("he says he is going to end his life tonight", "crisis_suicidal"),
        ("i dont want to live anymore", "crisis_suicidal"),
        ("honestly i don't want to be here anymore", "crisis_suicidal"),
        # not a crisis
        ("that's an odd question", None),
        ("i drink every night and want to stop", None),
        ("when is nyropsgade open", None),
    ],
)
def test_english_crisis_net(db, text, crisis):
    assert read(db, text).crisis == crisis


DANISH_UNCHANGED = [
    (
        "ryger for meget hash, bor på nørrebro, er 30",
        {"municipality": "kobenhavn", "substance": "cannabis", "age": 30, "speaker": None, "day": None},
    ),
    ("min søn på 16 drikker, vi bor på frb", {"municipality": "frederiksberg", "age": 16, "relation": "son", "speaker": "relative"}),
    ("jeg er 16 og min mor ved det ikke", {"age": 16, "relation": None, "speaker": "self"}),
    ("har drukket gennem 15 år", {"age": None, "substance": "alcohol"}),
    ("drikker 8-10 bajere om dagen", {"age": None, "substance": "alcohol"}),
    ("hvornår har nyropsgade åbent i morgen?", {"day": "tomorrow"}),
    ("ryger hash i weekenden", {"day": "weekend"}),
    ("hvad med torsdag efter arbejde", {"day": "thursday"}),
    ("min ven trækker ikke vejret", {"crisis": "crisis_overdose", "relation": "friend"}),
    ("jeg vil ikke leve mere", {"crisis": "crisis_suicidal"}),
]


@pytest.mark.parametrize("text,expected", DANISH_UNCHANGED, ids=[t for t, _ in DANISH_UNCHANGED])
def test_danish_reads_as_before(db, text, expected):
    r = read(db, text)
    assert {name: getattr(r, name) for name in expected} == expected


def test_danish_topics_and_units_as_before(db):
    assert read(db, "hvad er deres nummer?").topics == ["ask_contact"]
    assert read(db, "koster det noget?").topics == ["ask_cost"]
    assert units(read(db, "rusmiddelcentret i gladsaxe")) == (["glx-rusmiddelcenter"], True, "rusmiddelcentret")
    assert read(db, "kan man komme på stedet i morgen").units.word == "stedet"
    assert read(db, "nej, jeg bor i gladsaxe").municipality == "gladsaxe"


# --- found by running the acceptance suite after English joined the NLU -------------------


def _with_unit_entity(db, text: str, value: str):
    return read_message(
        db, {"text": text, "intent": {"name": "ask_hours", "confidence": 0.9}, "entities": [{"entity": "unit", "value": value}]}
    )


def test_a_unit_entity_of_place_and_name_finds_the_unit_in_that_place(db):
    reading = _with_unit_entity(db, "er der åbent på frb rådhus nu?", "frb rådhus")
    assert reading.units.unit_ids == ["frb-raadhus"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("har de åbent til kl 20 om mandagen, passer det?", "passer"),
        ("is any place in copenhagen open today? its christmas day", "christmas"),
    ],
)
def test_an_everyday_word_tagged_as_a_unit_is_not_an_unknown_place(db, text, value):
    assert _with_unit_entity(db, text, value).units is None


def test_an_unknown_name_is_still_an_unknown_place(db):
    reading = _with_unit_entity(db, "hvornår har blå kors åbent", "Blå Kors")
    assert reading.units.unit_ids == [] and reading.units.word == "Blå Kors"


@pytest.mark.parametrize(
    "text", ["tomsgardsvej opening hours? the intensive opioid place, not valmuen", "hvornår har tomsgårdsvej åbent, ikke valmuen"]
)
def test_a_unit_named_with_not_is_left_out(db, text):
    assert read(db, text).units.unit_ids == ["kk-tomsgardsvej"]


# --- found by the acceptance suite when the e5 intent classifier joined (issue #17) --------


def _with_need_entity(db, text: str, surface: str, value: str):
    start = text.index(surface)
    entity = {"entity": "need", "value": value, "start": start, "end": start + len(surface)}
    return read_message(db, {"text": text, "intent": {"name": "ask_hours", "confidence": 0.9}, "entities": [entity]})


def test_an_everyday_word_spelled_like_a_need_is_not_that_need(db):
    # DIET tagged "day" in "christmas day" as need "day" (day treatment), which left Valmuen out
    assert _with_need_entity(db, "is any place in copenhagen open today? its christmas day", "day", "day").need is None


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("is there day treatment in gladsaxe", "day treatment", "day"),
        ("findes der dagbehandling i rødovre", "dagbehandling", "day"),
    ],
)
def test_a_listed_word_for_a_need_is_that_need(db, text, surface, value):
    assert _with_need_entity(db, text, surface, value).need == value


@pytest.mark.parametrize("word", ["sprit", "spritten", "sprutten"])
def test_everyday_words_for_spirits_are_alcohol(db, word):
    assert read(db, f"{word} fylder for meget").substance == "alcohol"


@pytest.mark.parametrize(
    "text, topics",
    [
        ("fortæller de os noget hvis hun starter i behandling", ["ask_youth_rules"]),
        ("kan i fortælle mig hvornår i har åbent", ["ask_hours"]),  # not a question about what parents are told
        ("fortæller de mig hvor lang tid det tager", []),
        ("jeg ved ikke hvad han siger", []),
    ],
)
def test_a_parent_asking_what_they_will_be_told_asks_the_youth_rules(text, topics):
    from actions.reading import topics_in
    from textfold import fold

    assert topics_in([fold(text)]) == topics


@pytest.mark.parametrize(
    "text",
    [
        "hvad er forskellen på ambulant og døgn",
        "ambulant eller dagbehandling, hvad er bedst",
        "whats the difference between outpatient and residential",
    ],
)
def test_the_difference_between_kinds_of_treatment_is_a_treatment_types_question(text):
    from actions.reading import topics_in
    from textfold import fold

    assert "ask_treatment_types" in topics_in([fold(text)])


@pytest.mark.parametrize(
    "text, need",
    [
        ("jeg faar metadon paa ornevej men har brug for at komme et sted hver eneste dag", "intensive"),
        ("kan man komme hver dag et sted i kbh", "intensive"),
        ("i need somewhere to go every day", "intensive"),
        ("jeg drikker hver dag", None),  # a habit, not a wish to come in daily
        ("i drink every day and want to stop", None),
        ("jeg bor i islev og er paa heroin. hvor faar jeg metadon henne", "substitution"),
    ],
)
def test_coming_in_every_day_and_getting_methadone_are_needs(db, text, need):
    assert read(db, text).need == need


def test_the_need_asked_for_beats_the_one_told_about(db):
    text = "jeg kan ikke komme ud pga angst og ryger meget hash. bor i vanlose. kan nogen komme hjem til mig?"
    entities = [{"entity": "need", "value": "dual_diagnosis", "start": 32, "end": 37}]
    reading = read_message(db, {"text": text, "intent": {"name": "seek_help", "confidence": 0.6}, "entities": entities})
    assert reading.need == "home"


@pytest.mark.parametrize(
    "text, youth_rules",
    [
        ("hvis jeg er 16 og ringer til rusmiddelcentret i gladsaxe, ringer de så til mine forældre??", True),
        ("vil de ringe til mine forældre", True),
        ("kontakter i mine forældre", True),
        ("jeg ringer til min mor i morgen og siger det", False),  # I tell them: not the rules
        ("kan jeg ringe til min far", False),
    ],
)
def test_whether_they_call_my_parents_asks_the_youth_rules(text, youth_rules):
    from actions.reading import topics_in
    from textfold import fold

    assert ("ask_youth_rules" in topics_in([fold(text)])) is youth_rules


@pytest.mark.parametrize(
    "text, day",
    [
        ("jeg har arbejde til kl 16 alle dage, kan jeg saa overhovedet naa det", "after_work"),
        ("kan jeg komme efter arbejde", "after_work"),
        ("i work until 5 every day, can i still make it", "after_work"),
        ("har de åbent i aften", "evening"),
        ("kan man komme torsdag efter arbejde", "thursday"),  # a named day beats it
    ],
)
def test_after_work_is_every_working_day_not_tonight(db, text, day):
    assert read(db, text).day == day


@pytest.mark.parametrize(
    "text, need",
    [
        ("er der nogen steder hvor man kan bo mens man er i behandling", "residential"),
        ("is there somewhere i can stay while i get treatment", "residential"),
        ("jeg bor i gladsaxe mens jeg er i behandling", None),  # where they live, not a wish
    ],
)
def test_living_at_the_place_during_treatment_is_residential(db, text, need):
    assert read(db, text).need == need


@pytest.mark.parametrize(
    "text, municipality",
    [
        ("vi arbejder paa frederiksberg men han bor i gladsaxe", "gladsaxe"),
        ("i work in copenhagen but i live in rodovre", "rodovre"),
        ("jeg bor på frederiksberg og arbejder i gladsaxe", "frederiksberg"),
        ("bor i gladsaxe", "gladsaxe"),
        # the eighth and ninth blind rounds: other places named beside where someone lives
        ("jeg bor i avedore og min ven i rodovre siger de sender folk til kabs", "outside"),
        ("jeg bor i herlev men misbrugscentret i gladsaxe ligger tættere på", "outside"),
        ("jeg bor på amager men i dragør kommune", "outside"),
    ],
)
def test_where_someone_lives_beats_where_they_work(db, text, municipality):
    assert read(db, text).municipality == municipality


@pytest.mark.parametrize(
    "text, age, relation, speaker",
    [
        ("kan hun gaa derhen i morgen efter skole? hun har fri kl 14", None, None, None),
        ("min kone døde sidste forår og siden har jeg siddet alene og drukket. jeg er 67", 67, None, "self"),
        ("en elev på 16 har betroet mig det. skal hendes forældre have det at vide?", 16, None, None),
        ("min søn på 16 ryger hash", 16, "son", "relative"),
    ],
)
def test_times_the_dead_and_other_peoples_parents_are_not_who_is_asked_about(db, text, age, relation, speaker):
    r = read(db, text)
    assert (r.age, r.relation, r.speaker) == (age, relation, speaker)


@pytest.mark.parametrize(
    "text, day",
    [
        ("kan man komme tidligt om morgenen før arbejde eller sent om aftenen?", "after_work"),
        ("jeg arbejder på skiftehold", "after_work"),
        ("har arbejde til kl 16 alle dage", "after_work"),
        ("kan jeg komme i aften", "evening"),
    ],
)
def test_working_hours_ask_for_the_week(db, text, day):
    assert read(db, text).day == day


@pytest.mark.parametrize(
    "text, youth_rules",
    [
        ("kan han få hjælp uden at jeg er med?", True),
        ("can he talk to someone without us knowing?", True),
        ("kan jeg komme uden at ringe først", False),
    ],
)
def test_without_the_parents_knowing_asks_the_youth_rules(text, youth_rules):
    from actions.reading import topics_in
    from textfold import fold

    assert ("ask_youth_rules" in topics_in([fold(text)])) is youth_rules


def test_a_way_of_being_helped_beats_a_condition(db):
    entities = [{"entity": "need", "value": "dual_diagnosis", "start": 47, "end": 52}]
    text = "jeg kan ikke komme ud af min lejlighed pga angst men har brug for hjælp til at stoppe med at drikke"
    reading = read_message(db, {"text": text, "intent": {"name": "seek_help", "confidence": 0.6}, "entities": entities})
    assert reading.need == "home"
    assert read(db, "jeg har angst og drikker for meget").need == "dual_diagnosis"


def test_the_city_centre_is_copenhagen(db):
    assert read(db, "im 19, exchange student at KU, living in the city centre").municipality == "kobenhavn"


def test_the_definite_form_of_a_condition_is_that_need(db):
    assert read(db, "men angsten?").need == "dual_diagnosis"


def test_the_place_heard_about_is_the_one_asked_about(db):
    r = read(db, "har været på metadon på prags blvd i 2 år men tager stadig heroin ved siden af. har hørt om valmuen, hvad skal der til")
    assert units(r)[0] == ["kk-valmuen"] and r.now is False  # "tager stadig heroin" is not "open now"
    assert read(db, "har de stadig åbent").now is True


def test_what_it_takes_to_get_in_is_a_question_about_the_place():
    from actions.reading import topics_in
    from textfold import fold

    assert topics_in([fold("har hørt om valmuen, hvad skal der til for at komme der")])[0] == "ask_unit_info"


@pytest.mark.parametrize(
    "text, expected",
    [
        # the address beats a place lived near (tenth round)
        ("I live right by Valby but my address actually says Hvidovre. can I use the copenhagen places?", "outside"),
        ("bor lige ved siden af valby, men min adresse er i hvidovre", "outside"),
        ("jeg bor tæt på nørrebro men min adresse siger frederiksberg", "frederiksberg"),
        ("bor på vesterbro", "kobenhavn"),
    ],
)
def test_the_address_is_where_someone_lives(db, text, expected):
    assert read(db, text).municipality == expected


@pytest.mark.parametrize(
    "text, relation, speaker",
    [
        # whom someone stays with is not whose use it is
        ("kom ud af fængslet i fredags, bor hos min fætter i nordvest nu og har kun medicin til i morgen", None, None),
        ("I'm staying with my cousin in nordvest, need my methadone", None, None),
        ("i have a colleague who does coke at work, who can i talk to", "colleague", "relative"),
        ("jeg bor hos min mor og hun drikker hver dag", "mother", "relative"),
        # a relative clause is someone else's use
        ("jeg har en kollega der tager kokain på toilettet, hvem kan jeg snakke med", "colleague", "relative"),
        ("jeg har en søn på 19 som ryger hash", "son", "relative"),
        ("jeg har en afhængighed og drikker hver dag", None, "self"),
    ],
)
def test_who_is_used_about(db, text, relation, speaker):
    r = read(db, text)
    assert (r.relation, r.speaker) == (relation, speaker)


@pytest.mark.parametrize(
    "text, day",
    [
        ("og hvis jeg ikke når det i dag, hvad så med onsdag", "wednesday"),
        ("kan ikke i dag, hvad med i morgen?", "tomorrow"),
        ("har de åbent i dag", "today"),
        ("if i can't make it today, what about friday?", "friday"),
    ],
)
def test_the_day_after_what_about_is_the_one_asked(db, text, day):
    assert read(db, text).day == day


@pytest.mark.parametrize(
    "text, need",
    [
        ("min bror har fået metadon i over et år men bruger stadig heroin ved siden af", "heroin_assisted"),
        ("been on methadone for two years and still use heroin on top", "heroin_assisted"),
        ("jeg har fået metadon i 3 år men tager stadig heroin", "heroin_assisted"),
        ("jeg vil gerne have metadon", "substitution"),
    ],
)
def test_years_of_substitution_and_still_heroin_is_valmuens_need(db, text, need):
    assert read(db, text).need == need


def test_numbers_in_the_plural_ask_for_contact(db):
    assert read(db, "hvilke numre kan vi give videre til patienten").topics == ["ask_contact"]


@pytest.mark.parametrize(
    "text, municipality",
    [
        # the person the message is about lives elsewhere than the asker (eleventh round)
        ("nej vent, det er mig der bor i kastrup. han bor på islands brygge", "kobenhavn"),
        ("my son is 21 and i think hes using cocaine. he lives in østerbro, i live in rødovre", "kobenhavn"),
        ("jeg bor i herlev men min søn bor i gladsaxe og ryger hash", "gladsaxe"),
        # the asker's own use: their own home
        ("i live in rødovre and drink too much, my mum lives in gladsaxe", "rodovre"),
    ],
)
def test_whose_home_counts(db, text, municipality):
    assert read(db, text).municipality == municipality


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hej, kan man få hjælp til coke uden at ens arbejde finder ud af det", True),
        ("can i get help without my boss finding out", True),
        ("kan han komme der uden at vi ved det?", False),  # a young person's parents: the youth rules
    ],
)
def test_keeping_it_from_work_is_a_wish_to_be_anonymous(db, text, expected):
    r = read(db, text)
    assert (r.anonymous, "ask_privacy" in r.topics) == (expected, expected)


@pytest.mark.parametrize(
    "text, topics",
    [
        ("kan jeg skrive til dem i stedet", ["ask_contact", "ask_free_choice"]),
        ("har centret en direkte linje?", ["ask_contact"]),
        ("what if i wait till im 18", []),
    ],
)
def test_what_is_asked_eleventh_round(db, text, topics):
    assert read(db, text).topics == topics


def test_i_think_he_uses_is_his_use(db):
    assert read(db, "jeg tror han ryger hash, min bror altså").speaker == "relative"
    assert read(db, "i think i drink too much").speaker == "self"
