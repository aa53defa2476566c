"""The conversation: from what a message says and what was said before, to a reply.

Answer first: as soon as the place and what it is about are known, the reply
names the units with address, phone and today's hours. A question is asked
only when the answer depends on it, one at a time, with buttons; a typed
answer to it counts as the answer. Follow-ups ("og i morgen?", "hvad er deres
nummer?", "og hvis jeg er 17?") lean on what the conversation already holds.

Pure functions over a Reading (this message) and a Memory (the slots): the
action (actions/respond.py) only moves them in and out of Rasa, so every rule
here is tested without servers (tests/actions/test_actions.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from textfold import fold

from . import language
from .reading import Reading, UnitMention, crisis_in, topics_in, works_not_lives
from .understanding import OUTSIDE, UNKNOWN
from .unit_catalogue.hours import holiday_name, next_opening, status_at
from .unit_catalogue.query import CatalogueDB, Match, Need, Reason, UnitInfo
from .wording import say

RIGHTS = {
    "ask_waiting_time": "waiting_time",
    "ask_cost": "cost",
    "ask_referral": "referral",
    "ask_free_choice": "free_choice",
    "ask_bisidder": "bisidder",
    "ask_first_talk": "first_talk",
    "ask_treatment_types": "treatment_types",
    "ask_follow_up": "follow_up",
    "ask_rights": "rights",
}
UNIT_QUESTIONS = ("ask_hours", "ask_open_now", "ask_contact", "ask_unit_info")
OTHER_QUESTIONS = (
    "complain",
    "ask_privacy",
    "ask_anonymity",
    "ask_youth_rules",
    "ask_special_treatment",
    "relative_help",
    "ask_human",
    "ask_capabilities",
)
SMALL_TALK = ("greet", "goodbye", "thank", "bot_challenge", "chitchat", "affirm", "deny", "out_of_scope")
CRISIS = ("crisis_overdose", "crisis_suicidal")
# What a message that only adds a detail ("og i Gladsaxe?", "jeg er 20") continues.
FOLLOW_UP_TOPICS = ("seek_help", "relative_help", *RIGHTS, *(t for t in OTHER_QUESTIONS if t != "ask_human"))
YOUNG_RELATIONS = {"son", "daughter", "child"}
PARENTS = {"mother", "father", "parent"}
# Generic words that point back at the place just talked about.
REFERRING_WORDS = {"stedet", "centret", "centeret", "center", "behandlingsstedet"}
# The word a municipality's own text must contain to answer the yes/no question; else the
# national text, which does, comes first.
RIGHTS_KEY_WORDS = {"referral": "henvisning", "cost": "gratis"}
# "en der ved noget om det", "someone who knows about this stuff": help from someone who knows,
# answered like a request for help (the place first), not with every municipality's switchboard.
KNOWS_ABOUT_IT = re.compile(
    r"\b(ved noget om|ved hvad de taler om|forstaar (det|sig paa)|knows? (about|something about|what (they|he|she) s?)|who understands)\b"
)
# "og hvis …?", "and what if …?": the last answer's question again, for another case.
IF_FOLLOW_UP = re.compile(
    r"^(og|men|and|but)( hvad)?( what)? (hvis|if)\b|"
    # "koster det noget for ham?" - "og for mig?": the same right for someone else
    r"^(og|men|and|but|hvad med|what about)( (saa|so|then))? (for )?(mig|os|ham|hende|dem|me|us|him|her|them)( selv| selv da)?\s*\??$"
)
# "hvor kan han selv få hjælp?", "where can she get help herself?": after the relatives' answer,
# the person's own way in - not the whole relatives' answer again.
ABOUT_THE_PERSON = re.compile(
    r"\b(han|hun|de)( \w+){0,3} selv\b|\b(ham|hende) selv\b|\b(he|she|they)( \w+){0,4} (himself|herself|themselves|themself)\b"
)
# How sure the classifier must be for its intent to decide the topic when the words name none.
INTENT_TRUST = 0.5
# Below this, a crisis intent without crisis words, in the middle of a conversation about
# something else, gets 112 first and then the answer to the question (see _unsure_crisis).
# CrisisGuard's patterns give 1.0; where the classifier itself puts a held-out crisis
# sentence first, it is at least 0.81 sure.
UNSURE_CRISIS = 0.6


@dataclass
class Memory:
    """What the conversation holds (Rasa slots), in plain values."""

    municipality: str | None = None  # kobenhavn | frederiksberg | gladsaxe | rodovre | outside
    outside_name: str | None = None
    substance: str | None = None
    age: int | None = None
    audience: str | None = None  # self | relative
    relation: str | None = None
    need: str | None = None
    anonymous: bool = False
    units: list[str] = field(default_factory=list)  # the units last talked about
    topic: str | None = None  # what the last answer was about
    day: str | None = None
    asked: str | None = None  # the question the last reply asked: municipality | unit; or the crisis it answered
    language: str | None = None  # da | en: the language the conversation is in (actions/language.py)

    @property
    def home(self) -> str | None:
        """The person's municipality when it is one of ours."""
        return self.municipality if self.municipality not in (None, OUTSIDE) else None


@dataclass
class Reply:
    messages: list[dict] = field(default_factory=list)
    memory: Memory = field(default_factory=Memory)

    def say(self, text: str, buttons: list[dict] | None = None) -> None:
        message: dict = {"text": text}
        if buttons:
            message["buttons"] = buttons
        self.messages.append(message)

    def respond(self, response: str) -> None:
        self.messages.append({"response": response})


# --- choosing what to answer --------------------------------------------------


def remember(r: Reading, m: Memory) -> Memory:
    """The memory updated with what this message says (a new place replaces the old)."""
    new = replace(m, asked=None)
    if r.municipality:
        new.municipality = r.municipality
        new.outside_name = r.outside_name if r.municipality == OUTSIDE else None
    if r.substance:
        new.substance = r.substance
    others_age = (r.speaker == "relative" and OWN_AGE.search(r.folded)) or (
        r.speaker == "self" and RELATION_AGE.search(r.folded) and not OWN_AGE.search(r.folded)
    )
    if r.age is not None and not others_age:
        # not "min far drikker og jeg er 14" (the asker's age, not the father's), nor "må jeg tage
        # min lillesøster på 16 med som bisidder" (the sister's, not the asker's)
        new.age = r.age
    parents_of_young_speaker = (
        r.speaker == "relative" and r.relation in PARENTS and m.audience == "self" and m.age is not None and m.age < 25
    )
    if r.speaker and not parents_of_young_speaker:
        if m.audience == "relative" and r.speaker == "self" and r.age is None:
            new.age = None  # "hvad med mig selv?": the age told was the daughter's, not the mother's
        new.audience = r.speaker
        new.relation = r.relation if r.speaker == "relative" else None
    if r.need:
        new.need = r.need
    if r.anonymous:
        new.anonymous = True
    elif m.anonymous and SOCIAL_NEED.search(r.folded):
        new.anonymous = False  # "hvad hvis jeg også har brug for hjælp med min lejlighed": the places that help with that
    if r.day:
        new.day = r.day
    return new


RELATION_AGE = re.compile(r"\b(min|mit|mine|my)\s+\w+\s+(paa|er|is|aged)\s+\d{1,2}\b|\b(min|my)\s+\d{1,2}[ -]?(aarige|year old)\b")
OWN_AGE = re.compile(r"\bjeg er (kun |lige blevet )?\d{1,2}\b|\bi m (only )?\d{1,2}\b|\bi am (only )?\d{1,2}\b")

NUMBER_OR_ADDRESS = re.compile(r"\b(nummer\w*|adresse\w*|hvor ligger|mail|numbers?|address\w*|where (is|are)|wheres|e ?mail\w*)")


def _asks_when_to_call(r: Reading) -> bool:
    """Calling at a time ("nu", "i weekenden"), without asking for a number or an address."""
    return bool((r.now or r.day not in (None, "evening", "after_work")) and not NUMBER_OR_ADDRESS.search(r.folded))


def _only_wants_help(r: Reading) -> bool:
    """The message's only content is asking for help ("hvad gør jeg", "what do i do")."""
    return r.wants_help and not replace(r, wants_help=False).has_content


