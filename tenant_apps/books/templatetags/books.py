from django import template

from tenant_apps.books.book import cell_text, header_rows

register = template.Library()


@register.filter
def book_header(columns):
    return header_rows(columns)


@register.filter
def book_cell(value) -> str:
    return cell_text(value)
