"""Misspelt words, corrected against the directory's own vocabulary: "slep problems" is searched
as "sleep problems", "autisum" as "autism", "niemowle" is "niemowlę".

The vocabulary is the needs taxonomy's words in English and Polish (names, descriptions,
synonyms), the words of services' names and descriptions, and both languages' stop words. The
rules, in plain Python so both databases give the same answer:

- a word the vocabulary knows (as it is, or by its English or Polish stem) is never changed;
- words of three letters or fewer, and words with digits, are never changed;
- otherwise the nearest vocabulary word is taken, within one edit (a letter added, dropped,
  changed, or two swapped) for words of up to six letters and two edits for longer ones;
- the first letter is never changed (people rarely get it wrong; "wife" is not "life");
- a change that could be another real word rather than a slip needs the words around it to
  make a need's phrase ("stay and plai" -> "play", but "prem" is not "pram"): one letter
  swapped for another in a word of up to five letters, or in one of six unless the result is a
  need's word; or the word's last letters dropped ("refugee" is not "refuge");
- among equally near words: the one that makes a need's phrase with the words around it
  ("young carrers" -> "young carers", not "young careers"), then a need's word in the page's
  language, then any need's word, then the same first letter, then the commoner word; if two
  are still level, the word is left alone rather than guessed.

Candidates are found through an index of each word and its one-letter deletions, so correcting a
word costs a few dictionary lookups, not a pass over the vocabulary. Built once per process and
rebuilt when a need or service is saved, or after ten minutes.
"""

import re
import time
from collections import Counter

from django.db.models.signals import post_delete, post_save

from familyhub.directory.choices import ServiceStatus
from familyhub.directory.models import Service, TaxonomyTerm
from familyhub.directory.reference_data import NEEDS, needs_languages, translated_needs
from familyhub.directory.search import polish
from familyhub.directory.search.words import (
    ENGLISH,
    POLISH,
    ROMANIAN,
    ROMANIAN_STOPWORDS,
    STOPWORDS,
    romanian_stem,
    stem,
    tokens,
)

MAX_AGE_SECONDS = 600
# Services read for their words: enough for the directory's own words, bounded for big ones.
MAX_SERVICES_READ = 5000
SHORTEST_CORRECTED = 4
_WRITTEN_WORD = re.compile(r"\w+")


def allowed_edits(word: str) -> int:
    if len(word) < SHORTEST_CORRECTED:
        return 0
    return 1 if len(word) <= 6 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one
    substring); anything over `limit` is returned as limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[len(b)], limit + 1)


def _deletions(word: str, depth: int) -> set[str]:
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {part[:i] + part[i + 1 :] for part in frontier for i in range(len(part))}
        found |= frontier
    return found


