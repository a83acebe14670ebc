"""Realistic, entirely fictional report data for tests, the benchmark and the demo loader.

Names, numbers and organisations are invented; any likeness to a real case is coincidental.
"""

from __future__ import annotations

from dataclasses import replace
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

# region, side, kind, size, shape, colours, border, pattern, precise site
_INJURIES: tuple[
    tuple[
        BodyRegion,
        Side,
        InjuryKind,
        tuple[float, float] | None,
        str,
        tuple[str, ...],
        str,
        str,
        str,
    ],
    ...,
] = (
    (
        BodyRegion.ARM,
        L_,
        B,
        (18, 12),
        "ovaal",
        ("blauw", "paars"),
        "scherp",
        "geen",
        "bovenarm, binnenzijde, 6 cm boven de elleboogplooi",
    ),
    (
        BodyRegion.ARM,
        L_,
        B,
        (16, 11),
        "ovaal",
        ("blauw", "paars"),
        "scherp",
        "geen",
        "bovenarm, buitenzijde, tegenover letsel 1",
    ),
    (
        BodyRegion.ARM,
        L_,
        B,
        (14, 10),
        "rond",
        ("blauw",),
        "scherp",
        "geen",
        "bovenarm, binnenzijde, 3 cm onder letsel 1",
    ),
    (
        BodyRegion.ARM,
        R_,
        B,
        (20, 14),
        "ovaal",
        ("blauwgroen",),
        "vervaagd",
        "geen",
        "onderarm, strekzijde, midden",
    ),
    (
        BodyRegion.BUTTOCKS,
        L_,
        B,
        (85, 9),
        "streepvormig",
        ("rood", "paars"),
        "scherp",
        "twee evenwijdige strepen, 6 mm tussenruimte (tramline)",
        "linkerbil, schuin verlopend",
    ),
    (
        BodyRegion.BUTTOCKS,
        R_,
        B,
        (60, 8),
        "streepvormig",
        ("rood", "paars"),
        "scherp",
        "twee evenwijdige strepen, 6 mm tussenruimte (tramline)",
        "rechterbil, bovenste kwadrant",
    ),
    (
        BodyRegion.BACK,
        M_,
        B,
        (30, 22),
        "onregelmatig",
        ("geelgroen",),
        "vervaagd",
        "geen",
        "ter hoogte van de onderste borstwervels",
    ),
    (
        BodyRegion.BACK,
        L_,
        B,
        (25, 15),
        "ovaal",
        ("geel",),
        "vervaagd",
        "geen",
        "linker schouderblad",
    ),
    (
        BodyRegion.EAR,
        L_,
        B,
        (12, 6),
        "onregelmatig",
        ("paars",),
        "scherp",
        "petechiën",
        "oorschelp, achterzijde",
    ),
    (BodyRegion.FACE, L_, B, (22, 15), "ovaal", ("blauw",), "scherp", "geen", "wang, jukbeen"),
    (BodyRegion.FACE, R_, A, (8, 4), "lijnvormig", ("rood",), "scherp", "korstvorming", "kin"),
    (
        BodyRegion.NECK,
        L_,
        B,
        (9, 7),
        "rond",
        ("blauw",),
        "scherp",
        "geen",
        "zijkant hals, onder de kaakhoek",
    ),
    (
        BodyRegion.NECK,
        R_,
        B,
        (8, 7),
        "rond",
        ("blauw",),
        "scherp",
        "geen",
        "zijkant hals, onder de kaakhoek",
    ),
    (
        BodyRegion.CHEST,
        R_,
        B,
        (15, 12),
        "rond",
        ("groen", "geel"),
        "vervaagd",
        "geen",
        "onder het sleutelbeen",
    ),
    (BodyRegion.ABDOMEN, M_, B, (10, 8), "rond", ("blauw",), "scherp", "geen", "boven de navel"),
    (
        BodyRegion.LEG,
        R_,
        B,
        (20, 15),
        "ovaal",
        ("geelbruin",),
        "vervaagd",
        "geen",
        "scheenbeen, voorzijde, midden",
    ),
    (
        BodyRegion.LEG,
        L_,
        B,
        (18, 12),
        "ovaal",
        ("geelbruin",),
        "vervaagd",
        "geen",
        "scheenbeen, voorzijde, boven de enkel",
    ),
    (
        BodyRegion.LEG,
        BI,
        A,
        (12, 10),
        "onregelmatig",
        ("rood",),
        "scherp",
        "korstvorming",
        "knieën, voorzijde",
    ),
    (
        BodyRegion.HAND,
        R_,
        L,
        (6, 2),
        "lijnvormig",
        ("rood",),
        "scherp",
        "wondranden gaaf",
        "handrug, tussen 2e en 3e middenhandsbeen",
    ),
    (
        BodyRegion.HEAD,
        R_,
        B,
        (35, 30),
        "rond",
        ("niet zichtbaar",),
        "palpabel",
        "zwelling",
        "behaarde hoofd, wandbeen",
    ),
)


# the elongated lesions (the tramlines on the buttocks) and their direction on the body map:
# degrees clockwise from the body's long axis
_ORIENTATION = {4: 60.0, 5: 75.0}


def _injuries(n: int) -> tuple[InjuryRow, ...]:
    rows = []
    for k in range(n):
        region, side, kind, size, shape, colours, border, pattern, site = _INJURIES[
            k % len(_INJURIES)
        ]
        number = k + 1
        rows.append(
            InjuryRow(
                number=number,
                body_region=region,
                side=side,
                kind=kind,
                size_mm=size,
                shape=shape,
                colours=colours,
                border=border,
                pattern=pattern,
                photo_refs=(f"F{2 * number + 1:03d}", f"F{2 * number + 2:03d}"),
                location=site,
                orientation_deg=_ORIENTATION.get(k % len(_INJURIES)),
            )
        )
    return tuple(rows)


