"""Vietnamese text helpers: folding for search, and the sort key of a person's name.

Vietnamese orders names by the given name (the last word), then by the rest in their order, and
letters in its own alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y. Tone marks
only break ties after the letters: no mark, huyền, hỏi, ngã, sắc, nặng.

``sort_key`` returns a string of ASCII digits only, so that a database compares it the same way
under any collation (C, en_US.UTF-8, ICU): the key can be stored and ordered by in SQL.
"""

import re
import unicodedata

# Vietnamese letter order, with the Latin letters used in loanwords and ethnic names in place.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: f"{20 + i:02d}" for i, letter in enumerate(ALPHABET)}
_DIGIT_CODE = {str(d): f"{10 + d:02d}" for d in range(10)}
_WORD_SEPARATOR = "05"  # sorts before every letter: "An" < "An Bình"
_END_OF_LETTERS = "01"  # sorts before the word separator: "Văn An" < "Văn An Bình"

# Combining marks that make a different letter (ă, â, ê, ô, ơ, ư) versus those that are tones.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SHAPED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_SPACES = re.compile(r"\s+")


def normalize_spaces(text: str) -> str:
    """Trim and collapse runs of white space (stray spaces are everywhere in real lists)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    """Lower case without diacritics, for search: "Nguyễn Văn Đức" → "nguyen van duc"."""
    decomposed = unicodedata.normalize("NFD", normalize_spaces(text).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def letters_and_tones(word: str) -> list[tuple[str, str]]:
    """Split a word into (letter of the Vietnamese alphabet, tone digit) pairs.

    Characters that are neither letters nor digits (apostrophes, hyphens, dots) are dropped.
    """
    result: list[tuple[str, str]] = []
    for cluster in _clusters(unicodedata.normalize("NFD", word.lower())):
        base, marks = cluster[0], cluster[1:]
        tone = "0"
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif (base, mark) in _SHAPED:
                base = _SHAPED[(base, mark)]
        if base in _LETTER_CODE or base in _DIGIT_CODE:
            result.append((base, tone))
    return result


def _clusters(decomposed: str) -> list[str]:
    clusters: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family name, middle name, given name) of a Vietnamese full name."""
    words = normalize_spaces(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def sort_key(full_name: str) -> str:
    """The collation key of a name: given name first, then the rest; letters, then tones."""
    words = normalize_spaces(full_name).split(" ")
    ordered = [words[-1], *words[:-1]] if words else []
    letter_part: list[str] = []
    tone_part: list[str] = []
    for index, word in enumerate(ordered):
        pairs = letters_and_tones(word)
        if not pairs:
            continue
        if index and letter_part:
            letter_part.append(_WORD_SEPARATOR)
        for letter, tone in pairs:
            letter_part.append(_LETTER_CODE.get(letter) or _DIGIT_CODE[letter])
            tone_part.append(tone)
    return "".join(letter_part) + _END_OF_LETTERS + "".join(tone_part)


def collation_key(text: str) -> str:
    """The Vietnamese collation key of any text kept in its word order (organization names,
    places): letters first, then tones, as digits."""
    letters: list[str] = []
    tones: list[str] = []
    for index, word in enumerate(normalize_spaces(text).split(" ")):
        pairs = letters_and_tones(word)
        if pairs and index and letters:
            letters.append(_WORD_SEPARATOR)
        for letter, tone in pairs:
            letters.append(_LETTER_CODE.get(letter) or _DIGIT_CODE[letter])
            tones.append(tone)
    return "".join(letters) + _END_OF_LETTERS + "".join(tones)


def vn_date(d) -> str:
    """A date as Vietnamese write it in messages: dd/mm/yyyy ("" for none)."""
    return d.strftime("%d/%m/%Y") if d else ""


def search_terms(query: str) -> list[str]:
    """Folded words of a search box entry."""
    return [term for term in fold(query).split(" ") if term]