class Vocabulary:
    def __init__(
        self, need_words: dict[str, set[str]], other_words: Counter, written: dict | None = None
    ):
        """need_words: language -> the taxonomy's words in it; other_words: word -> how often;
        written: a folded word -> as it is written, with its accents ("niemowle" -> "niemowlę")."""
        self.need_words = need_words
        self.written = written or {}
        self.counts = Counter(other_words)
        for words in need_words.values():
            for word in words:
                self.counts[word] += 10
        for word in STOPWORDS | polish.STOPWORDS | ROMANIAN_STOPWORDS:
            self.counts[word] += 1
        self.known = frozenset(self.counts)
        self.english_stems = frozenset(stem(word) for word in self.known)
        self.polish_stems = frozenset(
            polish.stem(word) for word in need_words.get(POLISH, set()) | polish.STOPWORDS
        )
        self.romanian_stems = frozenset(
            romanian_stem(word) for word in need_words.get(ROMANIAN, set()) | ROMANIAN_STOPWORDS
        )
        index: dict[str, list[str]] = {}
        for word in sorted(self.counts):
            if len(word) >= SHORTEST_CORRECTED and word.isalpha():
                for part in _deletions(word, 1):
                    index.setdefault(part, []).append(word)
        # Tuples of strings, which the garbage collector stops tracking: a hundred thousand
        # lists would make every collection, and so every request, slower.
        self._index: dict[str, tuple[str, ...]] = {
            part: tuple(words) for part, words in index.items()
        }

    def is_known(self, word: str) -> bool:
        return (
            word in self.known
            or stem(word) in self.english_stems
            or polish.stem(word) in self.polish_stems
            or romanian_stem(word) in self.romanian_stems
        )

    def nearest(self, word: str) -> tuple[int, list[str]]:
        """The nearest vocabulary words within the allowed edits, and how far they are."""
        limit = allowed_edits(word)
        if not limit or not word.isalpha() or self.is_known(word):
            return 0, []
        by_distance: dict[int, list[str]] = {}
        seen = set()
        for part in _deletions(word, limit):
            for candidate in self._index.get(part, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                bound = min(limit, allowed_edits(candidate))
                distance = edit_distance(word, candidate, bound)
                if distance <= bound:
                    by_distance.setdefault(distance, []).append(candidate)
        if not by_distance:
            return 0, []
        best = min(by_distance)
        return best, sorted(by_distance[best])

    def correct_all(self, words: list[str], book, language: str = ENGLISH):
        """The words with misspelt ones replaced, and what was replaced by what."""
        words = list(words)
        corrections = {}
        for position, word in enumerate(words):
            _distance, candidates = self.nearest(word)
            if not candidates:
                continue
            ranked = sorted(
                (self._rank(candidate, word, position, words, book, language), candidate)
                for candidate in candidates
                if candidate[0] == word[0]
            )
            ranked = [
                (rank, candidate)
                for rank, candidate in ranked
                if rank[0] < 0 or not self._could_be_another_word(word, candidate)
            ]
            if not ranked:
                continue
            if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
                continue  # a guess between equals would mislead as often as help
            chosen = ranked[0][1]
            words[position] = chosen
            corrections[word] = self.written.get(chosen, chosen)
        return words, corrections

    def _could_be_another_word(self, word: str, candidate: str) -> bool:
        """True for a change that may turn one real word into another (see the rules above)."""
        if candidate.startswith(word) or word.startswith(candidate):
            return True
        if len(word) != len(candidate) or len(word) > 6:
            return False
        differ = [i for i in range(len(word)) if word[i] != candidate[i]]
        swapped = (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and word[differ[0]] == candidate[differ[1]]
            and word[differ[1]] == candidate[differ[0]]
        )
        if swapped:
            return False
        if len(word) <= 5:
            return True
        return not any(candidate in words_ for words_ in self.need_words.values())

    def _rank(self, candidate, word, position, words, book, language):
        trial = words[:position] + [candidate] + words[position + 1 :]
        in_phrases = sum(
            1
            for match in book.found_at(trial)
            if position in match.positions and len(match.phrase.stems) > 1
        )
        if candidate in self.need_words.get(language, ()):
            need_word = 0
        elif any(candidate in words_ for words_ in self.need_words.values()):
            need_word = 1
        else:
            need_word = 2
        return (-in_phrases, need_word, candidate[0] != word[0], -self.counts[candidate])


_cache: dict[str, tuple[Vocabulary, float]] = {}


def _build() -> Vocabulary:

    need_words = {ENGLISH: set(), **{language: set() for language in needs_languages()}}
    for name, description, synonyms in TaxonomyTerm.objects.filter(taxonomy__key=NEEDS).values_list(
        "name", "description", "synonyms"
    ):
        need_words[ENGLISH].update(tokens(" ".join([name, description, *(synonyms or [])])))
    written = {}
    for language in needs_languages():  # Polish, Romanian... as the needs file has them
        for entry in translated_needs(language).values():
            text = " ".join([entry["name"], entry["description"], *entry["synonyms"]])
            need_words[language].update(tokens(text))
            for word in _WRITTEN_WORD.findall(text.lower()):
                folded = tokens(word)
                if len(folded) == 1 and folded[0] != word:
                    written.setdefault(folded[0], word)
    others = Counter()
    rows = (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .order_by("id")
        .values_list("name", "description")[:MAX_SERVICES_READ]
    )
    for name, description in rows.iterator(chunk_size=1000):
        others.update(set(tokens(f"{name} {description}")))
    return Vocabulary(need_words, others, written)


def vocabulary() -> Vocabulary:
    cached = _cache.get("vocabulary")
    if cached is None or time.monotonic() - cached[1] > MAX_AGE_SECONDS:
        cached = _cache["vocabulary"] = (_build(), time.monotonic())
    return cached[0]


def forget_vocabulary(**kwargs):
    _cache.pop("vocabulary", None)


def _connect():

    for model in (Service, TaxonomyTerm):
        post_save.connect(forget_vocabulary, sender=model, dispatch_uid=f"spelling-{model}")
        post_delete.connect(forget_vocabulary, sender=model, dispatch_uid=f"spelling-d-{model}")


_connect()
