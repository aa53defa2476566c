"""Unit tests for addons.crisis_guard.CrisisGuard (no training needed).

Messages are built by hand with the prediction DIETClassifier would have left,
then run through the guard and, where it matters, the real FallbackClassifier.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from addons.crisis_guard import GUARD_KEY, CrisisGuard

ROOT = Path(__file__).resolve().parents[2]


def message(text: str, intent: str = "seek_help", confidence: float = 0.9, runner_up: str = "inform") -> Message:
    ranking = [
        {"name": intent, "confidence": confidence},
        {"name": runner_up, "confidence": round(1 - confidence, 4)},
    ]
    return Message(data={"text": text, "intent": dict(ranking[0]), "intent_ranking": ranking})


@pytest.fixture(scope="module")
def guard() -> CrisisGuard:
    return CrisisGuard.create(CrisisGuard.get_default_config(), None, None, None)


OVERDOSE = [
    "min ven har taget en overdosis",
    "Min ven har taget en OVERDOSIS!!",
    "hun har overdoseret",
    "over dosis hjælp",
    "han trækker ikke vejret",
    "han traekker ikke vejret",
    "han trakker naesten ikke vejret",
    "hun kan ikke trække vejret",
    "han ånder ikke",
    "hun er bevidstløs og har taget piller",
    "hjælp han er bevidstlos",
    "hun er bevistløs",
    "jeg kan ikke vække min kæreste",
    "han vil ikke vågne",
    "min bror er blå i ansigtet",
]

# English (issue #17): the same emergencies as people type them on a phone.
OVERDOSE_EN = [
    "my friend took too many pills and is not breathing",
    "he's not breathing",
    "she isn't breathing",
    "she isnt breathing properly",
    "he stopped breathing",
    "hes barely breathing",
    "i can't breathe",
    "he doesn't seem to be breathing",
    "my friend took an overdose",
    "i think she overdosed on heroin",
    "he OD'd",
    "he's unconscious",
    "my son is unconcious after a party",
    "i can't wake him up",
    "cant wake her",
    "i can't wake up my friend",
    "he won't wake up",
    "she's not waking up",
    "he's turning blue",
    "his lips are blue",
    "she's having a seizure after taking coke",
    "my mate is convulsing",
]

SUICIDAL_EN = [
    "i want to kill myself",
    "i just wanna kms",
    "im going to kill myself",
    "i keep thinking about killing myself",
    "i don't want to live anymore",
    "i dont want to live any more",
    "i don't want to live",
    "i don't want to be alive",
    "i want to end my life",
    "i just want to end it all",
    "i'm thinking about taking my own life",
    "my son says he wants to take his own life",
    "i'm suicidal",
    "suicidal thoughts every day",
    "i want to die",
    "i just wanna die",
    "i wish i was dead",
    "everyone would be better off dead without me",
    "i have nothing left to live for",
    "i've been self harming",
    "i want to hurt myself",
    "i don't want to wake up again",
    "i just want to sleep and never wake up",
]

SUICIDAL = [
    "orker ikke mere. har tænkt på at tage alle mine piller på en gang, drikker hver dag. bor i rødovre",
    "vil bare tage alle pillerne",
    "jeg vil ikke leve mere",
    "jeg vil ikke leve længere",
    "jeg vil ikke leve laengere",
    "jeg orker ikke at leve mere",
    "jeg har ikke lyst til at leve",
    "jeg tænker på at tage mit eget liv",
    "jeg taenker paa at tage mit liv",
    "min ven vil tage sit eget liv",
    "jeg vil tage livet af mig selv",
    "jeg har selvmordstanker",
    "selvmord",
    "jeg vil slå mig selv ihjel",
    "jeg vil slaa mig selv ihjel",
    "jeg vil gøre en ende på mit liv",
    "jeg vil bare dø",
    "jeg vil bare doe",
    "jeg ønsker at dø",
    "jeg har tænkt på at skade mig selv",
]

NOT_CRISIS = [
    "when treatment is over does anyone check in on you after? im in gladsaxe",
    "hvornår har nyropsgade åbent",
    "jeg drikker for meget og vil gerne stoppe",
    "min søn ryger hash hvad gør jeg",
    "jeg er 17 og ryger pot",
    "jeg vil ikke vente længere",
    "jeg har ikke lyst til at drikke mere",
    "jeg vil ikke leve sådan her mere",  # a wish to change, not to die (DIET judges)
    "jeg kan ikke mere med min mands druk",
    "jeg vil gerne dø af grin",
    "jeg er bange for at dø hvis jeg stopper med at drikke",
    "gør en ende på mit druk",
    "de andre ikke",
    "hvad er valmuen",
    "er du en robot",
    "",
    # English figures of speech and ordinary questions
    "dying to know when nyropsgade opens",
    "just killing time before my appointment",
    "this is killing me",
    "my mum will kill me if she finds out",
    "i want to take my life back from drugs",
    "i don't want to live like this anymore",  # a wish to change, not to die (DIET judges)
    "i want to die of embarrassment lol",
    "i can't wake up in the morning without coffee",
    "i'm not waking up early for that",
    "i told him until i was blue in the face",
    "i'm feeling blue",
    "i live 5 kms from nørrebro",
    "that's odd",
    "he overdoes it every weekend",
    "i had a seizure last year when i stopped drinking",
    "does it cost anything",
    "can i bring my wife",
    "i want to end my drinking",
    "i want to quit weed",
]


@pytest.mark.parametrize("text", OVERDOSE)
def test_overdose_patterns(guard, text):
    [msg] = guard.process([message(text)])
    assert msg.get("intent") == {"name": "crisis_overdose", "confidence": 1.0}
    assert msg.get(GUARD_KEY)["original_intent"]["name"] == "seek_help"


@pytest.mark.parametrize("text", SUICIDAL)
def test_suicidal_patterns(guard, text):
    [msg] = guard.process([message(text)])
    assert msg.get("intent") == {"name": "crisis_suicidal", "confidence": 1.0}


@pytest.mark.parametrize("text", OVERDOSE_EN)
def test_english_overdose_patterns(guard, text):
    [msg] = guard.process([message(text)])
    assert msg.get("intent") == {"name": "crisis_overdose", "confidence": 1.0}


@pytest.mark.parametrize("text", SUICIDAL_EN)
def test_english_suicidal_patterns(guard, text):
    [msg] = guard.process([message(text)])
    assert msg.get("intent") == {"name": "crisis_suicidal", "confidence": 1.0}


def test_issue_17_message_goes_to_crisis_even_when_diet_is_unsure(guard):
    """The message from issue #17: no 112 at all before. DIET's guess does not matter."""
    fallback = FallbackClassifier.create({"threshold": 0.45, "ambiguity_threshold": 0.08}, None, None, None)
    msg = message("my friend took too many pills and is not breathing", intent="relative_help", confidence=0.3)
    fallback.process(guard.process([msg]))
    assert msg.get("intent") == {"name": "crisis_overdose", "confidence": 1.0}


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_ordinary_messages_are_left_alone(guard, text):
    before = message(text)
    expected = dict(before.data)
    [msg] = guard.process([before])
    assert msg.data == expected
    assert msg.get(GUARD_KEY) is None