def choose_topic(r: Reading, m: Memory) -> str:
    """What this message asks, in the words of the intents."""
    if r.is_payload:
        return r.intent
    if r.crisis:
        return r.crisis
    if r.intent in CRISIS:
        return r.intent
    if (
        m.asked in CRISIS
        and (not r.has_content or _only_wants_help(r))
        and not (r.thanks or r.day or WHERE_TO_GO.search(r.folded))
        and r.intent not in SMALL_TALK[:4]
    ):
        # "jeg er bange", "what do i do" right after "Ring 112 nu": 112 again, never "det forstod
        # jeg ikke" or an answer about treatment; a place, a substance, a day or a question moves on
        return m.asked
    if LANGUAGES_SPOKEN.search(r.folded) and (m.units or r.units) and not r.substance:
        return "ask_contact"  # "do they speak english there": not known; their number to ask
    if (language.ASKS_FOR_ENGLISH.search(r.text) or language.ASKS_FOR_DANISH.search(r.text)) and not r.has_content:
        return "ask_capabilities"  # "English, please" (the widget's button): what I can do, in that language
    if r.other_addiction and not (r.topics or r.units):
        return "out_of_scope"
    if r.municipality == OUTSIDE and (not any(t in RIGHTS for t in r.topics) or works_not_lives(r.folded)):
        return "seek_help"  # lives outside the four: their own municipality, whatever unit is named
    if (
        r.municipality not in (None, OUTSIDE)
        and m.municipality
        and r.municipality != m.municipality
        and not r.units
        and PLACE_CORRECTED.search(r.folded)
    ):
        # "wait sorry, my address is actually rodovre … does that change anything?": the last
        # answer's places again, for the place they really live in
        return "relative_help" if m.audience == "relative" else "seek_help"
    if r.authorities and not r.units and set(r.topics) <= {"ask_contact", "ask_hours", "ask_unit_info"}:
        return "authority_contact"  # "hvad er nummeret til ankestyrelsen"
    # "vil gerne være anonym, bor i kbh, ryger hash": a wish in a request for help, answered with the anonymous places.
    words = [t for t in r.topics if not (t == "ask_anonymity" and r.substance and r.municipality and len(r.topics) == 1)]
    if not r.units and len(words) > 1:
        words = [t for t in words if t != "ask_unit_info"]  # "hvad er behandlingsgarantien": not a place
    if (
        r.units
        and r.units.unit_ids
        and r.municipality not in (None, OUTSIDE)
        and ((r.wants_help and not words) or MOVING.search(r.folded))
        and r.municipality not in r.units.places
    ):
        return "seek_help"  # "er flyttet fra nørrebro til rødovre, gik på hørsholmsgade, hvor nu?"
    if m.asked == "municipality" and r.municipality and m.topic and r.units and not r.units.unit_ids:
        return m.topic  # "frb, tæt på fasanvej": the municipality asked for; the street is no unit of ours
    if r.units and (r.day or r.now) and not words:
        return "ask_hours"  # "og ungecentret om fredagen?"
    if "ask_youth_rules" in words[1:] and words[0] in ("ask_contact", "ask_unit_info"):
        # "hvis jeg ringer til rusmiddelcentret i gladsaxe, ringer de så til mine forældre??":
        # the place is the setting, whether parents are told is the question
        words = ["ask_youth_rules", *(t for t in words if t != "ask_youth_rules")]
    if r.units and not r.units.generic:
        about_unit = [t for t in words if t in UNIT_QUESTIONS]
        if words and words[0] not in UNIT_QUESTIONS and words[0] != "ask_anonymity":
            about_unit = []
        if "ask_unit_info" in words and words[0] in ("ask_unit_info", "ask_anonymity", "ask_contact"):
            about_unit = ["ask_unit_info"]
        if about_unit and about_unit[0] == "ask_contact" and _asks_when_to_call(r):
            return "ask_hours"  # "kan jeg ringe til nyropsgade nu i aften"
        if about_unit:
            return about_unit[0]
        if not words:
            return "ask_hours" if (r.day or r.now) else "ask_unit_info"
    only_details = not (r.substance or r.need or r.relation or r.units or r.wants_help or words)
    if only_details and r.age is not None and r.age < 18 and r.intent == "ask_youth_rules" and r.confidence >= INTENT_TRUST:
        return "ask_youth_rules"  # "og når hun fylder 16 til marts?": what changes at that age
    if only_details and (r.age is not None or r.municipality) and m.topic in FOLLOW_UP_TOPICS:
        return m.topic  # "jeg er 20, hvis det betyder noget", "og i Gladsaxe?": the last answer, for the new detail
    if words and words[0] in RIGHTS and (r.substance or r.need) and r.municipality and r.wants_help:
        return "seek_help"  # "hvor kan jeg få hjælp til hash på frb, og koster det noget?": the place first
    if m.topic in ("complain", "authority_contact") and HELP_TO_COMPLAIN.search(r.folded) and not r.units:
        return "complain"  # "må min søster hjælpe mig med at skrive den?": who may help, with the complaint
    if LEADER_DID_NOTHING.search(r.folded) and not r.units:
        return "complain"  # the complaint about staff went to the leader; the next step is the complaint about case handling
    if m.topic == "ask_waiting_time" and DEADLINE_BROKEN.search(r.folded) and not r.units:
        return "complain"  # "hvad hvis de ikke overholder det?": the decision complaint covers a broken deadline
    if m.topic == "relative_help" and m.audience == "relative" and HOW_IT_GOES.match(r.folded) and not r.units:
        return "relative_help"  # "hvordan foregår det?" after the relatives' course: that help, in short
    if m.anonymous and SOCIAL_NEED.search(r.folded) and not r.units and not words:
        return "relative_help" if m.audience == "relative" else "seek_help"
    if START_THERE.search(r.folded) and len(m.units) == 1 and not r.units and not r.municipality:
        return "ask_unit_info"  # "jeg har aldrig været i behandling før, kan jeg starte der" right after Valmuen
    if COME_ALONG.search(r.folded) and _parents_join(r, m) and not r.units:
        return "ask_youth_rules"  # "kan vi komme begge to" after a son's youth answer: whether parents take part
    if MORE_THAN_TALKS.search(r.folded) and not r.units:
        # "and what if i need more than just talking": treatment; under 18, what that means for parents
        return "ask_youth_rules" if m.age is not None and m.age < 18 else "ask_treatment_types"
    if m.anonymous and HOW_MANY_TALKS.search(r.folded) and not r.units:
        return "ask_anonymity"  # "how many sessions do i get?" after asking for anonymous help
    if (r.speaker or m.audience) == "relative" and m.home and EVEN_IF_NOT.search(r.folded) and not r.units:
        return "relative_help"  # "skal han være i behandling før jeg kan være med?": the relatives' help, in short
    if words:
        if words[0] == "ask_bisidder" and m.topic == "ask_bisidder" and r.substance:
            return "seek_help"  # "ok så tager jeg min mor med. hvor skal vi møde op, det er for hash": now the place
        if words[0] == "relative_help" and r.speaker == "self" and r.substance:
            return "seek_help"  # "hvad med mig selv, jeg drikker vist også for meget": their own use now
        if words[0] == "ask_bisidder" and _parents_join(r, m):
            return "ask_youth_rules"  # "kan jeg som mor komme med til samtalerne": whether parents take part
        if words[0] == "ask_contact" and not r.units and _asks_when_to_call(r):
            return "ask_hours"  # "kan man ringe til nogen i weekenden": who answers then, not a number
        if words[0] == "ask_youth_rules" and (r.speaker or m.audience) == "relative" and m.municipality is None and r.municipality is None:
            return "relative_help"
        if words[0] in ("ask_hours", "ask_open_now") and "relative_help" in words and not r.units:
            return "relative_help"  # "hvornår kan jeg ringe til rådgivningen for pårørende?": their places, with hours
        return words[0]
    if (
        (r.day or r.now or (THE_PHONE.search(r.folded) and not r.topics))
        and (m.units or m.topic in UNIT_QUESTIONS)
        and not (r.substance or r.relation or r.units)
    ):
        return "ask_hours"  # "og i morgen?", "er de åbne nu?", "gælder det også fredag?", "hvad så med telefonen?"
    specific = (*RIGHTS, *UNIT_QUESTIONS, *OTHER_QUESTIONS)
    if m.topic in RIGHTS and not r.topics and not r.units and IF_FOLLOW_UP.match(r.folded):
        return m.topic  # after the cost: "og hvis jeg ender i døgnbehandling?" asks the same right for that case
    if m.audience == "relative" and not r.units and set(r.topics) <= {"ask_contact"} and RELATIVE_SELF.search(r.folded):
        return "relative_help"  # "kan jeg selv få en snak med nogen?": the relative's own help, in short
    if (
        m.audience == "relative"
        and not r.units
        and set(r.topics) <= {"ask_contact"}
        and (ABOUT_THE_PERSON.search(r.folded) or WE_MAY_CALL.search(r.folded))
    ):
        return "person_help"  # "skal hun selv ringe?", "kan jeg ringe for ham?"
    if r.intent in RIGHTS and r.wants_help and not r.topics and len(r.folded.split()) <= 2:
        return "seek_help"  # "rehab", "afvænning", "detox": one word for what they want, not a question about it
    if r.intent == "ask_human" and KNOWS_ABOUT_IT.search(r.folded):
        return "relative_help" if (r.speaker or m.audience) == "relative" else "seek_help"  # someone who knows: help, not a switchboard
    if r.intent == "ask_bisidder" and r.confidence >= INTENT_TRUST and _parents_join(r, m):
        return "ask_youth_rules"  # "can we come with her, or does she have to go alone?"
    if r.intent in specific and (r.confidence >= INTENT_TRUST or not r.has_content):
        if r.intent == "relative_help" and r.speaker == "self":
            return "seek_help"
        if r.intent in ("ask_youth_rules", "ask_special_treatment") and r.speaker == "relative":
            return "relative_help"
        return r.intent
    if r.complaint_kind and m.topic == "complain":
        return "complain"  # "og hvis det er personalet?"
    if m.asked == "municipality" and r.municipality and m.topic:
        return m.topic
    if r.need in SPECIAL_NEEDS and r.need not in ("residential", "day") and (r.speaker or m.audience) != "relative":
        return "ask_special_treatment"  # "bipolar og drikker – kan man få hjælp til begge dele?"
    if r.has_content:
        if r.units and not (r.substance or r.wants_help or r.relation):
            return "ask_unit_info"
        return "relative_help" if (r.speaker or m.audience) == "relative" else "seek_help"
    if r.intent in SMALL_TALK:
        return r.intent
    if r.intent == "seek_help":
        return "relative_help" if m.audience == "relative" else "seek_help"
    if r.intent in ("inform", "relative_help") and m.topic:
        return m.topic
    if r.intent == "relative_help":
        return r.intent
    return "fallback"


