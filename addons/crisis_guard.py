"""CrisisGuard: a rule-based safety net for crisis messages.

A Rasa 3.6 NLU graph component that runs after DIETClassifier and before
FallbackClassifier. When a message clearly matches one of a small, conservative
list of Danish crisis patterns, it sets the intent to ``crisis_overdose`` or
``crisis_suicidal`` with confidence 1.0, whatever DIET said - so a
misclassification (or a low-confidence nlu_fallback) never hides a crisis.

Matching is done on a folded text (textfold.fold_plain: lowercase; æ/ae -> a, ø/oe -> o, å/aa -> a),
so "trækker ikke vejret", "traekker ikke vejret" and "trakker ikke vejret"
all match. English messages (issue #17) fold the same way: apostrophes become
spaces ("isn't" -> "isn t", "can't" -> "can t", typed "cant" too) and "oe"
becomes "o" ("doesn't" -> "dosn t"), so the English patterns are written against that. The patterns prefer recall on unambiguous phrases ("overdosis",
"bevidstløs", "selvmord", "tage mit eget liv", "vil ikke leve mere") and stay
away from vague ones ("har det dårligt", "reagerer ikke") that DIET has to judge
from the training data. A false alarm shows crisis numbers; a miss could cost
a life - hence the bias, but only on phrases that are crisis words in Danish or
English. The English list leaves out figures of speech ("dying to know",
"killing time", "this is killing me", "take my life back", "i can't wake up
in the morning", "blue in the face").

pipeline:
  - name: DIETClassifier
  - name: addons.crisis_guard.CrisisGuard
  - name: EntitySynonymMapper
  - name: FallbackClassifier

Extra patterns (regular expressions on the folded text) can be added in
config.yml with ``overdose_patterns`` / ``suicidal_patterns``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import Pattern
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from textfold import fold_plain

OVERDOSE = "crisis_overdose"
SUICIDAL = "crisis_suicidal"
# Set on a message the guard changed, for logs and the tracker's parse data.
GUARD_KEY = "crisis_guard"

# Patterns run on fold_plain(text) (textfold). Keep them few, specific and commented.
OVERDOSE_PATTERNS: Sequence[tuple[str, str]] = (
    # overdosis, overdosen, overdoseret, over dosis, over-dosis, overdossis; English
    # overdose(d). Not "overdoes it" (folded "overdos it"), which means to overdo it.
    # (spaced only as "over dosis/dosen/doser/dose": "treatment is over does anyone ..." folds to "over dos")
    ("overdose", r"\bover(?:dos\w*|[\s-]+dos(?:is|en|er|e)\w*)\b(?!\s+it\b)"),
    # trækker ikke vejret / trækker (han) næsten ikke vejret
    ("not_breathing", r"\btr[ae]k+\w*\s+(?:\w+\s+){0,2}ikke\s+(?:\w+\s+)?vejret\b"),
    # kan ikke trække vejret / (han) holdt op med at trække vejret
    ("not_breathing", r"\bikke\s+(?:\w+\s+){0,2}tr[ae]k+\w*\s+vejret\b"),
    ("not_breathing", r"\b(?:holdt|holder|stoppet|stoppede)\s+op\s+med\s+at\s+tr[ae]k+\w*\s+vejret\b"),
    # ånder ikke
    ("not_breathing", r"\band(?:er|e)\s+ikke\b"),
    # bevidstløs, bevidstlos, bevistløs, bevidsløs
    ("unconscious", r"\bbevi[a-z]{0,4}l[o]s\w*"),
    # kan ikke vække ham / vil ikke vågne (not "jeg vil ikke vågne igen": that is suicidal)
    ("cannot_wake", r"\bikke\s+(?:\w+\s+){0,2}(?:vak+e|vak+et)\b"),
    ("cannot_wake", r"(?<!jeg )\b(?:kan|vil)\s+ikke\s+(?:\w+\s+){0,2}vagne\b"),
    # blå i ansigtet / blå om læberne
    ("blue", r"\bbla\s+(?:i|om)\s+(?:ansigtet|hovedet|laberne|munden)\b"),
    # English. overdose, overdosed, overdosing are caught by "overdose" above;
    # OD'd, ODed, OD'ing (not "odd")
    ("overdose", r"\bod(?:ed|ing|\s+d|\s+ing)\b"),
    # not breathing, isn't / isnt breathing, can't breathe, stopped breathing, barely breathing
    (
        "not_breathing",
        r"\b(?:not|t|isnt|wasnt|cant|dont|dosnt|aint|no\s+longer|barely|hardly|stopped|stops)\s+"
        r"(?:really\s+|even\s+|properly\s+)?breath(?:e|es|ing|in)?\b",
    ),
    # doesn't seem to be breathing
    ("not_breathing", r"\bt\s+seem\s+to\s+be\s+breathing\b"),
    # unconscious, unconcious, unconsious
    ("unconscious", r"\bunco\w{0,3}s?ious\b"),
    # can't / cannot / couldn't wake him, can't wake up my boyfriend, can't get her to wake up
    (
        "cannot_wake",
        r"\b(?:can\s*t|cannot|couldn\s*t|unable\s+to)\s+(?:get\s+(?:him|her|them)\s+to\s+)?wake\s+(?:up\s+)?"
        r"(?:him|her|them|my|his)\b",
    ),
    # he won't / can't wake up, she's not waking up (not "i can't wake up in the morning",
    # "i'm not waking up early"; "i don't want to wake up again" is suicidal)
    (
        "cannot_wake",
        r"(?<!\bi )(?<!\bi m )(?<!\bim )\b(?:won\s*t|wont|will\s+not|can\s*t|cannot|not|isn\s*t|isnt|dosn\s*t|dosnt)"
        r"\s+wak(?:e|ing)\s+up\b",
    ),
    # turning blue, gone blue, blue lips, his lips are blue (not "blue in the face", an idiom)
    ("blue", r"\b(?:turn\w*|going|gone|went)\s+(?:all\s+|really\s+|very\s+|kind\s+of\s+)?(?:blue|purple)\b"),
    ("blue", r"\b(?:blue|purple)\s+lips\b|\blips\s+(?:are|is|look|looks|r)\s+(?:all\s+|really\s+|very\s+)?(?:blue|purple)\b"),
    # (is) having a seizure / seizures, went into a seizure, convulsing - now, not "had a
    # seizure last year"; not "fit", which is also a tantrum
    ("seizure", r"\b(?:having|into)\s+(?:a\s+)?seizures?\b|\bconvuls(?:ing|ions?)\b"),
)

SUICIDAL_PATTERNS: Sequence[tuple[str, str]] = (
    # selvmord, selvmordstanker, selvmordstruet
    ("suicide", r"\bselvmord\w*"),
    # tage mit/sit (eget) liv, tager sit liv
    ("take_life", r"\btag\w*\s+(?:mit|sit|dit)\s+(?:eget\s+)?liv\b"),
    # tage livet af mig (selv)
    ("take_life", r"\btag\w*\s+livet\s+af\s+(?:mig|sig|dig)\b"),
    # tage alle mine piller (på en gang) - DIET read it as crisis until English joined the
    # training data; said plainly, it must not depend on a model's mood
    ("all_pills", r"\btage\s+alle\s+(?:mine\s+|de\s+)?piller\w*"),
    # slå mig selv ihjel
    ("kill_self", r"\bsla\s+(?:mig|sig|dig)\s+selv\s+ihjel\b"),
    # ende mit liv / gøre en ende på (mit liv|livet|det hele)
    ("end_life", r"\b(?:ende|afslutte)\s+(?:mit|sit)\s+liv\b"),
    ("end_life", r"\bgore\s+en\s+ende\s+pa\s+(?:mit\s+liv|livet|det\s+hele)\b"),
    # vil ikke leve mere / orker ikke at leve længere / har ikke lyst til at leve mere
    ("no_will_to_live", r"\bikke\s+(?:\w+\s+){0,3}leve\s+(?:mere|langere)\b"),
    ("no_will_to_live", r"\bikke\s+lyst\s+til\s+at\s+leve\b"),
    # jeg vil (bare/gerne) dø / har lyst til at dø / ønsker at dø (not "dø af grin")
    ("want_to_die", r"\bjeg\s+(?:vil|ville)\s+(?:bare\s+|gerne\s+|helst\s+)?do\b(?!\s+af\s+grin)"),
    ("want_to_die", r"\b(?:lyst\s+til|onsker\s+(?:mig\s+)?)\s*(?:at\s+)?do\b(?!\s+af\s+grin)"),
    # jeg vil ikke vågne (op) igen
    ("want_to_die", r"\bjeg\s+vil\s+ikke\s+vagne\s+(?:op\s+)?igen\b"),
    # skade mig selv
    ("self_harm", r"\bskade\s+mig\s+selv\b"),
    # English. suicide, suicidal
    ("suicide", r"\bsuicid\w*"),
    # kill myself / killing myself / kill himself (not "killing me", "killing time")
    ("kill_self", r"\bkill(?:ing|ed)?\s+(?:my|him|her|them|your)\s*sel(?:f|ves)\b"),
    # end my life, ending my own life, end it all
    ("end_life", r"\bend(?:ing)?\s+(?:my|his|her|their)\s+(?:own\s+)?life\b|\bend(?:ing)?\s+it\s+all\b"),
    # take my own life (not "take my life back")
    ("take_life", r"\btak(?:e|es|ing)\s+(?:my|his|her|their)\s+(?:own\s+)?life\b(?!\s+back)"),
    # don't want to live anymore / any longer / (at the end), don't want to be alive
    # (not "don't want to live like this", a wish to change - DIET judges)
    (
        "no_will_to_live",
        r"\b(?:t|not|dont|didnt|no\s+longer)\s+(?:want|wanna|wish)\s+(?:to\s+)?"
        r"(?:live(?:\s+(?:anymore|any\s+more|any\s+longer)|\s*$)|be\s+alive)",
    ),
    # nothing (left) to live for, no reason to live
    ("no_will_to_live", r"\bnothing\s+(?:left\s+)?to\s+live\s+for\b|\bno\s+reason\s+to\s+live\b"),
    # i (just) want to die / i wanna die (not "die of embarrassment", nor "dying to know")
    (
        "want_to_die",
        r"\bi\s+(?:just\s+|really\s+|only\s+)?(?:want|wanna|wish)\s+(?:to\s+)?die\b(?!\s+(?:of|from)\s+(?:embarrassment|shame|laughing|laughter|boredom))",
    ),
    # i don't want to wake up again, sleep and never wake up (not "don't want to wake up early")
    (
        "want_to_die",
        r"\b(?:t|dont|not)\s+(?:want|wanna)\s+to\s+wake\s+up(?:\s+again|\s+ever\s+again|\s*$)|\bnever\s+wake\s+up\b",
    ),
    # kms (slang: kill myself) after a verb - "want to kms", "gonna kms"; not "5 kms" (kilometres)
    ("kill_self", r"\b(?:want|wanna|going|gonna|about|ready)\s+(?:to\s+)?kms\b"),
    # i wish i was dead, better off dead
    ("want_to_die", r"\bwish\s+i\s+(?:was|were)\s+dead\b|\bbetter\s+off\s+dead\b"),
    # self harm, self-harming, hurt/harm myself
    ("self_harm", r"\bself\s*harm\w*|\b(?:hurt|harm)(?:ing)?\s+myself\b"),
)


def _compile(patterns: Sequence[tuple[str, str]]) -> list[tuple[str, Pattern[str]]]:
    return [(name, re.compile(regex)) for name, regex in patterns]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisGuard(GraphComponent):
    """Forces a crisis intent (confidence 1.0) when a crisis pattern matches."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # extra regular expressions, matched against fold_plain(text)
            "overdose_patterns": [],
            "suicidal_patterns": [],
        }

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = {**self.get_default_config(), **(config or {})}
        extra_od = [("config", p) for p in self.component_config.get("overdose_patterns") or []]
        extra_su = [("config", p) for p in self.component_config.get("suicidal_patterns") or []]
        self._rules: list[tuple[str, list[tuple[str, Pattern[str]]]]] = [
            (OVERDOSE, _compile([*OVERDOSE_PATTERNS, *extra_od])),
            (SUICIDAL, _compile([*SUICIDAL_PATTERNS, *extra_su])),
        ]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisGuard:
        return cls(config)

    def match(self, text: str | None) -> dict[str, str]:
        """Crisis intent -> name of the first pattern that matched, for every crisis intent."""
        if not text or text.startswith("/"):
            return {}  # "/intent{...}" payloads from buttons bypass NLU
        folded = fold_plain(text)
        hits: dict[str, str] = {}
        for intent, patterns in self._rules:
            for name, pattern in patterns:
                if pattern.search(folded):
                    hits[intent] = name
                    break
        return hits

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            hits = self.match(message.get(TEXT))
            if not hits:
                continue
            predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            # Both kinds matched ("tog en overdosis for at tage mit liv"): keep DIET's
            # choice if it is one of them, else the acute medical emergency first.
            intent = predicted if predicted in hits else next(iter(hits))
            self._force(message, intent, hits[intent])
        return messages

    @staticmethod
    def _force(message: Message, intent: str, pattern_name: str) -> None:
        original = message.get(INTENT)
        ranking = [
            {**entry, PREDICTED_CONFIDENCE_KEY: 0.0}
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) != intent
        ]
        forced = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
        message.set(INTENT, forced, add_to_output=True)
        # The other intents drop to 0 so FallbackClassifier's ambiguity check passes.
        message.set(INTENT_RANKING_KEY, [dict(forced), *ranking], add_to_output=True)
        message.set(
            GUARD_KEY,
            {"pattern": pattern_name, "original_intent": original},
            add_to_output=True,
        )
