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


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class Mobility(StrEnum):
    NOT_MOBILE = "not_mobile"
    MOBILE = "mobile"


class Concern(StrEnum):
    PHYSICAL_ABUSE = "physical_abuse"
    SEXUAL_ABUSE = "sexual_abuse"
    NEGLECT = "neglect"
    MEDICAL_CHILD_ABUSE = "medical_child_abuse"
    GROWTH_DELAY = "growth_delay"


class InjuryKind(StrEnum):
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
