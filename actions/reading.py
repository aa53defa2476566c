"""Read one message: what it says about place, substance, age, who is speaking,
which unit, which day, and what is asked.

DIET's intent and entities come first; the raw text fills what they missed,
using the same word lists (data/nlu/synonyms.yml) and the catalogue's names.
People write "hashmisbrug", "bor i 2300", "min søn på 16", "rusmiddelcentret
på frb" - all of it is read here, once, so the conversation logic works on
plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textfold import fold, fold_loose

from .lexicon import folded_sections
from .understanding import OUTSIDE, UNKNOWN, canonical_substance, parse_age, resolve_residence
from .unit_catalogue.query import CatalogueDB

# Endings that make a substance word a problem word: "hash|misbrug", "alkohol|problemer".
COMPOUND_TAILS = (
    "misbrug",
    "misbruger",
    "misbrugere",
    "problem",
    "problemer",
    "problemet",
    "afhaengig",
    "afhaengighed",
    "afhaengige",
    "forbrug",
    "forbruget",
    "brug",
    "brugen",
    "ryger",
    "rygning",
    "ryge",
    "behandling",
    "behandlingen",
    "afvaenning",
    "trang",
    "psykose",
    "abstinenser",
    "mani",
    "vaner",
    "vane",
    "dille",
)
# Words that name a kind of place, not a place: they point at a unit only together
# with a municipality ("rusmiddelcentret på Frederiksberg").
GENERIC_UNIT_WORDS = frozenset(
    fold(w)
    for w in (
        "rusmiddelcentret",
        "rusmiddelcenteret",
        "rusmiddelcenter",
        "rusmiddelcentre",
        "rusmiddelbehandling",
        "rusmiddelbehandlingen",
        "misbrugscentret",
        "misbrugscenteret",
        "misbrugscenter",
        "behandlingscentret",
        "behandlingscenteret",
        "behandlingscenter",
        "behandlingsstedet",
        "centret",
        "centeret",
        "center",
        "stedet",
        "ungecentret",
        "ungecenteret",
        "ungecenter",
        "rådgivningscentret",
        "rådgivningscenter",
        "rådhuset",
        "socialafdelingen",
        "familieafdelingen",
        "kommunen",
        "rusmidler",
        "rusmiddel",
        "frivillig",
        "behandling",
    )
)

# Who is speaking: "min mor ved det ikke" is a young person, not a relative.
_PARENT_AS_AUDIENCE = re.compile(
    r"\b(ringer|ringe|kontakter|kontakte|informere|informerer)\s+(de\s+)?(til\s+)?(min|mine)\s+(mor|far|foraeldre)\b|\b(have|tage|faa|tag)\s+(min|mine)\s+(mor|far|foraeldre)\s+med\b|\b(min|mine|mit)\s+(mor|far|foraeldre|forael?dre|for?ldre)\b.{0,40}\b(ved|vide|maa ikke|finder|opdager|fortaelle|"
    r"sige det|skal vide|faar det at vide|far det at vide|ikke vide|aner|har ingen anelse|maa aldrig)|\b(uden|bag om|foer|inden)\s+(min|mine)\s+(mor|far|"
    r"foraeldre)|\b(fortaelle|sige)\s+(det\s+)?til\s+(min|mine)\s+(mor|far|foraeldre)|\b(mor|far|foraeldre)\s+(ved|maa|aner|kender)\s+"
    r"(det\s+|noget\s+)?ikke"
)
_FIRST_PERSON_USE = re.compile(
    r"\bjeg\s+(har\s+)?(ryger|drikker|tager|bruger|sniffer|snifer|ryg|drak|roeg|har taget|har roeget|har drukket|er afhaengig|"
    r"har et|har en|har problemer|har svaert|kan ikke stoppe|kan ikke holde|vil gerne stoppe|vil stoppe|vil have hjaelp|"
    r"har brug for hjaelp|er misbruger)"
)
_RELATIVE_USE = re.compile(r"\b(min|mit|mine|vores)\s+(\w+\s+)?(\w+)\b")

_AGE_PATTERNS = (
    re.compile(r"\b(?:jeg er|er|jeg er kun|kun|er lige fyldt|fylder|fyldt)\s+(\d{1,2})\b(?!\s*(?:kr|dage|uger|maaneder|gange|timer|min))"),
    re.compile(r"\b(\d{1,2})\s*(?:-\s*)?(?:aar|ar|aarig|arig|aarige|arige|years?)\b"),
    re.compile(r"\b(?:paa|pa)\s+(\d{1,2})\b(?!\s*(?:kr|dage|uger|maaneder|gange|timer|min|\d))"),
    re.compile(r"\b(?:under|over)\s+(\d{2})\b"),
    re.compile(r"^(\d{2})\s+(?:og|,|aar|ar|\-)"),
)
_AGE_WORD = re.compile(r"\b(?:er|paa|pa|fylder|fyldt)\s+(\w+)\b")

_DAYS = {
    "mandag": "monday",
    "tirsdag": "tuesday",
    "onsdag": "wednesday",
    "torsdag": "thursday",
    "fredag": "friday",
    "loerdag": "saturday",
    "lordag": "saturday",
    "soendag": "sunday",
    "sondag": "sunday",
}
_DAY_PHRASES = (
    (re.compile(r"\bi\s*morgen\s*tidlig\b"), "tomorrow_morning"),
    (re.compile(r"\bi\s*overmorgen\b"), "day_after_tomorrow"),
    (re.compile(r"\bi\s*morgen\b|\bimorgen\b|\bimorn\b|\bi morn\b"), "tomorrow"),
    (re.compile(r"\bi\s*aften\b|\biaften\b|\bi nat\b|\befter arbejde\b|\befter fyraften\b"), "evening"),
    (re.compile(r"\b(?<!hver )(?<!i )weekenden\b|\bweekend\b(?!s)|\bi weekenden\b|\bweek end\b"), "weekend"),
    (re.compile(r"\bi\s*dag\b|\bidag\b"), "today"),
    (re.compile(r"\bhelligdag\w*|\bjul\w*|\bnytaar\w*|\bnytar\w*|\bpaaske\w*|\bpinse\w*|\bhelligdage\b"), "holiday"),
)
_NOW = re.compile(r"\b(nu|lige nu|stadig|endnu|i oejeblikket|for tiden)\b")

# What is asked, in everyday words; used when DIET's intent is unsure or generic.
TOPIC_WORDS: tuple[tuple[str, re.Pattern], ...] = (
    ("complain", re.compile(r"\bklag\w*|\buenig\b|\bafslag\w*")),
    (
        "ask_anonymity",
        re.compile(
            r"\banonym\w*|\buden (navn|cpr)\w*|\bcpr\w*|\bregistrer\w*|\bmit navn\b|\boplyse navn\b|"
            r"\bopgive (mit )?navn\b|\buden at (sige|oplyse|opgive) (mit navn|hvem jeg er)\b|\bjournal\w*|"
            r"\bhvem jeg er\b"
        ),
    ),
    (
        "ask_privacy",
        re.compile(
            r"\boplysninger\b.{0,40}\b(sendt|sender|videre|politi\w*|deles|gemt|registre\w*)|\bpoliti\w*|"
            r"\bsundhed\.? ?dk\b|\be-? ?boks\w*|\bstofmisbrugsdatabase\w*"
        ),
    ),
    (
        "ask_cost",
        re.compile(
            r"\braad til\b|\bbetale for\b|\bkoster (det|noget|man|der|behandling\w*)\b|\bkoste (noget|penge|mig noget)\b|\bgratis\b|"
            r"\b(skal|maa|vil) (jeg|man) (\w+ ){0,2}betale\b|\bbetaler (man|jeg)\b|\bbetaling\w*|\bpris\w*|"
            r"\begenbetaling\w*|\bhvad koster\b|\bkoster\b$"
        ),
    ),
    (
        "ask_referral",
        re.compile(
            r"\bhenvis\w*|\bhenvist\b|\bseddel\b|\bsende mig videre\b|\bdukke op\b|"
            r"\buden at ringe\b|\buden (en )?aftale\b|\bkomme (i dag |bare )?uden\b|"
            r"\bbare (moede|mode|komme|ringe|gaa) op\b|\bgaa til (min )?laege\w* foerst\b|\blaegen foerst\b|"
            r"\b(skal|behoever|behover|kraever|skal man|skal jeg)\b.{0,30}\b(laege|laegen|doktor\w*)\b"
        ),
    ),
    (
        "ask_free_choice",
        re.compile(
            r"\bfrit valg\w*|\bfrit vaelge\b|\bvaelge selv\b|\bselv vaelge\b|\bselv bestemme\b|"
            r"\bbestemmer jeg selv\b|\bkommunen der vaelger\b|\bvaelge (et )?(andet|andre|mellem)\b|"
            r"\btilbudsportal\w*|\bprivat\w*|\bi stedet\b|\bskifte\w* (til|sted)\b"
        ),
    ),
    (
        "ask_waiting_time",
        re.compile(
            r"\bventetid\w*|\bskal (jeg|man) (\w+ )?vente\b|\bventeliste\w*|\bhvor hurtigt\b|"
            r"\bhvor lang tid (gaar|tager|varer) det (foer|inden)\b|\blang tid (foer|inden)\b|\b\w*garanti\w*|"
            r"\b14 dage\b|\bstraks\w*|\bhvor mange uger\b|\bkoe\b|\bfaa en plads\b|\bfar en plads\b|"
            r"\bi gang\b|\binden behandlingen starter\b|\bhvornaar (kan jeg )?(starte|begynde|komme i gang)\b|"
            r"\bhvornaar starter\b"
        ),
    ),
    (
        "ask_bisidder",
        re.compile(
            r"\bbisidder\w*|\btage (nogen|en|min|mit|mine|et|ham|hende|\w+ven\w*) med\b|\bsidde med\b|"
            r"\bkomme med( ind)?\b|\bmed ind\b|\b(nogen|en|person|ven|veninde|kaereste|mor|far|soester|bror|"
            r"familie\w*|mand|kone) med til (samtale\w*|moede\w*|det)\b|\bvil (gerne )?med\b|"
            r"\bfoelges\b|\bstoette med\b|\bmin (ven|veninde|kaereste|mor|far|soester|bror) med\b"
        ),
    ),
    (
        "ask_youth_rules",
        re.compile(
            r"\bforaeldre\w* (skal )?(vide|ved|faa|faar|give lov|samtykke|informeret|kontakt\w*|med)\b|"
            r"\bsamtykke\b|\buden (mine |min )?(foraeldre|mor|far)\b|\bgive lov\b|\btavshedspligt\w*|"
            r"\bfaar (min|mine) (mor|far|foraeldre) (det )?at vide\b|\b(have|tage) (mine|min) (foraeldre|mor|far) med\b|"
            r"\b(min|mine) (mor|far|foraeldre) (skal )?(vide|ved|faa at vide)\b|"
            r"\b(ringer|ringe|kontakter|kontakte|fortaeller|sige det) (de )?(til )?(min|mine) (mor|far|foraeldre)\b|"
            r"\bfaar (jeg|vi) (det |noget )?(at vide|besked)\b|\bbliver (jeg|vi) informeret\b|"
            r"\bskal (han|hun) have (mig|os) med\b|\bskal (jeg|vi) (med|vaere med)\b|\bflere samtaler end\b|"
            r"\bskal (hun|han) vide\b|\bfaar (hun|han) (det )?at vide\b"
        ),
    ),
    (
        "ask_follow_up",
        re.compile(
            r"\bopfoelgning\w*|\bfoelge\w* (\w+ )?op\b|\bnaar man er faerdig\b|\befter (endt )?behandling\w*|\ber slut\b|\bslutter\b|"
            r"\bfaerdig med (behandlingen|forloebet)\b|\bnaar jeg er faerdig\b"
        ),
    ),
    (
        "ask_first_talk",
        re.compile(
            r"\bfoerste samtale\w*|\bforste samtale\w*|\bfoerste moede\w*|"
            r"\bhvad sker der (\w+ )?(naar|hvis|til|ved|paa|foerste|saa)\b|"
            r"\b(ringer|kommer|moeder op) (for )?(foerste|forste) gang\b|\b(faar|fa|faa) (man|jeg) en laege\b|"
            r"\blaegesamtale\w*|\b(snakke|tale) med en laege\b|\bhvordan foregaar\b|"
            r"\bhvad skal jeg sige\b|\bhvad spoerger de\b|\bhvordan starter\b|\bhvad foregaar\b|\burinproeve\w*"
        ),
    ),
    (
        "ask_treatment_types",
        re.compile(
            r"\b(ambulant|dagbehandling|doegnbehandling)\w*.{0,40}\b(betyder|fatter|forstaar)|"
            r"\b(betyder|fatter|forstaar)\b.{0,40}\b(ambulant|dagbehandling|doegnbehandling)|\bhvor tit\b|\bhvor ofte\b|\bgruppe eller alene\b|\balene eller i gruppe\b|"
            r"\bhvad gaar behandlingen ud paa\b|\bhvordan foregaar behandlingen\b|"
            r"\bhvor lang(t)? (er|varer) (et )?forloeb\w*|\bhvilke (slags|typer|former)\b|"
            r"\bhvad for nogle behandling\w*|\bformer for behandling\b|\bgruppebehandling\b|\bi gruppe\b"
        ),
    ),
    (
        "relative_help",
        re.compile(
            r"\bpaaroerende\w*|\bparorende\w*|\bforaeldrekursus\w*|\bkursus for (os )?foraeldre\b|"
            r"\bkurser for (os )?foraeldre\b|\bgruppe for (os )?(paaroerende|foraeldre)\b"
        ),
    ),
    (
        "relative_own",
        re.compile(
            r"\bhvad med (mig|os)( selv)?\b|\bkan (jeg|vi) som \w+ (ogsaa |selv )*(faa|fa)\b|\bsom (hans|hendes|deres) "
            r"(mor|far|kaereste|soester|bror|ven|veninde|kone|mand)\b|\bsom (storesoester|storebror|paaroerende)\b"
        ),
    ),
    ("ask_rights", re.compile(r"\brettighed\w*|\bhvad har jeg ret til\b|\bmine rettigheder\b")),
    (
        "ask_hours",
        re.compile(
            r"\baabne\b|\babne\b|\baftenaab\w*|\baftenab\w*|\baabe\w*|\babe[nt]\w*|\babner\b|\baabner\b|\blukke\w*|\blukket\b|\baabningstid\w*|\babningstid\w*|"
            r"\btelefontid\w*|\btider\b|\bhvilke dage\b|\btager (\w+ )?telefonen\b|\bsvarer (de|i|der)\b|"
            r"\bhvorn(aa|a)r (har|aabner|abner|lukker|er der|kan (man|jeg|vi) (\w+ )?(ringe|komme|moede|mode|fange|faa fat))\b|"
            r"\bfange nogen\b|\btlf\.? ?tid\w*|\bugedage\b|\bsidder der nogen\b|\btil at traeffe\b|\btraeffes\b|\bhvorn(aa|a)r (tager|er|kan|svarer) (de|i|den)\b"
        ),
    ),
    (
        "ask_contact",
        re.compile(
            r"\b\w*nummer\w*|\bnr\b|\btelefon\b|\btlf\b(?!\.? ?tid)|\bringe til\b|\bring\w* til\b|\badresse\w*|\bhvor ligger\b|"
            r"\bhvor er\b|\bligger\b|\bhvor holder\b|\bhvilken sal\b|\bsal\b|\betage\b|\bmail\w*|\be-mail\w*|\bkontakt\w*|\bfinde (dem|det|stedet|der)\b|"
            r"\bkomme (der|derhen)\b"
        ),
    ),
    ("ask_unit_info", re.compile(r"\bhvad er\b|\bhvad laver\b|\bhvem er\b|\bhvad tilbyder\b|\bhvem kan\b|\bfor hvem\b|\bkun for\b")),
)
# "personalet var uhøflige", "min metadondosis": what a complaint is about.
COMPLAINT_WORDS = (
    ("medical", re.compile(r"\bmedicin\w*|\bdosis\b|\bmetadondosis\b|\bdoser\w*|\blaege\w*")),
    ("payment", re.compile(r"\begenbetaling\w*|\bbetaling\w*|\bbetale\b")),
    ("staff", re.compile(r"\bpersonale\w*|\bbehandler\w*|\buhoeflig\w*|\bgrimt\b|\bopfoersel\b|\bopfoerer\b|\bmedarbejder\w*|\bsur\b")),
    ("case_handling", re.compile(r"\bsagsbehandling\w*|\bsagsbehandler\w*|\bdiskrimin\w*")),
    ("decision", re.compile(r"\bafslag\w*|\bafgoerelse\w*|\bvisitation\w*|\buenig\b")),
)
# Addictions without a substance: Vejviser's units are for drugs and alcohol.
OTHER_ADDICTIONS = re.compile(
    r"\bspil\w*|\bgambl\w*|\bgaming\b|\bbetting\b|\bcasino\w*|\bludomani\w*|\bporno\w*|"
    r"\bsexafhaeng\w*|\bshopping\w*|\bsukker\w*|\bnikotin\w*|\bcigaret\w*|\bsmoeger\b|\bsnus\b|"
    r"\bvape\w*|\bspiseforstyrr\w*"
)
_HELP_WORDS = re.compile(
    r"\bhjaelp\w*|\bhjalp\w*|\bbehandling\w*|\bmisbrug\w*|\bafhaengig\w*|\bafhangig\w*|\bproblem\w*|"
    r"\bstoppe\b|\bstop\b|\bholde op\b|\bkomme ud af\b|\bslippe\b|\bafvaen\w*|\bhenvende\b|\bsnakke med\b|"
    r"\btale med nogen\b|\bgoer jeg\b|\bgor jeg\b|\bgaa hen\b|\bga hen\b|\bsted\b"
)
_PHONE_KIND = re.compile(
    r"\btager (de|i) (den|telefonen)\b|(?<!uden at )\bringe\b|\bringer\b|\btelefon\w*|\btlf\b|\bsvarer\b|\btager telefonen\b"
)


# A safety net beside the NLU's CrisisGuard: wider, because here a false alarm only puts
# 112 first in the answer, while a miss can cost a life.
CRISIS_OVERDOSE = re.compile(
    r"\bover ?dos\w*|\b(traekker|trakker|trak)\w* (\w+ ){0,2}ikke (\w+ )?vejret|\bkan (ikke|knap nok|naesten ikke) (faa|fa) luft|"
    r"\bbevidstl\w*|\bvaagner ikke\b|\bvagner ikke\b|\bkan ikke vaekkes\b|\breagerer ikke\b|\bfaldet om\b|\bbesvime\w*|"
    r"\bkramper?\b|\bblaa (i hovedet|i ansigtet|om munden)\b|\blaeberne er (helt )?blaa\w*|\bblaalige\b|\bondt i brystet\b|"
    r"\bbrystsmerte\w*|\btryk\w* for brystet\b|\bhjertet hamrer\b|\bslugt (hele|et helt|en hel)\b|\b(taget|tage|slugt) (alt )?for mange "
    r"(piller|tabletter)\b|\bligger (helt )?livloes\w*|\bfaar ikke luft\b|\b(han|hun|de) svarer (slet )?ikke\b|\bblaa om (laeberne|munden)\b|"
    r"\bsnorker (helt )?(maerkeligt|underligt|maerkelig)\b|\bryster\b.{0,20}\bhelt vaek\b|\bhelt vaek\b.{0,20}\b(ryster|reagerer)|\bkan ikke (faa )?kontakt (til|med) (hende|ham)\b|"
    r"\b(hel masse|en masse|alt for mange) piller\b|\b(ligger|kaster op|besvimet|faldet)\b.{0,40}\bsvarer (slet )?ikke\b"
)
CRISIS_SUICIDAL = re.compile(
    r"\bselvmord\w*|\btage mit (eget )?liv\b|\btage livet af (mig|sig)\b|\bslaa mig selv ihjel\b|\bikke (vil|ville|gider|orker) "
    r"(at )?leve\b|\bvil ikke leve\b|\bikke (vil|ville|skal) vaere her\b|\bvil (bare )?doe\b|\bvil (bare )?vaek for altid\b|"
    r"\bende det hele\b|\bdet hele (bare )?skal slutte\b|\bslutte det hele\b|\blivslinien\b|\bskaerer i (mig|armene|mine arme)\b|"
    r"\bskaere i mig selv\b|\bselvskade\w*|\bgik (det )?for dybt\b|\bikke at ville leve\b|\bgider ik\w* leve\b|"
    r"\bslaa (mig|sig) selv ihjel\b|\bikke (vil|ville) leve (laengere|mere)\b|\bgider (\w+ )?leve\b"
)


def crisis_in(folded: str) -> str | None:
    if CRISIS_SUICIDAL.search(folded):
        return "crisis_suicidal"
    if CRISIS_OVERDOSE.search(folded):
        return "crisis_overdose"
    return None


@dataclass
class UnitMention:
    unit_ids: list[str]
    generic: bool  # only a kind of place was named ("rusmiddelcentret")
    word: str = ""
    historic: str | None = None
    places: frozenset = frozenset()  # the municipalities of unit_ids


@dataclass
class Reading:
    text: str
    folded: str
    intent: str
    confidence: float
    ranking: list[dict] = field(default_factory=list)
    municipality: str | None = None  # one of ours, or OUTSIDE
    outside_name: str | None = None
    place_note: str | None = None
    substance: str | None = None
    age: int | None = None
    relation: str | None = None
    speaker: str | None = None  # "self" | "relative" | None (not said)
    units: UnitMention | None = None
    day: str | None = None
    now: bool = False
    need: str | None = None
    anonymous: bool = False
    topics: list[str] = field(default_factory=list)  # from the words, most specific first
    phone_hours: bool = False
    wants_help: bool = False
    complaint_kind: str | None = None
    is_payload: bool = False
    other_addiction: bool = False  # gambling, nicotine, ...: not what the units treat
    crisis: str | None = None  # crisis words in the message itself
    authorities: list[str] = field(default_factory=list)  # complaint bodies named ("ankestyrelsen")
    entities: list[dict] = field(default_factory=list)  # as the NLU gave them, for buttons that keep them

    @property
    def has_content(self) -> bool:
        """Says something about the situation or asks something concrete."""
        return bool(
            self.municipality
            or self.substance
            or self.units
            or self.need
            or self.topics
            or self.age is not None
            or self.relation
            or self.wants_help
        )


def _entities(latest: dict) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in latest.get("entities") or []:
        if e.get("value") is not None:
            out.setdefault(e["entity"], []).append(e["value"])
    return out


def _word_match(folded: str, form: str) -> bool:
    return f" {form} " in f" {folded} "


def substance_in(folded: str) -> str | None:
    """The first substance named, also inside compounds ("hashmisbrug", "alkoholproblemer")."""
    forms = folded_sections().get("substance", {})
    found: list[tuple[int, str]] = []
    tokens = folded.split()
    for form, value in forms.items():
        if " " in form:
            at = f" {folded} ".find(f" {form} ")
            if at >= 0:
                found.append((at, value))
            continue
        for i, token in enumerate(tokens):
            if token == form or (
                len(form) >= 4
                and token.startswith(form)
                and (token[len(form) :] in COMPOUND_TAILS or token[len(form) :].lstrip("s") in COMPOUND_TAILS or len(form) >= 6)
            ):
                found.append((len(" ".join(tokens[:i])), value))
                break
    for i, token in enumerate(tokens):  # "drukproblemer", "drikkeproblem": druk/drikke + tail
        if re.match(r"(druk|drikke|drik|alko|bajer|sprut)(\w*)$", token) and any(token.endswith(t) for t in COMPOUND_TAILS):
            found.append((len(" ".join(tokens[:i])), "alcohol"))
    if not found:
        return None
    found.sort()
    # "piller og kokain": the substance the units are written for comes first; pills only alone.
    named = [value for _, value in found]
    return next((v for v in named if v != "benzodiazepines"), named[0])


_DURATION_WORDS = {
    "gennem",
    "igennem",
    "i",
    "for",
    "siden",
    "sidste",
    "efter",
    "om",
    "halvt",
    "foer",
    "inden",
    "ca",
    "over",
    "mindst",
    "snart",
    "alle",
    "de",
}


_QUANTITY_WORDS = {
    "bajere",
    "oel",
    "ol",
    "genstande",
    "flasker",
    "flaske",
    "glas",
    "gram",
    "g",
    "joints",
    "jointe",
    "piller",
    "gange",
    "dage",
    "dag",
    "uger",
    "maaneder",
    "timer",
    "kr",
    "kroner",
    "linjer",
    "streger",
    "shots",
    "liter",
}


def _an_age(value: str, folded: str) -> bool:
    """Whether a number the NLU tagged as an age is one: not "8-10 bajere", "gennem 15 år" or "3 gange"."""
    plain = re.fullmatch(r"\s*(\d{1,3})\s*(år|aar|ar)?\s*", value)
    if not plain:
        return not any(ch.isdigit() for ch in value) and bool(parse_age(value))  # "sytten", not "8-10"
    value = plain.group(1)
    if not 10 <= int(value) <= 99:
        return False
    number = re.escape(value)
    for match in re.finditer(rf"(?<![\d-])({number})(?![\d])", folded):
        before, after = folded[: match.start()].split(), folded[match.end() :].split()
        if before and before[-1] in _DURATION_WORDS and after[:1] in (["aar"], ["ar"]):
            continue
        if re.match(r"\s*(-|–|til)\s*\d", folded[match.end() :]) or re.search(r"\d\s*(-|–)\s*$", folded[: match.start()]):
            continue
        if after[:1] and after[0] in _QUANTITY_WORDS:
            continue
        return True
    return False


def age_in(folded: str) -> int | None:
    alone = re.fullmatch(r"(\d{1,2})( aar| ar| aarig)?", folded.strip())
    if alone:
        return parse_age(alone.group(1)) if 10 <= int(alone.group(1)) <= 99 else None
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(folded):
            before = folded[: match.start(1)].split()
            if pattern is _AGE_PATTERNS[1] and before and before[-1] in _DURATION_WORDS:
                continue  # "gennem 15 år", "i 10 år": how long, not how old
            age = parse_age(match.group(1))
            if age is not None and 10 <= age <= 99:
                return age
    words = folded_sections().get("age", {})
    for match in _AGE_WORD.finditer(folded):
        if match.group(1) in words:
            return parse_age(words[match.group(1)])
    for form, value in words.items():
        if _word_match(folded, form) and re.search(rf"\b{form}\s+(aar|ar|aarig)", folded):
            return parse_age(value)
    return None


_SPEAKER_IS = re.compile(r"\bjeg er (hans |hendes |deres )?(mor|far|kaereste|kone|mand|soester|bror|ven|veninde|datter|soen)\b")
_SPEAKER_RELATION = {
    "mor": "child",
    "far": "child",
    "datter": "parent",
    "soen": "parent",
    "kaereste": "partner",
    "kone": "partner",
    "mand": "partner",
    "soester": "sibling",
    "bror": "sibling",
    "ven": "friend",
    "veninde": "friend",
}
_USE_VERB = re.compile(r"^(\S+ ){0,4}?(ryger|drikker|tager|bruger|sniffer|drak|er afhaengig|har et misbrug)\b")


def relation_in(folded: str) -> str | None:
    """Who the person worries about: "min søn", "vores datter", "jeg er mor til en på 28", "veninde 30 år tager coke"."""
    forms = folded_sections().get("relation", {})
    for match in _RELATIVE_USE.finditer(folded):
        for word in (match.group(3), (match.group(2) or "").strip()):
            if word and word in forms:
                return forms[word]
    speaker = _SPEAKER_IS.search(folded)
    if speaker and re.search(r"\b(til|for) (en|ham|hende|min|mit)\b|\bpaa \d+\b", folded[speaker.end() : speaker.end() + 30]):
        return _SPEAKER_RELATION[speaker.group(2)]
    tokens = folded.split()
    for i, token in enumerate(tokens[:3]):
        if token in forms and "jeg" not in tokens[i : i + 5] and _USE_VERB.match(" ".join(tokens[i + 1 :])):
            return forms[token]
    return None


_RELATIVE_SUBJECT = re.compile(
    r"\b(min|mit|mine|vores)\s+(\w+\s+){0,2}(paa \d+\s+|er \d+\s+og\s+|paa \d+ aar\s+)?(ryger|drikker|tager|bruger|sniffer|"
    r"har et|har en|har problemer|er afhaengig|er misbruger|er alkoholiker|kommer hjem|drak|roeg|er paa)\b"
)


_OWN_USE = re.compile(
    r"\bjeg\b(\s+\w+){0,4}?\s+(ryger|drikker|tager|bruger|sniffer|snifer|drak|roeg)\b|\bjeg er gravid\b|"
    r"^(jeg er|er) (kun )?\d{2}\b|\bjeg er (kun )?\d{2} (aar|ar)\b"
)


def speaker_in(folded: str, relation: str | None) -> str | None:
    """self | relative | None. Whose use is the message about?

    "min søn på 16 drikker" -> relative; "min mor ved det ikke" / "skal jeg have mine
    forældre med" -> self; "jeg er gravid og ryger hash ... tager barnet fra mig" -> self;
    "er 14 og min storebror giver mig hash" -> self.
    """
    own = _FIRST_PERSON_USE.search(folded) or _OWN_USE.search(folded)
    if not relation:
        return "self" if own else None
    if _RELATIVE_SUBJECT.search(folded) and not _PARENT_AS_AUDIENCE.search(folded):
        return "relative"
    if _PARENT_AS_AUDIENCE.search(folded):
        return "self"
    young = re.search(r"\bjeg er (kun )?(1\d|2[0-4])\b", folded)
    if relation in ("mother", "father", "parent") and young:
        return "self"  # "jeg er 20 ... mine forældre": a young person, not a parent
    return "self" if own else "relative"


def day_in(folded: str) -> str | None:
    """The day asked about. A named weekday beats "i aften"/"efter arbejde" ("torsdag efter arbejde")."""
    phrases = [value for pattern, value in _DAY_PHRASES if pattern.search(folded)]
    relative = [v for v in phrases if v in ("tomorrow_morning", "day_after_tomorrow", "tomorrow", "today")]
    if relative:
        return relative[0]
    for word, value in _DAYS.items():
        if re.search(rf"\b{word}\w*", folded):
            return value
    return phrases[0] if phrases else None


def split_questions(text: str) -> tuple[list[str], list[str]]:
    """The message's sentences as folded text: (questions ending in "?", the others).

    People put the question in the question: "hvornår kan man ringe til
    hørsholmsgade? tør ikke bare dukke op" asks for hours, not about referral,
    and "sniffer coke i weekenden. hvornår kan man ringe?" asks about no day.
    """
    sentences = [s for s in re.split(r"(?<=[?.!\n])", text) if s.strip()]
    questions = [f for f in (fold(s) for s in sentences if s.strip().endswith("?")) if f]
    others = [f for f in (fold(s) for s in sentences if not s.strip().endswith("?")) if f]
    return questions, others


_TOPIC_ALIASES = {"relative_own": "relative_help"}


def topics_in(parts: list[str]) -> list[str]:
    """Every topic named, in the order asked: question sentences first, then where in the sentence.
    "hvad er adressen" asks for the address: "hvad er" only asks what a place is when the
    sentence asks for nothing more precise."""
    found: list[str] = []
    for part in parts:
        hits = sorted((m.start(), topic) for topic, pattern in TOPIC_WORDS for m in [pattern.search(part)] if m)
        named = {topic for _, topic in hits}
        if "ask_unit_info" in named and named & {"ask_contact", "ask_hours"}:
            hits = [h for h in hits if h[1] != "ask_unit_info"]
        found += [t for t in (_TOPIC_ALIASES.get(topic, topic) for _, topic in hits) if t not in found]
    return found


def need_in(folded: str) -> str | None:
    forms = folded_sections().get("need", {})
    for form, value in forms.items():
        if _word_match(folded, form):
            return value
    if re.search(r"\b(behandler\w*|medarbejder\w*|nogen|folk)\b.{0,30}\b(gaar rundt|paa gaden|paa gadeplan)\b|\bgadeplan\b", folded):
        return "outreach"
    if re.search(r"\blaege\w*|\bnedtrap\w*|\btrappe\w* (mig )?ned\b|\btrappes ned\b", folded) and not re.search(
        r"\bhenvis\w*|\bseddel\b|\bfra (min |egen )?laege\b", folded
    ):
        return "medical"
    if re.search(
        r"\b(have|faa|hente|starte paa|komme paa|vil have|brug for|paa)\s+(\w+\s+)?(metadon|subutex|buprenorfin|"
        r"substitution\w*)|\bmetadonbehandling\w*|\bsubstitutionsbehandling\w*|\bmetadon\w* ?(udlever\w*|recept\w*|"
        r"dosis|program\w*|klinik\w*)|\b(udlevering|recept) (af|paa) metadon|\b(koebt|koeber|koebe) (\w+ )?metadon\b|"
        r"\bmetadon (paa|fra) gaden\b|\bmetadon\b.{0,40}\b(lovlig\w*|ordentlig\w*)",
        folded,
    ):
        return "substitution"
    return None


def authorities_in(db: CatalogueDB, folded: str) -> list[str]:
    """Authorities named by the last word of their name: "ankestyrelsen", "borgerrådgiveren", "patientklager"."""
    tokens = folded.split()
    found = []
    for a in db.authorities():
        word = fold(a["name"]).split()[-1]
        stem = word[: max(8, len(word) - 2)]
        if any(t.startswith(stem) for t in tokens):
            found.append(a["id"])
    return found


def resolve_units(db: CatalogueDB, text: str, entity: str | None, municipality: str | None) -> UnitMention | None:
    """Every unit named in the message; a name beats a generic word, a place narrows a generic word."""
    folded = fold(text)
    found = db.names_in(folded, raw=text)
    specific = [m for m in found if not _generic(m.name_folded)]
    if specific:
        ids = _narrow(db, folded, specific, municipality)
        return UnitMention(ids, generic=False, word=specific[0].name_folded)
    historic = db.find_historic(folded) if folded else None
    if historic:
        return UnitMention(list(historic.now), generic=False, word=historic.name, historic=historic.name)
    generic = [m for m in found if _generic(m.name_folded)]
    words = [w for w in folded.split() if w in GENERIC_UNIT_WORDS and w not in ("behandling", "kommunen", "center", "rusmiddel")]
    if entity and not generic:
        key = fold(str(entity))
        if key and not _generic(key):
            ids = [u.id for u in db.find_units(str(entity), municipality)[:3]]
            historic = db.find_historic(str(entity))
            if historic:
                return UnitMention(list(historic.now), generic=False, word=historic.name, historic=historic.name)
            # An unknown name is kept, so the answer can say it does not know that place.
            return UnitMention(ids, generic=False, word=str(entity))
        if key and _generic(key):
            words = words or key.split()
    if generic or words:
        word = generic[0].name_folded if generic else words[0]
        ids = [m.unit_id for m in generic]
        return UnitMention(list(dict.fromkeys(ids)), generic=True, word=word)
    return None


def _narrow(db: CatalogueDB, folded: str, matches: list, municipality: str | None) -> list[str]:
    """Several units named: a street in the message, or a namesake in the person's municipality, decides."""
    ids = list(dict.fromkeys(m.unit_id for m in matches))
    words = {m.unit_id: m.name_folded for m in matches}
    # "heroinklinikken på tomsgårdsvej": the street is where Valmuen is, not a second unit.
    ids = [u for u in ids if not any(u != o and words[u] in fold(db.unit(o).contact.street or "") for o in ids)] or ids
    on_street = [u for u in ids if db.unit(u).contact.street and fold(db.unit(u).contact.street).split()[0] in folded.split()]
    if on_street:
        return on_street
    if not municipality and len({db.unit(u).municipality_id for u in ids}) > 1:
        own = [u for u in ids if not db.unit(u).contact.via_name]
        if own and len({words[u] for u in ids}) == 1:
            return own  # "u-turn": København's U-turn, not U-Turn Frederiksberg (reached through Ungecentret)
    if municipality:
        swapped = []
        for u in ids:
            unit = db.unit(u)
            if unit.municipality_id != municipality:
                namesake = [x for x in db.units_named_like(fold_loose(words[u]), municipality, loose=True)]
                swapped += [x.id for x in namesake] or [u]
            else:
                swapped.append(u)
        return list(dict.fromkeys(swapped))
    return ids


