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
    r"\b(ringer|ringe|kontakter|kontakte|informere|informerer)\s+(de\s+)?(til\s+)?(min|mine)\s+(mor|far|foraeldre)\b|\b(have|tage|faa|tag)\s+(min|mine)\s+(mor|far|foraeldre)\s+med\b|"
    # not across "jeg": "min far tager speed, jeg ved ikke hvad jeg skal gøre" is the asker not knowing
    r"\b(min|mine|mit)\s+(mor|far|foraeldre|forael?dre|for?ldre)\b(?:(?!\bjeg\b).){0,40}\b(ved|vide|maa ikke|finder|opdager|fortaelle|"
    r"sige det|skal vide|faar det at vide|far det at vide|ikke vide|aner|har ingen anelse|maa aldrig)|\b(uden|bag om|foer|inden)\s+(min|mine)\s+(mor|far|"
    r"foraeldre)|\b(fortaelle|sige)\s+(det\s+)?til\s+(min|mine)\s+(mor|far|foraeldre)|\b(mor|far|foraeldre)\s+(ved|maa|aner|kender)\s+"
    r"(det\s+|noget\s+)?ikke"
)
_FIRST_PERSON_USE = re.compile(
    r"\bjeg\s+(har\s+)?(ryger|drikker|tager|bruger|sniffer|snifer|ryg|drak|roeg|har taget|har roeget|har drukket|er afhaengig|"
    # not "jeg har en kollega der tager …": someone else's use
    r"har e[nt](?! (\w+ ){1,3}(der|som)\b)|har problemer|har svaert|kan ikke stoppe|kan ikke holde|vil gerne stoppe|vil stoppe|vil have hjaelp|"
    r"har brug for hjaelp|er misbruger)|"
    r"\bjeg (har )?(siddet|sidder|gaaet|gaar|ligget|ligger)( \w+){0,3} og (drukket|drikker|drak|roeget|ryger|taget|tager)\b"
)
_RELATIVE_USE = re.compile(r"\b(min|mit|mine|vores|my|our)\s+(\w+\s+)?(\w+)\b")  # English: "my son", "our daughter"

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
    (re.compile(r"\bi\s*aften\b|\biaften\b|\bi nat\b"), "evening"),
    # Not one evening but every working day: the days open late ("har arbejde til kl 16 alle dage").
    (
        re.compile(
            r"\befter (arbejde\w*|fyraften|skole\w*|job\w*)\b|\b(arbejd\w*|job\w*|skole)\b (\w+ ){0,3}til (kl\.? ?)?(1[4-9])\b|"
            r"\bfri (foerst )?(kl\.? ?)?(1[4-9])\b|\bfoerst fri\b|\btidlig\w* om morgenen\b|\bfoer (arbejde\w*|jeg skal paa arbejde)\b|"
            r"\bsent om aftenen\b|\bskiftehold\b|\bkan ikke (faa|fa) fri\b"
        ),
        "after_work",
    ),
    (re.compile(r"\b(?<!hver )(?<!i )weekenden\b|(?<!every )(?<!most )(?<!each )\bweekend\b(?!s)|\bi weekenden\b|\bweek end\b"), "weekend"),
    (re.compile(r"\bi\s*dag\b|\bidag\b"), "today"),
    (re.compile(r"\bhelligdag\w*|\bjul\w*|\bnytaar\w*|\bnytar\w*|\bpaaske\w*|\bpinse\w*|\bhelligdage\b"), "holiday"),
)
# "stadig" only about being open ("har de stadig åbent"), not "tager stadig heroin"
_NOW = re.compile(r"\b(nu|lige nu|stadig (\w+ )?(aab|ab)\w*|(aab|ab)\w* stadig|endnu|i oejeblikket|for tiden)\b")

