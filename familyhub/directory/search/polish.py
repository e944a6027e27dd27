"""Polish words as search sees them: a light stemmer and the words that carry no meaning.

There is no Snowball stemmer for Polish, and services' text is in English, so Polish is matched
only against the needs taxonomy's Polish phrases (`synonyms_pl`). Words arrive folded, without
diacritics ("piersią" -> "piersia", "łóżko" -> "lozko", see words.tokens), so "niemowle" and
"niemowlę" are the same word. The stemmer takes one common ending off, keeping at least three
letters: "piersią", "piersi" -> "piers"; "zachowanie", "zachowaniem" -> "zachow".
"""

from functools import lru_cache

# Longest first, so "aniem" is tried before "em".
ENDINGS = tuple(
    sorted(
        """
        owania ywania iwania aniem eniem ania enia anie enie aniu eniu
        ami ach ego emu ich imi ych ymi owi owa owe owy ow om
        em ej ie ia iu io im ym a e i o u y
        """.split(),
        key=len,
        reverse=True,
    )
)
SHORTEST_STEM = 3

STOPWORDS = frozenset(
    """
    nie sie jest sa byc by bylo byla byl jak ale czy albo lub oraz ani tez juz jeszcze tylko
    bardzo zawsze ciagle nigdy teraz tutaj gdzie kiedy dlaczego czemu ktory ktora ktore ktorzy
    ze zeby w we z na do od po za przy przez pod nad dla bez u o mi mnie mna nam nas ja ty on ona
    ono oni my wy jego jej ich moj moja moje mojego mojej moim mojemu moi nasz nasza nasze
    naszego naszej mam ma mamy macie maja mial miala chce chcemy potrzebuje potrzebujemy szukam
    szukamy prosze pomoc pomocy pomocna wsparcie wsparcia porada porady informacja informacje
    dziecko dziecka dziecku dzieckiem dzieci dzieciom dziecmi syn syna synem synek corka corki
    corke corka coreczka rodzic rodzica rodzice rodzicow rodzina rodziny rodzinie mama mamy
    mamie tata taty jestem jestesmy czuje czujemy sobie siebie co to ten ta te tego tej tym
    """.split()
)


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """One common Polish ending off a folded word, keeping at least three letters."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            return word[: -len(ending)]
    return word


def stems(words: list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)
