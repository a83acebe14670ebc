"""Finalising needs every required section; each gap is named, not just the first."""

from dataclasses import replace

import pytest

from reports.completeness import IncompleteReport, ensure_complete, gaps, missing_sections
from reports.conclusions import ClinicalCategory, ClinicalConclusion, EvaluativeConclusion
from reports.data import Authority, Conclusion, ReportKind, ReportStatus
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
    verklaring = sample_forensic_report(5, kind=ReportKind.LETSELVERKLARING)
    assert verklaring.interpretation is None and verklaring.conclusions == ()
    assert missing_sections(verklaring) == []
    with_opinion = replace(verklaring, conclusions=REPORT.conclusions)
    details = [g.detail for g in gaps(with_opinion)]
    assert "vraag 1: een letselverklaring bevat geen klinische categorische conclusie" in details
    assert "vraag 2: een letselverklaring trekt geen conclusies over de oorzaak" in details


@pytest.mark.parametrize(
    ("kind", "authority", "allowed"),
    [
        (ReportKind.LETSELRAPPORTAGE, Authority.RECHTER_COMMISSARIS, True),
        (ReportKind.LETSELRAPPORTAGE, Authority.VEILIG_THUIS, False),
        (ReportKind.LETSELRAPPORTAGE, Authority.POLITIE, False),
        (ReportKind.LETSELVERKLARING, Authority.POLITIE, True),
        (ReportKind.LETSELVERKLARING, Authority.OPENBAAR_MINISTERIE, True),
        (ReportKind.LETSELVERKLARING, Authority.VEILIG_THUIS, False),
        (ReportKind.LETSELDUIDING, Authority.VEILIG_THUIS, True),
        (ReportKind.LETSELDUIDING, Authority.POLITIE, True),
        (ReportKind.LETSELDUIDING, Authority.RECHTER_COMMISSARIS, False),
    ],
)
def test_the_report_kind_follows_the_instructing_authority(
    kind: ReportKind, authority: Authority, allowed: bool
) -> None:
    report = sample_forensic_report(3, kind=kind)
    assert report.instruction is not None
    changed = replace(report, instruction=replace(report.instruction, authority=authority))
    problems = [g.detail for g in gaps(changed) if g.section == "opdracht"]
    assert (problems == []) is allowed, problems


def test_justice_kinds_need_their_reference() -> None:
    rapportage = sample_forensic_report(3, kind=ReportKind.LETSELRAPPORTAGE)
    assert rapportage.instruction is not None
    bare = replace(
        rapportage,
        instruction=replace(rapportage.instruction, appointment_date=None, appointment_number=""),
    )
    assert [g.section for g in gaps(bare)] == ["opdracht", "opdracht"]
    verklaring = sample_forensic_report(3, kind=ReportKind.LETSELVERKLARING)
    assert verklaring.instruction is not None
    no_pv = replace(verklaring, instruction=replace(verklaring.instruction, pv_number=""))
    assert [g.detail for g in gaps(no_pv)] == ["a letselverklaring names the PV or aangifte number"]


def test_a_clinical_conclusion_is_refused_in_a_letselrapportage() -> None:
    rapportage = sample_forensic_report(3, kind=ReportKind.LETSELRAPPORTAGE)
    clinical = Conclusion(1, ClinicalConclusion(ClinicalCategory.WAARSCHIJNLIJK))
    assert gaps(rapportage) == []
    with_clinical = replace(rapportage, conclusions=(clinical, *rapportage.conclusions[1:]))
    assert [g.detail for g in gaps(with_clinical)] == [
        "vraag 1: een letselrapportage bevat geen klinische categorische conclusie"
    ]


def test_an_evaluative_conclusion_needs_onderbouwing_and_source_of_h2() -> None:
    first = REPORT.conclusions[1].finding
    assert isinstance(first, EvaluativeConclusion)
    bare = replace(first, h2_source="", onderbouwing="")
    report = replace(
        REPORT, conclusions=(REPORT.conclusions[0], Conclusion(2, bare), REPORT.conclusions[2])
    )
    assert [g.detail for g in gaps(report)] == [
        "vraag 2: bron van H2 ontbreekt",
        "vraag 2: onderbouwing ontbreekt",
    ]


def test_a_file_based_report_has_sources_instead_of_an_examination() -> None:
    dossier = replace(
        REPORT,
        kind=ReportKind.DOSSIERONDERZOEK,
        examination=None,
        injuries=(),
        photos=(),
        findings=(),
        conclusions=REPORT.conclusions[1:],
        questions=REPORT.questions[1:],
    )
    dossier = replace(
        dossier,
        conclusions=tuple(
            replace(c, question_number=c.question_number - 1) for c in dossier.conclusions
        ),
    )
    assert gaps(dossier) == []
    assert "bronnen" in missing_sections(replace(dossier, sources=()))
    examined_kind = replace(REPORT, examination=None)
    assert "onderzoek" in missing_sections(examined_kind)


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