# What is asked, in everyday words; used when DIET's intent is unsure or generic.
# Keeping it from work: "uden at ens arbejde finder ud af det", "får min chef det at vide",
# "without my boss finding out" - a question about privacy, and a wish to be anonymous
_KEEP_IT_QUIET_DA = (
    r"\b(chef\w*|arbejdsgiver\w*|arbejde\w*|arbejdsplads\w*|job\w*|kolleg\w*)\b.{0,25}\b(finder ud af|faar (det )?at vide|"
    r"far (det )?at vide|opdager|hoerer om)\b|\buden at (min |ens |mit )?(chef\w*|arbejdsgiver\w*|arbejde\w*|arbejdsplads\w*|job\w*|kolleg\w*)\b"
)
_KEEP_IT_QUIET_EN = (
    r"\b(boss|employer|work|job|colleagues?)\b.{0,25}\b(find out|finds out|finding out|hear about|know about)\b|"
    r"\bwithout (my |the |anyone at )?(boss|employer|work|job|colleagues?)\b"
)
KEEP_IT_QUIET = re.compile(f"{_KEEP_IT_QUIET_DA}|{_KEEP_IT_QUIET_EN}")

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
            r"\bsundhed\.? ?dk\b|\be-? ?boks\w*|\bstofmisbrugsdatabase\w*|" + _KEEP_IT_QUIET_DA
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
            r"\bhenvis\w*\b(?! (hende|ham|dem|eleven|en elev|vedkommende) (hen|til)\b)|\bhenvist\b|\bseddel\b|\bsende mig videre\b|\bdukke op\b|"
            r"\buden at ringe\b|\buden (en )?aftale\b|\bkomme (i dag |bare )?uden\b|"
            r"\bbare (moede|mode|komme|ringe|gaa) op\b|\bgaa til (min )?laege\w* foerst\b|\blaegen foerst\b|"
            r"\b(skal|behoever|behover|kraever|skal man|skal jeg)\b.{0,30}\b(laege|laegen|doktor\w*)\b|"
            # "skal jeg så i behandling??" unsure whether it is a problem: a talk first, no decision needed
            r"\bskal jeg (saa |virkelig |nu )?(i|starte i|gaa i) behandling\b|\bhar jeg (virkelig )?brug for behandling\b"
        ),
    ),
    (
        "ask_free_choice",
        re.compile(
            r"\bfrit valg\w*|\bfrit vaelge\b|\bvaelge selv\b|\bselv vaelge\b|\bselv bestemme\b|"
            r"\bbestemmer jeg selv\b|\bkommunen der vaelger\b|\bvaelge (et )?(andet|andre|mellem)\b|"
            r"\btilbudsportal\w*|\bprivat\w*|\bi stedet\b(?! for)|\bi stedet for (et|en) (andet )?(sted|center|centret)\b|\bskifte\w* (til|sted)\b"
        ),
    ),
    (
        "ask_waiting_time",
        re.compile(
            r"\bventetid\w*|\bskal (jeg|man) (\w+ )?vente\b|\bventeliste\w*|\bhvor hurtigt\b|"
            r"\bhvor lang tid (gaar|tager|varer) det (foer|inden)\b|\blang tid (foer|inden)\b|\b\w*garanti\w*|"
            r"\b14 dage\b|\bstraks\w*|\bhvor mange uger\b|\bkoe\b|\bfaa en plads\b|\bfar en plads\b|"
            r"\bi gang\b|\binden behandlingen starter\b|\bhvornaar (kan jeg )?(starte|begynde|komme i gang)\b|"
            r"\bhvornaar starter\b|"
            # "kan jeg starte i dag?": how soon, not the day's hours
            r"\b(kan|maa) (jeg|man|vi|han|hun) (\w+ )?(starte|begynde|komme i gang)\b (\w+ ){0,2}(i dag|idag|med det samme|nu|i morgen|hurtigt)\b"
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
            r"\bforaeldre\w* (skal )?(have|faa) (det )?at vide\b|"
            r"\bsamtykke\b|\buden (mine |min )?(foraeldre|mor|far)\b|\bgive lov\b|\btavshedspligt\w*|"
            r"\bfaar (min|mine) (mor|far|foraeldre) (det )?at vide\b|\b(have|tage) (mine|min) (foraeldre|mor|far) med\b|"
            r"\b(min|mine) (mor|far|foraeldre) (skal )?(vide|ved|faa at vide)\b|"
            # "ringer de så til mine forældre??", "vil de fortælle det til min mor": they, not I, tell them
            r"\b(ringer|kontakter|fortaeller|siger) (de|i|man|nogen|behandler\w*|centret|stedet) (\w+ ){0,2}(til )?(min|mine) (mor|far|foraeldre)\b|"
            r"\b(vil|skal|maa|kan) (de|i|man|nogen|behandler\w*) (\w+ ){0,2}(ringe|kontakte|fortaelle|sige) (\w+ ){0,2}(til )?(min|mine) (mor|far|foraeldre)\b|"
            r"\bfaar (jeg|vi) (det |noget )?(at vide|besked)\b|\bbliver (jeg|vi) informeret\b|"
            r"\bskal (han|hun) have (mig|os) med\b|\bskal (jeg|vi) (med|vaere med)\b|\bflere samtaler end\b|"
            r"\bskal (hun|han) vide\b|\bfaar (hun|han) (det )?at vide\b|"
            # a parent: "kan han få hjælp uden at jeg er med?", "uden at vi ved det"
            r"\buden at (jeg|vi|hans|hendes|foraeldre\w*) (\w+ )?(er med|ved det|ved noget|faar det at vide|faar besked)\b|"
            # a parent asking what they will be told: "må de fortælle os hvad han siger?"
            r"\b(os|mig|foraeldre\w*) (\w+ ){0,2}hvad (han|hun) (siger|fortaeller)\b|"
            r"\b(fortaeller|siger) (de|i|behandler\w*) (os|mig) noget\b.{0,40}\b(han|hun)\b"
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
            r"\bhvad for nogle behandling\w*|\bformer for behandling\b|\bgruppebehandling\b|\bi gruppe\b|"
            r"\bforskel\w*\b.{0,40}\b(ambulant|dagbehandling|doegn)\w*|\b(ambulant|dag|doegn)\w* (og|eller) (ambulant|dag|doegn)\w*"
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
            r"\b\w*nummer\w*|\bnumre\w*|\bnr\b|\btelefon\b|\btlf\b(?!\.? ?tid)|\bringe til\b|\bring\w* til\b|\badresse\w*|\bhvor ligger\b|"
            r"\bhvor er\b|\bligger\b|\bhvor holder\b|\bhvilken sal\b|\bsal\b|\betage\b|\bmail\w*|\be-mail\w*|\bkontakt\w*|\bfinde (dem|det|stedet|der)\b|"
            r"\bkomme (der|derhen)\b|\bskrive til (dem|jer|nogen|stedet|centret)\b|\bsende (dem |jer )?en (mail|besked|sms)\b|"
            r"\b(direkte )?linje\b"
        ),
    ),
    (
        "ask_unit_info",
        re.compile(
            r"\bhvad er\b|\bhvad laver\b|\bhvem er\b|\bhvad tilbyder\b|\bhvem kan\b|\bfor hvem\b|\bkun for\b|"
            r"\bhvad skal der til\b|\bhvilke krav\b|\bhvad kraever\b|\bopfylder (jeg|han|hun|vi) (kravene|betingelserne)\b|"
            r"\bkommer (jeg|han|hun) i betragtning\b|\bkan (jeg|han|hun) (godt )?komme i betragtning\b"
        ),
    ),
)
# "personalet var uhøflige", "min metadondosis": what a complaint is about.
COMPLAINT_WORDS = (
    ("medical", re.compile(r"\bmedicin\w*|\bdosis\b|\bmetadondosis\b|\bdoser\w*|\blaege\w*")),
    ("payment", re.compile(r"\begenbetaling\w*|\bbetaling\w*|\bbetale\b")),
    (
        "staff",
        re.compile(
            r"\bpersonale\w*|\bbehandler\w*|\buhoeflig\w*|\bgrimt\b|\bopfoersel\b|\bopfoerer\b|\bmedarbejder\w*|\bsur\b|\bflabe\w*|\buforskam\w*|\bnedladende\b"
        ),
    ),
    ("case_handling", re.compile(r"\bsagsbehandling\w*|\bsagsbehandler\w*|\bdiskrimin\w*")),
    ("decision", re.compile(r"\bafslag\w*|\bafgoerelse\w*|\bvisitation\w*|\buenig\b")),
)
# Addictions without a substance: Vejviser's units are for drugs and alcohol.
OTHER_ADDICTIONS = re.compile(
    r"\bspil\w*|\bgambl\w*|\bgaming\b|\bbetting\b|\bcasino\w*|\bludomani\w*|\bporno\w*|"
    r"\bsexafhaeng\w*|\bshopping\w*|\bsukker\w*|\bnikotin\w*|\bcigaret\w*|\bsmoeger\b|\bsnus\b|"
    r"\bvape\w*|\bspiseforstyrr\w*"
)
# Thanks in a message the NLU read as "yes" ("ok tak", "ja tak", "fint, thanks"): after an
# answer that is a thank-you, not a request for the menu.
THANKS = re.compile(r"\btak\b|\btakk(er|e)\b|\bthanks?\b|\bthank you\b|\bthx\b|\bcheers\b")
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
    r"\bslaa (mig|sig) selv ihjel\b|\bikke (vil|ville) leve (laengere|mere)\b|\bgider (\w+ )?leve\b|"
    # passive thoughts: "det hele ville være nemmere hvis jeg ikke var her mere"
    r"\bikke (var|er|vaere|fandtes|eksisterede) her (mere|laengere)\b|\b(nemmere|bedre|lettere)\b.{0,30}\bhvis jeg (var doed|ikke "
    r"(var|fandtes|eksisterede|levede))\b|\boensk\w*( \w+){0,2} jeg var doed\b|\bikke (at )?vaagne\w* (op )?(igen|mere)\b|"
    r"\b(bare|helst) forsvinde\b|\bforsvinde for altid\b|\b(intet|ikke noget|ingenting) (at )?leve for\b|\bingen grund til at leve\b|"
    r"\bgoere en ende paa (det|mit liv|livet|det hele)\b|\b(bedre|nemmere) (for (alle|dem|jer|familien) )?uden mig\b"
)


