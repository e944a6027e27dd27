"""The board's dashboard: small numbers hidden on every cut shown (no count from 1 to 4, and no
hidden row that the others and the Medway figure give away), each CSV the same as its table on
the page, the board report a PDF with the figures in it, and the data shown to board members
and analysts is figures only."""

import csv
import io
import re
import zlib
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from familyhub.accounts.models import Role
from familyhub.directory.models import TaxonomyTerm
from familyhub.finder.models import SearchRecord
from familyhub.outcomes import periods, queries, refresh, synthetic
from familyhub.outcomes.models import AreaKind, Kind, Measure, MeasureValue, Unit
from familyhub.referrals.models import Draft, SupportRequest
from tests.outcomes.helpers import in_quarter
from tests.personas import person

pytestmark = pytest.mark.django_db
QUARTERS = 4


@pytest.fixture
def figures():
    """Few families, so many counts are small."""
    synthetic.make(families=90, requests=140, cases=40, answers=80, quarters=QUARTERS,
                   searches=30, drafts=8, seed=11)  # fmt: skip
    refresh.refresh(quarters=periods.last(QUARTERS))


def _small(n):
    return n is not None and 0 < n < 5


def test_no_small_count_is_shown_and_no_hidden_row_can_be_worked_out(figures):
    quarters = periods.last(QUARTERS)
    hidden_rows = 0
    for measure in Measure.objects.filter(kind=Kind.COMPUTED):
        for quarter in quarters:
            medway = queries.cut(measure, [quarter.key])[quarter.key]
            rows = [medway]
            for kind in (AreaKind.TOWN, AreaKind.WARD):
                names = list(
                    MeasureValue.objects.filter(
                        computation=measure.computation, period=quarter.key, area_kind=kind
                    ).values_list("area", flat=True)
                )
                cut = queries.cut(measure, [quarter.key], kind, names)
                rows += cut.values()
                hidden = [p for p in cut.values() if p.hidden]
                hidden_rows += len(hidden)
                # Secondary: with the Medway figure shown, one hidden row alone would be Medway
                # less the rest; so none, or at least two.
                if not medway.hidden:
                    assert len(hidden) != 1, (measure.key, quarter.key, kind)
            for point in rows:
                if point.hidden:
                    assert (point.value, point.numerator, point.denominator) == (None,) * 3
                    continue
                assert not _small(point.denominator), (measure.key, point)
                if measure.unit == Unit.PERCENT:
                    assert not _small(point.numerator), (measure.key, point)
                    assert not _small(point.denominator - point.numerator), (measure.key, point)
    assert hidden_rows > 0  # the data has small numbers, so the test tried something


def test_the_page_never_prints_a_count_from_one_to_four(client, figures):
    client.force_login(person(Role.BOARD_MEMBER))
    page = client.get(reverse("outcomes:dashboard"))
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.content)
    for measure in Measure.objects.filter(kind=Kind.COMPUTED, unit=Unit.PERCENT):
        for table in tree.xpath(f"//table[starts-with(@id, '{measure.key}-')]"):
            for row in table.xpath(".//tbody/tr"):
                cells = [c.text_content().strip() for c in row.xpath("./td")]
                counts = [
                    int(c.replace(",", "")) for c in cells[1:] if c.replace(",", "").isdigit()
                ]
                for n in counts:
                    assert not 0 < n < 5, (measure.key, cells)


def _table_on_page(tree, slug):
    [table] = tree.xpath(f"//table[@id='{slug}']")
    headers = [th.text_content().strip() for th in table.xpath(".//thead//th")]
    rows = [[c.text_content().strip() for c in tr.xpath("./th|./td")]
            for tr in table.xpath(".//tbody/tr")]  # fmt: skip
    return [headers, *rows]


def test_every_csv_is_the_table_on_the_page(client, figures):
    client.force_login(person(Role.ANALYST))
    tree = lxml_html.fromstring(client.get(reverse("outcomes:dashboard")).content)
    slugs = [t.get("id") for t in tree.xpath("//table[@id]")]
    assert "summary" in slugs and len(slugs) > 40
    for slug in slugs:
        response = client.get(reverse("outcomes:table_csv", args=[slug]))
        assert response.status_code == 200, slug
        assert response["Content-Type"].startswith("text/csv")
        from_csv = list(csv.reader(io.StringIO(response.content.decode())))
        assert from_csv == _table_on_page(tree, slug), slug
    assert client.get(reverse("outcomes:table_csv", args=["no-such-table"])).status_code == 404


