"""Unicode hygiene in one place: what a name may hold, and what no page or feed can.

Names come from data files that people edit and from metadata that people paste from web
pages, so they carry what no one sees: format characters (category Cf: bidi controls such as
U+202E, which turns the rest of a heading around; zero-width spaces, which make three
organizations that all read "Coop Sur"; soft hyphens, pasted from a justified page), letters of
another script that look like Latin ones (a Cyrillic "А" in "Аrgentina"), and characters that
XML 1.0 refuses. Every check of such characters is here:

- :func:`nfc`: names and values are compared and shown in NFC, one spelling of each letter;
- :func:`refused_character`: what a data file's text may not hold (controls, non-characters,
  surrogates, format characters), with the character described;
- :func:`mixed_script`: a word whose letters come from two scripts, with the odd letter;
- :data:`NOT_XML`: what XML 1.0 refuses, left out of feeds.

Looking a value up ignores format characters (``keys.lookup_key`` drops them), so a soft
hyphen or a zero-width space pasted into metadata finds the place all the same.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import shown

# What XML 1.0 cannot hold (its Char production): C0 controls but tab, line feed and carriage
# return; surrogates; U+FFFE and U+FFFF.
XML_REFUSED = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
NOT_XML = re.compile(f"[{XML_REFUSED}]")

# What a name may not hold besides format characters: control characters (C0, DEL and C1),
# which are no text; Unicode's non-characters (U+FFFE: an XML parser refuses it); surrogates.
# Descriptions may have tabs and line breaks.
_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
_CONTROLS = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NON_CHARACTERS}]")
_CONTROLS_IN_TEXT = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NON_CHARACTERS}]"
)
_JOINERS = "\u200c\u200d"
# Scripts whose words need a zero-width (non-)joiner to be written right (Persian, Indic): the
# one place a format character belongs in a name.
_JOINING_SCRIPTS = frozenset(
    {
        *("ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI"),
        *("GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA"),
        *("KHMER", "MYANMAR", "TIBETAN"),
    }
)
# Scripts that share words: Japanese mixes Han and kana, Korean Han and Hangul.
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"})
_WIDTH_PREFIXES = frozenset({"FULLWIDTH", "HALFWIDTH"})
_LETTERS = re.compile(r"[^\W\d_]+")


def nfc(text: str) -> str:
    """``text`` in Unicode's composed form: "e" and a combining accent become one "é"."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def describe(char: str) -> str:
    """``U+0410 CYRILLIC CAPITAL LETTER A``: the character as a message should name it."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def script(char: str) -> str | None:
    """The script of a letter (``LATIN``, ``CYRILLIC``, ``CJK``...), from its Unicode name;
    ``None`` for what is no letter of a script (digits, marks, modifier letters)."""
    if not unicodedata.category(char).startswith("L"):
        return None
    words = unicodedata.name(char, "").split()
    if words and words[0] in _WIDTH_PREFIXES:
        words = words[1:]
    if not words or words[0] == "MODIFIER":
        return None
    return "EAST ASIAN" if words[0] in _EAST_ASIAN else words[0]


def _joins(text: str, position: int) -> bool:
    """Is the joiner at ``position`` between two letters of a script that needs joiners?"""
    before = text[position - 1] if position else ""
    after = text[position + 1] if position + 1 < len(text) else ""
    if not before or not after:
        return False
    base = unicodedata.name(before, "").split()[:1]
    return bool(base) and base[0] in _JOINING_SCRIPTS and not after.isspace()


def refused_character(text: str, *, multiline: bool = False) -> str | None:
    """Why a data file's ``text`` cannot be a name: the first character no page may hold, in
    words; ``None`` when there is none. ``multiline`` texts (descriptions) may hold tabs and
    line breaks."""
    if found := (_CONTROLS_IN_TEXT if multiline else _CONTROLS).search(text):
        return (
            f"holds the character {describe(found.group())}, which is no printable text (a "
            "control character or a Unicode non-character)"
        )
    if text.isascii():
        return None
    for position, char in enumerate(text):
        if unicodedata.category(char) == "Cf" and not (char in _JOINERS and _joins(text, position)):
            return (
                f"holds the character {describe(char)}, an invisible format character (it "
                "changes how the text shows or hides a difference between names)"
            )
    return None


def mixed_script(text: str) -> str | None:
    """The letter that does not belong in its word, described, when a word of ``text`` mixes
    scripts ("Аrgentina": a Cyrillic А among Latin letters); ``None`` otherwise.

    Words in different scripts side by side are fine ("Кооператив ABC"); Japanese and Korean
    words mix Han with kana or Hangul, which counts as one script here.
    """
    if text.isascii():
        return None
    for word in _LETTERS.findall(unicodedata.normalize("NFC", text)):
        scripts: dict[str, list[str]] = {}
        for char in word:
            if (found := script(char)) is not None:
                scripts.setdefault(found, []).append(char)
        if len(scripts) > 1:
            # The odd one out is the script with the fewest letters in the word.
            main = max(scripts, key=lambda name: len(scripts[name]))
            odd = min(scripts, key=lambda name: (len(scripts[name]), name == main))
            return (
                f"{describe(scripts[odd][0])} among {main.title()} letters in {shown(word)}: "
                "a letter of another script that looks like one of this word's"
            )
    return None