# --- English (issue #17) ----------------------------------------------------------------
# The same readings for a message written in English ("i'm 17", "my son smokes weed",
# "and tomorrow?", "whats their number"). Each list is joined to its Danish one as one more
# alternative, so a Danish message reads exactly as before. The patterns are written against
# fold(): "i'm" is "i m", "what's" "what s", "don't" "don t" (and typed without the
# apostrophe, "im", "whats", "dont").
_I_AM = r"(?:i m|im|i am|iam)"
_EN_SUBSTANCE = r"(?:coke|cocaine|crack|lines?|drugs|speed|meth|ket|ketamine|molly|mdma|ecstasy|pills|heroin|hash|weed|pot|benzos|g|ghb)"
EN_TOPIC_WORDS = {
    "complain": r"\bcomplain\w*|\bcomplaint\w*|\bappeal\w*|\bdisagree\w*|\bunfair\w*|\bturned (me )?down\b|\bobject to\b",
    "ask_anonymity": (
        r"\banon\b|\bwithout (giving |telling |saying |using |sharing )?(my|a|your|any) (\w+ )?(name|cpr|id|identity)\b|"
        r"\b(give|giving|tell|telling|say|saying|use|using) (them |you )?my (real |full )?name\b|\bon (my|the|a) record\b|"
        r"\b(my )?(medical |health )?records?\b|\bregist(er|ered|ration)\b|\bwho i am\b|\bmy identity\b"
    ),
    "ask_privacy": (
        r"\bpolice\b|\bcops\b|\b(share|shared|sharing|pass|passed|passing|send|sent|hand|handed) (\w+ ){0,3}(info|information|data|details)\b|"
        r"\b(info|information|data|details)\b.{0,40}\b(shared|passed on|sent|police|stored|kept|saved)\b|\bconfidential\b|\bprivacy\b|"
        r"\bsundhed ?dk\b|\be ?boks\b|" + _KEEP_IT_QUIET_EN
    ),
    "ask_cost": (
        r"\bcost\w*|(?<!drug )(?<!alcohol )(?<!feel )\bfree\b(?! (choice|to choose|of))|\bpay\b|\bpaying\b|\bprice\w*|\bfees?\b|"
        r"\bafford\w*|\bmoney\b|\bexpensive\b|\bcharged?\b (for|anything|money|me)\b|\bhow much (is|does|will|would) (it|treatment|that)\b"
    ),
    "ask_referral": (
        r"\breferr\w*|\brefer (me|you|them|him|her)\b|\bdoctor s note\b|\b(need|have) to (see|go to|ask) (my |a |the )?(gp|doctor)\b|"
        r"\b(need|needs|require|requires|needed)\b.{0,30}\b(gp|doctor)\b|\bwalk ?in\b|\bjust (show|turn|walk|come) (up|in)\b|"
        r"\bshow up\b|\bturn up\b|\bwithout (an |a )?(appointment|booking)\b|\bdrop in\b|"
        r"\bdo i (really |even )?need (treatment|rehab)\b|\bshould i (go to|get|start) (treatment|rehab)\b"
    ),
    "ask_free_choice": (
        r"\bfree choice\b|\bchoose\b|\bchoice\b|\bpick (a|the|my|another|which|where)\b|\bprivate\b|\binstead\b|\bswitch\w*|"
        r"\b(another|a different|other) (place|centre|center|clinic|unit)\b|\bdecide (myself|where)\b"
    ),
    "ask_waiting_time": (
        r"\bwait\b(?! (un)?till?\b)|\bwaiting\b|\bhow (soon|fast|quickly)\b|\bhow long (before|until|till|will it take|does it take)\b|"
        r"\bguarantee\w*|\b14 days\b|\bright away\b|\bimmediately\b|\bstraight away\b|\bqueue\b|\bget (a )?(place|spot|slot)\b|"
        r"\bwhen can (i|we|he|she) (start|begin|get started)\b|\bstart (the )?treatment\b|"
        r"\bcan (i|we|he|she) (start|begin|get started) (\w+ ){0,2}(today|now|tomorrow|this week)\b"
    ),
    "ask_bisidder": (
        r"\b(bring|take|have) (someone|somebody|a friend|a \w+|my \w+|him|her|them) (with me|along|to (the|my) (first )?"
        r"(meeting|talk|appointment|session|conversation))\b|\bcome (with|along with) me\b|\bsupport person\b|\bfor support\b|"
        r"\baccompan\w*|\bsit in\b"
    ),
    "ask_youth_rules": (
        r"\bparents?\b.{0,30}\b(have to know|need to know|know|find out|finding out|be told|told|informed|consent|permission|"
        r"involved|contacted|called)\b|\bconsent\b|\bpermission\b|\bwithout (my )?(parents|mum|mom|dad)\b|\bparental\b|"
        r"\bconfidentiality\b|\b(tell|call|contact|inform) (my )?(parents|mum|mom|dad)\b|"
        r"\b(us|me|parents) (\w+ ){0,2}what (he|she) (says|tells)\b|"
        r"\bwithout (us|me|his parents|her parents|my parents|them|the parents) (knowing|being told|finding out|being there|there)\b"
    ),
    "ask_follow_up": (
        r"\bfollow ?up\b|\bafter ?care\b|\bafter (the )?treatment\b|\bwhen (the )?treatment (is|s) (over|done|finished)\b|"
        r"\bcheck(s)? in on\b|\bonce i m (done|finished)\b|\bafter i finish\b"
    ),
    "ask_first_talk": (
        r"\bfirst (meeting|talk|appointment|session|conversation|visit)\b|\bwhat happens (when|if|at|after|on|the first|there)\b|"
        r"\bwhat (will|do) they ask\b|\bwhat should i say\b|\bhow does it (work|start|go)\b|\bsee a doctor\b|"
        r"\burine (test|sample)\w*|\bdrug test\w*"
    ),
    "ask_treatment_types": (
        r"\b(outpatient|day treatment|residential|inpatient)\b.{0,40}\bmeans?\b|\bwhat (kind|kinds|type|types|sort|sorts|forms) of "
        r"(treatment|help|therapy)\b|\bhow often\b|\bgroup or (alone|individual|one on one)\b|\bgroup (therapy|treatment|sessions)\b|"
        r"\bhow long (does|is) (the )?(treatment|programme|program|course)\b|\bwhat does (the )?treatment (involve|look like|consist of)\b|"
        r"\bdifference\b.{0,40}\b(outpatient|day treatment|residential|inpatient|rehab)\b"
    ),
    "relative_help": r"\brelatives?\b|\bfamily members?\b|\bloved ones?\b|\bnext of kin\b|\bparent(s|ing)? (course|group|class)\w*|\bsupport group\b",
    "relative_own": (
        r"\bwhat about (me|us)( myself| ourselves)?\b|\banything for (me|us)\b|\bsupport for (me|us)\b|\b(as|for) (me |us )?(as )?"
        r"(a |his |her |their )?(parent|mum|mom|mother|dad|father|partner|girlfriend|boyfriend|wife|husband|sister|brother|"
        r"sibling|friend|relative)s?\b"
    ),
    "ask_rights": r"\bmy rights\b|\brights\b|\bentitle\w*",
    "ask_hours": (
        r"\bopen\w*|\bclos(e|es|ed|ing)\b|\bshut\b|\bhours\b|\bwhat time\b|\b(opening|phone|call|calling|office) times?\b|"
        r"\b(which|what) days\b|\bweekdays\b|\bansw?er(s|ing)? the phone\b|\bpick(s)? up the phone\b|\bavailable\b|"
        r"\bwhen (can|could|should|do) (i|we|you|one|he|she) (\w+ )?(call|ring|come|go|visit|reach|drop|get hold|turn up|show up|"
        r"phone|come in|get in)\b|\bwhen (are|is|do|does) (they|it|you|he|she|\w+) (open|closed|answer|available|there|reachable)\b|"
        r"\bwhen does \w+ (\w+ )?(open|close|answer)\b"
    ),
    "ask_contact": (
        r"\b(phone )?numbers?\b|\bphone\b(?! hours)|\btelephone\b(?! hours)|\baddress\w*|\bwhere (exactly )?(is|are)\b|\bwhere s\b|"
        r"\bwheres\b|\blocat\w*|\b(which|what) floor\b|\bfloor\b|\be ?mail\w*|\bcontact\w*|\bget (in touch|hold of)\b|"
        r"\bfind (them|it|the place)\b|\bget there\b|\b(write|message|text|email) (to )?them\b|\bdirect line\b|\bdirections\b|\bhow do i get (there|to)\b|\bwho (do|can|should) (i|we) (call|ring|phone)\b"
    ),
    "ask_unit_info": (
        r"\bwhat is\b|\bwhat s\b|\bwhats\b|\bwho is\b|\bwhat do they do\b|\bwhat does \w+ (do|offer)\b|\bwho (can|is it for|are they for)\b|"
        r"\bfor whom\b|\bonly for\b|\bwhat does it take\b|\b(what are the )?requirements\b|\bqualif(y|ies|ied)\b|\beligib\w*|"
        r"\bcriteria\b|\b(am i|is he|is she|are they|are we) (allowed|accepted)\b"
    ),
}
EN_COMPLAINT_WORDS = {
    "medical": r"\bmedication\w*|\bmeds\b|\bdos(e|es|age)\b|\bdoctor\w*|\bprescri\w*",
    "payment": r"\bpayment\w*|\bpay\b|\bfees?\b|\bcharge[ds]?\b",
    "staff": (
        r"\bstaff\b|\bemployee\w*|\bcounsel+or\w*|\btherapist\w*|\brude\b|\bcondescending\b|\bdisrespect\w*|\bbehaviou?r\b|"
        r"\btreated me\b"
    ),
    "case_handling": r"\bcase ?work\w*|\bcase handling\b|\bsocial worker\w*|\bdiscriminat\w*",
    "decision": r"\bdecision\w*|\brejected\b|\brefused\b|\brefusal\b|\bassessment\b|\bdisagree\w*",
}
EN_OTHER_ADDICTIONS = (
    r"\bporn\w*|\bsex addict\w*|\bsugar\b|\bnicotine\b|\bcigarette\w*|\btobacco\b|\bvap(e|es|ing)\b|\beating disorder\w*|\bgames?\b"
)
EN_HELP_WORDS = (
    r"\bhelp\w*|\btreatment\w*|\baddict\w*|\babuse\b|\bmisuse\b|\bissues?\b|\bquit\w*|\bcut (down|back)\b|"
    r"\bget (off|clean|sober|out of)\b|\bsober\w*|\bdetox\w*|\brehab\w*|\bwithdrawal\w*|\btalk to (someone|somebody|anyone|a person)\b|"
    r"\bwhere (do|should|can) i (go|start|turn)\b|\bwhat (do|should|can) i do\b|\bhooked\b|\bsort (it|myself|this) out\b|"
    r"\bwhere to start\b|\bgone too far\b|\bout of (hand|control)\b|\bplace\b|\bcounsel+ing\b|\badvice\b"
)
EN_PHONE_KIND = r"\bcall(ing)?\b|\bphone\b|\bphones\b|\btelephone\b|\banswer\w* (the )?phone\b|\bpick(s)? up (the )?phone\b"
EN_CRISIS_OVERDOSE = (
    r"\bod( d|ed| ed| ing|ing)?\b|\bnot breathing\b|\b(isn t|isnt|is not|s not|stopped|not|barely|hardly|can t|cant|cannot|trouble|"
    r"struggling to) breath\w*|\bbreathing (weird\w*|strange\w*|funny|slow\w*|shallow\w*)\b|\bunconscious\b|\bunresponsive\b|"
    r"\bpassed out\b|\bfainted\b|\bcollapsed\b|\bkeeled over\b|\blifeless\b|\bnot moving\b|\bfoaming\b|"
    r"\b(can t|cant|cannot|can not|couldn t|couldnt|won t|wont) (wake|rouse)\b|\bnot waking\b|\bwake (him|her|them) up\b|"
    r"\b(not|isn t|isnt|s not|stopped) (respond|react)\w*|\bturn\w* blue\b|\b(lips|face|skin) (are |is )?(going |turning |gone |"
    r"looking )?(blue|grey|gray)\b|\bblue lips\b|\bseizure\w*|\bconvuls\w*|\bchest pain\w*|\bpain in (my|his|her) chest\b|"
    r"\bchest (hurts|is hurting|feels tight|is tight)\b|\bheart (is )?(racing|pounding)\b|\bheart attack\b|"
    r"\b(took|taken|take|swallowed) (way |far )?too many (pills|tablets)\b|\bswallowed (a |the |all |all the |a whole |the whole )"
    r"(\w+ )?(strip|bottle|pack|packet|box|bunch|lot|load|handful)\b|\b(a bunch of|a lot of|loads of|a handful of|way too many) "
    r"(pills|tablets)\b"
)
EN_CRISIS_SUICIDAL = (
    r"\bsuicid\w*|\bkill(ing)? (my ?self|myself)\b|\bkms\b|\bend(ing)? (my|his|her|their) (own )?life\b|\bend(ing)? it( all)?\b|"
    r"\btak(e|ing) (my|his|her|their) (own )?life\b|\b(don t|dont|do not|didn t|didnt) want to (live|be alive|be here|exist|wake up)\b|"
    r"\bnot want(ing)? to (live|be here)\b|\bwant(s)? to die\b|\bwanna die\b|\bbetter off dead\b|\bno reason to live\b|"
    r"\bhurt(ing)? myself\b|\bself ?harm\w*|\bcut(ting)? myself\b|\bno point (in )?living\b|"
    r"\b(wasn t|wasnt|was not|weren t|werent|were not|not be|not being) (here|around|alive) any ?more\b|\bif i (wasn t|wasnt|was not|"
    r"weren t|werent|were not) (here|around|alive)\b|\bwish i (was|were) dead\b|\bnothing (left )?to live for\b|"
    r"\bdisappear (forever|for good)\b|\b(never|not) (to )?wake up again\b|\bbetter off without me\b"
)