def _parents_join(r: Reading, m: Memory) -> bool:
    """A young person's relatives asking to come along ("kan jeg som mor komme med", "can we come
    with her"): whether parents take part, which the youth rules say."""
    return (r.speaker or m.audience) == "relative" and _young(m) and bool(re.search(r"\b(jeg|vi|i|we)\b", r.folded))


def in_context(db: CatalogueDB, r: Reading, m: Memory) -> Reading:
    """The reading adjusted by what the conversation already holds.

    - A town outside our four named while the person lives in one of ours, without
      "bor"/"fra", is a place asked about ("kan jeg tage den i ballerup i stedet?"):
      the unit there that carries the town's name (Brydehuset, KABS Hvidovre), not a new home.
    - A unit named with no place anywhere tells the municipality ("går jeg til ungecentret,
      skal mine forældre vide det?" is about Frederiksberg).
    """
    if r.municipality == OUTSIDE and r.outside_name:
        there = db.units_named_like(fold(r.outside_name).split()[0])
        lives_there = re.search(
            r"\bbor\b|\bflytte\w*|\bbopael\b|\bkommune\b|\bfra\b|\bliv(e|es|ing)\b|\bmov(e|ed|ing)\b|\bfrom\b|\bmunicipality\b", r.folded
        )
        if there and (m.home or r.units) and m.asked != "municipality" and not lives_there:
            r = replace(
                r,
                municipality=None,
                outside_name=None,
                units=r.units
                or UnitMention(
                    [u.id for u in there], generic=False, word=fold(there[0].name), places=frozenset(u.municipality_id for u in there)
                ),
            )
    if (
        r.municipality == OUTSIDE
        and m.audience == "relative"
        and m.municipality not in (None, OUTSIDE)
        and AS_A_RELATIVE_THOUGH_I_LIVE.search(r.folded)
    ):
        # "kan jeg så ringe et sted som pårørende selvom jeg bor i kastrup": the relatives' help
        # where the person lives; the asker's own home does not move the person
        r = replace(r, municipality=None, outside_name=None)
    works_here = r.municipality not in (None, OUTSIDE) and works_not_lives(r.folded)
    if m.municipality == OUTSIDE and works_here:
        # "but I work in Copenhagen, can't I just go (to Nyropsgade)?": still lives outside our four
        r = replace(r, municipality=OUTSIDE, outside_name=m.outside_name)
    if r.units and r.municipality is None and m.municipality is None:
        ids = r.units.unit_ids if not r.units.generic else [u.id for u in _generic_units(db, r.units, None)]
        places = {db.unit(u).municipality_id for u in ids}
        if len(places) == 1:
            r = replace(r, municipality=places.pop())
    return r


def respond(db: CatalogueDB, r: Reading, before: Memory, moment: datetime, topic: str | None = None) -> Reply:
    """The reply to one message. `topic` forces what is answered (the crisis rule does)."""
    if r.crisis and before.asked in CRISIS and CRISIS_TAKEN.search(r.folded):
        rest = CRISIS_TAKEN.sub(" ", r.folded)
        if crisis_in(rest) is None:
            # "ok jeg ringer til livslinien. men efter jul, hvor skal jeg så gå hen": the rest of the
            # message is answered, with 112 and Livslinien on top (below)
            r = replace(r, crisis=None, topics=topics_in([rest]), phone_hours=False)
    r = in_context(db, r, before)
    memory = remember(r, before)
    topic = r.crisis or topic or choose_topic(r, before)
    unsure_crisis = topic in CRISIS and _unsure_crisis(r, before)
    if unsure_crisis:
        # "og hvis han vil fortsaette efter det?" in the middle of a conversation about a son's
        # hash: the classifier half-heard a crisis in words that hold none. 112 still comes
        # first, then the answer the message asks for.
        r = replace(r, intent=next((i["name"] for i in r.ranking if i["name"] not in CRISIS), "nlu_fallback"), confidence=0.0)
        topic = choose_topic(r, before)
    if topic == "ask_special_treatment" and len(before.units) == 1 and not (r.units or r.municipality):
        # "kun været på metadon i 8 måneder – er det udelukket?" right after Valmuen: about that place
        focus = db.unit(before.units[0])
        if r.need in SPECIAL_NEEDS and SPECIAL_NEEDS[r.need][0] in focus.help:
            topic = "ask_unit_info"
    if (
        topic == "ask_unit_info"
        and r.need in SPECIAL_NEEDS
        and r.units
        and not r.topics
        and not any(SPECIAL_NEEDS[r.need][0] in db.unit(u).help for u in r.units.unit_ids)
    ):
        # "jeg får metadon på ørnevej men har brug for at komme et sted hver dag": the place they
        # go now is the setting; the need is the question, when that place does not meet it
        topic = "ask_special_treatment"
    reply = Reply(memory=memory)
    handler = _HANDLERS.get(topic)
    if handler is None:
        if topic in RIGHTS:
            handler = answer_rights
        elif topic in SMALL_TALK:
            handler = small_talk
        else:
            handler = fallback
    handler(db, r, reply, moment, topic)
    if unsure_crisis:
        reply.messages.insert(0, {"text": say.emergency_footer(db)})
    if BARE_PLEA.match(r.folded) and topic not in CRISIS:
        reply.say(say.emergency_footer(db))  # "hjælp" alone may be a crisis: 112 with the menu
    if before.asked in CRISIS and topic not in CRISIS and topic not in SMALL_TALK:
        # The turn after a crisis answer moves on ("i dont want an ambulance, i live in gladsaxe"),
        # but 112 (and Livslinien) stays on top of it.
        reply.messages.insert(0, {"text": say.crisis_text(db, before.asked == "crisis_suicidal")})
    if topic in ("seek_help", "relative_help", "complain", *RIGHTS) and not r.is_payload and not HOW_IT_GOES.match(r.folded):
        second_question(db, r, reply, topic)
    if reply.memory.topic not in ("ask_hours", "ask_open_now"):
        reply.memory.day = None  # a day belongs to the hours it was asked about
    return reply


# --- where to go ---------------------------------------------------------------


def _unsure_crisis(r: Reading, before: Memory) -> bool:
    """The NLU says crisis, but not surely, the message has no crisis words, and it follows an
    answer about something else: a follow-up the classifier misread, not a new emergency."""
    return (
        not r.crisis
        and not r.is_payload
        and r.intent in CRISIS
        and r.confidence < UNSURE_CRISIS
        and before.topic not in (None, *CRISIS)
        and before.asked not in CRISIS
    )


def _ask_place(db: CatalogueDB, reply: Reply, topic: str, text: str) -> None:
    reply.say(text, buttons=say.municipality_buttons(db, "inform"))
    reply.memory.asked = "municipality"
    reply.memory.topic = topic


def _need(m: Memory, *, age: int | None = None, for_relative: bool = False) -> Need:
    substance = m.substance if m.substance and m.substance != UNKNOWN else None
    age = age if age is not None else m.age
    # Under 18 the places for the young come first, whether or not they say "anonymous".
    anonymous = True if m.anonymous and (age is None or age >= 18) else None
    return Need(m.municipality, substance=substance, age=age, anonymous=anonymous, for_relative=for_relative, help=m.need)


