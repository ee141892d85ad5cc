"""Numbers in Indonesian words (terbilang), as letters write amounts."""
ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]
SCALES = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (1000, "ribu")]


def terbilang(number: int) -> str:
    if number < 0:
        return "minus " + terbilang(-number)
    if number == 0:
        return "nol"
    return _words(number).strip()


def _words(number: int) -> str:
    if number < 12:
        return ONES[number]
    if number < 20:
        return f"{ONES[number - 10]} belas"
    if number < 100:
        return f"{ONES[number // 10]} puluh {_words(number % 10)}".strip()
    if number < 200:
        return f"seratus {_words(number - 100)}".strip()
    if number < 1000:
        return f"{ONES[number // 100]} ratus {_words(number % 100)}".strip()
    if number < 2000:
        return f"seribu {_words(number - 1000)}".strip()
    for scale, name in SCALES:
        if number >= scale:
            return f"{_words(number // scale)} {name} {_words(number % scale)}".strip()
    raise ValueError(number)