def _or(danish: re.Pattern, english: str | None) -> re.Pattern:
    """The Danish pattern with the English one as one more alternative."""
    return re.compile(f"(?:{danish.pattern})|(?:{english})") if english else danish


TOPIC_WORDS = tuple((topic, _or(pattern, EN_TOPIC_WORDS.get(topic))) for topic, pattern in TOPIC_WORDS)
COMPLAINT_WORDS = tuple((kind, _or(pattern, EN_COMPLAINT_WORDS.get(kind))) for kind, pattern in COMPLAINT_WORDS)
OTHER_ADDICTIONS = _or(OTHER_ADDICTIONS, EN_OTHER_ADDICTIONS)
_HELP_WORDS = _or(_HELP_WORDS, EN_HELP_WORDS)
_PHONE_KIND = _or(_PHONE_KIND, EN_PHONE_KIND)
CRISIS_OVERDOSE = _or(CRISIS_OVERDOSE, EN_CRISIS_OVERDOSE)
CRISIS_SUICIDAL = _or(CRISIS_SUICIDAL, EN_CRISIS_SUICIDAL)


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
    thanks: bool = False  # "tak", "thanks" in the message
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


def _need_entity(text: str, entities: list[dict]) -> str | None:
    """The kind of treatment an NLU `need` entity names, when its words are a listed form of
    that need. The NLU can tag an everyday word whose spelling happens to be a need's id
    ("its christmas day" -> need "day", i.e. day treatment); the synonym list says which words
    mean a need ("dagbehandling", "day treatment"), so only those count, and not the everyday
    English words need_in() skips too."""
    forms = folded_sections().get("need", {})
    for e in entities:
        if e.get("entity") != "need" or e.get("value") is None:
            continue
        start, end = e.get("start"), e.get("end")
        surface = fold(text[start:end]) if isinstance(start, int) and isinstance(end, int) else ""
        if surface not in _EN_NOT_A_NEED and forms.get(surface) == str(e["value"]):
            return str(e["value"])
    return None


def _word_match(folded: str, form: str) -> bool:
    return f" {form} " in f" {folded} "


def substance_in(folded: str) -> str | None:
    """The first substance named, also inside compounds ("hashmisbrug", "alkoholproblemer")."""
    forms = folded_sections().get("substance", {})
    folded = _NOT_A_SUBSTANCE.sub(" ", folded)
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
        if before and before[-1] in _DURATION_WORDS and after[:1] and after[0] in _YEARS:
            continue
        if re.match(r"\s*(-|–|til)\s*\d", folded[match.end() :]) or re.search(r"\d\s*(-|–)\s*$", folded[: match.start()]):
            continue
        if after[:1] and after[0] in _QUANTITY_WORDS:
            continue
        if before and before[-1] in _CLOCK_WORDS:
            continue  # "hun har fri kl 14": a time of day
        return True
    return False


_CLOCK_WORDS = frozenset({"kl", "klokken", "klokka", "til", "fra", "at", "by", "until", "till", "from", "efter", "after", "foer", "before"})


def age_in(folded: str) -> int | None:
    alone = re.fullmatch(r"(\d{1,2})( aar| ar| aarig| years?( old)?| yrs?( old)?| yo| y o)?", folded.strip())
    if alone:
        return parse_age(alone.group(1)) if 10 <= int(alone.group(1)) <= 99 else None
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(folded):
            before = folded[: match.start(1)].split()
            if pattern in (_AGE_PATTERNS[1], _EN_YEARS) and before and before[-1] in _DURATION_WORDS:
                continue  # "gennem 15 år", "i 10 år", "for 15 years": how long, not how old
            if re.search(r"\by(ea)?rs?\b", match.group(0)) and re.match(
                r"\s*(ago|of|clean|sober|straight|later|now|back)\b", folded[match.end() :]
            ):
                continue  # "15 years ago", "10 years of drinking"
            age = parse_age(match.group(1))
            if age is not None and 10 <= age <= 99:
                return age
    words = folded_sections().get("age", {})
    for match in _AGE_WORD.finditer(folded):
        if match.group(1) in words:
            return parse_age(words[match.group(1)])
    for match in _EN_AGE_WORD.finditer(folded):  # "im seventeen", "she s twenty one"
        for form in (match.group(1), match.group(1).split()[0]):
            if form in words:
                return parse_age(words[form])
    for form, value in words.items():
        if _word_match(folded, form) and re.search(rf"\b{form}\s+(aar|ar|aarig|years?|yrs?|yo)\b", folded):
            return parse_age(value)
    return None


# "coke problem, 35, live in frederiksberg", "35, want help": a number on its own between commas.
_AGE_ON_ITS_OWN = re.compile(r"(?:^|[,;]|[.!?]\s)\s*(\d{2})\s*(?:,|;|$|[.!?](?!\d))")


def _age_on_its_own(text: str) -> int | None:
    for match in _AGE_ON_ITS_OWN.finditer(text.strip()):
        age = int(match.group(1))
        if 13 <= age <= 99:
            return age
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


_HAS_A_WHO = re.compile(r"\b(?:har|kender|have|know) (?:en|et|a|an) (\w+) (?:\w+ ){0,3}?(?:der|som|who|that)\b")


