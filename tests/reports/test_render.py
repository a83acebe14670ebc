"""The HTML a reader gets: key facts present, sections in order, hostile text inert."""

import ast
import re
import sys
from dataclasses import fields, replace
from datetime import date, datetime
from pathlib import Path

import jinja2
import pytest

from reports.conclusions import ClinicalCategory, ClinicalConclusion, EvaluativeConclusion
from reports.data import AnamnesisEntry, Conclusion, LeckAdviceLetterData, Requester
from reports.render import (
    date_nl,
    environment,
    render_advice_letter,
    render_forensic_report,
    size_mm,
)
from reports.sample import draft_of, sample_advice_letter, sample_forensic_report

REPORT = sample_forensic_report(20)
HTML = render_forensic_report(REPORT)

SECTION_ORDER = [
    "Opdracht en vraagstelling",
    "Identiteit",
    "Onderzoek",
    "Bronnen",
    "Anamnese",
    "Lichamelijk onderzoek",
    "Letselinventaris",
    "Fotoverslag",
    "Aanvullend onderzoek",
    "Interpretatie",
    "Conclusies",
    "Beperkingen",
    "Ondertekening",
]


def test_sections_are_numbered_in_the_standard_order() -> None:
    found = re.findall(r'<h2[^>]*><span class="num">(\d+)\.</span>([^<]+)</h2>', HTML)
    assert [title for _, title in found] == SECTION_ORDER
    assert [int(n) for n, _ in found] == list(range(1, len(SECTION_ORDER) + 1))


def test_subsections_carry_their_section_number() -> None:
    subs = re.findall(r'<h3><span class="num">(\d+)\.(\d+)</span>([^<]+)</h3>', HTML)
    assert ("1", "1", "Opdracht") in subs
    assert [s[2] for s in subs if s[0] == "11"] == ["Vraag 1", "Vraag 2", "Vraag 3"]
    for major in {s[0] for s in subs}:
        minors = [int(s[1]) for s in subs if s[0] == major]
        assert minors == list(range(1, len(minors) + 1))


def test_key_facts_are_present() -> None:
    for fact in [
        "FMEK-2026-000137",
        'versie <span class="set-version">2</span>',
        "Letselduiding",
        "Veilig Thuis Utrecht, team onderzoek (Veilig Thuis)",
        "GGD regio Utrecht",
        "Sanne de Vries",
        "14 maart 2024",
        "27 november 2026, 14:30 uur",  # 13:30 UTC in Dutch local time
        "drs. M. Jansen, vertrouwensarts, Veilig Thuis Utrecht",
        "Wmo 2015",
        "19012345601",
        "dr. H. Smit",
        "85 × 9 mm",
        "forensische lichtbron",
        "rapportage-standaard 1.0",
        "naar waarheid, onpartijdig, volledig en naar beste weten",
        "onderhuidse bloeduitstorting (blauwe plek)",
        "Schematisch, zie inventaris.",
    ]:
        assert fact in HTML, fact
    assert HTML.count('<tr id="letsel-') == 20


def test_each_conclusion_states_its_kind_and_fixed_wording() -> None:
    assert HTML.count('data-kind="clinical"') == 1
    assert HTML.count('data-kind="evaluative"') == 2
    assert "Het letsel is waarschijnlijk toegebracht." in HTML
    assert "sprake van kindermishandeling" not in HTML
    evaluative = REPORT.conclusions[1].finding
    assert isinstance(evaluative, EvaluativeConclusion)
    assert evaluative.wording in HTML
    assert "Likelihoodratio 1.000 – 10.000: “veel waarschijnlijker”." in HTML
    assert "(bron: lezing moeder, anamnese 1)" in HTML
    assert "<strong>Onderbouwing.</strong> Een val van een trap verklaart" in HTML


def _body_and_appendix(html: str) -> tuple[str, str]:
    body, appendix = html.split('id="bijlage-a"')
    return body, appendix


def test_enfsi_wording_only_in_the_appendix_which_cites_the_nfi_edition() -> None:
    body, appendix = _body_and_appendix(HTML)
    assert "sterke steun" not in body and "ENFSI" not in body
    assert "sterke steun" in appendix
    assert "NFI, Vakbijlage waarschijnlijkheidstermen (2017)" in appendix
    assert "ongeveer even waarschijnlijk" in appendix


@pytest.mark.parametrize(
    "english",
    [" support", "probable", "The findings", " likely", "almost certain", "Child abuse"],
)
def test_no_english_in_the_dutch_report(english: str) -> None:
    text = re.sub(r"<style>.*?</style>", "", HTML, flags=re.DOTALL)
    assert english not in text


