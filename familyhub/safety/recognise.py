"""Recognising danger in what a family types: the one safety check every free-text box goes
through (search, the checker, a request's free-text answers, "suggest a change").

The phrases are data (`data/danger.json`, its "about" says how to read them). Here:
1. the text is cut into sentences and words, lower-cased, with accents and apostrophes removed;
2. a word of five letters or more that is not an everyday English, Polish or Romanian word
   (wordfreq) and
   is not one of the phrases' own words is taken as the nearest phrase word one typing slip
   away (two from nine letters; rapidfuzz's optimal string alignment distance);
3. each kind's phrases are matched against each sentence.

`recognise(text)` answers with a `Disclosure`: the kinds of danger found (empty when none).
It stores nothing and logs nothing: what a family types is theirs.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

DATA = Path(__file__).parent / "data" / "danger.json"
DEFAULT_GAP = 3  # other words allowed between two parts of an ordered phrase
ANY_ORDER_WINDOW = 7  # words within which an "any:" phrase's parts must all be found
EVERYDAY_WORD = 3.0  # wordfreq's Zipf scale: 3 is about once in a million words
MAX_TEXT = 2000  # longer text is checked in full, a window at a time
EVERYDAY_LANGUAGES = ("en", "pl", "ro")  # a word everyday in any of these is never "corrected"

_SENTENCE = re.compile(r"[.!?;:\n\r]+|,\s+(?:and|but|so)\s+")
_NOT_WORD = re.compile(r"[^a-z0-9*]+")
_POLISH = str.maketrans({"ł": "l", "Ł": "l"})  # ł has no decomposition in Unicode


def fold(text: str) -> str:
    """Lower case, no accents, no apostrophes ("Won't" → "wont", "mąż" → "maz")."""
    text = text.translate(_POLISH).lower().replace("'", "").replace("’", "").replace("`", "")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words_of(sentence: str) -> list[str]:
    return [word for word in _NOT_WORD.split(sentence) if word]


@dataclass(frozen=True)
class Part:
    """One part of a phrase: any of some words, word starts ("bij*") or concepts."""

    words: frozenset[str]
    starts: tuple[str, ...]
    concepts: frozenset[str]

    @cached_property
    def keys(self) -> frozenset[str]:
        """What a sentence's features must share for this part to be worth trying."""
        return self.words | self.concepts | {f"{start}*" for start in self.starts}

    def matches(self, word: str, labels: frozenset[str]) -> bool:
        return (
            word in self.words
            or bool(self.concepts & labels)
            or any(word.startswith(start) for start in self.starts)
        )


@dataclass(frozen=True)
class Phrase:
    kind: str
    parts: tuple[Part, ...]
    any_order: bool
    gap: int
    unless: str

    def possible(self, features: set[str]) -> bool:
        return all(not part.keys.isdisjoint(features) for part in self.parts)


@dataclass
class Kind:
    key: str
    name: str
    name_pl: str
    needs: list[str]
    help: list[str]
    names: dict = field(default_factory=dict)  # language code -> the kind's name in it

    def name_in(self, language: str) -> str:
        """The name in this language (a page's code, like "pl" or "ro"), else English."""
        return self.names.get((language or "").split("-")[0]) or self.name


@dataclass
class Disclosure:
    """What the safety check found in a text: the kinds of danger, most serious first."""

    kinds: list[Kind] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    @property
    def keys(self) -> list[str]:
        return [kind.key for kind in self.kinds]

    @property
    def needs(self) -> list[str]:
        return list(dict.fromkeys(need for kind in self.kinds for need in kind.needs))

    @property
    def help_keys(self) -> list[str]:
        return list(dict.fromkeys(key for kind in self.kinds for key in kind.help))


@dataclass
class Lexicon:
    kinds: dict[str, Kind]
    phrases: list[Phrase]
    concepts: dict[str, frozenset[str]]
    concept_of: dict[str, frozenset[str]]  # word → the concepts it belongs to
    known: frozenset[str]  # every whole word the phrases use
    starts: tuple[str, ...]  # every word start the phrases use
    help: dict


def _part(text: str, concepts: dict) -> Part:
    words, starts, names = set(), [], set()
    for alternative in text.split("|"):
        if alternative in concepts:
            names.add(alternative)
        elif alternative.endswith("*"):
            starts.append(fold(alternative[:-1]))
        else:
            words.add(fold(alternative))
    return Part(frozenset(words), tuple(starts), frozenset(names))


