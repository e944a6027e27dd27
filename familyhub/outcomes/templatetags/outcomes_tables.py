"""A dashboard table (queries.DataTable) as a GOV.UK table in its own focusable scrolling
region, with its CSV link: written in Python, as the page has sixty of them (the template
loop took half the page's time)."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def data_table(table):
    slug = escape(table.slug)
    numeric = " govuk-table__header--numeric"
    head = "".join(
        f'<th scope="col" class="govuk-table__header{"" if i == 0 else numeric}">{escape(h)}</th>'
        for i, h in enumerate(table.headers)
    )
    body = []
    for row in table.rows:
        cells = [f'<th scope="row" class="govuk-table__header">{escape(row[0])}</th>']
        cells += [
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(c)}</td>'
            for c in row[1:]
        ]
        body.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    csv_url = reverse("outcomes:table_csv", args=[table.slug])
    return mark_safe(
        f'<div class="fh-table-scroll" role="region" aria-labelledby="{slug}-caption" tabindex="0">'
        f'<table class="govuk-table govuk-!-font-size-16" id="{slug}">'
        f'<caption class="govuk-table__caption govuk-table__caption--s" id="{slug}-caption">'
        f"{escape(table.caption)}</caption>"
        f'<thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>'
        f'<tbody class="govuk-table__body">{"".join(body)}</tbody></table></div>'
        f'<p class="govuk-body-s fh-no-print"><a class="govuk-link" href="{escape(csv_url)}" '
        f"download>{escape(_('Download this table as CSV'))}"
        f'<span class="govuk-visually-hidden">: {escape(table.caption)}</span></a></p>'
    )  # noqa: S308 (every value escaped above)