def relation_in(folded: str) -> str | None:
    """Who the person worries about: "min søn", "vores datter", "jeg er mor til en på 28", "veninde 30 år tager coke"."""
    forms = folded_sections().get("relation", {})
    for match in _RELATIVE_USE.finditer(folded):
        for word in (match.group(3), (match.group(2) or "").strip()):
            if word and word in forms:
                return forms[word]
    for match in _HAS_A_WHO.finditer(folded):
        if match.group(1) in forms:
            return forms[match.group(1)]  # "jeg har en kollega der tager kokain"
    speaker = _EN_SPEAKER_IS.search(folded)
    if speaker:
        return _EN_SPEAKER_RELATION[speaker.group(1) or speaker.group(2)]
    speaker = _SPEAKER_IS.search(folded)
    if speaker and re.search(r"\b(til|for) (en|ham|hende|min|mit)\b|\bpaa \d+\b", folded[speaker.end() : speaker.end() + 30]):
        return _SPEAKER_RELATION[speaker.group(2)]
    tokens = folded.split()
    for i, token in enumerate(tokens[:3]):
        if token in forms and not {"jeg", "i"} & set(tokens[i : i + 5]) and _USE_VERB.match(" ".join(tokens[i + 1 :])):
            return forms[token]
    return None


# The young person themselves, with a friend or a parent in the sentence
_ME_TOO = re.compile(
    r"\b(min|mine) \w+ og jeg\b|\bjeg og (min|mine) \w+ (ryger|drikker|tager|bruger|vaper|sniffer)\b|"
    r"\b(min )?(laerer|klasselaerer|skole\w*|rektor|traener) (\w+ )?(har )?(opdaget|fundet ud af|fanget|set)\b|"
    r"\bmoede med (min|mine) (mor|far|foraeldre)\b|\bmy \w+ and i\b|\bme and my \w+ (smoke|drink|take|use|vape)\b|"
    r"\bmy teacher (found out|caught|saw)\b|"
    # taking someone along is about one's own treatment: "må jeg tage min lillesøster på 16 med som bisidder"
    r"\btage (min|mit|mine) \w+ (\w+ ){0,4}med\b|\bsom bisidder\b|\b(bring|take) my \w+ (\w+ ){0,3}(with me|along)\b"
)
_RELATIVE_SUBJECT = re.compile(
    # "jeg er 16 og har en ven der tager piller": the friend's use, whatever the asker's age
    r"\b(har|kender) (en|et) \w+ (\w+ ){0,3}?(der|som) (\w+ )?(ryger|drikker|tager|bruger|sniffer|er afhaengig|har et|har problemer)\b|"
    r"\b(min|mit|mine|vores)\s+(\w+\s+){0,2}(paa \d+\s+|er \d+\s+og\s+|paa \d+ aar\s+)?(ryger|drikker|tager|bruger|sniffer|"
    r"har et|har en|har problemer|er afhaengig|er misbruger|er alkoholiker|kommer hjem|drak|roeg|er paa)\b"
)


_OWN_USE = re.compile(
    # not across "der"/"som": "jeg har en kollega der tager kokain" is the colleague's use
    r"\bjeg\b(\s+(?!der\b|som\b|han\b|hun\b|de\b)\w+){0,4}?\s+(ryger|drikker|tager|bruger|sniffer|snifer|drak|roeg)\b|\bjeg er gravid\b|"
    r"^(jeg er|er) (kun )?\d{2}\b|\bjeg er (kun )?\d{2} (aar|ar)\b"
)


# --- English (issue #17): who is speaking, their age, the day --------------------------------
_EN_USE = (
    r"smoke|smokes|smoking|smoked|drink|drinks|drinking|drank|take|takes|taking|took|use|uses|using|used|snort|snorts|snorting|"
    r"sniff|sniffs|inject\w*|shoot|shoots|shooting|pop|pops|popping"
)
_EN_PARENT = r"(?:mum|mom|mother|dad|father|parents?|folks|mums|moms|dads)"
_PARENT_AS_AUDIENCE = _or(
    _PARENT_AS_AUDIENCE,
    rf"\bmy\s+{_EN_PARENT}\b.{{0,40}}\b(know|knows|knowing|find out|finds out|finding out|found out|aware|idea|clue|be told|"
    rf"tell|told|informed|involved|must not|mustn t|can t|cant)\b|\b(without|before|behind)\s+my\s+{_EN_PARENT}|"
    rf"\b(tell|telling|call|calling|contact|contacting|inform|informing|notify|bring|involve)\s+(\w+\s+)?my\s+{_EN_PARENT}\b",
)
_FIRST_PERSON_USE = _or(
    _FIRST_PERSON_USE,
    rf"(?:\b(?:i|{_I_AM}|i ve|ive|i have|i ve been|ive been|i have been)|^been)\s+((?!he\b|hes\b|she\b|shes\b|they\b)\w+\s+){{0,2}}?({_EN_USE}|addicted|hooked|"
    rf"have a (\w+ )?problem|have an addiction|have a habit|can t stop|cant stop|want to (stop|quit)|need help|"
    rf"(do|doing|did) (a lot of |too much |way too much )?{_EN_SUBSTANCE})\b",
)
_OWN_USE = _or(
    _OWN_USE,
    rf"^{_I_AM} (only |just )?\d{{2}}\b|\b{_I_AM} (only |just )?\d{{2}} (years?|yrs?|y o|yo)\b|\bi\b(\s+(?!who\b|that\b|he\b|hes\b|she\b|shes\b|they\b)\w+){{0,4}}?\s+({_EN_USE})\b|"
    r"\b(i m|im|i am) pregnant\b",
)
_RELATIVE_SUBJECT = _or(
    _RELATIVE_SUBJECT,
    rf"\b(have|know) (a|an) \w+ (\w+ ){{0,3}}?(who|that) (\w+ )?({_EN_USE}|is addicted|has a problem)\b|"
    rf"\b(my|our)\s+(\w+\s+){{0,2}}(is \d+\s+and\s+|s \d+\s+and\s+|\d+\s+)?(smokes|drinks|takes|uses|snorts|sniffs|injects|"
    rf"does {_EN_SUBSTANCE}|is addicted|is hooked|has a (\w+ )?problem|has an addiction|is an alcoholic|is an addict|comes home|"
    r"came home|is on|is back on|drank|smoked|took|used|has been|s been|started|is using|is drinking|is smoking|is taking|"
    r"is doing|keeps)\b",
)
_USE_VERB = _or(_USE_VERB, rf"^(\S+ ){{0,4}}?(smokes|drinks|takes|uses|snorts|does {_EN_SUBSTANCE}|is addicted|has a problem)\b")
# "im his sister", "i am her mum": the speaker's own word for themself -> what the other one is.
_EN_SPEAKER_IS = re.compile(
    rf"\b{_I_AM} (?:his|her|their) (mum|mom|mother|dad|father|parent|girlfriend|boyfriend|wife|husband|partner|sister|brother|"
    r"friend|daughter|son)\b|\b(?:i m|im|i am) (?:a|the) (mum|mom|mother|dad|father|parent) (?:of|to)\b"
)
_EN_SPEAKER_RELATION = {
    **dict.fromkeys(("mum", "mom", "mother", "dad", "father", "parent"), "child"),
    **dict.fromkeys(("daughter", "son"), "parent"),
    **dict.fromkeys(("girlfriend", "boyfriend", "wife", "husband", "partner"), "partner"),
    **dict.fromkeys(("sister", "brother"), "sibling"),
    "friend": "friend",
}
_EN_YOUNG = re.compile(rf"\b{_I_AM} (only |just )?(1\d|2[0-4])\b")

