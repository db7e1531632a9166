# SPDX-License-Identifier: MPL-2.0
"""Shared codes of the matching domain, with Danish and English labels for the Django layer."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple, Self


class Label(NamedTuple):
    """A code's default wording; the Django layer owns the final translations."""

    da: str
    en: str


class CodeEnum(StrEnum):
    """A string code that carries its default Danish and English labels.

    Members are declared as ``NAME = "code", "dansk", "English"``; the value is the code.
    """

    da: str
    en: str

    def __new__(cls, value: str, da: str = "", en: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.da = da
        member.en = en
        return member

    def label(self, language: str = "da") -> str:
        """Default wording in ``da`` or ``en``."""
        return self.en if language == "en" else self.da


# Member lines stay one code per line, so the table reads like a glossary.
# fmt: off
class Dimension(CodeEnum):
    """The seven matching dimensions: the ICS child side plus the three parenting dimensions."""

    HEALTH = "health", "Sundhedsforhold", "Health"
    DEVELOPMENT_BEHAVIOUR = (
        "development_behaviour", "Udvikling og adfærd", "Development and behaviour")
    SCHOOLING = "schooling", "Dagtilbud, skoleforhold og læring", "Day care, school and learning"
    LEISURE_FRIENDSHIPS = (
        "leisure_friendships", "Fritidsforhold og venskaber", "Leisure and friendships")
    SAFE_CARE = "safe_care", "Trygt omsorgsmiljø", "Safe care environment"
    STIMULATION_GUIDANCE = (
        "stimulation_guidance", "Stimulering og vejledning", "Stimulation and guidance")
    RELATIONSHIPS_SUPPORT = (
        "relationships_support", "Understøttelse af relationer", "Supporting relationships")


class ContextDimension(CodeEnum):
    """ICS family-side dimensions: context for the case, never a match criterion."""

    FAMILY_BACKGROUND = "family_background", "Familieforhold og baggrund", "Family and background"
    HOUSING_EMPLOYMENT_FINANCES = (
        "housing_employment_finances", "Bolig, beskæftigelse og økonomi",
        "Housing, employment and finances")
    SOCIAL_NETWORK = "social_network", "Socialt netværk", "Social network"


class SupportLevel(CodeEnum):
    """One scale for a child's need and a place's capacity on a dimension.

    ``not_assessed`` is treated conservatively when scoring: an unassessed *need* counts as
    the policy's ``not_assessed_need_level`` (default ``high``) and an unassessed *capacity*
    counts as ``none``. Either way a notice asks for the assessment.
    """

    NONE = "none", "Ingen", "None"
    LIGHT = "light", "Let", "Light"
    MODERATE = "moderate", "Moderat", "Moderate"
    HIGH = "high", "Høj", "High"
    COMPLETE = "complete", "Fuld", "Complete"
    NOT_ASSESSED = "not_assessed", "Ikke vurderet", "Not assessed"


# Ordered rank of the assessed levels; not_assessed is deliberately absent.
SUPPORT_LEVEL_RANK: dict[SupportLevel, int] = {
    SupportLevel.NONE: 0, SupportLevel.LIGHT: 1, SupportLevel.MODERATE: 2,
    SupportLevel.HIGH: 3, SupportLevel.COMPLETE: 4,
}
MAX_SUPPORT_RANK = 4
# A specific need counts for the approval's target groups from this level on its dimension.
TARGET_GROUP_MIN_LEVEL = SupportLevel.MODERATE


class NeedTag(CodeEnum):
    """Specific needs of a child and target groups of an approval (Tilbudsportalen-aligned)."""

    EXTERNALISING_BEHAVIOUR = (
        "externalising_behaviour", "Udadreagerende adfærd", "Externalising behaviour")
    INTERNALISING_BEHAVIOUR = (
        "internalising_behaviour", "Indadreagerende adfærd", "Internalising behaviour")
    NEGLECT_TRAUMA = "neglect_trauma", "Omsorgssvigt og traumer", "Neglect and trauma"
    ATTACHMENT_DIFFICULTIES = (
        "attachment_difficulties", "Tilknytningsvanskeligheder", "Attachment difficulties")
    ADHD = "adhd", "ADHD", "ADHD"
    AUTISM = "autism", "Autisme", "Autism"
    INTELLECTUAL_DISABILITY = (
        "intellectual_disability", "Udviklingshæmning", "Intellectual disability")
    PHYSICAL_DISABILITY_MEDICAL = (
        "physical_disability_medical", "Fysisk funktionsnedsættelse og pleje",
        "Physical disability and medical care")
    SENSORY_IMPAIRMENT = "sensory_impairment", "Syns- eller hørenedsættelse", "Sensory impairment"
    ACQUIRED_BRAIN_INJURY = (
        "acquired_brain_injury", "Erhvervet hjerneskade", "Acquired brain injury")
    MENTAL_ILLNESS = "mental_illness", "Sindslidelse", "Mental illness"
    ANXIETY_DEPRESSION = "anxiety_depression", "Angst og depression", "Anxiety and depression"
    EATING_DISORDER = "eating_disorder", "Spiseforstyrrelse", "Eating disorder"
    SELF_HARM = "self_harm", "Selvskade", "Self-harm"
    SUBSTANCE_USE = "substance_use", "Misbrug", "Substance use"
    CRIME = "crime", "Kriminalitet", "Crime"
    VIOLENCE = "violence", "Vold", "Violence"
    SEXUALISED_BEHAVIOUR = (
        "sexualised_behaviour", "Seksuelt bekymrende adfærd", "Sexualised behaviour")
    FIRE_SETTING = "fire_setting", "Brandstiftelse", "Fire-setting"
    ABSCONDING = "absconding", "Rømning", "Absconding"
    SCHOOL_ABSENCE = "school_absence", "Skolefravær", "School absence"
    HONOUR_CONFLICT = "honour_conflict", "Æresrelaterede konflikter", "Honour-related conflict"
    UNACCOMPANIED_MINOR = "unaccompanied_minor", "Uledsaget mindreårig", "Unaccompanied minor"
    INFANT = "infant", "Spædbarn", "Infant"


# Needs a place may only take on when its approval names them as a target group.
HEAVY_NEED_TAGS: frozenset[NeedTag] = frozenset({
    NeedTag.AUTISM, NeedTag.INTELLECTUAL_DISABILITY, NeedTag.PHYSICAL_DISABILITY_MEDICAL,
    NeedTag.ACQUIRED_BRAIN_INJURY, NeedTag.MENTAL_ILLNESS, NeedTag.EATING_DISORDER,
    NeedTag.SELF_HARM, NeedTag.SUBSTANCE_USE, NeedTag.CRIME, NeedTag.VIOLENCE,
    NeedTag.SEXUALISED_BEHAVIOUR, NeedTag.FIRE_SETTING,
})

# The dimension whose assessed need says how much each specific need weighs. A need the place's
# approval does not name as a target group costs points when the child's need on this dimension
# is at least TARGET_GROUP_MIN_LEVEL (heavy needs exclude the place at any level).
NEED_TAG_DIMENSION: dict[NeedTag, Dimension] = {
    NeedTag.EXTERNALISING_BEHAVIOUR: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.INTERNALISING_BEHAVIOUR: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.NEGLECT_TRAUMA: Dimension.SAFE_CARE,
    NeedTag.ATTACHMENT_DIFFICULTIES: Dimension.RELATIONSHIPS_SUPPORT,
    NeedTag.ADHD: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.AUTISM: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.INTELLECTUAL_DISABILITY: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.PHYSICAL_DISABILITY_MEDICAL: Dimension.HEALTH,
    NeedTag.SENSORY_IMPAIRMENT: Dimension.HEALTH,
    NeedTag.ACQUIRED_BRAIN_INJURY: Dimension.HEALTH,
    NeedTag.MENTAL_ILLNESS: Dimension.HEALTH,
    NeedTag.ANXIETY_DEPRESSION: Dimension.HEALTH,
    NeedTag.EATING_DISORDER: Dimension.HEALTH,
    NeedTag.SELF_HARM: Dimension.HEALTH,
    NeedTag.SUBSTANCE_USE: Dimension.HEALTH,
    NeedTag.CRIME: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.VIOLENCE: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.SEXUALISED_BEHAVIOUR: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.FIRE_SETTING: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.ABSCONDING: Dimension.DEVELOPMENT_BEHAVIOUR,
    NeedTag.SCHOOL_ABSENCE: Dimension.SCHOOLING,
    NeedTag.HONOUR_CONFLICT: Dimension.SAFE_CARE,
    NeedTag.UNACCOMPANIED_MINOR: Dimension.SAFE_CARE,
    NeedTag.INFANT: Dimension.SAFE_CARE,
}

# Safety information a candidate place must receive even in the first, minimal disclosure.
SAFETY_NEED_TAGS: frozenset[NeedTag] = frozenset({
    NeedTag.SELF_HARM, NeedTag.SUBSTANCE_USE, NeedTag.VIOLENCE,
    NeedTag.SEXUALISED_BEHAVIOUR, NeedTag.FIRE_SETTING, NeedTag.ABSCONDING,
})

# Tags that make younger children in the household a safety concern (household_safety factor).
HOUSEHOLD_RISK_TAGS: frozenset[NeedTag] = frozenset(
    {NeedTag.VIOLENCE, NeedTag.SEXUALISED_BEHAVIOUR, NeedTag.FIRE_SETTING})


class WishKind(CodeEnum):
    """What a child's wish is about (from the child conversation, §5)."""

    SCHOOL = "school", "Skole", "School"
    FRIENDS = "friends", "Venner", "Friends"
    SIBLINGS = "siblings", "Søskende", "Siblings"
    ANIMALS = "animals", "Dyr", "Animals"
    TOWN_OR_COUNTRY = "town_or_country", "By eller land", "Town or country"
    LIVE_NEAR = "live_near", "Bo tæt på", "Live near"
    WORRIES = "worries", "Bekymringer", "Worries"
    GOOD_AT = "good_at", "Det er jeg god til", "Things I am good at"
    OTHER = "other", "Andet", "Other"


# Wish kinds the engine can check against a place; the rest are shown, never scored.
SCORED_WISH_KINDS: frozenset[WishKind] = frozenset({
    WishKind.SCHOOL, WishKind.FRIENDS, WishKind.SIBLINGS,
    WishKind.ANIMALS, WishKind.TOWN_OR_COUNTRY, WishKind.LIVE_NEAR,
})


class WishImportance(CodeEnum):
    """How much a wish matters to the child."""

    LOW = "low", "Lidt vigtigt", "A little important"
    MEDIUM = "medium", "Vigtigt", "Important"
    HIGH = "high", "Meget vigtigt", "Very important"


WISH_IMPORTANCE_WEIGHT: dict[WishImportance, int] = {
    WishImportance.LOW: 1, WishImportance.MEDIUM: 2, WishImportance.HIGH: 3}


class AnimalWish(CodeEnum):
    """Direction of an animals wish."""

    WANTS_ANIMALS = "wants_animals", "Vil gerne have dyr", "Wants animals"
    NO_ANIMALS = "no_animals", "Vil ikke have dyr", "No animals"


class Setting(CodeEnum):
    """Where a place lies, as a child would put it."""

    TOWN = "town", "By", "Town"
    COUNTRY = "country", "Land", "Country"


class PlaceType(CodeEnum):
    """§43 placement types; one place is one approval unit."""

    FOSTER_FAMILY_GENERAL = "foster_family_general", "Almen plejefamilie", "General foster family"
    FOSTER_FAMILY_REINFORCED = (
        "foster_family_reinforced", "Forstærket plejefamilie", "Reinforced foster family")
    FOSTER_FAMILY_SPECIALISED = (
        "foster_family_specialised", "Specialiseret plejefamilie", "Specialised foster family")
    FOSTER_FAMILY_NETWORK = "foster_family_network", "Netværksplejefamilie", "Network foster family"
    RESIDENTIAL_INSTITUTION = (
        "residential_institution", "Døgninstitution", "Residential institution")
    SMALL_RESIDENTIAL_HOME = "small_residential_home", "Opholdssted", "Small residential home"
    SECURE_UNIT = "secure_unit", "Sikret afdeling", "Secure unit"
    PARTLY_CLOSED_UNIT = "partly_closed_unit", "Delvis lukket afdeling", "Partly closed unit"
    OWN_ROOM = "own_room", "Eget værelse", "Own room"
    BOARDING_SCHOOL = "boarding_school", "Kostskole eller efterskole", "Boarding school"


class PlaceForm(CodeEnum):
    """Placement forms that a caseworker decides before choosing a place."""

    FOSTER_FAMILY = "foster_family", "Plejefamilie", "Foster family"
    RESIDENTIAL = "residential", "Børne- og ungehjem", "Children's home"
    OWN_ROOM = "own_room", "Eget værelse", "Own room"
    BOARDING_SCHOOL = "boarding_school", "Kostskole eller efterskole", "Boarding school"


PLACE_FORM: dict[PlaceType, PlaceForm] = {
    PlaceType.FOSTER_FAMILY_GENERAL: PlaceForm.FOSTER_FAMILY,
    PlaceType.FOSTER_FAMILY_REINFORCED: PlaceForm.FOSTER_FAMILY,
    PlaceType.FOSTER_FAMILY_SPECIALISED: PlaceForm.FOSTER_FAMILY,
    PlaceType.FOSTER_FAMILY_NETWORK: PlaceForm.FOSTER_FAMILY,
    PlaceType.RESIDENTIAL_INSTITUTION: PlaceForm.RESIDENTIAL,
    PlaceType.SMALL_RESIDENTIAL_HOME: PlaceForm.RESIDENTIAL,
    PlaceType.SECURE_UNIT: PlaceForm.RESIDENTIAL,
    PlaceType.PARTLY_CLOSED_UNIT: PlaceForm.RESIDENTIAL,
    PlaceType.OWN_ROOM: PlaceForm.OWN_ROOM,
    PlaceType.BOARDING_SCHOOL: PlaceForm.BOARDING_SCHOOL,
}


# The §43 foster-family types a decision may name instead of the form "foster family" as a
# whole (Barnets Lov §43 stk. 1 nr. 1-4): a reinforced or specialised family is decided when the
# child needs more than a general family can give, a network family when it is the child's own.
FOSTER_FAMILY_TYPES: tuple[PlaceType, ...] = (
    PlaceType.FOSTER_FAMILY_GENERAL, PlaceType.FOSTER_FAMILY_REINFORCED,
    PlaceType.FOSTER_FAMILY_SPECIALISED, PlaceType.FOSTER_FAMILY_NETWORK,
)


class LegalBasis(CodeEnum):
    """Legal basis of the placement (Barnets Lov)."""

    S46_CONSENT = "s46_consent", "§ 46, med samtykke", "§46, with consent"
    S46_3_ACUTE = "s46_3_acute", "§ 46, stk. 3, akut", "§46(3), acute"
    S47_WITHOUT_CONSENT = "s47_without_consent", "§ 47, uden samtykke", "§47, without consent"
    S47_4_YOUTH_CONSENT = (
        "s47_4_youth_consent", "§ 47, stk. 4, den unges samtykke", "§47(4), young person consents")
    S143_PROVISIONAL = (
        "s143_provisional", "§ 143, foreløbig afgørelse", "§143, provisional decision")


class CaseType(CodeEnum):
    """Kind of started placement (seed 003: all three count)."""

    FIRST_PLACEMENT = "first_placement", "Første anbringelse", "First placement"
    CHANGE_OF_PLACEMENT = (
        "change_of_placement", "Skift af anbringelsessted (§ 98)", "Change of placement (§98)")
    RE_PLACEMENT = "re_placement", "Genanbringelse", "Re-placement"


class QualityTheme(CodeEnum):
    """Socialtilsynet's quality themes, used to structure a place's evidence."""

    EDUCATION_EMPLOYMENT = (
        "education_employment", "Uddannelse og beskæftigelse", "Education and employment")
    INDEPENDENCE_RELATIONSHIPS = (
        "independence_relationships", "Selvstændighed og relationer", "Independence and relations")
    TARGET_GROUPS_METHODS_RESULTS = (
        "target_groups_methods_results", "Målgrupper, metoder og resultater",
        "Target groups, methods and results")
    HEALTH_WELLBEING = "health_wellbeing", "Sundhed og trivsel", "Health and well-being"
    ORGANISATION_MANAGEMENT = (
        "organisation_management", "Organisation og ledelse", "Organisation and management")
    FAMILY_STRUCTURE_DYNAMICS = (
        "family_structure_dynamics", "Familiestruktur og familiedynamik",
        "Family structure and dynamics")
    COMPETENCES = "competences", "Kompetencer", "Competences"
    PHYSICAL_SETTING = "physical_setting", "Fysiske rammer", "Physical setting"
    ECONOMY = "economy", "Økonomi", "Economy"


class Gender(CodeEnum):
    """Only for an approval's target group or household safety, always with a reason."""

    GIRL = "girl", "Pige", "Girl"
    BOY = "boy", "Dreng", "Boy"
    OTHER = "other", "Andet", "Other"


class GenderRuleSource(CodeEnum):
    """Why a place restricts gender; no other gender input exists."""

    APPROVAL_TARGET_GROUP = (
        "approval_target_group", "Godkendelsens målgruppe", "Approval target group")
    HOUSEHOLD_SAFETY = "household_safety", "Sikkerhed i hjemmet", "Household safety"


class ContinuityAspect(CodeEnum):
    """UN CRC art. 20(3) continuity a caseworker may record with a reason."""

    LANGUAGE = "language", "Sprog", "Language"
    CULTURE = "culture", "Kultur", "Culture"
    RELIGION = "religion", "Religion", "Religion"


class SupportKind(CodeEnum):
    """Support arrangements that raise a place's capacity (seed 002) or close a gap."""

    INSTITUTION_SUPERVISION = (
        "institution_supervision", "Supervision fra døgninstitution",
        "Supervision from an institution")
    PROFESSIONAL_SUPERVISION = (
        "professional_supervision", "Faglig supervision", "Professional supervision")
    RELIEF_CARE = "relief_care", "Aflastning", "Relief care"
    EXTRA_STAFFING = "extra_staffing", "Ekstra personale", "Extra staffing"
    TREATMENT = "treatment", "Behandling", "Treatment"
    SCHOOL_SUPPORT = "school_support", "Støtte i skolen", "School support"
    LEISURE_SUPPORT = "leisure_support", "Støtte til fritidsliv", "Leisure support"
    CONTACT_SUPPORT = (
        "contact_support", "Støtte til samvær og relationer", "Contact and relationship support")


# First-choice support kinds to suggest for an open gap on each dimension.
SUGGESTED_SUPPORT: dict[Dimension, tuple[SupportKind, ...]] = {
    Dimension.HEALTH: (SupportKind.TREATMENT,),
    Dimension.DEVELOPMENT_BEHAVIOUR: (
        SupportKind.INSTITUTION_SUPERVISION, SupportKind.PROFESSIONAL_SUPERVISION),
    Dimension.SCHOOLING: (SupportKind.SCHOOL_SUPPORT,),
    Dimension.LEISURE_FRIENDSHIPS: (SupportKind.LEISURE_SUPPORT,),
    Dimension.SAFE_CARE: (SupportKind.EXTRA_STAFFING, SupportKind.RELIEF_CARE),
    Dimension.STIMULATION_GUIDANCE: (SupportKind.PROFESSIONAL_SUPERVISION,),
    Dimension.RELATIONSHIPS_SUPPORT: (SupportKind.CONTACT_SUPPORT,),
}


class ConstraintKind(CodeEnum):
    """Legal reasons always exclude; practical ones exclude unless the request includes them."""

    LEGAL = "legal", "Juridisk", "Legal"
    PRACTICAL = "practical", "Praktisk", "Practical"


class ConstraintCode(CodeEnum):
    """Why a place cannot take the child."""

    PLACE_FORM_NOT_REQUIRED = (
        "place_form_not_required", "Ikke den valgte anbringelsesform", "Not a required form")
    AGE_OUTSIDE_APPROVAL = (
        "age_outside_approval", "Alder uden for godkendelsen", "Age outside the approval")
    APPROVAL_NOT_VALID = "approval_not_valid", "Godkendelsen gælder ikke", "Approval not valid"
    NETWORK_APPROVAL_OTHER_CHILD = (
        "network_approval_other_child", "Netværksgodkendt til et andet barn",
        "Network approval for another child")
    SECURE_UNIT_NEEDED = (
        "secure_unit_needed", "Barnet skal på sikret afdeling", "Secure unit needed")
    RESTRICTIVE_UNIT_WITHOUT_DECISION = (
        "restrictive_unit_without_decision", "Kræver afgørelse om sikret/delvis lukket afdeling",
        "Restrictive unit without a decision")
    TARGET_GROUP_NOT_COVERED = (
        "target_group_not_covered", "Målgruppen dækker ikke barnet", "Target group not covered")
    GENDER_RESTRICTION = "gender_restriction", "Køn uden for målgruppen", "Gender restriction"
    EXCLUDED_BY_CASEWORKER = (
        "excluded_by_caseworker", "Fravalgt af sagsbehandler", "Excluded by the caseworker")
    NO_FREE_CAPACITY = "no_free_capacity", "Ingen ledige pladser", "No free capacity"
    VACANCY_EXPIRED = "vacancy_expired", "Ledigmelding udløbet", "Vacancy expired"
    VACANCY_STALE = (
        "vacancy_stale", "Ledigmelding for gammel eller mangler", "Vacancy stale or missing")
    NO_ACUTE_INTAKE = "no_acute_intake", "Modtager ikke akut", "No acute intake"


PRACTICAL_CONSTRAINTS: frozenset[ConstraintCode] = frozenset({
    ConstraintCode.NO_FREE_CAPACITY, ConstraintCode.VACANCY_EXPIRED,
    ConstraintCode.VACANCY_STALE, ConstraintCode.NO_ACUTE_INTAKE,
})
CONSTRAINT_KIND: dict[ConstraintCode, ConstraintKind] = {
    code: ConstraintKind.PRACTICAL if code in PRACTICAL_CONSTRAINTS else ConstraintKind.LEGAL
    for code in ConstraintCode
}


class FactorCode(CodeEnum):
    """Named parts of a fit score."""

    NEED_SHORTFALL = "need_shortfall", "Manglende kapacitet", "Need shortfall"
    SUPPORT_RELIANCE = (
        "support_reliance", "Afhængig af støtteordning", "Relies on support arrangement")
    OUTSIDE_TARGET_GROUPS = (
        "outside_target_groups", "Uden for godkendelsens målgrupper",
        "Outside the approval's target groups")
    WISHES = "wishes", "Barnets ønsker", "The child's wishes"
    SIBLINGS_TOGETHER = "siblings_together", "Søskende sammen", "Siblings together"
    NETWORK_PLACEMENT = "network_placement", "Anbringelse i netværket", "Network placement"
    SCHOOL_DISTANCE = "school_distance", "Afstand til nuværende skole", "Distance to current school"
    PARENTS_DISTANCE = "parents_distance", "Afstand til forældre", "Distance to parents"
    NETWORK_DISTANCE = "network_distance", "Afstand til netværk", "Distance to network"
    HOUSEHOLD_SAFETY = "household_safety", "Sikkerhed for yngre børn", "Safety of younger children"
    HOUSEHOLD_SIZE = "household_size", "Antal børn i hjemmet", "Children in the household"
    HOUSEHOLD_ANIMALS = "household_animals", "Dyr og allergi", "Animals and allergy"
    CULTURAL_CONTINUITY = (
        "cultural_continuity", "Kontinuitet i sprog, kultur og religion",
        "Continuity of language, culture, religion")


class NoticeCode(CodeEnum):
    """Things a caseworker should look at that neither exclude nor score."""

    NEED_NOT_ASSESSED = "need_not_assessed", "Behov ikke vurderet", "Need not assessed"
    CAPACITY_NOT_ASSESSED = (
        "capacity_not_assessed", "Kapacitet ikke vurderet", "Capacity not assessed")
    ENHANCED_SUPERVISION = "enhanced_supervision", "Skærpet tilsyn", "Enhanced supervision"
    SUPERVISION_ORDER = "supervision_order", "Påbud fra tilsynet", "Supervision order"
    INCLUDED_DESPITE_PRACTICAL = (
        "included_despite_practical", "Medtaget trods praktisk hindring",
        "Included despite a practical obstacle")
    WISH_NOT_SCORED = "wish_not_scored", "Ønsket indgår ikke i point", "Wish shown, not scored"


class UnplacedReason(CodeEnum):
    """Why the capacity overview left a child without a place."""

    NO_FEASIBLE_PLACE = "no_feasible_place", "Intet muligt anbringelsessted", "No feasible place"
    PLACES_TAKEN = (
        "places_taken", "Mulige pladser brugt til andre børn", "Feasible places used by others")
    ALL_FEASIBLE_PLACES_FORBIDDEN = (
        "all_feasible_places_forbidden", "Alle mulige pladser fravalgt",
        "All feasible places forbidden")


# fmt: on


def choices(enum: type[CodeEnum], language: str = "da") -> list[tuple[str, str]]:
    """(code, label) pairs in declaration order, ready for a Django ``choices``."""
    return [(member.value, member.label(language)) for member in enum]


# Every code table, in declaration order.
ALL_ENUMS: tuple[type[CodeEnum], ...] = tuple(CodeEnum.__subclasses__())

# Plain (code -> (da, en)) tables per enum, for code that prefers data to attributes.
LABELS: dict[type[CodeEnum], dict[str, Label]] = {
    enum: {member.value: Label(member.da, member.en) for member in enum} for enum in ALL_ENUMS
}
