"""Understanding what a parent typed: words, stems, and the needs their phrases point to.

"my baby won't sleep" -> content words ["baby", "sleep"] and the need "Baby and toddler sleep"
(its synonym "won't sleep" appears in the query). Matching is on Snowball stems, so "tantrum"
finds "tantrums" and "autistic" finds a synonym "autistic child".
"""

import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer

_stemmer = snowballstemmer.stemmer("english")
_TOKEN = re.compile(r"[a-z0-9]+")

# Words that carry no meaning in a search for family support. Kept short and readable on purpose.
STOPWORDS = frozenset(
    """
    a about after again all am an and any are as at be been before being but by can could did do
    does doing for from had has have having he her here him his how i if in into is it its just
    me might more most my myself no nor not of off on once only or other our ours out over own
    same she should so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself since get got getting really maybe think thinking
    wont cant dont doesnt isnt im hes shes were ive
    help helping support need needs needing want wanting looking find someone something somebody
    anyone anything please advice information service services local near nearby
    son daughter child children kid kids boy girl parent parents family families
    mum mums dad dads mother father
    """.split()
)


def fold(text: str) -> str:
    """Lower case without accents: "Café" -> "cafe" (both databases index folded text)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def tokens(text: str) -> list[str]:
    """Folded word tokens; apostrophes dropped so "won't" -> "wont"."""
    return _TOKEN.findall(fold(text).replace("'", "").replace("’", ""))


def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stems(words: list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)


@dataclass(frozen=True)
class NeedPhrase:
    term_id: object
    term_name: str
    phrase: str
    stems: tuple[str, ...]


@dataclass
class Understanding:
    text: str
    content_words: list[str] = field(default_factory=list)
    # term id -> (weight, the phrase that matched, the term's name)
    needs: dict = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.content_words and not self.needs


class PhraseBook:
    """The taxonomy's phrases, filed by their first stem, so understanding a query looks only at
    the phrases that start with one of its words (not at every phrase of every term)."""

    def __init__(self, phrases):
        self.phrases = list(phrases)
        self._by_first_stem: dict[str, list[tuple[int, NeedPhrase]]] = {}
        for position, phrase in enumerate(self.phrases):
            if phrase.stems:
                self._by_first_stem.setdefault(phrase.stems[0], []).append((position, phrase))

    def __iter__(self):
        return iter(self.phrases)

    def __len__(self):
        return len(self.phrases)

    def found_in(self, query_stems: tuple[str, ...]) -> list[NeedPhrase]:
        """The phrases that appear in the query, in the book's order."""
        found = {}
        for start, word_stem in enumerate(query_stems):
            for position, phrase in self._by_first_stem.get(word_stem, ()):
                if query_stems[start : start + len(phrase.stems)] == phrase.stems:
                    found[position] = phrase
        return [found[position] for position in sorted(found)]


def understand(text: str, phrases) -> Understanding:
    """What a query asks for. `phrases` is a PhraseBook (or any list of NeedPhrase)."""
    book = phrases if isinstance(phrases, PhraseBook) else PhraseBook(phrases)
    words = tokens(text)
    query_stems = stems(words)
    result = Understanding(text=text)
    seen = set()
    for word in words:
        if word not in STOPWORDS and len(word) > 1 and word not in seen:
            seen.add(word)
            result.content_words.append(word)
    for phrase in book.found_in(query_stems):
        # Longer (more specific) phrases weigh more: "feeling low since the baby" beats "low".
        weight = 3 + len(phrase.stems)
        current = result.needs.get(phrase.term_id)
        if current is None or current[0] < weight:
            result.needs[phrase.term_id] = (weight, phrase.phrase, phrase.term_name)
    return result