_AGE_PATTERNS = (
    *_AGE_PATTERNS,
    re.compile(
        rf"\b(?:{_I_AM}|{_I_AM} only|{_I_AM} just|only|aged|age|turned|turning|just turned|is|he s|hes|she s|shes|he is|she is)\s+"
        r"(\d{1,2})\b(?!\s*(?:(?:kr|dkk|days?|weeks?|months?|times?|hours?|min\w*|beers?|drinks?|units?|pills?|grams?|g|am|pm|o clock)\b|"
        r"[\d.:]))"
    ),
    re.compile(
        rf"\b(\d{{2}}) and (?:{_I_AM} |i )?(?:using|use|smoke|smoking|drinking|drink|taking|take|doing|live|living|on|addicted|hooked)\b"
    ),
    _EN_YEARS := re.compile(r"\b(\d{1,2})\s*(?:-\s*)?(?:yrs?|y o|yo)\b"),
    re.compile(r"^(\d{2})\s+(?:and|years?|yrs?|y o|yo)\b"),
    re.compile(r"\b(?:a|an)\s+(\d{2})\s*(?:-\s*)?years?\s*(?:-\s*)?old\b"),
)
# "im seventeen", "my son is sixteen", "she s twenty one": a number word after these.
_EN_AGE_WORD = re.compile(rf"\b(?:{_I_AM}|{_I_AM} only|is|he s|hes|she s|shes|aged|turned|turning)\s+(\w+(?: \w+)?)\b")
# "for 15 years", "15 years ago", "8-10 beers": how long or how much, not how old.
_EN_DURATION_WORDS = {"in", "since", "past", "last", "almost", "nearly", "about", "around", "than", "few", "least", "every"}
_DURATION_WORDS = _DURATION_WORDS | _EN_DURATION_WORDS
_QUANTITY_WORDS = _QUANTITY_WORDS | {
    "beers", "beer", "drinks", "glasses", "bottles", "cans", "grams", "pills", "lines", "times", "days", "weeks", "months",
    "hours", "minutes", "mins", "units", "cigarettes", "spliffs", "mg", "ml", "dkk", "tablets",
}  # fmt: skip
_YEARS = ("aar", "ar", "years", "year", "yrs", "yr")
# Need values that are everyday English words ("every day", "comes home"): only their forms
# ("day treatment", "treatment at home") name the need.
_EN_NOT_A_NEED = {"day", "home"}

_DAYS = {**_DAYS, **{d: d for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}}
_EN_DAYS = {"tues": "tuesday", "weds": "wednesday", "thurs": "thursday"}
_EN_DAY_PHRASES = {
    "tomorrow_morning": r"\b(tomorrow|tmrw|tmr) morning\b",
    "day_after_tomorrow": r"\b(the )?day after tomorrow\b",
    "tomorrow": r"\btomorrow\b|\btmrw\b|\btmr\b|\btomorow\b|\btommorow\b|\btommorrow\b",
    "evening": r"\btonight\b|\bthis evening\b|\bin the evening\b|\blater tonight\b",
    "after_work": r"\bafter (work|school|my shift)\b|\b(work|school)\b (\w+ ){0,3}(till|until|til) (\d|1\d)\b|\bget off work\b",
    "today": r"\btoday\b|\b2day\b|\bthis (morning|afternoon)\b|\blater today\b",
    "holiday": (
        r"\bchristmas\w*|\bxmas\b|\bnew year\w*|\beaster\b|\bwhitsun\w*|\bpentecost\b|\b(public|bank|national) holiday\w*|"
        r"\bthe holidays\b"
    ),
}
_DAY_PHRASES = tuple((_or(pattern, _EN_DAY_PHRASES.get(value)), value) for pattern, value in _DAY_PHRASES)
_NOW = _or(_NOW, r"\b(now|right now|still (open|there)|(open|there) still|currently|at the moment|atm)\b")

