"""The findings a forensisch arts captures, as strict request models mirroring `reports.data`.

Every part forbids unknown fields. Cross-field rules (photo references exist in the photo log,
injuries numbered 1..n, conclusions answer questions that were asked, timestamps not in the
future) are checked here so that a draft is already internally consistent; whether it is
*complete* is decided only at finalising, by `reports.completeness`.

Conclusions come in two shapes that cannot be mixed. An evaluative conclusion has no wording
field at all: the author picks a likelihood-ratio band and names two propositions, and the
report prints the fixed NFI sentence "De bevindingen zijn ... waarschijnlijker als H1 dan als
H2". Propositions that carry a probability or a verdict on the findings ("waarschijnlijk",
"kans dat", "given the findings") are refused by `reports.conclusions.validate_hypothesis`, so
the transposed conditional (prosecutor's fallacy) cannot be written through the API.

Long because it mirrors `reports.data` one model per data class, with the cross-field rules beside
them.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError
from sqlmodel import SQLModel

from fmek.clock import utcnow
from fmek.errors import Problem
from reports.bodymap import MAP_HEIGHT, MAP_WIDTH
from reports.conclusions import (
    ClinicalCategory,
    ClinicalConclusion,
    InvalidConclusion,
    LikelihoodRatioBand,
    validate_hypothesis,
)
from reports.consent import ConsentAuthority
from reports.data import Assessment, Authority, BodyRegion, InjuryKind, Light, ReportKind, Side
from reports.kinds import ALLOWED_AUTHORITIES, AUTHORITY_NL, may_draw_clinical

MAX_TEXT = 10_000
MAX_LINE = 500
MAX_ITEMS = 200


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise PydanticCustomError("blank_text", "this text is empty")
    return value


def _hypothesis(value: str) -> str:
    try:
        return validate_hypothesis(value)
    except InvalidConclusion as exc:
        raise PydanticCustomError("invalid_proposition", str(exc)) from None


def _not_future(value: datetime) -> datetime:
    if value > utcnow():
        raise PydanticCustomError("future_timestamp", "this moment lies in the future")
    return value


Line = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(_not_blank)]
Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_not_blank)]
OptionalLine = Annotated[str, Field(max_length=MAX_LINE), AfterValidator(str.strip)]
Moment = Annotated[AwareDatetime, AfterValidator(_not_future)]
Proposition = Annotated[str, Field(max_length=400), AfterValidator(_hypothesis)]


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # SQLModel types it as its own dict


class ExaminationIn(_Strict):
    """When and where the child was examined, and who was in the room. An examination before
    the request is allowed only with its reason stated (`reports.chronology`)."""

    examined_at: Moment
    place: Line
    persons_present: list[Line] = Field(default_factory=list, max_length=50)
    ended_at: Moment | None = None
    before_request_reason: OptionalLine = ""


class InstructionIn(_Strict):
    """Who ordered the report: the authority decides which kind it may be (reports.kinds)."""

    authority: Authority
    name: Line
    pv_number: Annotated[str, Field(max_length=60), AfterValidator(str.strip)] = ""
    aangifte_number: Annotated[str, Field(max_length=60), AfterValidator(str.strip)] = ""
    appointment_date: date | None = None
    appointment_number: Annotated[str, Field(max_length=60), AfterValidator(str.strip)] = ""
    nrgd_number: Annotated[str, Field(max_length=20), AfterValidator(str.strip)] = ""


class ConsentScopeIn(_Strict):
    """What the consent covers; results are shared only with the recipients named here."""

    examination: bool
    photographs: bool
    share_with: list[Line] = Field(default_factory=list, max_length=20)


class ConsentIn(_Strict):
    """Who consented, on what authority, when, and to what. The authority is checked against
    the child's age band at `given_at` (`reports.consent`). Older drafts hold only `given_by`
    and a note (`text`); finalising asks for the structured fields."""

    given_by: Line
    text: Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(str.strip)] = ""
    authority: ConsentAuthority | None = None
    given_at: Moment | None = None
    scope: ConsentScopeIn | None = None
    court_order_reference: Annotated[str, Field(max_length=60), AfterValidator(str.strip)] = ""


class AnamnesisIn(_Strict):
    """One statement, with the informant named (quoted in the report, never paraphrased)."""

    informant: Line
    statement: Text


class FindingIn(_Strict):
    """One line of the top-to-toe examination."""

    area: Line
    observation: Text


class SizeIn(_Strict):
    length: float = Field(gt=0, le=2000, description="millimetres")
    width: float = Field(gt=0, le=2000, description="millimetres")


class InjuryIn(_Strict):
    number: int = Field(ge=1, le=MAX_ITEMS)
    body_region: BodyRegion
    side: Side
    kind: InjuryKind
    size_mm: SizeIn | None = Field(
        default=None, description="length x width in mm; null where not measurable (fracture)"
    )
    shape: Line
    colours: list[Line] = Field(default_factory=list, max_length=10)
    border: Line
    pattern: Line
    photo_refs: list[Line] = Field(default_factory=list, max_length=50)
    location: OptionalLine = ""
    map_x: float | None = Field(
        default=None, ge=0, le=MAP_WIDTH, description="where the doctor placed it on the body map"
    )
    map_y: float | None = Field(default=None, ge=0, le=MAP_HEIGHT)
    orientation_deg: float | None = Field(
        default=None,
        ge=0,
        lt=180,
        description="direction of the long axis on the body map, degrees clockwise from the "
        "body's long axis (0 = head to toe, 90 = across); drawn as an oriented line",
    )


class PhotoIn(_Strict):
    """One photo and its chain of custody: who took it, with what, where it is kept and since
    when (finalising asks for photographer, device and storage place)."""

    photo_id: Annotated[str, Field(max_length=40), AfterValidator(_not_blank)]
    taken_at: Moment
    scale_present: bool
    light: Light
    description: OptionalLine = ""
    photographer: Annotated[str, Field(max_length=200), AfterValidator(str.strip)] = ""
    device: Annotated[str, Field(max_length=200), AfterValidator(str.strip)] = ""
    storage_place: Annotated[str, Field(max_length=MAX_LINE), AfterValidator(str.strip)] = ""
    stored_at: Moment | None = None


class InvestigationIn(_Strict):
    name: Line
    performed_on: date | None = None
    result: Text

    @model_validator(mode="after")
    def _performed_not_future(self) -> Self:
        if self.performed_on is not None and self.performed_on > utcnow().date():
            raise PydanticCustomError("future_date", "an investigation cannot be in the future")
        return self


class InterpretationIn(_Strict):
    """Disease, accident or inflicted; fit with the history; age and healing of the injuries."""

    assessment: Assessment
    reasoning: Text
    fit_with_history: Text
    age_and_healing: Text


_EVALUATIVE_FIELDS = frozenset({"h1", "h2", "band", "h2_source", "onderbouwing"})
_CLINICAL_FIELDS = frozenset({"category", "explanation"})


def _refuse_mixing(data: Any, other_kind: frozenset[str], kind: str) -> Any:
    if isinstance(data, dict) and (mixed := sorted(other_kind & data.keys())):
        raise PydanticCustomError(
            "mixed_conclusion",
            "a {kind} conclusion cannot carry {fields}: evaluative and clinical conclusions are "
            "never mixed; write two conclusions instead",
            {"kind": kind, "fields": ", ".join(mixed)},
        )
    return data


class EvaluativeConclusionIn(_Strict):
    """How much more probable the findings are if H1 than if H2. There is no wording field:
    the sentence is generated from the band, always with the findings as its subject."""

    kind: Literal["evaluative"]
    question: int = Field(ge=1, le=50, description="number of the question answered (1-based)")
    h1: Proposition
    h2: Proposition
    band: LikelihoodRatioBand
    h2_source: Line = Field(description="whose account H2 is, e.g. 'lezing moeder, anamnese 1'")
    onderbouwing: Text = Field(description="why this class: expert judgement, stated")

    @model_validator(mode="before")
    @classmethod
    def _not_clinical(cls, data: Any) -> Any:
        return _refuse_mixing(data, _CLINICAL_FIELDS, "evaluative")

    @model_validator(mode="after")
    def _distinct(self) -> Self:
        if self.h1.casefold() == self.h2.casefold():
            raise PydanticCustomError(
                "same_propositions", "H1 and H2 must be different propositions"
            )
        return self


class ClinicalConclusionIn(_Strict):
    """A LECK category (fixed sentence) with the physician's explanation."""

    kind: Literal["clinical"]
    question: int = Field(ge=1, le=50, description="number of the question answered (1-based)")
    category: ClinicalCategory
    explanation: Annotated[str, Field(max_length=MAX_TEXT)] = ""

    @model_validator(mode="before")
    @classmethod
    def _not_evaluative(cls, data: Any) -> Any:
        return _refuse_mixing(data, _EVALUATIVE_FIELDS, "clinical")

    @model_validator(mode="after")
    def _no_evaluative_words(self) -> Self:
        try:
            ClinicalConclusion(self.category, self.explanation)
        except InvalidConclusion as exc:
            raise PydanticCustomError("mixed_conclusion", str(exc)) from None
        self.explanation = self.explanation.strip()
        return self


