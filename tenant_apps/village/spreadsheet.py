"""Spreadsheet cells that can never run as formulas, for every download a village makes.

Text that a spreadsheet would run as a formula (starting with = + - @, tab or
carriage return) is written with one leading quote; so is text that itself
starts with a quote, so that a reader (the OpenSID importer) can always take
exactly one quote off. Numbers and dates are not text and stay as they are.
"""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def cell_text_safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