def _pdf_text(pdf: bytes) -> str:
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            text.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            text.append(stream.decode("latin-1"))
    return "".join(text)


def test_the_board_report_is_a_pdf_with_the_dashboards_figures(client, figures):
    client.force_login(person(Role.BOARD_MEMBER))
    response = client.get(reverse("outcomes:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    summary = queries.dashboard()["summary"]
    assert "Every measure: baseline, latest figure, target and benchmark" in text
    for row in summary.rows[:5]:
        assert row[0] in text
        assert row[3].split(" (")[0] in text  # the latest figure


def test_the_charts_are_accessible_svg_with_their_figures_in_words(client, figures):
    client.force_login(person(Role.BOARD_MEMBER))
    page = client.get(reverse("outcomes:dashboard")).content.decode()
    charts = re.findall(r"<svg [^>]*>", page)
    assert len(charts) == Measure.objects.filter(active=True).count()
    for opening in charts:
        assert 'role="img"' in opening and "aria-labelledby=" in opening
    assert "<script" not in page.split("<footer")[0].split("</header>")[-1]
    assert page.count("<desc id=") == len(charts)
    assert "The table after the chart gives the same figures." in page


def test_board_members_and_analysts_see_figures_never_a_family(client, figures):
    references = list(SupportRequest.objects.values_list("reference", flat=True))
    postcodes = set(SupportRequest.objects.values_list("family__postcode", flat=True))
    for role in (Role.BOARD_MEMBER, Role.ANALYST):
        client.force_login(person(role))
        page = client.get(reverse("outcomes:dashboard")).content.decode()
        assert not any(ref in page for ref in references)
        assert not any(code in page for code in postcodes)
        assert "/staff/requests/" not in page and "/staff/cases/" not in page
        # Their pages are read-only: no entering figures or changing measures.
        assert client.get(reverse("outcomes:figures")).status_code == 403
        edit = reverse("outcomes:edit_measure", args=["school-readiness"])
        assert client.post(edit, {"name": "x"}).status_code == 403


def test_the_cached_page_changes_as_soon_as_a_figure_does(client, figures):
    client.force_login(person(Role.DATA_MANAGER))
    first = client.get(reverse("outcomes:dashboard")).content.decode()
    assert "77.7%" not in first
    quarter = periods.current()
    client.post(reverse("outcomes:figures"), {
        "measure": "school-readiness", "period": quarter.key, "value": "77.7",
        "source": "DfE", "area_type": "medway",
    })  # fmt: skip
    again = client.get(reverse("outcomes:dashboard")).content.decode()
    assert "77.7%" in again
    # Each page has its own nonce for the charts' stylesheets (the cached body has none).
    nonces = re.findall(r'<style nonce="([^"]+)">', again)
    assert nonces and len(set(nonces)) == 1
    assert nonces[0] not in client.get(reverse("outcomes:dashboard")).content.decode()


def test_unmet_demand_by_need_agrees_with_the_rows_and_hides_small_numbers(figures):
    quarter = periods.current().previous
    names = dict(TaxonomyTerm.objects.values_list("code", "name"))
    mine = Counter()
    for r in SupportRequest.objects.select_related("need"):
        if in_quarter(r.decided_at, quarter) and r.status == "declined":
            mine[(r.need.name if r.need else "Need not given", "declined")] += 1
    cutoff = timezone.now() - timedelta(days=14)
    for d in Draft.objects.select_related("need"):
        if (
            in_quarter(d.created_at, quarter)
            and not d.submitted_request_id
            and d.updated_at < cutoff
        ):
            mine[(d.need.name if d.need else "Need not given", "given_up")] += 1
    for s in SearchRecord.objects.filter(result_count=0):
        if in_quarter(s.searched_on, quarter):
            for code in s.filters.get("needs") or [None]:
                mine[(names.get(code, "Need not given"), "searches")] += 1
    counts = queries.unmet_counts(quarter)
    app = Counter({(need, c): n for need, row in counts.items() for c, n in row.items() if n})
    assert app == mine and sum(mine.values()) > 0
    table = queries.unmet_table(quarter)
    assert table.rows[-1][0] == "All needs"
    for row in table.rows:
        for cell in row[1:]:
            assert cell == "[c]" or not 0 < int(cell.replace(",", "")) < 5, row
