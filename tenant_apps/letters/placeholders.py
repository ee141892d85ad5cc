"""OpenSID's placeholder syntax: ``[kode]`` in a letter template.

The case of the code's first two letters sets the case of the output:
``[nama]`` lower case, ``[Nama]`` Title Case, ``[NAma]`` UPPER CASE, and
``[nAma]`` the value as it is (for text people typed, e.g. a purpose). An
argument after a comma adjusts some codes: ``[nomor_surat, 3]`` pads to three
digits, ``[terbilang, form_jumlah]`` spells another code's number in words.
Values are escaped: a resident's data never becomes markup.
"""
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\[([A-Za-z][A-Za-z0-9_]*)(?:\s*,\s*([A-Za-z0-9_]+))?\]")


@dataclass(frozen=True)
class Found:
    raw: str
    key: str
    argument: str | None


def placeholders_find(text: str) -> list[Found]:
    return [Found(match.group(1), match.group(1).lower(), match.group(2)) for match in PLACEHOLDER.finditer(text)]


def placeholders_unknown(text: str, known: Iterable[str]) -> list[str]:
    """The codes in ``text`` that are not in ``known``, in order, once each."""
    known, unknown = set(known), {}
    for found in placeholders_find(text):
        if found.key not in known:
            unknown.setdefault(found.key, f"[{found.raw}]")
    return list(unknown.values())


def case_apply(raw: str, value: str) -> str:
    first, second = raw[:1], raw[1:2]
    if first.islower() and second.isupper():
        return value
    if raw[:2].isupper():
        return value.upper()
    if raw[:1].isupper():
        return " ".join(word[:1].upper() + word[1:].lower() for word in value.split(" "))
    return value.lower()


def placeholders_render(text: str, value_of: Callable[[str, str | None], str], *,
                        markup: frozenset[str] = frozenset(), escape: bool = True, cased: bool = True) -> str:
    """Replace every placeholder by ``value_of(key, argument)``, cased as written
    (unless ``cased`` is off: a letter number keeps its values as they are).

    Codes in ``markup`` give ready HTML (the QR code) and are neither cased nor escaped.
    """
    def replace(match: re.Match) -> str:
        raw, argument = match.group(1), match.group(2)
        key = raw.lower()
        value = value_of(key, argument)
        if key in markup:
            return value
        value = case_apply(raw, str(value)) if cased else str(value)
        return html.escape(value) if escape else value

    return PLACEHOLDER.sub(replace, text)
