"""Which report kind an instructing authority may order, and what each kind may conclude.

Dutch practice (domain brief, "Reports"):

- *letselverklaring* (injury statement) for the police or the Openbaar Ministerie, under a PV or
  aangifte number. It may say whether the injury fits the stated toedracht and the expected healing
  time or lasting effects, but draws no causal duiding and no conclusion.
- *letselrapportage* for a rechter-commissaris who appointed the doctor as expert (Wet
  deskundige in strafzaken): appointment date and number. Veilig Thuis cannot order one.
- *letselduiding* (interpretation) for Veilig Thuis or the police.
- *dossieronderzoek* and *letselvertaling* are file-based: sources instead of an examination.

Justice reports (letselverklaring, letselrapportage) carry no clinical categorical conclusion:
"waarschijnlijk toegebracht" there decides the ultimate issue, which is the court's.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.data import AUTHORITY_NL, Authority, Instruction, ReportKind

__all__ = [
    "ALLOWED_AUTHORITIES",
    "AUTHORITY_NL",
    "Authority",
    "Instruction",
    "KindProblem",
    "instruction_problems",
    "may_draw_clinical",
    "may_draw_evaluative",
]


ALLOWED_AUTHORITIES: dict[ReportKind, frozenset[Authority]] = {
    ReportKind.LETSELVERKLARING: frozenset({Authority.POLITIE, Authority.OPENBAAR_MINISTERIE}),
    ReportKind.LETSELRAPPORTAGE: frozenset({Authority.RECHTER_COMMISSARIS}),
    ReportKind.LETSELDUIDING: frozenset({Authority.VEILIG_THUIS, Authority.POLITIE}),
    ReportKind.DOSSIERONDERZOEK: frozenset(Authority),
    ReportKind.LETSELVERTALING: frozenset(Authority),
}


@dataclass(frozen=True, slots=True)
class KindProblem:
    """A rule broken, with the field it concerns (a key of the instruction)."""

    field: str
    message: str


def instruction_problems(kind: ReportKind, instruction: Instruction) -> list[KindProblem]:
    """Does this authority order this kind, with the reference the kind needs?"""
    allowed = ALLOWED_AUTHORITIES[kind]
    if instruction.authority not in allowed:
        names = " of ".join(sorted(AUTHORITY_NL[a] for a in allowed))
        return [
            KindProblem(
                "authority",
                f"a {kind.value} is ordered by {names}, not by "
                f"{AUTHORITY_NL[instruction.authority]}",
            )
        ]
    problems = []
    if kind is ReportKind.LETSELVERKLARING and not (
        instruction.pv_number or instruction.aangifte_number
    ):
        problems.append(
            KindProblem("pv_number", "a letselverklaring names the PV or aangifte number")
        )
    if kind is ReportKind.LETSELRAPPORTAGE:
        if instruction.appointment_date is None:
            problems.append(
                KindProblem(
                    "appointment_date",
                    "a letselrapportage names the date of the rechter-commissaris' appointment",
                )
            )
        if not instruction.appointment_number:
            problems.append(
                KindProblem(
                    "appointment_number",
                    "a letselrapportage names the number of the appointment",
                )
            )
    return problems


def may_draw_evaluative(kind: ReportKind) -> bool:
    """A letselverklaring documents without causal duiding; every other kind may weigh."""
    return kind is not ReportKind.LETSELVERKLARING


def may_draw_clinical(kind: ReportKind) -> bool:
    """A clinical categorical conclusion (on the injury) belongs in a letselduiding only."""
    return kind is ReportKind.LETSELDUIDING