def _generic(folded_name: str) -> bool:
    return all(word in GENERIC_UNIT_WORDS or word in ("i", "paa", "pa", "for", "og") for word in folded_name.split())


def read_message(db: CatalogueDB, latest: dict) -> Reading:
    """One Reading from Rasa's latest_message (text, intent, intent_ranking, entities)."""
    text = latest.get("text") or ""
    is_payload = text.startswith("/")
    intent = (latest.get("intent") or {}).get("name") or "nlu_fallback"
    confidence = float((latest.get("intent") or {}).get("confidence") or 0.0)
    entities = _entities(latest)
    folded = "" if is_payload else fold(text)
    r = Reading(
        text=text,
        folded=folded,
        intent=intent,
        confidence=confidence,
        ranking=list(latest.get("intent_ranking") or []),
        is_payload=is_payload,
        entities=[e for e in latest.get("entities") or [] if e.get("value") is not None],
    )

    # Place: the words of the whole message first (a name found in it is exact, and "frederiksbjerg i
    # århus" or "amager men i dragør kommune" need the whole message), then what the NLU tagged.
    for candidate in [*([text] if folded else []), *entities.get("place", [])]:
        residence = resolve_residence(db, str(candidate))
        if residence:
            if residence.municipality_id:
                r.municipality, r.place_note = residence.municipality_id, residence.note
            else:
                r.municipality, r.outside_name = OUTSIDE, residence.outside or None
            break
    if r.municipality is None and folded:
        r.municipality = db.municipality_by_typo(folded)

    substances = [s for s in (canonical_substance(db, v) for v in entities.get("substance", [])) if s]
    in_text = substance_in(folded) if folded else None
    if in_text:
        substances.append(in_text)
    r.substance = next((s for s in substances if s != "benzodiazepines"), substances[0] if substances else None)
    if r.substance is None and UNKNOWN in [str(v) for v in entities.get("substance", [])]:
        r.substance = UNKNOWN

    ages = [parse_age(v) for v in entities.get("age", []) if _an_age(str(v), folded)]
    r.age = (age_in(folded) if folded else None) or next((a for a in ages if a is not None), None)
    if r.age is None and is_payload:
        r.age = next((a for a in ages if a is not None), None)

    known_relations = set(folded_sections().get("relation", {}).values())
    r.relation = next((str(v) for v in entities.get("relation", []) if str(v) in known_relations), None) or (
        relation_in(folded) if folded else None
    )
    r.speaker = speaker_in(folded, r.relation) if folded else None
    if r.speaker == "self":
        r.relation = None
    elif r.relation and r.speaker is None:
        r.speaker = "relative"

    day = next((str(v) for v in entities.get("day", [])), None)
    questions, others = split_questions(text) if folded else ([], [])
    r.day = (day_in(" ".join(questions) if questions else folded) if folded else None) or (None if questions else day)
    r.now = bool(folded and _NOW.search(folded))
    known_needs = set(folded_sections().get("need", {}).values())
    r.need = next((str(v) for v in entities.get("need", []) if str(v) in known_needs), None) or (need_in(folded) if folded else None)
    r.topics = topics_in(questions + others)
    r.crisis = crisis_in(folded) if folded else None
    r.authorities = authorities_in(db, folded) if folded else []
    r.other_addiction = bool(folded and OTHER_ADDICTIONS.search(folded) and not r.substance)
    r.anonymous = bool(entities.get("anonymity")) or "ask_anonymity" in r.topics
    r.phone_hours = bool(entities.get("hours_kind") == ["phone"] or (folded and _PHONE_KIND.search(folded)))
    r.wants_help = bool(folded and _HELP_WORDS.search(folded))
    r.complaint_kind = next((str(v) for v in entities.get("complaint_kind", [])), None) or (
        next((kind for kind, pattern in COMPLAINT_WORDS if pattern.search(folded)), None) if folded else None
    )

    unit_entity = next((str(v) for v in entities.get("unit", [])), None)
    here = r.municipality if r.municipality != OUTSIDE else None
    r.units = resolve_units(db, "" if is_payload else text, unit_entity, here) if (folded or unit_entity) else None
    if r.units:
        r.units.places = frozenset(db.unit(u).municipality_id for u in r.units.unit_ids)
    return r
