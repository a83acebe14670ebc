"""Realistic, entirely fictional report data for tests, the benchmark and the demo loader.

Names, numbers and organisations are invented; any likeness to a real case is coincidental.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from reports.conclusions import (
    ClinicalCategory,
    ClinicalConclusion,
    EvaluativeConclusion,
    LikelihoodRatioBand,
)
from reports.data import (
    AgeBand,
    AlternativeExplanation,
    AnamnesisEntry,
    Assessment,
    Authority,
    BodyRegion,
    CaseIdentity,
    Concern,
    Conclusion,
    Consent,
    ConsentAuthority,
    ConsentScope,
    Examination,
    ExaminationFinding,
    ForensicReportData,
    InflictedLikelihood,
    InjuryKind,
    InjuryRow,
    Instruction,
    Interpretation,
    Investigation,
    LeckAdviceLetterData,
    Light,
    PhotoEntry,
    ReportKind,
    ReportStatus,
    Requester,
    Sex,
    Side,
    Signature,
)

__all__ = ["EXAMINED_AT", "draft_of", "sample_advice_letter", "sample_forensic_report"]

EXAMINED_AT = datetime(2026, 11, 27, 13, 30, tzinfo=UTC)  # 14:30 in Utrecht

B, A, L = InjuryKind.BRUISE, InjuryKind.ABRASION, InjuryKind.LACERATION
R_, L_, M_, BI = Side.RIGHT, Side.LEFT, Side.MIDLINE, Side.BILATERAL


@dataclass(frozen=True, slots=True)
class _Injury:
    """One injury of the sample body; `_injuries` numbers them and adds the photos."""

    region: BodyRegion
    side: Side
    kind: InjuryKind
    size_mm: tuple[float, float] | None
    shape: str
    colours: tuple[str, ...]
    border: str
    pattern: str
    site: str


_INJURIES: tuple[_Injury, ...] = (
    _Injury(
        region=BodyRegion.ARM,
        side=L_,
        kind=B,
        size_mm=(18, 12),
        shape="ovaal",
        colours=("blauw", "paars"),
        border="scherp",
        pattern="geen",
        site="bovenarm, binnenzijde, 6 cm boven de elleboogplooi",
    ),
    _Injury(
        region=BodyRegion.ARM,
        side=L_,
        kind=B,
        size_mm=(16, 11),
        shape="ovaal",
        colours=("blauw", "paars"),
        border="scherp",
        pattern="geen",
        site="bovenarm, buitenzijde, tegenover letsel 1",
    ),
    _Injury(
        region=BodyRegion.ARM,
        side=L_,
        kind=B,
        size_mm=(14, 10),
        shape="rond",
        colours=("blauw",),
        border="scherp",
        pattern="geen",
        site="bovenarm, binnenzijde, 3 cm onder letsel 1",
    ),
    _Injury(
        region=BodyRegion.ARM,
        side=R_,
        kind=B,
        size_mm=(20, 14),
        shape="ovaal",
        colours=("blauwgroen",),
        border="vervaagd",
        pattern="geen",
        site="onderarm, strekzijde, midden",
    ),
    _Injury(
        region=BodyRegion.BUTTOCKS,
        side=L_,
        kind=B,
        size_mm=(85, 9),
        shape="streepvormig",
        colours=("rood", "paars"),
        border="scherp",
        pattern="twee evenwijdige strepen, 6 mm tussenruimte (tramline)",
        site="linkerbil, schuin verlopend",
    ),
    _Injury(
        region=BodyRegion.BUTTOCKS,
        side=R_,
        kind=B,
        size_mm=(60, 8),
        shape="streepvormig",
        colours=("rood", "paars"),
        border="scherp",
        pattern="twee evenwijdige strepen, 6 mm tussenruimte (tramline)",
        site="rechterbil, bovenste kwadrant",
    ),
    _Injury(
        region=BodyRegion.BACK,
        side=M_,
        kind=B,
        size_mm=(30, 22),
        shape="onregelmatig",
        colours=("geelgroen",),
        border="vervaagd",
        pattern="geen",
        site="ter hoogte van de onderste borstwervels",
    ),
    _Injury(
        region=BodyRegion.BACK,
        side=L_,
        kind=B,
        size_mm=(25, 15),
        shape="ovaal",
        colours=("geel",),
        border="vervaagd",
        pattern="geen",
        site="linker schouderblad",
    ),
    _Injury(
        region=BodyRegion.EAR,
        side=L_,
        kind=B,
        size_mm=(12, 6),
        shape="onregelmatig",
        colours=("paars",),
        border="scherp",
        pattern="petechiën",
        site="oorschelp, achterzijde",
    ),
    _Injury(
        region=BodyRegion.FACE,
        side=L_,
        kind=B,
        size_mm=(22, 15),
        shape="ovaal",
        colours=("blauw",),
        border="scherp",
        pattern="geen",
        site="wang, jukbeen",
    ),
    _Injury(
        region=BodyRegion.FACE,
        side=R_,
        kind=A,
        size_mm=(8, 4),
        shape="lijnvormig",
        colours=("rood",),
        border="scherp",
        pattern="korstvorming",
        site="kin",
    ),
    _Injury(
        region=BodyRegion.NECK,
        side=L_,
        kind=B,
        size_mm=(9, 7),
        shape="rond",
        colours=("blauw",),
        border="scherp",
        pattern="geen",
        site="zijkant hals, onder de kaakhoek",
    ),
    _Injury(
        region=BodyRegion.NECK,
        side=R_,
        kind=B,
        size_mm=(8, 7),
        shape="rond",
        colours=("blauw",),
        border="scherp",
        pattern="geen",
        site="zijkant hals, onder de kaakhoek",
    ),
    _Injury(
        region=BodyRegion.CHEST,
        side=R_,
        kind=B,
        size_mm=(15, 12),
        shape="rond",
        colours=("groen", "geel"),
        border="vervaagd",
        pattern="geen",
        site="onder het sleutelbeen",
    ),
    _Injury(
        region=BodyRegion.ABDOMEN,
        side=M_,
        kind=B,
        size_mm=(10, 8),
        shape="rond",
        colours=("blauw",),
        border="scherp",
        pattern="geen",
        site="boven de navel",
    ),
    _Injury(
        region=BodyRegion.LEG,
        side=R_,
        kind=B,
        size_mm=(20, 15),
        shape="ovaal",
        colours=("geelbruin",),
        border="vervaagd",
        pattern="geen",
        site="scheenbeen, voorzijde, midden",
    ),
    _Injury(
        region=BodyRegion.LEG,
        side=L_,
        kind=B,
        size_mm=(18, 12),
        shape="ovaal",
        colours=("geelbruin",),
        border="vervaagd",
        pattern="geen",
        site="scheenbeen, voorzijde, boven de enkel",
    ),
    _Injury(
        region=BodyRegion.LEG,
        side=BI,
        kind=A,
        size_mm=(12, 10),
        shape="onregelmatig",
        colours=("rood",),
        border="scherp",
        pattern="korstvorming",
        site="knieën, voorzijde",
    ),
    _Injury(
        region=BodyRegion.HAND,
        side=R_,
        kind=L,
        size_mm=(6, 2),
        shape="lijnvormig",
        colours=("rood",),
        border="scherp",
        pattern="wondranden gaaf",
        site="handrug, tussen 2e en 3e middenhandsbeen",
    ),
    _Injury(
        region=BodyRegion.HEAD,
        side=R_,
        kind=B,
        size_mm=(35, 30),
        shape="rond",
        colours=("niet zichtbaar",),
        border="palpabel",
        pattern="zwelling",
        site="behaarde hoofd, wandbeen",
    ),
)


# the elongated lesions (the tramlines on the buttocks) and their direction on the body map:
# degrees clockwise from the body's long axis
_ORIENTATION = {4: 60.0, 5: 75.0}


def _injuries(n: int) -> tuple[InjuryRow, ...]:
    rows = []
    for k in range(n):
        injury = _INJURIES[k % len(_INJURIES)]
        number = k + 1
        rows.append(
            InjuryRow(
                number=number,
                body_region=injury.region,
                side=injury.side,
                kind=injury.kind,
                size_mm=injury.size_mm,
                shape=injury.shape,
                colours=injury.colours,
                border=injury.border,
                pattern=injury.pattern,
                photo_refs=(f"F{2 * number + 1:03d}", f"F{2 * number + 2:03d}"),
                location=injury.site,
                orientation_deg=_ORIENTATION.get(k % len(_INJURIES)),
            )
        )
    return tuple(rows)


PHOTOGRAPHER = "mw. A. Kaya, forensisch verpleegkundige"
CAMERA = "Nikon D7500, GGD-camera FMO-2"
STORAGE = "beveiligd beeldarchief GGD regio Utrecht, dossier FMO-2026-0412"


def _photo(photo_id: str, at: datetime, scale: bool, light: Light, description: str) -> PhotoEntry:
    return PhotoEntry(
        photo_id=photo_id,
        taken_at=at,
        scale_present=scale,
        light=light,
        description=description,
        photographer=PHOTOGRAPHER,
        device=CAMERA,
        storage_place=STORAGE,
    )


def _photos(injuries: tuple[InjuryRow, ...]) -> tuple[PhotoEntry, ...]:
    start = EXAMINED_AT + timedelta(minutes=20)
    photos = [
        _photo(
            photo_id="F001",
            at=start,
            scale=False,
            light=Light.WHITE,
            description="overzicht voorzijde",
        ),
        _photo(
            photo_id="F002",
            at=start + timedelta(minutes=1),
            scale=False,
            light=Light.WHITE,
            description="overzicht achterzijde",
        ),
    ]
    for injury in injuries:
        close, scaled = injury.photo_refs
        at = start + timedelta(minutes=2 + injury.number)
        photos.append(
            _photo(
                photo_id=close,
                at=at,
                scale=False,
                light=Light.WHITE,
                description=f"letsel {injury.number}, oriëntatie",
            )
        )
        light = (
            Light.FORENSIC
            if injury.kind is InjuryKind.BRUISE and injury.number % 4 == 0
            else Light.WHITE
        )
        photos.append(
            _photo(
                photo_id=scaled,
                at=at + timedelta(seconds=30),
                scale=True,
                light=light,
                description=f"letsel {injury.number}, detail met meetlat",
            )
        )
    stored_at = photos[-1].taken_at + timedelta(minutes=40)  # copied to the archive afterwards
    return tuple(replace(p, stored_at=stored_at) for p in photos)


QUESTIONS = (
    "Is het letsel van het kind toegebracht, bij een ongeval ontstaan of het gevolg van een "
    "ziekte?",
    "In hoeverre passen de bevindingen bij de lezing van moeder dat Sanne van de trap is gevallen?",
    "Past het streepvormige letsel op de billen bij een slag met een voorwerp?",
)


def _interpretation() -> Interpretation:
    return Interpretation(
        assessment=Assessment.INFLICTED,
        reasoning="Een val van een trap geeft bij jonge kinderen vooral letsel aan uitstekende "
        "delen (voorhoofd, knieën, scheenbenen). Hier zijn ook beschutte plaatsen aangedaan: "
        "binnenzijde bovenarm, oor, hals en billen. De gegroepeerde ronde onderhuidse "
        "bloeduitstortingen (blauwe plekken) aan de bovenarm passen bij vingertoppen; de dubbele "
        "evenwijdige strepen op de billen passen bij een slag met een lijnvormig voorwerp. "
        "Stollingsonderzoek toont geen afwijkingen.",
        fit_with_history="De beschreven val verklaart de schaafwonden op de knieën (letsel 18) "
        "en mogelijk de blauwe plekken op de scheenbenen, niet de overige letsels.",
        age_and_healing="De kleur van een blauwe plek is geen maat voor de ouderdom, en "
        "kleurverschillen tussen blauwe plekken tonen niet aan dat zij op verschillende momenten "
        "zijn ontstaan. Over de ouderdom van de letsels doet dit rapport daarom geen uitspraak; "
        "de schaafwonden op de knieën zijn ingekorst en dus niet van de dag van het onderzoek.",
    )


_STATEMENT = (
    "De schaafwonden op de knieën passen bij de opgegeven val van de trap; de overige letsels "
    "worden door die val niet verklaard.",
    "De blauwe plekken en schaafwonden genezen naar verwachting binnen twee tot drie weken zonder "
    "blijvende gevolgen.",
)

_INSTRUCTIONS = {
    ReportKind.LETSELDUIDING: Instruction(
        authority=Authority.VEILIG_THUIS, name="Veilig Thuis Utrecht, team onderzoek"
    ),
    ReportKind.LETSELRAPPORTAGE: Instruction(
        authority=Authority.RECHTER_COMMISSARIS,
        name="Rechter-commissaris, rechtbank Midden-Nederland",
        appointment_date=date(2026, 11, 26),
        appointment_number="RC-16-704512-26",
        nrgd_number="NRGD 040123",
    ),
    ReportKind.LETSELVERKLARING: Instruction(
        authority=Authority.POLITIE,
        name="Politie Midden-Nederland, district Utrecht-Stad",
        pv_number="PL0900-2026-318842",
    ),
}

_LEGAL_BASIS = {
    ReportKind.LETSELDUIDING: "Onderzoek door Veilig Thuis (Wmo 2015, hoofdstuk 4), met "
    "schriftelijke toestemming van de gezaghebbende ouders",
    ReportKind.LETSELRAPPORTAGE: "Benoeming tot deskundige door de rechter-commissaris "
    "(artikel 227 en 51i Wetboek van Strafvordering)",
    ReportKind.LETSELVERKLARING: "Verzoek van de politie in het kader van een "
    "opsporingsonderzoek, met toestemming van de gezaghebbende ouders",
}


def _conclusions(kind: ReportKind) -> tuple[Conclusion, ...]:
    """Two evaluative conclusions; a letselduiding also answers question 1 categorically (on the
    injury), a letselrapportage weighs it, a letselverklaring concludes nothing."""
    if kind is ReportKind.LETSELVERKLARING:
        return ()
    evaluative = (
        Conclusion(
            question_number=2,
            finding=EvaluativeConclusion(
                h1="de letsels bij meerdere gelegenheden door slaan of knijpen zijn toegebracht",
                h2="de letsels bij één val van de trap zijn ontstaan, zoals moeder beschrijft",
                band=LikelihoodRatioBand.STRONG,
                h2_source="lezing moeder, anamnese 1",
                onderbouwing="Een val van een trap verklaart letsel aan uitstekende delen, niet "
                "gegroepeerde ronde blauwe plekken aan de binnenzijde van de bovenarm, achter het "
                "oor en in de hals. Deze klasse berust op deskundig oordeel met de literatuur over "
                "de plaats van letsel bij vallen van jonge kinderen, niet op een berekening.",
            ),
        ),
        Conclusion(
            question_number=3,
            finding=EvaluativeConclusion(
                h1="het letsel op de billen door een slag met een lijnvormig voorwerp is veroorzaakt",
                h2="het letsel op de billen door een val op een traptrede is ontstaan",
                band=LikelihoodRatioBand.MODERATELY_STRONG,
                h2_source="lezing moeder, anamnese 1",
                onderbouwing="Dubbele evenwijdige strepen met een bleek midden (tramline) ontstaan "
                "bij een slag met een lijnvormig voorwerp; een traprand geeft één brede band. "
                "Deskundig oordeel, geen berekening.",
            ),
        ),
    )
    if kind is ReportKind.LETSELDUIDING:
        first: Conclusion = Conclusion(
            question_number=1,
            finding=ClinicalConclusion(
                category=ClinicalCategory.WAARSCHIJNLIJK,
                text="Gegroepeerde ronde onderhuidse bloeduitstortingen aan de bovenarm, dubbele "
                "streepvormige bloeduitstortingen op beide billen en letsel op plaatsen die bij "
                "een val zelden worden geraakt, zonder aanwijzingen voor een stollingsstoornis.",
            ),
        )
    else:
        first = Conclusion(
            question_number=1,
            finding=EvaluativeConclusion(
                h1="de letsels door een ander zijn toegebracht",
                h2="de letsels bij een ongeval zijn ontstaan",
                band=LikelihoodRatioBand.STRONG,
                h2_source="lezing moeder, anamnese 1 en 2",
                onderbouwing="Plaats, vorm en patroon van de letsels en het ontbreken van een "
                "stollingsstoornis; deskundig oordeel, geen berekening.",
            ),
        )
    return (first, *evaluative)


def sample_forensic_report(
    n_injuries: int = 20,
    *,
    kind: ReportKind = ReportKind.LETSELDUIDING,
    status: ReportStatus = ReportStatus.FINAL,
) -> ForensicReportData:
    """A complete report of `kind` (final and signed unless `status` says draft), ordered by the
    authority that orders that kind."""
    injuries = _injuries(n_injuries)
    photos = _photos(injuries)
    signed_at = EXAMINED_AT + timedelta(days=2, hours=3) if status is ReportStatus.FINAL else None
    conclusions = _conclusions(kind)
    interpretation = _interpretation() if kind.interprets else None
    return ForensicReportData(
        report_id="FMEK-2026-000137",
        version=2,
        kind=kind,
        status=status,
        template_version="rapportage-standaard 1.0",
        requester=Requester(
            name="drs. M. Jansen", organisation="Veilig Thuis Utrecht", role="vertrouwensarts"
        ),
        instruction=_INSTRUCTIONS[kind],
        legal_basis=_LEGAL_BASIS[kind],
        questions=QUESTIONS,
        identity=CaseIdentity(
            sex=Sex.FEMALE,
            child_name="Sanne de Vries",
            birth_date=date(2024, 3, 14),
            case_number="VT-UTR-2026-4471",
        ),
        examination=Examination(
            examined_at=EXAMINED_AT,
            place="GGD regio Utrecht, forensisch-medische onderzoekskamer, Zeist",
            persons_present=(
                "mw. L. de Vries, moeder",
                "drs. M. Jansen, vertrouwensarts Veilig Thuis Utrecht",
                "mw. A. Kaya, forensisch verpleegkundige (fotografie)",
            ),
            consent=Consent(
                given_by="mw. L. de Vries en dhr. P. de Vries, gezaghebbende ouders",
                text="onderzoek van het hele lichaam en fotografie van letsels, mondeling "
                "toegelicht in aanwezigheid van de vertrouwensarts.",
                authority=ConsentAuthority.PARENT_WITH_AUTHORITY,
                given_at=EXAMINED_AT - timedelta(minutes=10),
                age_band=AgeBand.UNDER_12,
                scope=ConsentScope(
                    examination=True, photographs=True, share_with=("Veilig Thuis Utrecht",)
                ),
            ),
            ended_at=photos[-1].taken_at + timedelta(minutes=10),
        ),
        sources=(
            "Verzoek van Veilig Thuis Utrecht d.d. 25 november 2026, met meldingsgegevens",
            "Gesprek met moeder op de dag van het onderzoek",
            "Huisartsjournaal (uittreksel) over de periode maart 2024 – november 2026",
            "Consultatiebureaudossier JGZ, groeicurve en vaccinaties",
        ),
        anamnesis=(
            AnamnesisEntry(
                informant="Moeder",
                statement="Ze is zondag van de trap gevallen, van de vierde of vijfde tree, en op haar billen "
                "terechtgekomen. Ik was in de keuken en hoorde het. Daarna huilde ze, maar ze wilde "
                "snel weer spelen.",
            ),
            AnamnesisEntry(
                informant="Moeder, over de plekken op de arm",
                statement="Die blauwe plekken op haar arm weet ik niet. Misschien van de crèche, ze speelt "
                "daar wild met de grotere kinderen.",
            ),
            AnamnesisEntry(
                informant="Sanne (2 jaar), spontaan tijdens het onderzoek",
                statement="Papa boos. Au bil.",
            ),
        ),
        findings=(
            ExaminationFinding(
                area="Algemene indruk",
                observation="Alert, wat teruggetrokken meisje; kijkt veel naar moeder.",
            ),
            ExaminationFinding(
                area="Groei",
                observation="Lengte 89 cm (0 SD), gewicht 12,1 kg (0 SD), hoofdomtrek 48 cm (0 SD).",
            ),
            ExaminationFinding(
                area="Hoofd en hals",
                observation="Zwelling wandbeen rechts; zie letsels 9–13 en 20.",
            ),
            ExaminationFinding(
                area="Mond en gebit", observation="Frenula intact; gebit zonder afwijkingen."
            ),
            ExaminationFinding(
                area="Romp",
                observation="Blauwe plekken op borst, buik en rug; zie letsels 7, 8, 14 en 15.",
            ),
            ExaminationFinding(
                area="Anogenitaal", observation="Uitwendig geen afwijkingen gezien."
            ),
            ExaminationFinding(
                area="Extremiteiten",
                observation="Bewegingsomvang volledig en pijnloos; geen zwelling van gewrichten.",
            ),
            ExaminationFinding(
                area="Huid overig",
                observation="Geen petechiën buiten letsel 9; geen aanwijzingen voor huidziekte.",
            ),
        ),
        injuries=injuries,
        photos=photos,
        investigations=(
            Investigation(
                name="Stollingsonderzoek (PT, APTT, fibrinogeen, trombocyten, VWF)",
                performed_on=date(2026, 11, 27),
                result="Geen afwijkingen.",
            ),
            Investigation(
                name="Skeletstatus volgens protocol",
                performed_on=date(2026, 11, 28),
                result="Geen fracturen gezien.",
            ),
        ),
        interpretation=interpretation,
        conclusions=conclusions,
        fit_with_toedracht=_STATEMENT[0] if kind is ReportKind.LETSELVERKLARING else "",
        expected_healing=_STATEMENT[1] if kind is ReportKind.LETSELVERKLARING else "",
        issuer="GGD regio Utrecht",
        limitations=(
            "De ouderdom van een onderhuidse bloeduitstorting is op basis van de kleur niet te "
            "bepalen.",
            "Vader is niet gehoord; de anamnese berust op de lezing van moeder.",
            "Het huisartsjournaal is als uittreksel ontvangen, niet volledig.",
        ),
        signature=Signature(
            author_name="dr. E. van den Berg",
            big_number="19012345601",
            qualification="forensisch arts KNMG, aandachtsgebied kindermishandeling",
            signed_at=signed_at,
            reviewer_name="dr. H. Smit, kinderarts-forensisch deskundige",
            place="Utrecht",
        ),
        correction=None,
    )


def sample_advice_letter() -> LeckAdviceLetterData:
    return LeckAdviceLetterData(
        case_number="LECK-2026-0193",
        received_on=date(2026, 11, 20),
        answered_on=date(2026, 11, 25),
        requester_organisation="Afdeling kindergeneeskunde, Streekziekenhuis Het Veen",
        requester_name="dr. S. Visser, kinderarts",
        age_months=7,
        sex=Sex.MALE,
        concerns=(Concern.PHYSICAL_ABUSE,),
        injuries_summary=(
            "Fractuur van de rechter femurschacht, spiraalvormig, zonder callusvorming.",
            "Twee ronde onderhuidse bloeduitstortingen (blauwe plekken) van circa 10 mm op de linker thoraxwand.",
            "Frenulum van de bovenlip ingescheurd.",
        ),
        question="Past het letsel bij de lezing dat de zuigeling van de commode is gerold, of "
        "zijn er aanwijzingen voor toegebracht letsel of een onderliggende ziekte?",
        clinical_summary="Zuigeling van 7 maanden, nog niet mobiel, gepresenteerd met pijnlijk "
        "rechterbeen na een volgens vader onbewaakt moment op de commode. Geen eerdere "
        "fracturen; stollingsonderzoek en calcium-fosfaathuishouding zonder afwijkingen. "
        "Aanvullend een ingescheurd lipfrenulum en blauwe plekken op de borstwand.",
        advice="Verricht een volledige skeletstatus met herhaling na 11–14 dagen, fundoscopie door "
        "een oogarts en een CT-cerebrum. Bespreek de casus met de vertrouwensarts van Veilig Thuis "
        "en laat het letsel vastleggen door een forensisch arts. Overweeg onderzoek van broers of "
        "zussen jonger dan twee jaar.",
        conclusion=ClinicalConclusion(
            category=ClinicalCategory.WAARSCHIJNLIJK,
            text="Een femurschachtfractuur bij een niet-mobiele zuigeling, samen met een ingescheurd "
            "lipfrenulum en blauwe plekken op de borstwand, wordt door een val van een commode niet "
            "verklaard.",
        ),
        consultant_name="dr. R. Bakker",
        reviewer_name="dr. J. Mulder, kinderradioloog, LECK",
        team_discussed_on=date(2026, 11, 24),
        disciplines=("kindergeneeskunde", "kinderradiologie", "forensische geneeskunde"),
        assessment="Een spiraalfractuur van de femurschacht bij een zuigeling die nog niet mobiel "
        "is, ontstaat niet bij een rol van een commode van 90 cm. Een ingescheurd lipfrenulum en "
        "blauwe plekken op de borstwand komen bij zuigelingen zonder verklaring zelden voor. "
        "Stolling en botstofwisseling zijn normaal.",
        differential_diagnosis="Osteogenesis imperfecta (geen blauwe sclerae, normale "
        "botstructuur); rachitis (normale calcium-fosfaathuishouding); stollingsstoornis "
        "(normaal stollingsonderzoek).",
        material_received=(
            "klinische samenvatting van de aanvrager",
            "röntgenfoto's femur rechts (2 opnamen)",
            "foto's van de borstwand (3)",
        ),
        inflicted=InflictedLikelihood.WAARSCHIJNLIJK,
        alternative=AlternativeExplanation.ONBEKEND,
        consultant_function="LECK-kinderarts",
        consultant_big="79012345601",
        issuer="UMC Utrecht (Wilhelmina Kinderziekenhuis)",
        photos_received=3,
    )


def draft_of(data: ForensicReportData) -> ForensicReportData:
    """The same report as an unsigned draft."""
    return replace(
        data, status=ReportStatus.DRAFT, signature=replace(data.signature, signed_at=None)
    )
