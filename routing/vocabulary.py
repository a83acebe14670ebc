"""The closed vocabularies of the public contract, shared by triage, allocation and the API.

Values are the lowercase strings of `api-contract.md`; StrEnum so they serialise as plain strings.
"""

from enum import StrEnum


class Destination(StrEnum):
    GGD = "ggd"
    LECK = "leck"


class Urgency(StrEnum):
    ACUTE = "acute"
    URGENT = "urgent"
    PLANNED = "planned"

    @property
    def rank(self) -> int:
        """Higher is more urgent: acute > urgent > planned."""
        return {"acute": 3, "urgent": 2, "planned": 1}[self.value]


class TaskKind(StrEnum):
    """What one part of a routing decision asks, and of whom (handelingskader v2)."""

    GGD_EXAMINATION = "ggd_examination"  # a GGD forensic doctor examines and documents
    LECK_ADVICE = "leck_advice"  # LECK interprets at a distance
    LECK_CONSULT = "leck_consult"  # a LECK paediatrician examines the identified child
    ACUTE_ZEDEN = "acute_zeden"  # hand-off to the police / LOEF; FMEK records, never plans

    @property
    def is_leck(self) -> bool:
        return self in (TaskKind.LECK_ADVICE, TaskKind.LECK_CONSULT)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class Mobility(StrEnum):
    NOT_MOBILE = "not_mobile"
    MOBILE = "mobile"
    UNKNOWN = "unknown"  # handelingskader v2 counts it as not mobile


class Concern(StrEnum):
    PHYSICAL_ABUSE = "physical_abuse"
    SEXUAL_ABUSE = "sexual_abuse"
    NEGLECT = "neglect"
    MEDICAL_CHILD_ABUSE = "medical_child_abuse"
    GROWTH_DELAY = "growth_delay"


class InjuryKind(StrEnum):
    """`head_trauma` means suspected intracranial injury; a scalp bruise is `bruise` on `head`."""

    BRUISE = "bruise"
    ABRASION = "abrasion"
    LACERATION = "laceration"
    BURN = "burn"
    BITE = "bite"
    FRACTURE = "fracture"
    HEAD_TRAUMA = "head_trauma"
    RETINAL_HAEMORRHAGE = "retinal_haemorrhage"
    ABDOMINAL = "abdominal"
    OTHER = "other"
    SCALD = "scald"
    CONTACT_BURN = "contact_burn"
    IMMERSION_BURN = "immersion_burn"
    INCISED_WOUND = "incised_wound"
    STAB_WOUND = "stab_wound"
    PETECHIAE = "petechiae"
    SCAR = "scar"


class BodyRegion(StrEnum):
    HEAD = "head"
    FACE = "face"
    EAR = "ear"
    NECK = "neck"
    CHEST = "chest"
    ABDOMEN = "abdomen"
    BACK = "back"
    BUTTOCKS = "buttocks"
    GENITAL = "genital"
    ARM = "arm"
    HAND = "hand"
    LEG = "leg"
    FOOT = "foot"
    # sentinel (FACESp) sites
    CHEEK = "cheek"
    EYELID = "eyelid"  # also the subconjunctiva
    FRENULUM = "frenulum"
    JAW_ANGLE = "jaw_angle"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    MIDLINE = "midline"
    BILATERAL = "bilateral"


class Question(StrEnum):
    DOCUMENTATION = "documentation"
    INTERPRETATION = "interpretation"
    DISEASE_VS_INJURY = "disease_vs_injury"
    SECOND_OPINION = "second_opinion"


class Qualification(StrEnum):
    CHILD_FORENSIC = "child_forensic"
    SEXUAL_ABUSE = "sexual_abuse"
    SENIOR = "senior"
