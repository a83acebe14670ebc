"""Is a report complete enough to finalise? Every gap is named, not just the first.

A draft may be rendered with gaps (it says CONCEPT on every page); a final report may not. The
keys are the Dutch section names of the standard rapportage, stable for the API to return.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reports.conclusions import ClinicalConclusion, EvaluativeConclusion
from reports.data import Consent, ForensicReportData
from reports.kinds import instruction_problems, may_draw_clinical, may_draw_evaluative

__all__ = ["SECTIONS", "Gap", "IncompleteReport", "ensure_complete", "gaps", "missing_sections"]

# key -> (Dutch section title, English name)
SECTIONS: dict[str, tuple[str, str]] = {
    "opdracht": ("Opdracht", "instruction: requester, instructing authority, legal basis"),
    "vraagstelling": ("Vraagstelling", "questions asked"),
    "identiteit": ("Identiteit", "identity or case number"),
    "onderzoek": ("Onderzoek", "examination: time, place, persons present"),
    "toestemming": ("Toestemming", "consent"),
    "bronnen": ("Bronnen", "sources"),
    "anamnese": ("Anamnese", "history in the informant's words"),
    "lichamelijk_onderzoek": ("Lichamelijk onderzoek", "top-to-toe examination"),
    "letselinventaris": ("Letselinventaris", "injury inventory"),
    "fotoverslag": ("Fotoverslag", "photo log"),
    "interpretatie": ("Interpretatie", "interpretation"),
    "conclusies": ("Conclusies", "conclusions, one per question"),
    "beperkingen": ("Beperkingen", "limitations"),
    "ondertekening": ("Ondertekening", "signature block"),
}


@dataclass(frozen=True, slots=True)
class Gap:
    """One missing or inconsistent part of a section."""

    section: str
    detail: str

    @property
    def title(self) -> str:
        return SECTIONS[self.section][0]

    @property
    def english(self) -> str:
        return SECTIONS[self.section][1]

    def __str__(self) -> str:
        return f"{self.section} ({self.english}): {self.detail}"


class IncompleteReport(ValueError):
    """Raised when finalising a report that still has gaps; carries all of them."""

    def __init__(self, found: list[Gap]) -> None:
        self.gaps = found
        super().__init__("report is incomplete: " + "; ".join(str(g) for g in found))


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _instruction(d: ForensicReportData) -> Iterator[Gap]:
    for value, what in (
        (d.requester.name, "naam aanvrager ontbreekt"),
        (d.requester.organisation, "organisatie aanvrager ontbreekt"),
        (d.legal_basis, "wettelijke grondslag ontbreekt"),
    ):
        if _blank(value):
            yield Gap("opdracht", what)
    if d.instruction is None or _blank(d.instruction.name):
        yield Gap("opdracht", "opdrachtgever ontbreekt")
    else:
        for problem in instruction_problems(d.kind, d.instruction):
            yield Gap("opdracht", problem.message)


def _questions(d: ForensicReportData) -> Iterator[Gap]:
    if not d.questions:
        yield Gap("vraagstelling", "geen vragen gesteld")
    for n, question in enumerate(d.questions, start=1):
        if _blank(question):
            yield Gap("vraagstelling", f"vraag {n} is leeg")


def _identity(d: ForensicReportData) -> Iterator[Gap]:
    ident = d.identity
    if ident.identified and _blank(ident.child_name):
        yield Gap("identiteit", "naam van het kind is leeg")
    if not ident.identified and _blank(ident.case_number):
        yield Gap("identiteit", "zaaknummer is leeg")


def _examination(d: ForensicReportData) -> Iterator[Gap]:
    exam = d.examination
    if exam is None:
        if d.kind.examines:
            yield Gap("onderzoek", f"een {d.kind.value} vraagt een lichamelijk onderzoek")
        return
    if _blank(exam.place):
        yield Gap("onderzoek", "plaats van onderzoek ontbreekt")
    if not exam.persons_present:
        yield Gap("onderzoek", "aanwezigen ontbreken")
    yield from _consent(exam.consent)
    if not d.findings:
        yield Gap("lichamelijk_onderzoek", "geen bevindingen van het lichamelijk onderzoek")


def _consent(consent: Consent) -> Iterator[Gap]:
    """Who, on what authority, when and for what: a court asks all four."""
    if _blank(consent.given_by):
        yield Gap("toestemming", "wie toestemming gaf ontbreekt")
    if consent.authority is None:
        yield Gap(
            "toestemming", "op grond waarvan toestemming is gegeven (gezag, leeftijd) ontbreekt"
        )
    if consent.given_at is None:
        yield Gap("toestemming", "tijdstip van de toestemming ontbreekt")
    if consent.scope is None:
        yield Gap(
            "toestemming", "omvang van de toestemming (onderzoek, foto's, delen met) ontbreekt"
        )
    elif not consent.scope.share_with:
        yield Gap("toestemming", "met wie de bevindingen gedeeld mogen worden ontbreekt")


def _photo_log(d: ForensicReportData) -> Iterator[Gap]:
    """Chain of custody of every photo the examination produced."""
    if not d.kind.examines:
        return
    for photo in d.photos:
        missing = [
            what
            for value, what in (
                (photo.photographer, "fotograaf"),
                (photo.device, "camera"),
                (photo.storage_place, "opslagplaats"),
            )
            if _blank(value)
        ]
        if missing:
            yield Gap("fotoverslag", f"foto {photo.photo_id}: {', '.join(missing)} ontbreekt")


def _history(d: ForensicReportData) -> Iterator[Gap]:
    if not d.sources:
        yield Gap("bronnen", "geen bronnen vermeld")
    if not d.anamnesis:
        yield Gap("anamnese", "geen anamnese vastgelegd")
    for n, entry in enumerate(d.anamnesis, start=1):
        if _blank(entry.informant) or _blank(entry.statement):
            yield Gap("anamnese", f"anamnese {n}: informant of verklaring ontbreekt")


def _injuries(d: ForensicReportData) -> Iterator[Gap]:
    if not d.kind.examines:
        return  # a file-based report describes the sources' findings, not its own inventory
    if not d.injuries:
        yield Gap("letselinventaris", "geen letsels beschreven")
        return
    numbers = [i.number for i in d.injuries]
    if numbers != list(range(1, len(numbers) + 1)):
        yield Gap("letselinventaris", "letsels zijn niet doorlopend genummerd vanaf 1")
    logged = {p.photo_id for p in d.photos}
    for injury in d.injuries:
        if not injury.photo_refs:
            yield Gap("fotoverslag", f"letsel {injury.number} heeft geen foto")
        for ref in injury.photo_refs:
            if ref not in logged:
                yield Gap(
                    "fotoverslag", f"foto {ref} (letsel {injury.number}) staat niet in het log"
                )


def _interpretation(d: ForensicReportData) -> Iterator[Gap]:
    if not d.kind.interprets:
        return
    interp = d.interpretation
    if interp is None:
        yield Gap("interpretatie", f"een {d.kind.value} vraagt een interpretatie")
        return
    for value, what in (
        (interp.reasoning, "onderbouwing"),
        (interp.fit_with_history, "passendheid bij de anamnese"),
        (interp.age_and_healing, "leeftijd en genezing van het letsel"),
    ):
        if _blank(value):
            yield Gap("interpretatie", f"{what} ontbreekt")


def _conclusions(d: ForensicReportData) -> Iterator[Gap]:
    for c in d.conclusions:
        finding = c.finding
        if isinstance(finding, ClinicalConclusion) and not may_draw_clinical(d.kind):
            yield Gap(
                "conclusies",
                f"vraag {c.question_number}: een {d.kind.value} bevat geen klinische categorische "
                "conclusie",
            )
        if isinstance(finding, EvaluativeConclusion):
            if not may_draw_evaluative(d.kind):
                yield Gap(
                    "conclusies",
                    f"vraag {c.question_number}: een {d.kind.value} trekt geen conclusies over "
                    "de oorzaak",
                )
            for part in finding.missing_parts:
                yield Gap("conclusies", f"vraag {c.question_number}: {part} ontbreekt")
    if not d.kind.interprets:
        # A letselverklaring answers its questions with the inventory itself (and, where asked,
        # the fit with the stated toedracht and the expected healing).
        return
    answered = {c.question_number for c in d.conclusions}
    for n in range(1, len(d.questions) + 1):
        if n not in answered:
            yield Gap("conclusies", f"vraag {n} is niet beantwoord")
    for number in sorted(answered - set(range(1, len(d.questions) + 1))):
        yield Gap("conclusies", f"conclusie bij vraag {number}, die niet gesteld is")


def _closing(d: ForensicReportData) -> Iterator[Gap]:
    if not d.limitations:
        yield Gap("beperkingen", "geen beperkingen vermeld")
    sig = d.signature
    for value, what in (
        (sig.author_name, "naam rapporteur"),
        (sig.big_number, "BIG-nummer"),
        (sig.qualification, "kwalificatie"),
        (sig.reviewer_name, "naam collegiale toetser"),
    ):
        if _blank(value):
            yield Gap("ondertekening", f"{what} ontbreekt")
    if sig.signed_at is None:
        yield Gap("ondertekening", "datum van ondertekening ontbreekt")


_CHECKS = (
    _instruction,
    _questions,
    _identity,
    _examination,
    _history,
    _injuries,
    _photo_log,
    _interpretation,
    _conclusions,
    _closing,
)


def gaps(data: ForensicReportData) -> list[Gap]:
    """Every gap, in the order of the report's sections."""
    order = list(SECTIONS)
    found = [gap for check in _CHECKS for gap in check(data)]
    return sorted(found, key=lambda g: order.index(g.section))


def missing_sections(data: ForensicReportData) -> list[str]:
    """The keys of the sections that are missing or incomplete, each once, in report order."""
    return list(dict.fromkeys(g.section for g in gaps(data)))


def ensure_complete(data: ForensicReportData) -> None:
    """Raise IncompleteReport listing every gap; a final report must pass this."""
    if found := gaps(data):
        raise IncompleteReport(found)