ConclusionIn = Annotated[EvaluativeConclusionIn | ClinicalConclusionIn, Field(discriminator="kind")]

# "Kindermishandeling" (or "mishandeld") in a conclusion decides the ultimate issue.
_ULTIMATE_ISSUE = re.compile(r"mishandel", re.IGNORECASE)


def _problem(kind: str, msg: str, *loc: str | int) -> Problem:
    return Problem(msg=msg, type=kind, loc=("body", *loc))


class ReportDraftIn(_Strict):
    """The whole findings payload of a draft; PUT replaces the draft with it.

    `questions` omitted means the referral's vraagstelling is the one question (number 1).
    """

    kind: ReportKind
    instruction: InstructionIn | None = None
    legal_basis: OptionalLine = ""
    questions: list[Text] = Field(default_factory=list, max_length=50)
    examination: ExaminationIn | None = None
    consent: ConsentIn | None = None
    sources: list[Line] = Field(default_factory=list, max_length=50)
    anamnesis: list[AnamnesisIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    findings: list[FindingIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    injuries: list[InjuryIn] = Field(default_factory=list, max_length=MAX_ITEMS)
    photos: list[PhotoIn] = Field(default_factory=list, max_length=4 * MAX_ITEMS)
    investigations: list[InvestigationIn] = Field(default_factory=list, max_length=50)
    interpretation: InterpretationIn | None = None
    conclusions: list[ConclusionIn] = Field(default_factory=list, max_length=100)
    limitations: list[Text] = Field(default_factory=list, max_length=50)
    fit_with_toedracht: Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(str.strip)] = ""
    expected_healing: Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(str.strip)] = ""

    @property
    def question_count(self) -> int:
        return len(self.questions) or 1

    def problems(self) -> list[Problem]:
        """Cross-field inconsistencies, each with its own location (all at once, not the first)."""
        return [
            *self._kind_problems(),
            *self._consent_problems(),
            *self._injury_problems(),
            *self._photo_problems(),
            *self._conclusion_problems(),
        ]

    def _consent_problems(self) -> list[Problem]:
        """What is recorded stays within what was consented to."""
        consent = self.consent
        if consent is None:
            return []
        problems = []
        if consent.authority is ConsentAuthority.COURT_ORDER and not consent.court_order_reference:
            problems.append(
                _problem(
                    "court_order_reference_required",
                    "consent on a court order names that order (court_order_reference)",
                    "consent",
                    "court_order_reference",
                )
            )
        if consent.court_order_reference and consent.authority is not ConsentAuthority.COURT_ORDER:
            problems.append(
                _problem(
                    "court_order_reference_without_order",
                    "a court order reference belongs to consent on the authority 'court_order'",
                    "consent",
                    "court_order_reference",
                )
            )
        scope = consent.scope
        if scope is None:
            return problems
        if self.examination is not None and not scope.examination:
            problems.append(
                _problem(
                    "examination_without_consent",
                    "an examination is recorded, but the consent does not cover it; record the "
                    "consent that was given, or leave the examination out",
                    "consent",
                    "scope",
                    "examination",
                )
            )
        if self.photos and not scope.photographs:
            problems.append(
                _problem(
                    "photos_without_consent",
                    "photos are logged, but the consent does not cover photographs",
                    "consent",
                    "scope",
                    "photographs",
                )
            )
        return problems

    def _kind_problems(self) -> list[Problem]:
        """The report kind follows the instructing authority and decides what the body holds."""
        problems = []
        if self.instruction is not None:
            allowed = ALLOWED_AUTHORITIES[self.kind]
            if self.instruction.authority not in allowed:
                names = " or ".join(sorted(AUTHORITY_NL[a] for a in allowed))
                problems.append(
                    _problem(
                        "kind_not_for_authority",
                        f"a {self.kind.value} is ordered by {names}, not by "
                        f"{AUTHORITY_NL[self.instruction.authority]}; choose the kind that "
                        "authority orders",
                        "instruction",
                        "authority",
                    )
                )
        if not self.kind.examines and self.examination is not None:
            problems.append(
                _problem(
                    "examination_in_file_report",
                    f"a {self.kind.value} is based on sources, not on an examination; list the "
                    "sources and leave the examination out",
                    "examination",
                )
            )
        if not self.kind.interprets and self.interpretation is not None:
            problems.append(
                _problem(
                    "interpretation_not_in_kind",
                    "a letselverklaring gives no causal duiding; state the fit with the stated "
                    "toedracht and the expected healing instead",
                    "interpretation",
                )
            )
        if self.kind.interprets and (self.fit_with_toedracht or self.expected_healing):
            field = "fit_with_toedracht" if self.fit_with_toedracht else "expected_healing"
            problems.append(
                _problem(
                    "statement_not_in_kind",
                    f"this field belongs to a letselverklaring; a {self.kind.value} states the "
                    "fit and healing in its interpretation",
                    field,
                )
            )
        return problems

    def _injury_problems(self) -> list[Problem]:
        problems = [
            _problem(
                "orientation_without_size",
                f"injury {injury.number} has an orientation but no size: an oriented lesion is "
                "drawn with its length (size_mm)",
                "injuries",
                index,
                "orientation_deg",
            )
            for index, injury in enumerate(self.injuries)
            if injury.orientation_deg is not None and injury.size_mm is None
        ]
        numbers = [injury.number for injury in self.injuries]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(
                _problem(
                    "injury_numbering",
                    "injuries are numbered 1, 2, 3 ... in order, each number once",
                    "injuries",
                )
            )
        return problems

    def _photo_problems(self) -> list[Problem]:
        problems = []
        ids = [photo.photo_id for photo in self.photos]
        if len(set(ids)) != len(ids):
            problems.append(
                _problem("duplicate_photo", "each photo id occurs once in the log", "photos")
            )
        logged = set(ids)
        for index, injury in enumerate(self.injuries):
            for ref_index, ref in enumerate(injury.photo_refs):
                if ref not in logged:
                    problems.append(
                        _problem(
                            "unknown_photo",
                            f"injury {injury.number} refers to a photo that is not in the photo "
                            "log; add it to the log or correct the reference",
                            "injuries",
                            index,
                            "photo_refs",
                            ref_index,
                        )
                    )
        return problems

    def _conclusion_problems(self) -> list[Problem]:
        problems = []
        for n, conclusion in enumerate(self.conclusions):
            if isinstance(conclusion, ClinicalConclusionIn):
                if not may_draw_clinical(self.kind):
                    problems.append(
                        _problem(
                            "clinical_not_in_kind",
                            f"a {self.kind.value} carries no clinical categorical conclusion: it "
                            "would decide the ultimate issue; write an evaluative conclusion "
                            "(findings under two propositions)",
                            "conclusions",
                            n,
                            "kind",
                        )
                    )
                elif _ULTIMATE_ISSUE.search(conclusion.explanation):
                    problems.append(
                        _problem(
                            "ultimate_issue",
                            "a clinical conclusion is worded on the injury (e.g. 'toegebracht "
                            "letsel'), never on kindermishandeling",
                            "conclusions",
                            n,
                            "explanation",
                        )
                    )
        if any(isinstance(c, EvaluativeConclusionIn) for c in self.conclusions) and (
            not self.kind.interprets
        ):
            problems.append(
                _problem(
                    "conclusions_not_in_kind",
                    "a letselverklaring documents injuries and draws no conclusions on their "
                    "cause; choose letselduiding or letselrapportage",
                    "conclusions",
                )
            )
        for n, conclusion in enumerate(self.conclusions):
            if conclusion.question > self.question_count:
                problems.append(
                    _problem(
                        "unknown_question",
                        f"conclusion {n + 1} answers question {conclusion.question}, but "
                        f"{self.question_count} question(s) were asked",
                        "conclusions",
                        n,
                        "question",
                    )
                )
        return problems