def test_a_final_report_has_no_draft_mark_and_a_draft_does() -> None:
    assert "CONCEPT" not in HTML
    draft = render_forensic_report(draft_of(REPORT))
    assert 'class="watermark"' in draft
    assert '<span class="set-status">CONCEPT</span> – niet ondertekend, niet verspreiden' in draft


def test_a_correction_states_what_it_replaces_and_why() -> None:
    from reports.data import Correction

    corrected = replace(REPORT, correction=Correction(1, "Zijde van letsel 4 gecorrigeerd."))
    html = render_forensic_report(corrected)
    assert "vervangt versie 1" in html
    assert "Zijde van letsel 4 gecorrigeerd." in html


HOSTILE = '<script>alert("x")</script> O\'Brien & "zoon"'


def test_hostile_text_is_escaped_everywhere() -> None:
    hostile = replace(
        REPORT,
        requester=Requester(HOSTILE, "<img src=x onerror=alert(1)>"),
        anamnesis=(AnamnesisEntry(HOSTILE, HOSTILE),),
        injuries=(
            replace(REPORT.injuries[0], location=HOSTILE, shape="</td></tr>"),
            *REPORT.injuries[1:],
        ),
        conclusions=(
            Conclusion(1, ClinicalConclusion(ClinicalCategory.WAARSCHIJNLIJK, HOSTILE)),
            Conclusion(
                2,
                EvaluativeConclusion(
                    "<b>het kind</b> is geslagen",
                    'het kind "viel"',
                    REPORT.conclusions[1].finding.band,  # type: ignore[union-attr]
                    h2_source=HOSTILE,
                    onderbouwing=HOSTILE,
                ),
            ),
            REPORT.conclusions[2],
        ),
    )
    html = render_forensic_report(hostile)
    assert "<script>" not in html and "<img src=x" not in html and "<b>het kind</b>" not in html
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Brien &amp; &#34;zoon&#34;" in html
    )
    assert "&lt;/td&gt;&lt;/tr&gt;" in html


def test_a_missing_field_fails_loudly() -> None:
    template = environment().get_template("forensic_report.html.j2")
    with pytest.raises(jinja2.UndefinedError):
        template.render(r=REPORT)  # conclusions_by_question, body_map ... not given


def test_a_timestamp_without_offset_is_refused() -> None:
    naive = replace(
        REPORT, examination=replace(REPORT.examination, examined_at=datetime(2026, 11, 27, 14, 30))
    )
    with pytest.raises(ValueError, match="without offset"):
        render_forensic_report(naive)


def test_dutch_formatting_filters() -> None:
    assert date_nl(date(2026, 11, 29)) == "29 november 2026"
    assert size_mm((35.0, 20.5)) == "35 × 20,5 mm"
    assert size_mm(None) == "n.v.t."


def test_the_advice_letter_is_anonymous_and_carries_the_case_number() -> None:
    letter = sample_advice_letter()
    names = {f.name for f in fields(LeckAdviceLetterData)}
    assert not names & {"child_name", "birth_date", "bsn", "name", "address"}
    html = render_advice_letter(letter)
    assert html.count("LECK-2026-0193") >= 2
    for fact in [
        "7 maanden",
        "jongen",
        "dr. S. Visser",
        "Toegebracht letsel is waarschijnlijk.",
        "LECK-kinderarts",
        "79012345601",
        "LECK is verantwoordelijk voor dit advies.",
        "dr. J. Mulder",
        "25 november 2026",
        "Landelijk Expertise Centrum Kindermishandeling",
    ]:
        assert fact in html, fact
    assert "Sanne" not in html


def test_a_withheld_requester_name_is_not_printed() -> None:
    html = render_advice_letter(replace(sample_advice_letter(), requester_name=None))
    assert "dr. S. Visser" not in html
    assert "naam op verzoek niet vermeld" in html


# pyHanko (with its certificate validator and cryptography) signs and checks the PDFs; pygal draws
# the figures' charts as SVG.
ALLOWED_THIRD_PARTY = {
    "jinja2",
    "markupsafe",
    "weasyprint",
    "reports",
    "pyhanko",
    "pyhanko_certvalidator",
    "cryptography",
    "pygal",
}


def test_the_reports_package_imports_only_stdlib_jinja_and_weasyprint() -> None:
    """...and the contract's shared vocabulary, nothing else of `routing` (no solver stack)."""
    package = Path(__file__).resolve().parents[2] / "reports"
    imported: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                shared = node.module == "routing.vocabulary"
                imported.add(node.module if shared else node.module.split(".")[0])
    assert imported - sys.stdlib_module_names - {"__future__"} <= ALLOWED_THIRD_PARTY | {
        "routing.vocabulary"
    }
