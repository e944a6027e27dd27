"""The safety layer on many phrasings each way, in English, Polish and Romanian.

Two sets: the examples kept in the phrase data (each must be recognised as its own kind, each
ordinary worry must not be), and phrasings written here, apart from the data, as a family might
type them, with slips of the keyboard.
"""

import json

import pytest

from familyhub.safety.recognise import DATA, correct, fold, recognise

PHRASES = json.loads(DATA.read_text(encoding="utf-8"))


def examples():
    for kind in PHRASES["kinds"]:
        for language in ("en", "pl", "ro"):
            for text in kind["examples"][language]:
                yield pytest.param(kind["key"], text, id=f"{kind['key']}-{language}-{text[:30]}")


@pytest.mark.parametrize(("kind", "text"), list(examples()))
def test_every_example_in_the_data_is_recognised_as_its_kind(kind, text):
    assert kind in recognise(text).keys


@pytest.mark.parametrize(
    "text",
    [*PHRASES["ordinary"]["en"], *PHRASES["ordinary"]["pl"], *PHRASES["ordinary"]["ro"]],
    ids=lambda t: t[:40],
)
def test_ordinary_worries_in_the_data_raise_no_alarm(text):
    assert not recognise(text), recognise(text).keys


# Written apart from the data: what families type, as they type it.
DANGER = {
    "physical-abuse": [
        "My fella beats me",
        "partner keeps hitting me and the kids",
        "my husband kicked me in the stomach when I was pregnant",
        "their dad punches me",
        "i get hit by my boyfriend most weekends",
        "my x hurts me",
    ],
    "coercive-control": [
        "my boyfriend has my bank card and gives me £10 a week",
        "He wont let me see my family anymore",
        "husband tracks my phone all the time",
    ],
    "threats-stalking": [
        "he said he would kill him, im scared for his safety tonight",
        "my ex keeps turning up outside the school",
        "my ex is threatning me",
    ],
    "fear-at-home": [
        "im frightened to go home tonight",
        "we dont feel safe in the house",
        "afraid of my husband",
    ],
    "sexual-abuse": ["my daughter told me her step dad touched her", "i was sexualy assaulted"],
    "thoughts-of-harming-baby": [
        "I keep having thoughts about hurting my baby",
        "sometimes i feel like i could hurt him, he wont stop crying",
        "i want to hurt my baby",
    ],
    "self-harm-suicide": [
        "my 14 year old is cutting her arms",
        "my son keeps saying he wants to kill himself",
        "i dont want to be alive anymore",
        "self-harm",
        "sucide",
    ],
    "online-grooming": [
        "a stranger on roblox is asking my son for pictures",
        "someone is blackmailing my daughter with photos",
    ],
    "criminal-exploitation": [
        "my son goes missing for days and comes back with new trainers",
        "think my boy is being made to sell drugs",
    ],
}
DANGER_PL = {
    "physical-abuse": ["Mąż bije mnie i dzieci", "partner mnie uderzył w twarz"],
    "coercive-control": ["mąż zabiera całą moją wypłatę"],
    "threats-stalking": ["były chłopak mnie śledzi i nęka"],
    "fear-at-home": ["boję się wracać do domu"],
    "self-harm-suicide": ["córka się okalecza", "syn ma mysli samobojcze"],
    "thoughts-of-harming-baby": ["boję się, że skrzywdzę moje niemowlę"],
    "online-grooming": ["obcy mężczyzna w internecie prosi córkę o zdjęcia"],
    "criminal-exploitation": ["syn rozwozi narkotyki dla gangu"],
}
ORDINARY = [
    "tantrums",
    "toddler tantrums",
    "won't sleep",
    "dad groups",
    "my toddler hits me when he is tired",
    "my 3 year old keeps kicking and screaming",
    "help with bedtime",
    "baby not feeding well, my nipples hurt",
    "my daughter is scared of the dark",
    "my partner works nights and i'm exhausted",
    "splitting up with my partner, help with the kids",
    "teenager won't get off his phone",
    "my son is being bullied",
    "free activities in the holidays",
    "speech and language therapy",
    "help with money and debt",
    "i feel lonely since the baby",
    "postnatal depression",
    "my son has adhd and gets angry",
    "slep problems",
    "karmienie piersią",
    "niemowlę nie śpi",
    "autyzm",
    "napady złości u dwulatka",
]


def _cases(table):
    return [(kind, text) for kind, texts in table.items() for text in texts]


@pytest.mark.parametrize(("kind", "text"), _cases(DANGER) + _cases(DANGER_PL))
def test_danger_in_a_familys_own_words_is_recognised(kind, text):
    found = recognise(text)
    assert found, f"nothing recognised in {text!r}"
    assert kind in found.keys, found.keys


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_worries_raise_no_alarm(text):
    assert not recognise(text), recognise(text).keys


def test_words_are_folded_before_matching():
    assert fold("Mąż mnie BIJE, won’t") == "maz mnie bije, wont"


def test_a_slip_is_corrected_to_the_nearest_phrase_word_sharing_its_start():
    assert correct("boyfreind") == "boyfriend"
    assert correct("scard") == "scared"  # not "card", one slip away too
    assert correct("putting") == "putting"  # an everyday word is never "corrected"
    assert correct("hits") == "hits"


def test_the_needs_and_help_follow_the_kinds_found():
    found = recognise("my partner hits me and I want to kill myself")
    assert found.keys == ["physical-abuse", "self-harm-suicide"]
    assert "domestic-abuse" in found.needs and "low-mood-self-harm" in found.needs
    assert found.help_keys[0] == "emergency"
    assert "samaritans" in found.help_keys and "domestic-abuse-helpline" in found.help_keys


def test_long_text_is_checked_to_the_end():
    text = "We have a lovely garden. " * 200 + "My husband hits me."
    assert recognise(text).keys == ["physical-abuse"]


def test_nothing_typed_is_nothing_found():
    assert not recognise("") and not recognise(None) and not recognise("   ")
