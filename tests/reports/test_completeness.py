"""Finalising needs every required section; each gap is named, not just the first."""

from dataclasses import replace

import pytest

from reports.completeness import IncompleteReport, ensure_complete, gaps, missing_sections
from reports.conclusions import ClinicalCategory, ClinicalConclusion
from reports.data import Conclusion, ReportKind, ReportStatus
from reports.render import render_forensic_report
from reports.sample import draft_of, sample_forensic_report

REPORT = sample_forensic_report(5)


def test_the_sample_report_is_complete() -> None:
    assert missing_sections(REPORT) == []
    ensure_complete(REPORT)


@pytest.mark.parametrize(
    ("change", "section"),
    [
        ({"questions": ()}, "vraagstelling"),
        ({"sources": ()}, "bronnen"),
        ({"anamnesis": ()}, "anamnese"),
        ({"findings": ()}, "lichamelijk_onderzoek"),
        ({"injuries": ()}, "letselinventaris"),
        ({"interpretation": None}, "interpretatie"),
        ({"conclusions": ()}, "conclusies"),
        ({"limitations": ()}, "beperkingen"),
        ({"legal_basis": " "}, "opdracht"),
    ],
)
def test_each_missing_section_is_named(change: dict[str, object], section: str) -> None:
    assert section in missing_sections(replace(REPORT, **change))  # type: ignore[arg-type]


def test_all_gaps_are_listed_at_once_in_report_order() -> None:
    hollow = replace(
        REPORT,
        anamnesis=(),
        limitations=(),
        conclusions=(),
        signature=replace(REPORT.signature, signed_at=None, reviewer_name=None),
    )
    assert missing_sections(hollow) == ["anamnese", "conclusies", "beperkingen", "ondertekening"]
    with pytest.raises(IncompleteReport) as raised:
        ensure_complete(hollow)
    details = [g.detail for g in raised.value.gaps]
    assert "naam collegiale toetser ontbreekt" in details
    assert "datum van ondertekening ontbreekt" in details


def test_every_question_needs_its_own_answer() -> None:
    only_first = replace(REPORT, conclusions=REPORT.conclusions[:1])
    details = [g.detail for g in gaps(only_first) if g.section == "conclusies"]
    assert details == ["vraag 2 is niet beantwoord", "vraag 3 is niet beantwoord"]


def test_an_answer_to_a_question_never_asked_is_flagged() -> None:
    extra = Conclusion(9, ClinicalConclusion(ClinicalCategory.ONWAARSCHIJNLIJK))
    with_extra = replace(REPORT, conclusions=(*REPORT.conclusions, extra))
    assert [g.detail for g in gaps(with_extra)] == ["conclusie bij vraag 9, die niet gesteld is"]


def test_photo_references_must_be_in_the_photo_log() -> None:
    unlogged = replace(REPORT, photos=REPORT.photos[:-1])
    assert [str(g) for g in gaps(unlogged)] == [
        "fotoverslag (photo log): foto F012 (letsel 5) staat niet in het log"
    ]


def test_injuries_are_numbered_consecutively() -> None:
    shuffled = replace(
        REPORT, injuries=(REPORT.injuries[1], REPORT.injuries[0], *REPORT.injuries[2:])
    )
    assert missing_sections(shuffled) == ["letselinventaris"]


def test_a_letselverklaring_documents_without_interpretation_or_conclusions() -> None:
    verklaring = replace(
        REPORT, kind=ReportKind.LETSELVERKLARING, interpretation=None, conclusions=()
    )
    assert missing_sections(verklaring) == []
    with_opinion = replace(verklaring, conclusions=REPORT.conclusions)
    assert missing_sections(with_opinion) == ["conclusies"]


def test_a_final_report_with_gaps_does_not_render() -> None:
    incomplete = replace(REPORT, limitations=())
    with pytest.raises(IncompleteReport, match="beperkingen"):
        render_forensic_report(incomplete)


def test_a_draft_with_gaps_renders_and_shows_them() -> None:
    draft = replace(draft_of(REPORT), limitations=(), conclusions=())
    assert draft.status is ReportStatus.DRAFT
    html = render_forensic_report(draft)
    assert "CONCEPT" in html
    assert "Deze vraag is nog niet beantwoord." in html
    assert "Niet ondertekend (concept)" in html
