from django import template

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    """2400000 → "Rp 2.400.000" (Indonesian thousands separator)."""
    try:
        return "Rp " + f"{int(amount):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