def seek_help(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    m.audience = m.audience if m.audience == "relative" and r.speaker is None else (r.speaker or m.audience or "self")
    if m.audience == "relative":
        return relative_help(db, r, reply, moment, "relative_help")
    if m.municipality is None:
        lead = say.HELP_LEAD_UNKNOWN_PLACE
        if m.age is not None and m.age < 18:
            lead = say.HELP_LEAD_UNKNOWN_PLACE_YOUNG
        return _ask_place(db, reply, "seek_help", lead)
    if m.municipality == OUTSIDE:
        # not for someone moving away ("får metadon på prags boulevard men flytter til odense"): that place is theirs until then
        return _outside(db, reply, [] if MOVING.search(r.folded) else _named_units(db, r))
    if r.place_note:
        reply.say(r.place_note)
    if SOCIAL_NEED.search(r.folded):
        # after the anonymous places: why they are not the ones now ("PAS er for dig, der ikke har brug for en social indsats")
        for unit in (db.unit(u) for u in m.units):
            if unit.anonymous_talks and unit.card_conditions and not _youth_only(unit):
                reply.say(say.good_to_know(unit.name, unit.card_conditions[0]))
    matches, youth, notes = recommend(db, m)
    reply.say(say.help_lead(db, m.municipality, len(matches), m.age))
    shown = _cards(db, reply, matches, moment, conditions=bool(m.need), age=m.age)
    for note in notes:
        reply.say(say.note_text(db, note))
    if m.age is not None and m.age < 18:
        youth_fact = youth_text(db, m.municipality, m.age)
        if youth_fact:
            reply.say(youth_fact)
    if youth:
        reply.say(say.youth_line(youth, moment))
    goal = db.fact_text(m.municipality, "goal") if CUT_DOWN.search(r.folded) else None
    if goal:
        reply.say(goal)  # "vil ikke stoppe helt, bare drikke mindre – skal man love at blive ædru?"
    if r.day == "after_work" and shown:
        # "kan man komme tidligt om morgenen før arbejde eller sent om aftenen?": the week of the
        # first place, where late days and "tider uden for åbningstiden" show
        _hours(db, r, reply, shown[:1], moment, "ask_hours")
    reply.say(say.source_line(db, m.municipality) + " " + say.WELCOME, buttons=say.NEXT_STEP_BUTTONS)
    m.units = [u.id for u in shown]
    m.topic = "seek_help"


def recommend(db: CatalogueDB, m: Memory) -> tuple[list[Match], UnitInfo | None, list[str]]:
    """The units that fit, the youth alternative (when no age is given), and notes."""
    found = db.units_for(_need(m), limit=None)
    matches = found.matches
    if m.age is None:
        matches = [x for x in matches if not _youth_only(x.unit)] or [
            # Nothing written for adults with this (pills in København): the municipality's way in.
            Match(db.contact_unit(m.municipality), 0, [Reason("way_in")])
        ]
    if not (m.substance and m.substance != UNKNOWN) and not m.need:
        # Not said what: the places for alcohol, hash and cocaine, not the methadone clinics.
        matches = [x for x in matches if set(x.unit.substances) != {"opioids"}] or matches
    if m.age is not None:
        return matches[:4], None, found.notes
    matches = matches[:3]
    young = [x.unit for x in found.matches if _youth_only(x.unit) and x.unit.contact.phone]
    youth = next((u for u in young if u not in [x.unit for x in matches]), None)
    return matches, youth, found.notes


def _youth_only(unit: UnitInfo) -> bool:
    return unit.age_max is not None and unit.age_max <= 30


def _cards(
    db: CatalogueDB, reply: Reply, matches: list[Match], moment: datetime, conditions: bool = False, age: int | None = None, limit: int = 3
) -> list[UnitInfo]:
    """Up to `limit` cards, one per unit. A unit reached only through another unit in the
    answer becomes a line on that unit's card; a card that points to another card's number
    comes after it. Returns the units shown."""
    names = {x.unit.name for x in matches}
    merged: dict[str, list[UnitInfo]] = {}
    cards = []
    for x in matches:
        via = next((v for v in (x.unit.contact.via_first, x.unit.contact.via_name) if v in names), None)
        if via and not x.unit.contact.address:
            merged.setdefault(via, []).append(x.unit)
        else:
            cards.append(x)
    cards = cards[:limit]
    shown_names = {x.unit.name for x in cards}
    cards.sort(key=lambda x: x.unit.contact.via_name in shown_names)
    shown: list[UnitInfo] = []
    for x in cards:
        also = merged.get(x.unit.name, [])
        reply.say(say.unit_card(db, x, moment, also=[u.name for u in also], shown=shown_names, conditions=conditions, age=age))
        shown += [x.unit, *also]
    return shown


def _outside(db: CatalogueDB, reply: Reply, named: list[UnitInfo] = ()) -> None:
    """Outside our four: their own municipality; a place of ours they named is said to be that
    municipality's place for its own people ("jeg bor i avedøre … kan jeg bruge rødovres?")."""
    m = reply.memory
    text = say.residents_text(db, list(named), m.outside_name) if named else say.outside_text(db, m.outside_name)
    reply.say(text, buttons=say.municipality_buttons(db, "inform"))
    m.units = []


def _named_units(db: CatalogueDB, r: Reading) -> list[UnitInfo]:
    """The places of ours a message names: by name, or by a kind of place with one of our
    municipalities ("misbrugscentret i gladsaxe")."""
    if not r.units:
        return []
    if not r.units.generic:
        return [db.unit(u) for u in r.units.unit_ids]
    ours = [m for m in db.municipality_ids() if re.search(rf"\b{re.escape(fold(db.municipality_name(m)))}\b", r.folded)]
    return _generic_units(db, r.units, ours[0])[:1] if len(ours) == 1 else []


# --- relatives -------------------------------------------------------------------


def _relatives_turn(db: CatalogueDB, reply: Reply) -> bool:
    """Marks the conversation as a relative's; without a place known (or outside our four)
    that is answered first. True when it was."""
    m = reply.memory
    m.audience = "relative"
    m.topic = "relative_help"
    if m.municipality is None:
        _ask_place(db, reply, "relative_help", say.RELATIVE_ASK_PLACE)
        return True
    if m.municipality == OUTSIDE:
        _outside(db, reply)
        return True
    return False


def relative_help(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    again = reply.memory.topic == "relative_help"
    if _relatives_turn(db, reply):
        return
    m = reply.memory
    young = _young(m)
    own = _relatives_own(db, m)
    even_if = EVEN_IF_NOT.search(r.folded)
    how_it_goes = bool(HOW_IT_GOES.match(r.folded))
    if again and (even_if or how_it_goes or RELATIVE_SELF.search(r.folded)) and own:
        # "kan vi få hjælp selvom han ikke vil?" right after the relatives' answer: yes, and where - not it all again
        reply.say(
            say.relatives_may_call(
                [x.unit for x in own],
                plural=bool(WE.search(r.folded)),
                even_if=next((even_if.group(g) for g in ("who", "who_must", "who_en", "who_if") if even_if.group(g)), None)
                if even_if
                else None,
                in_treatment=bool(even_if and even_if.group("who_must")),
                yes=not how_it_goes,
            )
        )
        fact = db.fact_text(m.municipality, "relatives")  # what the relatives' help is ("1–2 samtaler …")
        if fact:
            reply.say(fact)
        reply.say(say.source_line(db, m.municipality), buttons=say.RELATIVE_BUTTONS)
        m.units = [x.unit.id for x in own]
        return
    if r.place_note:
        reply.say(r.place_note)  # "vi bor på amager": Amager is also Tårnby and Dragør
    reply.say(say.RELATIVE_LEAD)
    fact = db.fact_text(m.municipality, "relatives")
    if fact:
        reply.say(fact)
    if young:
        for text in (
            db.fact_text(m.municipality, "parents"),
            youth_text(db, m.municipality, m.age) if m.age is not None and m.age < 18 else None,
        ):
            if text:
                reply.say(text)
    shown = _cards(db, reply, own, moment) if own else []
    if not own:
        contact = db.contact_unit(m.municipality)
        reply.say(say.unit_card(db, Match(contact, 0, []), moment))
        shown = [contact]
    shown_names = {u.name for u in shown}
    # "When can I call the line for relatives?": their own places answer it; the treatment
    # places' hours would read as the line's.
    asks_when = own and any(t in ("ask_hours", "ask_open_now") for t in r.topics)
    person = [
        x for x in recommend(db, replace(m, anonymous=False))[0] if x.unit.contact.address or x.unit.contact.via_name not in shown_names
    ][:2]
    if m.age is None and not young:
        person = [x for x in person if not _youth_only(x.unit)] or person
    if not asks_when:
        reply.say(
            say.person_can_go(
                person, moment, m.substance, db, m.age, shown=shown_names, shown_phones={u.contact.phone for u in shown if u.contact.phone}
            )
        )
    reply.say(say.source_line(db, m.municipality), buttons=say.RELATIVE_BUTTONS)
    m.units = [u.id for u in shown]  # "hvornår kan jeg ringe?" is about the relative's own counselling


def _hours_known(unit: UnitInfo) -> bool:
    return any(h is not None and h.status != "not_stated" for h in (unit.hours_of(), unit.reached_hours()))


def _young(m: Memory) -> bool:
    return (m.age is not None and m.age < 25) or (m.age is None and m.relation in YOUNG_RELATIONS)


def _relatives_own(db: CatalogueDB, m: Memory) -> list[Match]:
    """Where the relative can go for themselves."""
    young = _young(m)
    return [
        x
        for x in db.units_for(Need(m.municipality, for_relative=True)).matches
        if x.unit.walk_in is not False and _fits_relative(x.unit, m.age, young)
    ]


# "what if i need more than just talking": treatment beyond counselling
MORE_THAN_TALKS = re.compile(
    r"\bmore than (just )?(talk|talking|talks|counselling|advice)\b|\b(vil|skal|gerne vil|wants?|needs?) (have |ha )?flere samtaler\b|"
    r"\b(wants?|needs?) more (sessions|talks)\b|\bmere end (bare )?(at )?(snakke|tale|samtaler|en snak|snak|raadgivning)\b|"
    # "og hvis han vil fortsætte efter det?" after the anonymous talks
    r"\b(vil|skal|gerne vil|wants? to|needs? to) (fortsaette|blive ved|continue|keep going)\b"
)
# "how many sessions do i get?": with anonymity asked for, the anonymous talks' number
HOW_MANY_TALKS = re.compile(r"\bhow many (sessions|talks|times|meetings)\b|\bhvor mange (samtaler|gange|sessioner)\b")
BARE_PLEA = re.compile(r"^(hjaelp|hjaelp mig|help|help me|hilfe)\W*$")
NOT_ACUTE = re.compile(r"\bikke (akut|en noedsituation)\b|\bnot (urgent|an emergency|acute)\b|\bno emergency\b")
# "hvad så med telefonen?" after the places: when they answer it
THE_PHONE = re.compile(r"\btelefonen\b|\btelefontid\w*|\bthe phone\b|\bphone (line|hours)\b")
# "får metadon på ørnevej men flytter til gladsaxe": the places where they will live
MOVING = re.compile(r"\bflytte\w* (til|over i|ud til|over til)\b|\bmov(e|ing) (to|over to)\b")
# "må min søster hjælpe mig med at skrive den?", "can my friend help me write it"
HELP_TO_COMPLAIN = re.compile(
    r"\bhjaelpe (mig|os)\b|\bskrive (den|klagen|det)\b|\bhelp (me|us)\b.{0,20}\b(write|complain|it)\b|"
    # where it goes and who decides: "hvem skal jeg sende den til", "who decides in the end"
    r"\bsende (den|klagen|det)\b|\bhvem (skal|kan) jeg (sende|klage til|skrive til)\b|\bhvem (bestemmer|afgoer|beslutter)\b|"
    r"\bwho (decides|makes the decision|do i send|should i send)\b|\bwhere do i send\b|"
    # "their phone?" after the complaint: the complaint bodies' numbers are in its answer
    r"^(and )?(their|deres) (phone|number|tlf|telefon\w*|nummer)\b"
)
# after the waiting time: "hvad hvis de ikke overholder det?" is a complaint about the decision
# Wanting to cut down rather than stop, or asking whether one must promise to stop
CUT_DOWN = re.compile(
    r"\b(ikke|aldrig) (\w+ )?(stoppe|holde op) helt\b|\b(drikke|ryge|tage|bruge) (lidt )?mindre\b|\bskaere ned\b|\bnedsaette\b|"
    r"\b(love|lovet|skal) (at )?(blive|vaere) (helt )?(aedru|clean|stoffri)\b|\bcut(ting)? (down|back)\b|\b(not|don t) (want to )?(stop|quit) "
    r"(completely|entirely|altogether)\b|\b(drink|smoke|use) less\b|\bhave to (promise to )?(be|get|stay) (sober|clean)\b"
)
# "og hvis lederen ikke gør noget ved det?" after a complaint about staff: the next step
LEADER_DID_NOTHING = re.compile(
    r"\b(lederen|centerlederen|chefen|ledelsen|the (manager|leader|head|boss))\b.{0,30}\b(ikke (goer|gor|gjorde|vil goere) noget|"
    r"ikke hjaelper|ignorer\w*|(doesn t|does not|won t|didn t|did not) (do|help)\w*|ignores?)\b"
)
DEADLINE_BROKEN = re.compile(
    r"\bikke (overholder|holder|overholdes|holdes)\b|\b(overskrider|overskredet)\b|\b(don t|dont|do not|doesn t) (keep|meet|respect)\b|"
    r"\b(miss|break|breaks|missed|broke) (it|the deadline|the guarantee)\b"
)
# A relative asking for themselves: "kan jeg selv få en snak med nogen?", "can we get some support too?"
# "hvordan foregår det?", "how does it work?" on its own: the last answer's help, how it goes
HOW_IT_GOES = re.compile(
    r"^(og |men |and |but |so )?(hvordan|how) (foregaar|forgaar|fungerer|virker|does (it|that|this) work|does (it|that) go|is it done)\b"
)
# "nej vent, jeg bor faktisk i rødovre", "sorry, my address is actually …": a place put right
PLACE_CORRECTED = re.compile(
    r"^(nej |no |oh )?(vent|wait)\b|\b(faktisk|nej vent|undskyld|rettelse|jeg mente|actually|sorry|i meant|correction)\b|"
    r"\b(aendrer|aendre|skifter) det (noget|paa noget)\b|\bgoer det (en|nogen) forskel\b|\b(does|would) (that|it|this) change\b"
)
RELATIVE_SELF = re.compile(
    r"\b(kan|maa) (jeg|vi) (ogsaa )?(selv )?(ogsaa )?(faa )?(en |nogen |noget )?(snak|samtale\w*|hjaelp|raad|stoette|tale med nogen)\b|"
    r"\ber der (ogsaa )?(noget|nogen|hjaelp|et tilbud) (\w+ )?(for|til) (mig|os)\b|\b(is there )?(anything|something|help) (\w+ )?for (me|us)\b|"
    r"\b(can|could) (i|we) (also )?(get|have|talk to)\b.{0,20}\b(talk|someone|help|support|advice)\b"
)
# The relative speaks for more than themselves ("kan vi", "can we"): "I" rather than "du"
WE = re.compile(r"\b(vi|os|we|us)\b")
# "kan vi få hjælp selvom han ikke vil?", "even if she doesn't want to"
EVEN_IF_NOT = re.compile(
    r"\bselv ?om (?P<who>han|hun|de) ikke\b|\bskal (?P<who_must>han|hun|de) (\w+ )?(vaere|gaa|starte) i behandling\b|"
    r"\b(even|what) if (?P<who_en>he|she|they) (doesn ?t|don ?t|won ?t|does not|do not|will not|isn ?t|is not|aren ?t)\b|"
    # "hvad hvis han ikke vil?" after the relatives' answer: the same as "selvom han ikke vil"
    r"\bhvis (?P<who_if>han|hun|de) ikke (selv )?(vil|gider|er klar)\b"
)
# Help with a home, money or work: what the anonymous places (PAS) are not for
SOCIAL_NEED = re.compile(
    r"\b(hjaelp|brug for|problemer?|help|need)\b.{0,30}\b(bolig\w*|lejlighed\w*|oekonomi\w*|gaeld\w*|husleje\w*|housing|flat|apartment|"
    r"money|debt\w*|rent)\b|\b(smidt ud|sat ud|blive udsat|evicted|kicked out|hjemloes\w*|homeless|gaeld|debts?)\b|"
    r"\b(miste|mister|losing|lose) (min |my )?(bolig|lejlighed|flat|apartment|home)\b"
)
# "ok jeg ringer til livslinien", "they're coming now": the crisis answer taken, not a new crisis
CRISIS_TAKEN = re.compile(
    r"\b(jeg )?(ringer|har ringet|ringede|ringet|vil ringe) (nu )?(til )?(livslinien|112)\b|\bde (er paa vej|kommer nu)\b|"
    r"\bambulancen (er paa vej|kommer)\b|\b(i ll|ill|i will|i m going to|im going to|i have|i ve|i just) (call|called|ring|rang) "
    r"(livslinien|112|an ambulance)\b|\bthey re (coming|on their way)\b|\bthe ambulance is (coming|on its way|here)\b"
)
# "do they speak english there", "taler de engelsk": the documents do not say - call and ask
_LANGUAGE_NAMES = (
    r"(engelsk|english|dansk|danish|arabisk|arabic|polsk|polish|tyrkisk|turkish|somali|urdu|farsi|persisk|persian|ukrainsk|"
    r"ukrainian|russisk|russian|spansk|spanish|tysk|german|fransk|french)"
)
LANGUAGES_SPOKEN = re.compile(
    rf"\b(speak|speaks|spoken) (\w+ )?{_LANGUAGE_NAMES}\b|\btaler (de |man |personalet |nogen )?(\w+ )?{_LANGUAGE_NAMES}\b|"
    r"\btolk\w*|\binterpreter\w*"
)
# A relative who lives elsewhere asking for the relatives' help: "selvom jeg bor i kastrup", "even though i live in …"
AS_A_RELATIVE_THOUGH_I_LIVE = re.compile(
    r"\b(selv ?om|selv om|men|though|although|but|even if) (jeg|i|vi|we) (selv )?(bor|live)\b|\b(som|as a) (paaroerende|relative|parent|foraelder)\b"
)
# "de andre", "the other ones": the places named after the first one
THE_OTHERS = re.compile(r"\bde andre\b|\bden anden\b|\bthe others?\b( ones| places)?\b")
# "hvor skal jeg så gå hen" after 112: where to go, with 112 on top - not 112 alone again
WHERE_TO_GO = re.compile(
    r"\bhvor (skal|kan) (jeg|man|vi) (saa |sa )?(gaa|tage|komme|henvende|faa hjaelp|starte)\b|\bwhere (can|should|do) (i|we) (go|get help|turn)\b"
)
# "kan jeg starte der" about the one place just named: whether it takes them (its conditions)
START_THERE = re.compile(
    r"\b(kan|maa) (jeg|man|han|hun|vi) (saa |sa )?(starte|begynde|blive indskrevet|faa plads) (\w+ )?(der|hos dem|paa stedet)\b|"
    r"\bcan (i|he|she|we) (start|begin|get in) (\w+ )?there\b"
)
# "kan vi komme begge to", "can we both come along": the parents coming with their child
COME_ALONG = re.compile(
    r"\b(kan|maa|skal|faar) (vi|jeg) (ogsaa |godt |gerne |begge )*(komme|vaere|gaa|deltage) (med|sammen|begge to|med ind|med til)\b|"
    r"\b(kan|maa) (vi|jeg) (ogsaa )?(vaere|komme) (med|der)\b|\bcan (we|i) (both |also )?(come|join|be there|go)( along| too| with (him|her|them))?\b"
)
# "skal han selv ringe eller kan vi?", "kan jeg ringe for hende?": may the relative call too
WE_MAY_CALL = re.compile(
    r"\b(kan|maa|skal|boer) (vi|jeg)\b.{0,25}\b(ringe|kontakte|henvende)|\beller (kan|skal|maa) (vi|jeg)\b|"
    r"\b(ringe|kontakte) (for|paa vegne af) (ham|hende)\b|\b(bestille|booke|lave) (en )?(tid|aftale) (til|for) (ham|hende)\b|"
    r"\bbook (an )?appointment for (him|her)\b|\b(can|should) (we|i)\b.{0,25}\b(call|contact|ring)\b|\bor (can|should) (we|i)\b"
)


def person_help(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    """A relative asks where the person they worry about can go: that person's places only;
    asked whether they may call too, first where they can call themselves."""
    if _relatives_turn(db, reply):
        return
    m = reply.memory
    own = _relatives_own(db, m) if WE_MAY_CALL.search(r.folded) else []
    if own:
        reply.say(
            say.relatives_may_call(
                [x.unit for x in own],
                plural=bool(WE.search(r.folded)),
                either_or=bool(re.search(r"\b(eller|or)\b", r.folded)),
                # booking a time for them: the documents do not say; where the relative can call, they do
                yes=not re.search(r"\b(bestille|booke|book|lave) (en |an )?(tid|aftale|appointment)\b", r.folded),
            )
        )
    # Without the youth line: it speaks to the reader ("Er du 15–24 år …"), who is the relative.
    matches = recommend(db, replace(m, anonymous=False))[0]
    reply.say(say.person_can_go(matches, moment, m.substance, db, m.age))
    reply.say(say.source_line(db, m.municipality), buttons=say.RELATIVE_BUTTONS)
    m.units = [x.unit.id for x in matches]  # "hvornår har de åbent?" is now about these places


def _fits_relative(unit: UnitInfo, age: int | None, young: bool) -> bool:
    """A relatives' offer for parents of young people fits only when the person is young."""
    if unit.age_max is None:
        return True
    if age is not None:
        return _age_fits(unit, age)
    return young


# --- questions about units ----------------------------------------------------------


def _units_for_question(db: CatalogueDB, r: Reading, reply: Reply, topic: str) -> list[UnitInfo] | None:
    """The units a question is about; None when a question had to be asked instead."""
    m = reply.memory
    here = m.home  # this message's place is already in the memory
    mention = r.units
    if mention and mention.historic and not mention.unit_ids:
        reply.say(say.historic_gone(mention.historic), buttons=say.municipality_buttons(db, "inform"))
        return None
    if mention and mention.historic:
        reply.say(say.historic_now(db.find_historic(mention.historic)))
    if mention and not mention.generic and mention.unit_ids:
        return [db.unit(u) for u in mention.unit_ids[:3]]
    if mention and not mention.generic and not mention.historic:
        reply.say(say.unknown_unit(mention.word), buttons=say.municipality_buttons(db, "inform"))
        m.asked, m.topic = "municipality", topic
        return None
    if mention and mention.generic and m.units and mention.word in REFERRING_WORDS:
        return [db.unit(u) for u in m.units]  # "kan man komme på stedet i morgen?": the place just talked about
    if mention and mention.generic:
        units = _generic_units(db, mention, here)
        if len(units) == 1 or (units and here):
            return units[:3]
        if len(units) > 1:
            reply.say(say.WHICH_UNIT, buttons=[say.button(f"{u.name}", topic, unit=u.name) for u in units[:4]])
            reply.memory.asked = "unit"
            reply.memory.topic = topic
            return None
    focus = [db.unit(u) for u in m.units]
    if len(focus) > 1 and THE_OTHERS.search(r.folded):
        focus = focus[1:]  # "har de andre åbent i dag?" after Valmuen and where to start instead
    code = re.search(r"\b(\d{4})\b", r.folded)
    in_area = [u for u in focus if code and u.contact.postcode == code.group(1)]
    if in_area:
        return in_area  # "hvad er nummeret på den i 2300?"
    if focus and (r.municipality is None or all(u.municipality_id == r.municipality for u in focus)):
        return focus
    return []


def _generic_units(db: CatalogueDB, mention: UnitMention, municipality: str | None) -> list[UnitInfo]:
    """'rusmiddelcentret' + a place -> that place's centre; without a place, every unit so called."""
    stem = mention.word.split()[0]
    stem = stem[: max(6, len(stem) - 3)]
    units = db.units_named_like(stem, municipality)
    if not units and municipality:
        units = [x.unit for x in db.units_for(Need(municipality)).matches]
    if not units:
        units = [db.unit(u) for u in mention.unit_ids]
    return units


def unit_question(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    units = _units_for_question(db, r, reply, topic)
    if units is None:
        return
    if not units and m.municipality and m.municipality != OUTSIDE:
        anywhere = re.search(
            r"\b(noget|nogen steder|noget sted|nogen|hvad|hvor)\b.{0,30}\b(aab|abe)|\b(anything|anywhere|any place|anyplace|somewhere|what|where)\b.{0,30}\bopen",
            r.folded,
        )
        if topic in ("ask_hours", "ask_open_now") and (anywhere or not (m.substance or m.need or m.audience == "relative")):
            return municipality_hours(db, r, reply, moment, topic)
        return seek_help(db, r, reply, moment, topic) if m.audience != "relative" else relative_help(db, r, reply, moment, topic)
    if not units:
        if m.municipality == OUTSIDE:
            return _outside(db, reply)
        if r.substance or r.wants_help:
            return seek_help(db, r, reply, moment, topic)
        reply.say(say.WHICH_PLACE, buttons=say.municipality_buttons(db, "inform"))
        m.asked, m.topic = "municipality", topic
        return
    if r.units and (r.municipality == OUTSIDE or (m.municipality == OUTSIDE and topic not in ("ask_hours", "ask_open_now", "ask_contact"))):
        # "jeg bor i avedøre … kan jeg så bare bruge rødovres rådgivningscenter?": the place named is
        # a municipality's place for its own people; the way there goes through their own municipality.
        # Its hours or number asked later are still given ("flytter til odense … men indtil da,
        # hvornår har prags boulevard åbent?").
        _outside(db, reply, units)
        m.topic = topic
        return
    if topic in ("ask_hours", "ask_open_now"):
        if m.audience == "relative" and not r.units and not r.phone_hours and not any(_hours_known(u) for u in units):
            # "har de åbent i dag?" after the relatives' line, whose hours are not known: the person's
            # places too ("hvornår kan jeg ringe?" stays with the line: their hours would read as its)
            person = [x.unit for x in recommend(db, replace(m, anonymous=False))[0][:2]]
            if ABOUT_THE_PERSON.search(r.folded):
                units = person or units  # "where can he go himself, and are they open tomorrow?": his places only
            else:
                units = units + [u for u in person if u.id not in {x.id for x in units}]
        _hours(db, r, reply, units, moment, topic)
    elif topic == "ask_contact":
        # "hvad er nummeret og har de åbent torsdag eftermiddag": the number, and the hours asked
        asks_hours = bool({"ask_hours", "ask_open_now"} & set(r.topics) or r.day or r.now)
        days, kind = _hours_asked(r, reply, moment, topic, units) if asks_hours else (None, None)
        names = {u.name for u in units}
        if LANGUAGES_SPOKEN.search(r.folded):
            reply.say(say.LANGUAGES_NOT_KNOWN)
        for unit in units:
            card = say.contact_card(unit, shown=names)
            hours = unit.hours_of()
            if asks_hours:
                card += "\n" + say.hours_text(unit, moment, days=days, kind=kind, shown=names)
            elif hours is not None and hours.kind == "phone" and hours.status != "not_stated":
                # a number that only answers at set times (PAS 15.15–16.15) is given with those times
                card += "\n" + say.hours_text(unit, moment, days=[moment.date()], kind="phone", shown=names)
            reply.say(card)
    else:
        for unit in units:
            reply.say(say.info_card(unit, moment))
        if len(units) == 1 and units[0].card_conditions and START_THERE.search(r.folded):
            # "aldrig været i behandling før, kan jeg starte der?" about Valmuen (12 months of
            # substitution first): its condition above, and where they can start instead
            starts = [x.unit for x in recommend(db, m)[0] if x.unit.id != units[0].id and x.unit.walk_in is not False]
            if starts:
                reply.say(say.where_to_start(starts[:3], moment, m.age))
                units = units + starts[:3]  # "har de andre åbent i dag?": the places after the first
        # "men det er jo kun alkohol, er det ikke kun for stoffer?": the municipality's word on that substance
        if r.substance == "alcohol" and len({u.municipality_id for u in units}) == 1:
            fact = db.fact_text(units[0].municipality_id, "alcohol")
            if fact:
                reply.say(fact)
    reply.say(say.source_line(db, units[0].municipality_id), buttons=say.unit_buttons(units[0], topic))
    if m.substance is None and len(units) == 1 and len(units[0].substances) == 1:
        m.substance = units[0].substances[0]  # "er valmuen åben i dag?" … "jeg bor i nordvest": the places for opioids
    m.units = [u.id for u in units]
    if m.municipality is None:
        m.municipality = units[0].municipality_id
    m.topic = topic


def _days(day: str | None, moment: datetime) -> list[date] | None:
    today = moment.date()
    if day in (None, "evening", "after_work"):
        return None
    if day == "today":
        return [today]
    if day in ("tomorrow", "tomorrow_morning"):
        return [today + timedelta(days=1)]
    if day == "day_after_tomorrow":
        return [today + timedelta(days=2)]
    if day == "weekend":
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        return [saturday, saturday + timedelta(days=1)]
    if day == "holiday":
        upcoming = [today + timedelta(days=i) for i in range(0, 60) if holiday_name(today + timedelta(days=i))]
        return upcoming[:3] or None
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if day in names:
        return [today + timedelta(days=(names.index(day) - today.weekday()) % 7)]
    return None


def _hours_asked(
    r: Reading, reply: Reply, moment: datetime, topic: str, units: list[UnitInfo] = ()
) -> tuple[list[date] | None, str | None]:
    """The days and the kind of hours a message asks for; remembers the day asked."""
    kind = "phone" if r.phone_hours and any(u.hours_of("phone") for u in units) else None
    day = r.day or (reply.memory.day if r.units and not r.now else None)
    days = _days(day, moment)
    if day == "evening" or ((topic == "ask_open_now" or r.now) and not days and day != "after_work"):
        days = [moment.date()]  # today's hours, with whether it is open now
    # "efter arbejde" (after_work) gets the whole week: the days open late show
    reply.memory.day = day
    return days, kind


def _hours(db: CatalogueDB, r: Reading, reply: Reply, units: list[UnitInfo], moment: datetime, topic: str) -> None:
    days, kind = _hours_asked(r, reply, moment, topic, units)
    names = {u.name for u in units}
    blocks = [(u, say.hours_text(u, moment, days=days, kind=kind, shown=names)) for u in units]
    for block in say.group_by_text(blocks, shown=names):
        reply.say(block)


def municipality_hours(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    """'Er der noget i København, der har åbent i weekenden?': what is open, or opens next."""
    m = reply.memory
    units = [u for u in db.all_units(m.municipality) if u.kind not in ("line", "relatives_group", "outreach") and u.walk_in is not False]
    if m.substance and m.substance != UNKNOWN or m.need:
        # "tager heroin – er der noget åbent i dag?": the places for that, not every place
        fitting = {x.unit.id for x in db.units_for(_need(m), limit=None).matches}
        units = [u for u in units if u.id in fitting] or units
    days = _days(r.day or m.day, moment)
    known = [u for u in units if (h := u.hours_of()) is not None and h.status != "not_stated"]
    if not known:
        contact = db.contact_unit(m.municipality)
        reply.say(say.no_hours_known(say.in_municipality(db, m.municipality), contact))
        m.units = [contact.id]
    elif days:
        open_then = [
            u
            for u in known
            if any(u.hours_of().week[d.weekday()] for d in days) and (u.hours_of().all_year or not all(holiday_name(d) for d in days))
        ]
        reply.say(say.open_on_days_lead(say.in_municipality(db, m.municipality), days, bool(open_then), moment))
        for unit in open_then[:4]:
            reply.say(say.hours_text(unit, moment, days=days, with_name=True, with_phone=True, with_summary=True))
        closed = [u for u in known if u not in open_then]
        if closed:
            reply.say(say.closed_then(closed, moment, days))
        m.units = [u.id for u in open_then[:4]]
    else:
        open_now = [u for u in known if status_at(u.hours_of(), moment).is_open]
        reply.say(say.open_now_lead(say.in_municipality(db, m.municipality), bool(open_now)))
        for unit in open_now[:4]:
            reply.say(say.hours_text(unit, moment, now_only=True, with_name=True, with_phone=True, with_summary=True))
        if not open_now:
            upcoming = sorted(
                ((next_opening(u.hours_of(), moment)[0], u) for u in known if next_opening(u.hours_of(), moment)[0]), key=lambda p: p[0]
            )
            reply.say(say.opens_next([u for _, u in upcoming[:3]], moment))
        m.units = [u.id for u in open_now[:4]]
    reply.say(say.emergency_footer(db) + " " + say.source_line(db, m.municipality))
    m.topic = topic


# --- rights and rules -----------------------------------------------------------------

RIGHTS_TEXTS = {
    "waiting_time": (("rights_waiting_time", "rights_waiting_time_fast"), ("waiting_time", "immediate_start")),
    "cost": (("rights_cost",), ("cost",)),
    "referral": (("rights_referral",), ("referral",)),
    "free_choice": (("rights_free_choice",), ("free_choice",)),
    "bisidder": (("rights_bisidder",), ("bisidder",)),
    "first_talk": (("rights_first_talk",), ("first_talk",)),
    "treatment_types": (("rights_treatment_types",), ("treatment_types",)),
    "follow_up": (("rights_follow_up",), ("follow_up",)),
    "rights": (
        ("rights_referral", "rights_waiting_time", "rights_cost", "rights_free_choice"),
        ("referral", "waiting_time", "cost", "free_choice"),
    ),
}


def rights_texts(db: CatalogueDB, topic: str, here: str | None) -> list[str]:
    """A right in the municipality's own words, or - where it is silent, or not known - what holds in all four."""
    national, local = RIGHTS_TEXTS[RIGHTS[topic]]
    if not here:
        return [db.national_text(t) for t in national]
    texts: list[str] = []
    key = RIGHTS_KEY_WORDS.get(RIGHTS[topic])
    danish = db.in_language("da")  # the key words are the Danish texts' (an English view would never contain them)
    if key and not any(key in (danish.fact_text(here, t) or "") for t in local):
        texts.append(db.national_text(national[0]))
    for national_id, local_topic in zip(national, local):
        text = db.fact_text(here, local_topic)
        if text is None and local_topic != "immediate_start":
            text = db.national_text(national_id)
        if text and text not in texts:
            texts.append(text)
    return texts


def answer_rights(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    national = RIGHTS_TEXTS[RIGHTS[topic]][0]
    here = m.home
    if here:
        reply.say("\n\n".join(rights_texts(db, topic, here)))
        if RIGHTS[topic] in ("referral", "first_talk", "waiting_time", "free_choice", "rights"):
            named = [db.unit(u) for u in r.units.unit_ids] if r.units and not r.units.generic else []
            units = named or [db.unit(u) for u in m.units] or [x.unit for x in recommend(db, m)[0]]
            reply.say(say.where_to_start(units, moment, m.age))
            m.units = [u.id for u in units]
        reply.say(say.source_line(db, here), buttons=say.RIGHTS_BUTTONS)
    else:
        _everywhere_then_ask(db, reply, topic, national, say.all_four_line(db))
    m.topic = topic


def anonymity(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    here = m.home
    if r.units and r.units.unit_ids and not r.units.generic:
        # "hvad betyder det at u-turn er anonymt?": about that place
        units = [db.unit(u) for u in r.units.unit_ids]
        reply.say("\n".join(say.anonymous_at(u) for u in units))
        reply.say(
            db.national_text("anonymity_meaning") + "\n" + say.source_line(db, units[0].municipality_id),
            buttons=say.unit_buttons(units[0], topic),
        )
        m.units, m.topic = [u.id for u in units], topic
        m.municipality = m.municipality or units[0].municipality_id
        return
    if here:
        units = _anonymous_units(db, here, m.age)
        fact = db.fact_text(here, "anonymity") if m.age is None or m.age >= 18 else youth_text(db, here, m.age)
        if fact:
            reply.say(fact)
        elif m.age is not None:
            reply.say(say.anonymous_for_age(m.age, bool(units)))
        for unit in units:
            reply.say(say.unit_card(db, Match(unit, 0, [Reason("anonymous", unit.anonymous_talks)]), moment, age=m.age, conditions=False))
        reply.say(db.national_text("anonymity_meaning") + "\n" + say.source_line(db, here), buttons=say.NEXT_STEP_BUTTONS)
        m.units = [u.id for u in units] or m.units
    else:
        lines = []
        for muni in db.municipality_ids():
            units = _anonymous_units(db, muni, m.age)
            if units:
                lines.append(say.anonymous_line(db.municipality_name(muni), units))
        reply.say(say.ANONYMOUS_LEAD + "\n" + "\n".join(lines))
        reply.say(db.national_text("anonymity_meaning"))
        reply.say(say.ANONYMOUS_ASK_PLACE, buttons=say.municipality_buttons(db, "ask_anonymity"))
    m.topic = topic


def privacy(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    """'Bliver mine oplysninger sendt til politiet?': what the municipality passes on, and what anonymous means."""
    m = reply.memory
    here = m.home or (next(iter(r.units.places)) if r.units and len(r.units.places) == 1 else None)
    texts = [db.fact_text(here, "privacy")] if here else []
    texts.append(db.national_text("anonymity_meaning"))
    reply.say("\n\n".join(t for t in texts if t))
    anonymous = _anonymous_units(db, here, m.age) if here else []
    if anonymous:
        reply.say(say.anonymous_line(db.municipality_name(here), anonymous))
    reply.say(
        say.source_line(db, here) if here else say.all_four_line(db),
        buttons=say.NEXT_STEP_BUTTONS if here else say.municipality_buttons(db, "ask_privacy"),
    )
    if r.units and r.units.unit_ids:
        m.units = list(r.units.unit_ids)
    elif anonymous:
        m.units = [u.id for u in anonymous]  # "hvornår kan man ringe til dem?": the anonymous places just named
    m.topic = topic


def _age_fits(unit: UnitInfo, age: int | None) -> bool:
    if age is None:
        return True
    return (unit.age_min is None or age >= unit.age_min) and (unit.age_max is None or age <= unit.age_max)


def _anonymous_units(db: CatalogueDB, municipality: str, age: int | None) -> list[UnitInfo]:
    """The municipality's units where one can talk anonymously, for this age when it is known."""
    return [u for u in db.units_with_help(municipality, "anonymous") if u.anonymous_talks and _age_fits(u, age)]


def second_question(db: CatalogueDB, r: Reading, reply: Reply, answered: str) -> None:
    """'Hvor kan jeg få hjælp på frb, og koster det noget?': the second question, a right, answered too."""
    here = reply.memory.home
    for topic in r.topics:
        if topic == answered or topic not in (*RIGHTS, "complain"):
            continue
        if topic == "complain":
            texts = [say.complaint_text(c) for c in db.complaints(here)[:1]] if here else [db.national_text("rights_complaints")]
        else:
            texts = rights_texts(db, topic, here)
        reply.say("\n\n".join(texts))
        return


def _everywhere_then_ask(db: CatalogueDB, reply: Reply, topic: str, national_ids: tuple[str, ...], ask: str) -> None:
    """What holds in all four municipalities, then buttons that ask the same for one of them."""
    reply.say("\n\n".join(db.national_text(t) for t in national_ids))
    reply.say(ask, buttons=say.municipality_buttons(db, topic))
    reply.memory.topic = topic


def youth_text(db: CatalogueDB, municipality: str, age: int | None) -> str | None:
    """The municipality's rules for the young, and what only holds under 18 when the person may be under 18."""
    texts = [db.fact_text(municipality, "youth")]
    if age is None or age < 18:
        texts.append(db.fact_text(municipality, "minors"))
    return " ".join(t for t in texts if t) or None


def youth_rules(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    here = m.home
    if not here:
        return _everywhere_then_ask(db, reply, topic, ("rights_youth",), say.YOUTH_ASK_PLACE)
    if m.age is not None and m.age >= 18 and m.audience != "relative":
        texts = [
            say.ADULT_DECIDES,
            db.fact_text(here, "youth") if m.age < 25 else None,
            # "what if i wait till im 18": what they can have then without anyone being told
            db.fact_text(here, "anonymity"),
        ]
    else:
        texts = [youth_text(db, here, m.age)]
    if m.audience == "relative":
        texts.append(db.fact_text(here, "parents"))
    said = "\n\n".join(t for t in texts if t)
    reply.say(said)
    # The places to contact, each once: a number already in the rules above gets no card of its own.
    matches = [
        x
        for x in db.units_for(Need(here, age=m.age if m.age is not None else 17)).matches
        if x.unit.contact.phone and x.unit.contact.phone_display not in said
    ][:2]
    shown = _cards(db, reply, matches, moment, age=m.age)
    reply.say(say.source_line(db, here), buttons=say.NEXT_STEP_BUTTONS)
    m.units = [u.id for u in shown]
    m.topic = topic


SPECIAL_NEEDS = {
    "substitution": ("substitution", ("substitution",)),
    "heroin_assisted": ("heroin_assisted", ("heroin_assisted",)),
    "pregnancy": ("pregnancy", ("pregnancy",)),
    "family": ("family", ("pregnancy",)),
    "dual_diagnosis": ("dual_diagnosis", ("psychiatric",)),
    "home": ("home", ("home",)),
    "outreach": ("outreach", ("home",)),
    "housing": ("housing", ("home",)),
    "intensive": ("intensive", ()),
    "residential": ("residential", ("treatment_types",)),
    "day": ("day", ("treatment_types",)),
}


def special_treatment(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    if m.need not in SPECIAL_NEEDS and m.substance == "opioids":
        m.need = "substitution"  # "køber metadon på gaden, vil gerne i ordentlig behandling"
    if m.need not in SPECIAL_NEEDS:
        # A substance ("kan jeg få antabus"), or the question below asked once already and
        # answered with something else ("bor i kbh"): the places for them, not the same question.
        if m.substance or m.topic == topic:
            return seek_help(db, r, reply, moment, "seek_help")
        reply.say(say.SPECIAL_ASK, buttons=say.SPECIAL_BUTTONS)
        m.topic = topic
        return
    help_kind, topics = SPECIAL_NEEDS[m.need]
    here = m.home
    if not here:
        # Offered in one municipality only (street teams, heroin treatment): answer for it.
        offering = [muni for muni in db.municipality_ids() if db.units_with_help(muni, help_kind)]
        if len(offering) != 1:
            return _ask_place(db, reply, topic, say.SPECIAL_ASK_PLACE)
        here = offering[0]
        reply.say(say.only_in(say.in_municipality(db, here)))
    texts = [t for t in (db.fact_text(here, t) for t in topics) if t]
    if texts:
        reply.say("\n\n".join(texts))
    # The places that offer it, with the way in when they cannot be walked into - or, where
    # none offers it, the places that fit what else is known (substance, age).
    found = db.units_for(Need(here, age=m.age, help=help_kind, substance=m.substance if m.substance != UNKNOWN else None), limit=None)
    matches = found.matches
    for note in found.notes:
        # "subutex i 3 år på frederiksberg, bruger stadig heroin": no heroin treatment known there - said, not hidden
        reply.say(say.note_text(db, note))
    shown = _cards(db, reply, matches, moment, age=m.age, conditions=True) if matches else []
    if not texts and not matches:
        reply.say(say.not_known_call(db.contact_unit(here)))
    reply.say(say.source_line(db, here), buttons=say.NEXT_STEP_BUTTONS)
    m.units = [u.id for u in shown]
    m.topic = topic


def complaints(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    here = m.home
    if not here:
        return _everywhere_then_ask(db, reply, topic, ("rights_complaints",), say.COMPLAINT_ASK_PLACE)
    found = db.complaints(here)
    kind = r.complaint_kind or ("decision" if HELP_TO_COMPLAIN.search(r.folded) or DEADLINE_BROKEN.search(r.folded) else None)
    if LEADER_DID_NOTHING.search(r.folded):
        kind = "case_handling"  # beyond the leader: the body for staff conduct and case handling (Borgerrådgiveren)
    kinds = [kind, *({"staff": ["case_handling"], "case_handling": ["staff"]}.get(kind, []))]
    chosen = next(([c for c in found if c.kind == k] for k in kinds if any(c.kind == k for c in found)), found)
    for c in chosen:
        reply.say(say.complaint_text(c))
    other = [c for c in found if c not in chosen]
    buttons = [say.complaint_button(c) for c in other]
    reply.say(say.source_line(db, here), buttons=buttons or None)
    m.topic = topic


def authority_contact(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    """How to reach a complaint body; of two borgerrådgivere, the person's municipality's."""
    found = [a for a in db.authorities() if a["id"] in r.authorities]
    here = reply.memory.home
    prefix = {"kobenhavn": "kk-", "gladsaxe": "glx-"}.get(here or "")
    local = [a for a in found if prefix and a["id"].startswith(prefix)]
    for body in local or found:
        reply.say(say.authority_text(body))
    reply.memory.topic = topic


# --- people, small talk and not understanding ---------------------------------------------


def human(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    m = reply.memory
    here = m.home
    units = [db.contact_unit(here)] if here else db.main_contacts()
    if m.audience == "relative" and here:
        units = [x.unit for x in db.units_for(Need(here, for_relative=True)).matches if x.unit.walk_in is not False] or units
    reply.say(say.human_text(db, units, moment))
    m.topic = topic


def capabilities(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    reply.say(say.capabilities_text(db), buttons=say.START_BUTTONS)


def small_talk(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    responses = {
        "greet": ("utter_greet", "utter_privacy", "utter_how_can_i_help"),
        "goodbye": ("utter_goodbye",),
        "thank": ("utter_thank",),
        "bot_challenge": ("utter_bot_challenge",),
        "chitchat": ("utter_chitchat",),
        "affirm": ("utter_how_can_i_help",),
        "deny": ("utter_anything_else",),
        "out_of_scope": ("utter_out_of_scope", "utter_how_can_i_help"),
    }
    if topic == "affirm" and r.thanks:  # "ok tak" after an answer: a thank-you, not a request for the menu
        topic = "thank"
    for response in responses[topic]:
        reply.respond(response)
    reply.memory.topic = reply.memory.topic if topic in ("thank", "affirm", "deny") else None


def crisis(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    """112 (and Livslinien) first. When the NLU heard a crisis but the words are about what
    comes after ("ambulancen har hentet ham, hvor kan han få hjælp bagefter?"), the help follows."""
    m = reply.memory
    asks_for_help = r.municipality not in (None, OUTSIDE) and (r.substance or r.wants_help or r.relation)
    help_there = relative_help if (r.speaker or m.audience) == "relative" else seek_help
    if not r.crisis and asks_for_help and NOT_ACUTE.search(r.folded):
        # "ikke akut. min søster tager heroin, hun bor i kbh": the NLU heard a crisis; the person says it is not one
        help_there(db, r, reply, moment, "seek_help")
        reply.say(say.emergency_footer(db))
        return
    if not r.crisis and r.intent not in CRISIS:
        reply.say(say.CRISIS_AGAIN)  # a message right after the crisis answer that says nothing new
    reply.say(say.crisis_text(db, topic == "crisis_suicidal"))
    if not r.crisis and asks_for_help:
        help_there(db, r, reply, moment, "seek_help")
        return
    reply.say(say.CRISIS_AFTER, buttons=say.CRISIS_BUTTONS)
    m.topic, m.asked = None, topic  # so an unclear next message gets 112 again


def fallback(db: CatalogueDB, r: Reading, reply: Reply, moment: datetime, topic: str) -> None:
    ranking = [x for x in r.ranking if x.get("name") in say.INTENT_LABELS and x.get("confidence", 0) >= say.CLARIFY_MIN_CONFIDENCE]
    if len(ranking) >= 2 and not r.is_payload:
        entities = {e["entity"]: str(e["value"]) for e in r.entities}
        reply.say(
            say.CLARIFY,
            buttons=[say.button(say.INTENT_LABELS[x["name"]], x["name"], **entities) for x in ranking[:2]] + [say.NONE_OF_THEM_BUTTON],
        )
        return
    here = reply.memory.home
    reply.say(say.fallback_text(db, here), buttons=say.FALLBACK_BUTTONS)
    reply.memory.topic = None


_HANDLERS = {
    "seek_help": seek_help,
    "inform": seek_help,
    "relative_help": relative_help,
    "person_help": person_help,
    "ask_hours": unit_question,
    "ask_open_now": unit_question,
    "ask_contact": unit_question,
    "ask_unit_info": unit_question,
    "ask_anonymity": anonymity,
    "ask_youth_rules": youth_rules,
    "ask_special_treatment": special_treatment,
    "complain": complaints,
    "authority_contact": authority_contact,
    "ask_privacy": privacy,
    "ask_human": human,
    "ask_capabilities": capabilities,
    "crisis_overdose": crisis,
    "crisis_suicidal": crisis,
    "nlu_fallback": fallback,
    "fallback": fallback,
}