PHOTOGRAPHER = "mw. A. Kaya, forensisch verpleegkundige"
CAMERA = "Nikon D7500, GGD-camera FMO-2"
STORAGE = "beveiligd beeldarchief GGD regio Utrecht, dossier FMO-2026-0412"


def _photo(photo_id: str, at: datetime, scale: bool, light: Light, description: str) -> PhotoEntry:
    return PhotoEntry(
        photo_id,
        at,
        scale,
        light,
        description,
        photographer=PHOTOGRAPHER,
        device=CAMERA,
        storage_place=STORAGE,
    )


def _photos(injuries: tuple[InjuryRow, ...]) -> tuple[PhotoEntry, ...]:
    start = EXAMINED_AT + timedelta(minutes=20)
    photos = [
        _photo("F001", start, False, Light.WHITE, "overzicht voorzijde"),
        _photo("F002", start + timedelta(minutes=1), False, Light.WHITE, "overzicht achterzijde"),
    ]
    for injury in injuries:
        close, scaled = injury.photo_refs
        at = start + timedelta(minutes=2 + injury.number)
        photos.append(_photo(close, at, False, Light.WHITE, f"letsel {injury.number}, oriëntatie"))
        light = (
            Light.FORENSIC
            if injury.kind is InjuryKind.BRUISE and injury.number % 4 == 0
            else Light.WHITE
        )
        photos.append(
            _photo(
                scaled,
                at + timedelta(seconds=30),
                True,
                light,
                f"letsel {injury.number}, detail met meetlat",
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
        Authority.VEILIG_THUIS, "Veilig Thuis Utrecht, team onderzoek"
    ),
    ReportKind.LETSELRAPPORTAGE: Instruction(
        Authority.RECHTER_COMMISSARIS,
        "Rechter-commissaris, rechtbank Midden-Nederland",
        appointment_date=date(2026, 11, 26),
        appointment_number="RC-16-704512-26",
        nrgd_number="NRGD 040123",
    ),
    ReportKind.LETSELVERKLARING: Instruction(
        Authority.POLITIE,
        "Politie Midden-Nederland, district Utrecht-Stad",
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
            2,
            EvaluativeConclusion(
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
            3,
            EvaluativeConclusion(
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
            1,
            ClinicalConclusion(
                ClinicalCategory.WAARSCHIJNLIJK,
                "Gegroepeerde ronde onderhuidse bloeduitstortingen aan de bovenarm, dubbele "
                "streepvormige bloeduitstortingen op beide billen en letsel op plaatsen die bij "
                "een val zelden worden geraakt, zonder aanwijzingen voor een stollingsstoornis.",
            ),
        )
    else:
        first = Conclusion(
            1,
            EvaluativeConclusion(
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
        requester=Requester("drs. M. Jansen", "Veilig Thuis Utrecht", "vertrouwensarts"),
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
                "Moeder",
                "Ze is zondag van de trap gevallen, van de vierde of vijfde tree, en op haar billen "
                "terechtgekomen. Ik was in de keuken en hoorde het. Daarna huilde ze, maar ze wilde "
                "snel weer spelen.",
            ),
            AnamnesisEntry(
                "Moeder, over de plekken op de arm",
                "Die blauwe plekken op haar arm weet ik niet. Misschien van de crèche, ze speelt "
                "daar wild met de grotere kinderen.",
            ),
            AnamnesisEntry(
                "Sanne (2 jaar), spontaan tijdens het onderzoek",
                "Papa boos. Au bil.",
            ),
        ),
        findings=(
            ExaminationFinding(
                "Algemene indruk", "Alert, wat teruggetrokken meisje; kijkt veel naar moeder."
            ),
            ExaminationFinding(
                "Groei", "Lengte 89 cm (0 SD), gewicht 12,1 kg (0 SD), hoofdomtrek 48 cm (0 SD)."
            ),
            ExaminationFinding(
                "Hoofd en hals", "Zwelling wandbeen rechts; zie letsels 9–13 en 20."
            ),
            ExaminationFinding("Mond en gebit", "Frenula intact; gebit zonder afwijkingen."),
            ExaminationFinding(
                "Romp", "Blauwe plekken op borst, buik en rug; zie letsels 7, 8, 14 en 15."
            ),
            ExaminationFinding("Anogenitaal", "Uitwendig geen afwijkingen gezien."),
            ExaminationFinding(
                "Extremiteiten",
                "Bewegingsomvang volledig en pijnloos; geen zwelling van gewrichten.",
            ),
            ExaminationFinding(
                "Huid overig", "Geen petechiën buiten letsel 9; geen aanwijzingen voor huidziekte."
            ),
        ),
        injuries=injuries,
        photos=photos,
        investigations=(
            Investigation(
                "Stollingsonderzoek (PT, APTT, fibrinogeen, trombocyten, VWF)",
                date(2026, 11, 27),
                "Geen afwijkingen.",
            ),
            Investigation(
                "Skeletstatus volgens protocol", date(2026, 11, 28), "Geen fracturen gezien."
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
            ClinicalCategory.WAARSCHIJNLIJK,
            "Een femurschachtfractuur bij een niet-mobiele zuigeling, samen met een ingescheurd "
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
