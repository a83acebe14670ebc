"""Exactly what the report templates need, as frozen plain data.

The application's adapters build these from its own rows; templates never see ORM objects. The
enum values are the lowercase strings of the public contract (they match `routing.vocabulary`,
which `reports` may not import: the two pure libraries stay independent). Constructors reject
data that is wrong on its face (an anonymous case without a case number, a correction without a
reason); whether a report is *complete enough to finalise* is `completeness.py`'s business, so a
draft can be rendered while it is still being written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from reports.conclusions import (
    ClinicalCategory,
    ClinicalConclusion,
    ConclusionKind,
    EvaluativeConclusion,
)
from reports.consent import AgeBand, ConsentAuthority, ConsentScope
from routing.vocabulary import BodyRegion, Concern, InjuryKind, Sex, Side

__all__ = [
    "AUTHORITY_NL",
    "AgeBand",
    "AlternativeExplanation",
    "AnamnesisEntry",
    "Assessment",
    "Authority",
    "BodyRegion",
    "CaseIdentity",
    "ClinicalCategory",
    "ClinicalConclusion",
    "Concern",
    "Conclusion",
    "ConclusionKind",
    "Consent",
    "ConsentAuthority",
    "ConsentScope",
    "Correction",
    "EvaluativeConclusion",
    "Examination",
    "ExaminationFinding",
    "ForensicReportData",
    "InflictedLikelihood",
    "InjuryKind",
    "InjuryRow",
    "Instruction",
    "Interpretation",
    "Investigation",
    "LeckAdviceLetterData",
    "Light",
    "PhotoEntry",
    "ReportKind",
    "ReportStatus",
    "Requester",
    "Sex",
    "Side",
    "Signature",
]


class ReportKind(StrEnum):
    LETSELVERKLARING = "letselverklaring"
    LETSELDUIDING = "letselduiding"
    LETSELRAPPORTAGE = "letselrapportage"
    DOSSIERONDERZOEK = "dossieronderzoek"
    LETSELVERTALING = "letselvertaling"

    @property
    def interprets(self) -> bool:
        """A letselverklaring documents injuries; the other kinds also interpret them."""
        return self is not ReportKind.LETSELVERKLARING

    @property
    def examines(self) -> bool:
        """File-based kinds work from sources (files, photos, records) without an examination."""
        return self not in (ReportKind.DOSSIERONDERZOEK, ReportKind.LETSELVERTALING)


class ReportStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    FINAL = "final"


class Authority(StrEnum):
    POLITIE = "politie"
    OPENBAAR_MINISTERIE = "openbaar_ministerie"
    RECHTER_COMMISSARIS = "rechter_commissaris"
    VEILIG_THUIS = "veilig_thuis"


AUTHORITY_NL = {
    Authority.POLITIE: "politie",
    Authority.OPENBAAR_MINISTERIE: "Openbaar Ministerie",
    Authority.RECHTER_COMMISSARIS: "rechter-commissaris",
    Authority.VEILIG_THUIS: "Veilig Thuis",
}


@dataclass(frozen=True, slots=True)
class Instruction:
    """Who ordered the report and under which reference."""

    authority: Authority
    name: str  # e.g. "Politie Midden-Nederland, district Utrecht-Stad"
    pv_number: str = ""
    aangifte_number: str = ""
    appointment_date: date | None = None
    appointment_number: str = ""
    nrgd_number: str = ""  # the expert's NRGD registration, printed when appointed

    @property
    def authority_nl(self) -> str:
        return AUTHORITY_NL[self.authority]


class Light(StrEnum):
    WHITE = "white"
    FORENSIC = "forensic"


class Assessment(StrEnum):
    DISEASE = "disease"
    ACCIDENTAL = "accidental"
    INFLICTED = "inflicted"
    UNDETERMINED = "undetermined"


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


@dataclass(frozen=True, slots=True)
class Requester:
    """Who asked, e.g. a vertrouwensarts of Veilig Thuis Utrecht."""

    name: str
    organisation: str
    role: str = ""  # the requester's real role, e.g. "vertrouwensarts" or "kinderarts"


@dataclass(frozen=True, slots=True)
class CaseIdentity:
    """The examined child, identified (name and birth date) or, for anonymous work, a case number."""

    sex: Sex
    child_name: str | None = None
    birth_date: date | None = None
    case_number: str | None = None

    def __post_init__(self) -> None:
        _require(
            (self.child_name is None) == (self.birth_date is None),
            "an identified child needs both name and birth date",
        )
        _require(
            self.child_name is not None or bool(self.case_number),
            "a case needs the child's identity or a case number",
        )

    @property
    def identified(self) -> bool:
        return self.child_name is not None


@dataclass(frozen=True, slots=True)
class Consent:
    """Consent for examination and photography: by whom, on what authority (checked against the
    child's age band, `reports.consent`), when, and what it covers."""

    given_by: str
    text: str = ""  # a note in words (older reports hold only this)
    authority: ConsentAuthority | None = None
    given_at: datetime | None = None
    age_band: AgeBand | None = None  # the child's WGBO band when consent was given
    scope: ConsentScope | None = None
    court_order_reference: str = ""


@dataclass(frozen=True, slots=True)
class Examination:
    examined_at: datetime
    place: str
    persons_present: tuple[str, ...]
    consent: Consent
    ended_at: datetime | None = None
    before_request_reason: str = ""  # why the child was examined before the request, if so


@dataclass(frozen=True, slots=True)
class AnamnesisEntry:
    """A statement in the informant's own words (rendered as a quotation, never paraphrased)."""

    informant: str
    statement: str


@dataclass(frozen=True, slots=True)
class ExaminationFinding:
    """One line of the top-to-toe examination, e.g. ('Huid', 'Geen petechiën ...')."""

    area: str
    observation: str


@dataclass(frozen=True, slots=True)
class InjuryRow:
    """One row of the injury inventory; `number` is what the body map and photo log refer to."""

    number: int
    body_region: BodyRegion
    side: Side
    kind: InjuryKind
    size_mm: tuple[float, float] | None  # length x width; None where not measurable (fracture)
    shape: str
    colours: tuple[str, ...]
    border: str
    pattern: str
    photo_refs: tuple[str, ...] = ()
    location: str = ""  # precise site in words, e.g. 'strekzijde, 4 cm boven de elleboog'
    # where the doctor placed it on the body map (diagram units); None: by region and side
    map_point: tuple[float, float] | None = None
    # direction of the long axis as drawn on the body map, degrees clockwise from the body's
    # long axis (0 = head to toe, 90 = across); None: drawn as a numbered dot
    orientation_deg: float | None = None

    def __post_init__(self) -> None:
        _require(self.number >= 1, "injury numbers start at 1")
        if self.size_mm is not None:
            _require(
                len(self.size_mm) == 2 and all(v > 0 for v in self.size_mm),
                "size_mm is (length, width), both positive",
            )
        if self.orientation_deg is not None:
            _require(self.size_mm is not None, "an oriented lesion has a length (size_mm)")
            _require(0 <= self.orientation_deg < 180, "orientation_deg is 0 .. <180")


@dataclass(frozen=True, slots=True)
class PhotoEntry:
    """One photo in the log, with its chain of custody: who took it, with what, where it is
    kept and since when."""

    photo_id: str
    taken_at: datetime
    scale_present: bool
    light: Light
    description: str = ""
    photographer: str = ""
    device: str = ""  # camera or other device
    storage_place: str = ""  # where the original is kept
    stored_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Investigation:
    """Further investigation (skeletal survey, coagulation, fundoscopy ...) and its result."""

    name: str
    performed_on: date | None
    result: str


@dataclass(frozen=True, slots=True)
class Interpretation:
    assessment: Assessment
    reasoning: str
    fit_with_history: str
    age_and_healing: str


@dataclass(frozen=True, slots=True)
class Conclusion:
    """The answer to question `question_number` (1-based), of exactly one kind."""

    question_number: int
    finding: EvaluativeConclusion | ClinicalConclusion

    def __post_init__(self) -> None:
        _require(self.question_number >= 1, "question numbers start at 1")
        _require(
            isinstance(self.finding, EvaluativeConclusion | ClinicalConclusion),
            "a conclusion is an EvaluativeConclusion or a ClinicalConclusion",
        )

    @property
    def kind(self) -> ConclusionKind:
        """Derived from the finding, so a conclusion can never claim one kind and be the other."""
        return self.finding.kind


@dataclass(frozen=True, slots=True)
class Signature:
    author_name: str
    big_number: str
    qualification: str
    signed_at: datetime | None = None
    reviewer_name: str | None = None
    place: str = ""


@dataclass(frozen=True, slots=True)
class Correction:
    """Why this version replaces an earlier one; corrections never overwrite silently."""

    previous_version: int
    reason: str


@dataclass(frozen=True, slots=True)
class ForensicReportData:
    report_id: str
    version: int
    kind: ReportKind
    status: ReportStatus
    template_version: str
    requester: Requester
    instruction: Instruction | None
    legal_basis: str
    questions: tuple[str, ...]  # the vraagstelling, numbered 1.. in this order
    identity: CaseIdentity
    examination: Examination | None  # None in file-based kinds (sources instead)
    sources: tuple[str, ...]
    anamnesis: tuple[AnamnesisEntry, ...]
    findings: tuple[ExaminationFinding, ...]
    injuries: tuple[InjuryRow, ...]
    photos: tuple[PhotoEntry, ...]
    investigations: tuple[Investigation, ...]
    interpretation: Interpretation | None
    conclusions: tuple[Conclusion, ...]
    limitations: tuple[str, ...]
    signature: Signature
    correction: Correction | None = None
    issued_on: date | None = None  # date on the cover; defaults to the signing date
    issuer: str = ""  # the issuing GGD (letterhead); the report is theirs, not the software's
    fit_with_toedracht: str = ""  # letselverklaring: fits the stated course of events?
    expected_healing: str = ""  # letselverklaring: expected healing time / lasting effects
    content_sha256: str = ""  # printed in the footer of a final report (see forensic_reports)

    def __post_init__(self) -> None:
        _require(self.version >= 1, "versions start at 1")
        if self.correction is not None:
            _require(
                self.correction.previous_version < self.version,
                "a correction replaces an earlier version",
            )
            _require(bool(self.correction.reason.strip()), "a correction states its reason")

    @property
    def is_draft(self) -> bool:
        return self.status is not ReportStatus.FINAL


class InflictedLikelihood(StrEnum):
    """LECK outcome, first axis: how likely is it that the injury was inflicted? The middle
    value "onbeslist" is where the material does not decide [verify LECK's own label]."""

    VRIJWEL_ZEKER = "vrijwel_zeker"
    WAARSCHIJNLIJK = "waarschijnlijk"
    ONBESLIST = "onbeslist"
    ONWAARSCHIJNLIJK = "onwaarschijnlijk"
    VRIJWEL_ZEKER_NIET = "vrijwel_zeker_niet"

    @property
    def wording(self) -> str:
        return {
            "vrijwel_zeker": "Toegebracht letsel is vrijwel zeker.",
            "waarschijnlijk": "Toegebracht letsel is waarschijnlijk.",
            "onbeslist": "Of het letsel is toegebracht, is onbeslist.",
            "onwaarschijnlijk": "Toegebracht letsel is onwaarschijnlijk.",
            "vrijwel_zeker_niet": "Toegebracht letsel is vrijwel zeker niet aan de orde.",
        }[self.value]


class AlternativeExplanation(StrEnum):
    """LECK outcome, second axis: the explanation other than inflicted injury."""

    ACCIDENTEEL = "accidenteel"
    ZIEKTE = "ziekte"
    VARIATIE_VAN_NORMAAL = "variatie_van_normaal"
    ONBEKEND = "onbekend"

    @property
    def wording(self) -> str:
        return {
            "accidenteel": "Een accidenteel ontstaan (ongeval) verklaart de bevindingen.",
            "ziekte": "Een ziekte verklaart de bevindingen.",
            "variatie_van_normaal": "De bevindingen passen bij een variatie van normaal.",
            "onbekend": "Een andere verklaring is niet bekend.",
        }[self.value]


@dataclass(frozen=True, slots=True)
class LeckAdviceLetterData:
    """A LECK advice letter. Anonymous by construction: there is no field for the child's name,
    birth date or BSN, only the case number, age in months and sex."""

    case_number: str
    received_on: date
    answered_on: date
    requester_organisation: str
    requester_name: str | None  # None when the requester asked to stay unnamed
    age_months: int
    sex: Sex
    concerns: tuple[Concern, ...]
    injuries_summary: tuple[str, ...]
    question: str
    clinical_summary: str
    advice: str
    conclusion: ClinicalConclusion
    consultant_name: str
    reviewer_name: str
    team_discussed_on: date | None = None
    version: int = 1
    disciplines: tuple[str, ...] = field(default_factory=tuple)
    draft: bool = False  # a preview before the team review released it (marked CONCEPT)
    assessment: str = ""  # beoordeling: the reasoning behind the outcome
    differential_diagnosis: str = ""
    material_received: tuple[str, ...] = ()
    inflicted: InflictedLikelihood | None = None
    alternative: AlternativeExplanation | None = None
    consultant_function: str = ""  # LECK-kinderarts, forensisch arts, kinderradioloog
    consultant_big: str = ""
    issuer: str = ""  # the LECK member hospital that issues the letter
    photos_received: int = 0
    revision_reason: str = ""  # why this version replaces the previous one (version > 1)
    requester_role: str = ""  # the requester's real role: vertrouwensarts, kinderarts, ...

    def __post_init__(self) -> None:
        _require(self.version >= 1, "letter versions start at 1")
        _require(
            self.version > 1 or not self.revision_reason, "version 1 is not a revision of anything"
        )
        _require(bool(self.case_number.strip()), "an advice letter needs its case number")
        _require(0 <= self.age_months < 18 * 12, "age_months is 0 .. 215")
        _require(self.answered_on >= self.received_on, "answered before it was received")