@cache
def lexicon() -> Lexicon:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    concepts = {
        name: frozenset(fold(word) for word in words) for name, words in data["concepts"].items()
    }
    concept_of: dict[str, set[str]] = {}
    for name, members in concepts.items():
        for word in members:
            concept_of.setdefault(word, set()).add(name)
    kinds, phrases = {}, []
    for entry in data["kinds"]:
        names = {
            key.removeprefix("name_"): value
            for key, value in entry.items()
            if key.startswith("name_")
        }
        kinds[entry["key"]] = Kind(
            entry["key"], entry["name"], entry["name_pl"], entry["needs"], entry["help"], names
        )
        for language in entry["phrases"]:  # en, pl, ro and any language added as data
            for phrase in entry["phrases"][language]:
                text = phrase["match"]
                any_order = text.startswith("any:")
                text = text.removeprefix("any:").strip()
                parts = tuple(_part(piece, concepts) for piece in text.split())
                phrases.append(
                    Phrase(
                        entry["key"],
                        parts,
                        any_order,
                        phrase.get("gap", DEFAULT_GAP),
                        phrase.get("unless", ""),
                    )
                )
    known = set(concept_of)
    starts = []
    for phrase in phrases:
        for part in phrase.parts:
            known |= part.words
            starts.extend(part.starts)
    return Lexicon(
        kinds=kinds,
        phrases=phrases,
        concepts=concepts,
        concept_of={word: frozenset(names) for word, names in concept_of.items()},
        known=frozenset(known),
        starts=tuple(sorted(set(starts))),
        help=data["help"],
    )


@cache
def _fuzzy_choices() -> list[str]:
    return sorted(word for word in lexicon().known if len(word) >= 4)


def _shared_start(first: str, second: str) -> int:
    return next(
        (i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
        min(len(first), len(second)),
    )


@lru_cache(maxsize=20_000)
def correct(word: str) -> str:
    """The phrase word this is most likely a slip for, or the word itself."""
    lex = lexicon()
    if len(word) < 5 or word in lex.known or word.isdigit():
        return word
    if any(word.startswith(start) for start in lex.starts):
        return word
    if max(zipf_frequency(word, language) for language in EVERYDAY_LANGUAGES) >= EVERYDAY_WORD:
        return word
    slips = 2 if len(word) >= 9 else 1
    found = process.extract(word, _fuzzy_choices(), scorer=OSA.distance, score_cutoff=slips)
    if found:  # the nearest; then the one sharing the longest start ("scard": scared, not card)
        return min(found, key=lambda hit: (hit[1], -_shared_start(word, hit[0])))[0]
    for start in lex.starts:  # a slip inside a Polish word start: "samookalecenie"
        if len(start) >= 6 and OSA.distance(word[: len(start)], start) <= 1:
            return start + word[len(start) :]
    return word


def _labels(word: str) -> frozenset[str]:
    return lexicon().concept_of.get(word, frozenset())


def _ordered(phrase: Phrase, words: list[str], labels: list[frozenset]) -> int | None:
    """The position of the first word of a match of this phrase, in order, or None."""

    def rest(index: int, after: int) -> bool:
        if index == len(phrase.parts):
            return True
        part = phrase.parts[index]
        last = min(len(words), after + phrase.gap + 2)
        return any(
            part.matches(words[position], labels[position]) and rest(index + 1, position)
            for position in range(after + 1, last)
        )

    first = phrase.parts[0]
    for position, word in enumerate(words):
        if first.matches(word, labels[position]) and rest(1, position):
            return position
    return None


def _any_order(phrase: Phrase, words: list[str], labels: list[frozenset]) -> int | None:
    for start in range(len(words)):
        window = range(start, min(len(words), start + ANY_ORDER_WINDOW))
        used: set[int] = set()
        for part in phrase.parts:
            position = next(
                (p for p in window if p not in used and part.matches(words[p], labels[p])),
                None,
            )
            if position is None:
                break
            used.add(position)
        else:
            return min(used)
    return None


def _stopped(phrase: Phrase, labels: list[frozenset], first: int) -> bool:
    """An 'unless' concept before the match (a toddler named before 'he hits me')."""
    return bool(phrase.unless) and any(phrase.unless in labels[p] for p in range(first))


def sentence_kinds(sentence: str) -> set[str]:
    words = [correct(word) for word in words_of(sentence)]
    if not words:
        return set()
    labels = [_labels(word) for word in words]
    features = set(words).union(*labels)
    features |= {
        f"{start}*" for start in lexicon().starts if any(w.startswith(start) for w in words)
    }
    found = set()
    for phrase in lexicon().phrases:
        if phrase.kind in found or not phrase.possible(features):
            continue
        matcher = _any_order if phrase.any_order else _ordered
        first = matcher(phrase, words, labels)
        if first is not None and not _stopped(phrase, labels, first):
            found.add(phrase.kind)
    return found


def recognise(*texts: str) -> Disclosure:
    """The kinds of danger described in these texts (any language the phrases cover)."""
    found: set[str] = set()
    for text in texts:
        folded = fold(str(text or ""))
        for start in range(0, max(len(folded), 1), MAX_TEXT):
            for sentence in _SENTENCE.split(folded[start : start + MAX_TEXT + 200]):
                found |= sentence_kinds(sentence)
    kinds = lexicon().kinds
    return Disclosure([kind for key, kind in kinds.items() if key in found])