# Generic English words for a unit, and the Danish word each stands for: "the youth centre"
# is "ungecentret", "that place" is "stedet" (the place just talked about). Longest first.
EN_UNIT_WORDS = {
    "counselling and treatment centre": "raadgivningscentret",
    "counseling and treatment center": "raadgivningscentret",
    "drug counselling centre": "raadgivningscentret",
    "drug counseling center": "raadgivningscentret",
    "counselling centre": "raadgivningscentret",
    "counseling center": "raadgivningscentret",
    "counselling center": "raadgivningscentret",
    "drug and alcohol centre": "rusmiddelcentret",
    "drug and alcohol center": "rusmiddelcentret",
    "treatment centre": "behandlingscentret",
    "treatment center": "behandlingscentret",
    "addiction centre": "misbrugscentret",
    "addiction center": "misbrugscentret",
    "drugs centre": "rusmiddelcentret",
    "drug centre": "rusmiddelcentret",
    "drug center": "rusmiddelcentret",
    "youth centre": "ungecentret",
    "youth center": "ungecentret",
    "the kommune": "kommunen",
    "the municipality": "kommunen",
    "the council": "kommunen",
    "town hall": "raadhuset",
    "city hall": "raadhuset",
    "family department": "familieafdelingen",
    "social services": "socialafdelingen",
    "the treatment place": "behandlingsstedet",
    "that place": "stedet",
    "the place": "stedet",
    "this place": "stedet",
    "the clinic": "stedet",
    "that clinic": "stedet",
    "the centre": "centret",
    "the center": "centret",
    "that centre": "centret",
    "that center": "centret",
}
# "the drug centre", "drug counselling": a kind of place, not the substance "drugs".
_NOT_A_SUBSTANCE = re.compile(
    r"\bdrugs? (and alcohol )?(counsel+ing|centre|center|clinic|service|services|unit|treatment|advice|team|line|worker|place)\b"
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
    if _ME_TOO.search(folded):
        return "self"  # "min ven og jeg vaper thc", "min lærer har opdaget det ... møde med min mor"
    if _RELATIVE_SUBJECT.search(folded) and not _PARENT_AS_AUDIENCE.search(folded):
        return "relative"
    if _PARENT_AS_AUDIENCE.search(folded):
        return "self"
    young = re.search(r"\bjeg er (kun )?(1\d|2[0-4])\b", folded) or _EN_YOUNG.search(folded)
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
    for word, value in _EN_DAYS.items():
        if re.search(rf"\b{word}\b", folded):
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


# A place's conditions ("hvad skal der til for at komme der": 12 måneder i substitution): what the place is, not its address
_CONDITIONS = re.compile(
    r"\bhvad skal der til\b|\bhvilke krav\b|\bhvad kraever\b|\bopfylder \w+ (kravene|betingelserne)\b|\bi betragtning\b|"
    r"\bwhat does it take\b|\brequirements\b|\bqualif(y|ies|ied)\b|\beligib\w*|\bcriteria\b"
)


def topics_in(parts: list[str]) -> list[str]:
    """Every topic named, in the order asked: question sentences first, then where in the sentence.
    "hvad er adressen" asks for the address: "hvad er" only asks what a place is when the
    sentence asks for nothing more precise."""
    found: list[str] = []
    for part in parts:
        hits = sorted((m.start(), topic) for topic, pattern in TOPIC_WORDS for m in [pattern.search(part)] if m)
        named = {topic for _, topic in hits}
        if "ask_unit_info" in named and named & {"ask_contact", "ask_hours"} and not _CONDITIONS.search(part):
            hits = [h for h in hits if h[1] != "ask_unit_info"]
        for topic in (_TOPIC_ALIASES.get(topic, topic) for _, topic in hits):
            if topic not in found:
                found.append(topic)
    return found


# Somewhere to come every day (intensive treatment, "daglig fremmøde"): a wish or a question
# about coming in daily, not a habit ("drikker hver dag").
_INTENSIVE = re.compile(
    r"\b(brug for|vil (gerne )?|kan (jeg|man)|mulighed for|et sted)\b.{0,30}\b(komme|moede op|gaa hen|gaa)\b"
    r".{0,25}\b(hver (eneste )?dag|dagligt|alle hverdage)\b|\bdaglig\w* fremmoede\b|"
    r"\b(need|want|somewhere|place|can i|could i)\b.{0,30}\b(come|go|show up|attend)\b.{0,25}\bevery (single )?day\b|"
    r"\bdaily (attendance|check ?ins?)\b"
)


# Cannot leave home: treatment at home ("kan ikke komme ud af min lejlighed pga angst")
_STUCK_AT_HOME = re.compile(
    r"\bkan ikke (komme|gaa) (ud|udenfor|hjemmefra)\b|\b(toer|tor) ikke (at )?(gaa|komme) (ud|udenfor|hjemmefra)\b|"
    r"\bcan ?t (leave|get out of) (my |the )?(flat|apartment|house|home|room)\b|\bcan ?t (go|get) out(side)?\b|\bhousebound\b"
)
# Living at the place while in treatment (residential): "steder hvor man kan bo mens man er i behandling"
_LIVE_THERE = re.compile(
    r"\b(kan|at|skal|maa) (man |jeg |han |hun )?(bo|overnatte)\b (\w+ ){0,3}(mens|imens|under) (man|jeg|han|hun|de) (er i|faar|gaar i) "
    r"(behandling|afvaenning)\b|"
    r"\b(steder?|sted) (\w+ ){0,2}(hvor|hvo) (man|jeg) (kan )?(bo|bor)\b|"
    r"\b(live|stay|sleep) (there|somewhere|at the place) (\w+ ){0,2}(while|during)\b|"
    r"\b(somewhere|place|anywhere) (\w+ ){0,2}(live|stay)\b (\w+ ){0,2}(while|during)\b"
)


# Where someone works or studies is not where they live: with both named, the place after
# "bor"/"live" is the home.
_WORKS_IN = re.compile(r"\b(arbejder|arbejde|job|studerer|laeser|work|works|working|study|studies|studying)\b")
_LIVES_IN = re.compile(r"\b(bor|bosat|boende|live|lives|living)\b(?P<rest>.{1,40})")
# "I live right by Valby but my address actually says Hvidovre": the address is where they live,
# and a place they live near is not
_ADDRESS_IS = re.compile(
    r"\b(adresse\w*|address|postnummer\w*|postcode|zip code)\b( \w+){0,2}? (er|siger|staar|says|is|reads) (?:faktisk |actually |i |in |paa )*(?P<rest>\w+( \w+)?)"
)
_LIVES_NEAR = re.compile(r"^\s*((lige|right|just|really) )?(ved siden af|taet paa|naer|op ad|by|near|next to|close to)\b")
# "hvis jeg ikke når det i dag, hvad så med onsdag": the day after "hvad med" is the one asked about
_WHAT_ABOUT_DAY = re.compile(
    r"\b(hvad (saa |sa )?med|hvad hvis|og (saa |sa )?(paa )?|what about|how about|and (on )?)\s*(?P<rest>\w+( \w+)?)\s*\??$"
)


# The place asked about after the one someone goes to now: "har hørt om valmuen", "what about X"
_ASKED_ABOUT = re.compile(r"\b(hoert om|hort om|heard (about|of)|hvad med|what about|skifte til|switch to)\b")


# Who lives there: "det er mig der bor i kastrup. han bor på islands brygge"
_LIVES_SUBJECT = re.compile(
    r"\b(?P<who>jeg|mig|vi|os|i|me|we|han|hun|de|he|she|they|(?:min|mit|mine|my|our|vores) \w+)\b(?: (?:der|som|who|that|also|ogsaa|stadig|still|actually|faktisk|nu|now|selv))*? "
    r"(?:bor|live|lives|living)\b(?=(?P<rest>.{1,40}))"  # a lookahead: the next clause's subject is not eaten
)
_FIRST_PERSON = frozenset({"jeg", "mig", "vi", "os", "i", "me", "we"})


def _home_clause(folded: str) -> re.Match | None:
    """Where the person the message is about lives. With the asker's home and another's both
    named ("det er mig der bor i kastrup. han bor på islands brygge", "he lives in østerbro, i
    live in rødovre") and no use of the asker's own, the other's: the places are for them."""
    clauses = list(_LIVES_SUBJECT.finditer(folded))
    mine = [c for c in clauses if c.group("who") in _FIRST_PERSON]
    theirs = [c for c in clauses if c.group("who") not in _FIRST_PERSON]
    if mine and theirs and not (_FIRST_PERSON_USE.search(folded) or _OWN_USE.search(folded)):
        return theirs[0]
    return _LIVES_IN.search(folded)


def works_not_lives(folded: str) -> bool:
    """Names where someone works or studies, and nowhere they live ("men jeg arbejder i kbh")."""
    return bool(_WORKS_IN.search(folded) and not _LIVES_IN.search(folded))


# Valmuen's own condition in people's words: a year or more of substitution, and still using
# heroin beside it ("har fået metadon i over et år men bruger stadig heroin ved siden af")
_SUBSTITUTION_WORD = r"(metadon\w*|subutex|buprenorfin|substitution\w*|methadone|suboxone|buprenorphine)"
_YEARS_OF = (
    r"(\d+|et|over et|mere end et|halvandet|flere|to|tre|fire|fem|a|one|over a|more than a|two|three|several|many) "
    r"(aar|ar|years?)"
)
_STILL_OPIOIDS = (
    r"\b(stadig\w*|fortsat|still|keeps?)\b.{0,30}\b(heroin|opioid\w*|opiat\w*)|\b(bruger|tager) (stadig|fortsat)\b|"
    r"\b(stadig|fortsat) (bruger|tager)\b|\bstill (use|uses|using|take|takes|taking)\b|"
    r"\b(heroin|opioid\w*|opiat\w*)\b.{0,20}\b(ved siden af|oven i|on top|alongside|as well)\b"
)
_STILL_USING_ON_SUBSTITUTION = re.compile(
    rf"\b{_SUBSTITUTION_WORD}\b.{{0,40}}\b{_YEARS_OF}\b.{{0,60}}(?:{_STILL_OPIOIDS})|"
    rf"\b{_YEARS_OF}\b.{{0,40}}\b{_SUBSTITUTION_WORD}\b.{{0,60}}(?:{_STILL_OPIOIDS})"
)


def need_in(folded: str) -> str | None:
    # A way of being helped asked for in a phrase beats a word for a condition ("angst")
    if _STILL_USING_ON_SUBSTITUTION.search(folded):
        return "heroin_assisted"
    for pattern, need in ((_STUCK_AT_HOME, "home"), (_INTENSIVE, "intensive"), (_LIVE_THERE, "residential")):
        if pattern.search(folded):
            return need
    forms = folded_sections().get("need", {})
    for form, value in forms.items():
        if form in _EN_NOT_A_NEED:
            continue
        if _word_match(folded, form):
            return value
    if re.search(r"\b(behandler\w*|medarbejder\w*|nogen|folk)\b.{0,30}\b(gaar rundt|paa gaden|paa gadeplan)\b|\bgadeplan\b", folded):
        return "outreach"
    if re.search(r"\blaege\w*|\bnedtrap\w*|\btrappe\w* (mig )?ned\b|\btrappes ned\b", folded) and not re.search(
        r"\bhenvis\w*|\bseddel\b|\bfra (min |egen )?laege\b", folded
    ):
        return "medical"
    if re.search(
        r"\b(have|faa|faar|fik|hente|henter|starte paa|komme paa|vil have|brug for|paa)\s+(\w+\s+)?(metadon|subutex|buprenorfin|"
        r"substitution\w*)|\bmetadonbehandling\w*|\bsubstitutionsbehandling\w*|\bmetadon\w* ?(udlever\w*|recept\w*|"
        r"dosis|program\w*|klinik\w*)|\b(udlevering|recept) (af|paa) metadon|\b(koebt|koeber|koebe) (\w+ )?metadon\b|"
        r"\bmetadon (paa|fra) gaden\b|\bmetadon\b.{0,40}\b(lovlig\w*|ordentlig\w*)",
        folded,
    ):
        return "substitution"
    if re.search(r"\bstreet (team|workers?)\b|\bon the streets?\b.{0,30}\b(workers?|staff|people|someone)\b", folded):
        return "outreach"
    if re.search(r"\bdoctor\w*|\btaper\w*|\bwean\w* (me |myself )?off\b", folded) and not re.search(
        r"\breferr\w*|\bnote\b|\bfrom (my |a |the )?(gp|doctor)\b|\bgp\b", folded
    ):
        return "medical"
    if re.search(
        r"\b(get|be|go|start|starting|switch|put|come) (on|onto) (\w+ )?(methadone|subutex|suboxone|buprenorphine|substitution)\b|"
        r"\b(want|need|pick up|collect|get|buy\w*|bought) (my |some |\w+ )?(methadone|subutex|suboxone)\b|"
        r"\bmethadone (treatment|programme|program|clinic|prescription|dose|dosage|script)\b|\bmethadone (on|from|off) the street\b",
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


_NEGATED = re.compile(r"\b(not|ikke|ik|ikk)\s+(the\s+|det\s+|den\s+)?$")
_PLACE_NAME_ENDINGS = re.compile(
    r"(huset|hus|centret|centeret|center|centre|klinik\w*|clinic|gade|vej|alle|boulevard|afdeling\w*|gaarden|house|street|road)$"
)


def _looks_like_a_name(entity: str, text: str) -> bool:
    """Two words ("blå kors"), a capital in what was typed, or a place-name ending ("fjordhuset")."""
    key = fold(entity)
    return len(key.split()) >= 2 or entity in text and entity[:1].isupper() or bool(_PLACE_NAME_ENDINGS.search(key))


_INSTEAD = re.compile(r"\bi stedet\b")


def resolve_units(db: CatalogueDB, text: str, entity: str | None, municipality: str | None) -> UnitMention | None:
    """Every unit named in the message; a name beats a generic word, a place narrows a generic word."""
    folded = fold(text)
    found = db.names_in(folded, raw=text)
    specific = [m for m in found if not _generic(m.name_folded)]
    wanted = [m for m in specific if not _NEGATED.search(f" {folded} "[: m.position + 1])]
    specific = wanted or specific  # "tomsgårdsvej, not valmuen" / "ikke valmuen": the other one
    if specific:
        ids = _narrow(db, folded, specific, municipality)
        return UnitMention(ids, generic=False, word=specific[0].name_folded)
    historic = db.find_historic(folded) if folded else None
    if historic:
        return UnitMention(list(historic.now), generic=False, word=historic.name, historic=historic.name)
    # "i stedet (for pillerne)" is "instead", not "the place"
    generic = [m for m in found if _generic(m.name_folded) and not (m.name_folded == "stedet" and folded[: m.position].endswith("i "))]
    unit_words = _INSTEAD.sub(" ", folded).split()
    words = [w for w in unit_words if w in GENERIC_UNIT_WORDS and w not in ("behandling", "kommunen", "center", "rusmiddel")]
    if not generic and not words:  # "the youth centre", "that place": the Danish word it stands for
        english = next((danish for phrase, danish in EN_UNIT_WORDS.items() if _word_match(folded, phrase)), None)
        if english:
            generic = [m for m in db.names_in(english) if _generic(m.name_folded)]
            words = [english]
    if entity and not generic:
        key = fold(str(entity))
        if key and not _generic(key):
            ids = [u.id for u in db.find_units(str(entity), municipality)[:3]]
            historic = db.find_historic(str(entity))
            if historic:
                return UnitMention(list(historic.now), generic=False, word=historic.name, historic=historic.name)
            if not ids:  # "frb rådhus": the place's word and a unit's name, tagged as one
                for word in reversed(key.split()[1:]):
                    ids = [u.id for u in db.find_units(word, municipality)[:3]] if len(word) >= 4 else []
                    place = municipality or getattr(db.resolve_place(text), "municipality_id", None)
                    ids = [u for u in ids if db.unit(u).municipality_id == place] or ids
                    if ids:
                        return UnitMention(ids, generic=False, word=word)
            # An unknown name is kept, so the answer can say it does not know that place - if it
            # looks like one: not an everyday word the NLU tagged ("passer det?", "christmas").
            if ids or _looks_like_a_name(str(entity), text):
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


_DIED = re.compile(r"\b(min|mit|my) \w+ (doede|er doed|gik bort|er gaaet bort|died|passed away)\b")
# the next clause, not "amager men i dragør kommune" (the same place, put more exactly)
_NEXT_CLAUSE = re.compile(
    r"[,.;!?]|\b(?:men|but|og|and|hvor|where|selvom|although)\b(?! (?:i|in|paa|pa) )|"
    r"\b(?:i|jeg|han|hun|vi|de|he|she|we|they|my \w+|min \w+|mit \w+)\s+(?:bor|live|lives|living)\b"
)
_STAYS_WITH = re.compile(
    r"\b(bor|boer|sover|overnatter|bo) (\w+ )?(hos|sammen med) (min|mit|mine|vores)\b|\b(live|living|stay|staying|sleep|sleeping) (\w+ )?with (my|our)\b"
)
_THIRD_PERSON_USE = re.compile(
    r"\b(han|hun|de|he|she|they|der|som|who)\b(\s+\w+){0,3}?\s+(ryger|drikker|tager|bruger|sniffer|drak|roeg|er afhaengig|"
    r"smokes|drinks|takes|uses|snorts|drank|is addicted|is using|is drinking)\b"
)
_PARENT_WORDS = r"(foraeldre|mor|far|parents|mum|mom|dad|mother|father)"
_THEIR_PARENTS = re.compile(rf"\b(hans|hendes|deres|his|her|their) {_PARENT_WORDS}\b")
_OUR_PARENTS = re.compile(rf"\b(min|mine|mit|vores|my|our) {_PARENT_WORDS}\b|\bjeg er (mor|far)\b|\bi m (his|her|the) (mum|mom|dad)\b")


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
    candidates = [*([text] if folded else []), *entities.get("place", [])]
    lives = _home_clause(folded) if folded else None
    if lives and _LIVES_NEAR.match(lives.group("rest")):
        lives = None
    address = _ADDRESS_IS.search(folded) if folded else None
    if address:
        candidates.insert(0, _NEXT_CLAUSE.split(address.group("rest"), maxsplit=1)[0])
    if lives:
        # where someone lives beats other places named: "vi arbejder på frederiksberg men han bor i
        # gladsaxe", "jeg bor i avedøre … min ven i rødovre siger …" - up to the next clause
        # ("jeg bor i herlev men misbrugscentret i gladsaxe …")
        candidates.insert(1 if address else 0, _NEXT_CLAUSE.split(lives.group("rest"), maxsplit=1)[0])
    for candidate in candidates:
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
    if r.age is None and folded:
        r.age = _age_on_its_own(text)
    if r.age is None and is_payload:
        r.age = next((a for a in ages if a is not None), None)

    known_relations = set(folded_sections().get("relation", {}).values())
    r.relation = next((str(v) for v in entities.get("relation", []) if str(v) in known_relations), None) or (
        relation_in(folded) if folded else None
    )
    if r.relation and _DIED.search(folded):
        r.relation = None  # "min kone døde sidste forår og siden har jeg drukket": the asker's own use
    if r.relation and _STAYS_WITH.search(folded) and not _THIRD_PERSON_USE.search(folded):
        r.relation = None  # "bor hos min fætter i nordvest nu": where they sleep, not whose use
    if r.relation == "parent" and _THEIR_PARENTS.search(folded) and not _OUR_PARENTS.search(folded):
        r.relation = None  # "skal hendes forældre have det at vide?": the person's parents, not the asker's
    r.speaker = speaker_in(folded, r.relation) if folded else None
    if r.speaker == "self":
        r.relation = None
    elif r.relation and r.speaker is None:
        r.speaker = "relative"

    day = next((str(v) for v in entities.get("day", [])), None)
    questions, others = split_questions(text) if folded else ([], [])
    r.day = (day_in(" ".join(questions) if questions else folded) if folded else None) or (None if questions else day)
    what_about = _WHAT_ABOUT_DAY.search(folded) if folded else None
    r.day = (day_in(what_about.group("rest")) if what_about else None) or r.day
    r.now = bool(folded and _NOW.search(folded))
    # The need asked for in a question beats one told about ("... pga angst ... kan nogen komme hjem til mig?")
    entity_need = _need_entity(text, latest.get("entities") or [])
    text_need = need_in(folded) if folded else None
    if entity_need == "dual_diagnosis" and text_need:
        entity_need = text_need  # a mental illness is the setting; "kan ikke komme ud … pga angst" asks for help at home
    r.need = (need_in(" ".join(questions)) if questions else None) or entity_need or text_need
    r.topics = topics_in(questions + others)
    r.crisis = crisis_in(folded) if folded else None
    r.authorities = authorities_in(db, folded) if folded else []
    r.other_addiction = bool(folded and OTHER_ADDICTIONS.search(folded) and not r.substance)
    r.thanks = bool(folded and THANKS.search(folded))
    r.anonymous = bool(entities.get("anonymity")) or "ask_anonymity" in r.topics or bool(folded and KEEP_IT_QUIET.search(folded))
    r.phone_hours = bool(entities.get("hours_kind") == ["phone"] or (folded and _PHONE_KIND.search(folded)))
    r.wants_help = bool(folded and _HELP_WORDS.search(folded))
    r.complaint_kind = next((str(v) for v in entities.get("complaint_kind", [])), None) or (
        next((kind for kind, pattern in COMPLAINT_WORDS if pattern.search(folded)), None) if folded else None
    )

    unit_entity = next((str(v) for v in entities.get("unit", [])), None)
    here = r.municipality if r.municipality != OUTSIDE else None
    r.units = resolve_units(db, "" if is_payload else text, unit_entity, here) if (folded or unit_entity) else None
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", text) if x.strip()] if folded and not is_payload else []
    if r.units and len(sentences) > 1:
        # "har været på metadon på prags blvd ... har hørt om valmuen, hvad skal der til": the place
        # named in the last sentence is the one asked about
        last = resolve_units(db, sentences[-1], None, here)
        if last and last.unit_ids and not last.generic and _ASKED_ABOUT.search(fold(sentences[-1])):
            r.units = last
    if r.units:
        r.units.places = frozenset(db.unit(u).municipality_id for u in r.units.unit_ids)
    return r