def test_forced_intent_tops_the_ranking_and_others_drop_to_zero(guard):
    msg = message("hun er bevidstløs", intent="relative_help", confidence=0.97, runner_up="crisis_overdose")
    guard.process([msg])
    ranking = msg.get("intent_ranking")
    assert ranking[0] == {"name": "crisis_overdose", "confidence": 1.0}
    assert [r["name"] for r in ranking].count("crisis_overdose") == 1
    assert all(r["confidence"] == 0.0 for r in ranking[1:])
    assert msg.get(GUARD_KEY) == {
        "pattern": "unconscious",
        "original_intent": {"name": "relative_help", "confidence": 0.97},
    }


@pytest.mark.parametrize("confidence", [0.2, 0.5])
def test_fallback_classifier_does_not_override_a_forced_crisis(guard, confidence):
    """Low or ambiguous DIET confidence would give nlu_fallback; the guard prevents it."""
    fallback = FallbackClassifier.create({"threshold": 0.45, "ambiguity_threshold": 0.08}, None, None, None)
    msg = message("jeg vil ikke leve mere", intent="chitchat", confidence=confidence)
    fallback.process(guard.process([msg]))
    assert msg.get("intent")["name"] == "crisis_suicidal"


def test_without_guard_the_same_message_would_fall_back():
    fallback = FallbackClassifier.create({"threshold": 0.45, "ambiguity_threshold": 0.08}, None, None, None)
    msg = message("jeg vil ikke leve mere", intent="chitchat", confidence=0.3)
    fallback.process([msg])
    assert msg.get("intent")["name"] == "nlu_fallback"


def test_both_kinds_keep_diets_choice_if_it_is_one_of_them(guard):
    text = "jeg har taget en overdosis for at tage mit eget liv"
    [msg] = guard.process([message(text, intent="crisis_suicidal")])
    assert msg.get("intent")["name"] == "crisis_suicidal"
    [msg] = guard.process([message(text, intent="seek_help")])
    assert msg.get("intent")["name"] == "crisis_overdose"


def test_already_correct_crisis_gets_full_confidence(guard):
    [msg] = guard.process([message("han har taget en overdosis", intent="crisis_overdose", confidence=0.6)])
    assert msg.get("intent") == {"name": "crisis_overdose", "confidence": 1.0}


def test_button_payloads_are_ignored(guard):
    msg = message('/inform{"substance":"opioids"}', intent="inform")
    before = dict(msg.data)
    guard.process([msg])
    assert msg.data == before


def test_message_without_intent_prediction(guard):
    msg = Message(data={"text": "han trækker ikke vejret"})
    guard.process([msg])
    assert msg.get("intent")["name"] == "crisis_overdose"


def test_output_properties_include_the_guard_result(guard):
    msg = message("selvmordstanker")
    guard.process([msg])
    out = msg.as_dict(only_output_properties=True)
    assert out["intent"]["name"] == "crisis_suicidal"
    assert out[GUARD_KEY]["pattern"] == "suicide"


def test_extra_patterns_from_config():
    guard = CrisisGuard.create({"overdose_patterns": [r"\bhar kramper\b"]}, None, None, None)
    [msg] = guard.process([message("han har kramper efter coke")])
    assert msg.get("intent")["name"] == "crisis_overdose"


def test_guard_sits_between_diet_and_fallback_in_config():
    names = [c["name"] for c in yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]]
    guard = names.index("addons.crisis_guard.CrisisGuard")
    assert names.index("DIETClassifier") < guard < names.index("FallbackClassifier")


def test_crisis_training_examples_matching_a_pattern_are_crisis_examples(guard):
    """No non-crisis training example may trip the guard (it would be overridden)."""
    offenders = []
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")):  # Danish and English (en/)
        for item in yaml.safe_load(path.read_text()).get("nlu") or []:
            intent = item.get("intent")
            if not intent or intent.startswith("crisis_"):
                continue
            for line in item["examples"].splitlines():
                text = line.strip()[2:]
                if guard.match(text):
                    offenders.append((intent, text))
    assert not offenders
