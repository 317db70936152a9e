"""The classes of words ``predicates`` and ``categories`` read to tell what befell the
people a count counts: verbs of leaving, of freeing, of seizing, of getting people
back, of setting a figure; the places people are taken to or leave; the harms they
suffer; the nouns of an event, of an armed body, of people in custody and of people
by role. Each class has many members no article here used; ``lexicon`` keeps the
tables of categories and groups themselves. Nothing here knows about spaCy.
"""

from __future__ import annotations

from functools import cache


@cache
def phrase_exceptions() -> dict[str, frozenset[str]]:
    """Verbs (lemmas) before which a phrase of ``category_phrases`` says something else:
    "were sentenced to death" is a verdict, not a killing."""
    return {"to death": frozenset(["sentence", "condemn", "threaten", "scare", "frighten", "bore"])}


@cache
def people_nouns() -> frozenset[str]:
    """Nouns for people that ``data/people.yml`` lacks because WordNet's first sense of the
    word is not a person ("driver" the golf club, "adult" the adjective's noun), so that a
    count of them is still known to count people: "12 commuters", "eight medics",
    "40 protestors". Every other noun for a person is in ``lexicon.group_words``."""
    return frozenset(["adult", "commuter", "driver", "medic", "protestor"])


@cache
def raising_verbs() -> frozenset[str]:
    """Verbs whose object is a figure they set at a level: "which brought the number to
    41", "raised the death toll from 20 to 26", "pushing the total to 60", "revised the
    toll to 12". Their subject is who set it, not whom it counts."""
    return frozenset(["bring", "push", "raise", "lift", "revise", "take"])


@cache
def event_nouns() -> dict[str, str]:
    """Nouns of an event whose "of" phrase names the people counted: "the abduction of
    over 280 pupils", "the killing of 12 farmers", "the arrest of 30 suspects", "the
    evacuation of 4,000 residents", "the escape of 200 inmates", "the release of 40
    schoolgirls" (freed captives are counted as abducted)."""
    table = {
        "killed": "killing murder massacre execution slaughter death",
        "injured": "injury wounding",
        "missing": "disappearance",
        "abducted": "abduction kidnapping kidnap release",
        "arrested": "arrest detention capture recapture",
        "escaped": "escape breakout jailbreak",
        "displaced": "displacement evacuation exodus",
    }
    return {noun: category for category, nouns in table.items() for noun in nouns.split()}


@cache
def release_verbs() -> frozenset[str]:
    """Verbs that end a captivity: "137 freed schoolchildren", "40 hostages were released".
    The people counted were abducted — unless they were in custody, and then they escaped
    ("the raid freed 300 inmates"). Not "rescued": guests rescued from a besieged hotel
    or villagers from a flood were never captives."""
    return frozenset(["free", "release", "set_free"])


@cache
def leaving_verbs() -> frozenset[str]:
    """Verbs of leaving a place (lemmas, with particles): what is left decides the
    category. Out of custody it is an escape ("broke out of the jail", "fled the prison",
    "got out of the cells"); from home it is displacement ("abandoned their homes",
    "fled their villages", "were driven from their homes", "forced out of their houses")."""
    verbs = (
        "flee leave abandon desert quit escape break_out get_out walk_out slip_out run_away run "
        "drive force chase push uproot evict expel"
    )
    return frozenset(verbs.split())


@cache
def home_words() -> frozenset[str]:
    """Places people live: leaving them is displacement ("fled their homes", "left their villages")."""
    return frozenset(["home", "house", "village", "town", "homestead", "dwelling", "land", "area", "community"])


@cache
def undergo_verbs() -> frozenset[str]:
    """Verbs whose object is what befell their subject: "12 sustained injuries",
    "30 suffered gunshot wounds", "nine received treatment for burns"."""
    return frozenset(["sustain", "suffer", "receive", "incur", "bear", "nurse"])


@cache
def harm_nouns() -> dict[str, str]:
    """What befalls people, named as a noun: "sustained injuries", "suffered wounds",
    "burns", "fractures", "received treatment"; "suffered fatal injuries" is still
    injured to the reader until a death is reported."""
    return {
        noun: "injured"
        for noun in ["injury", "wound", "burn", "fracture", "bruise", "laceration", "trauma", "treatment"]
    }


@cache
def care_places() -> dict[str, str]:
    """Where people are taken tells what befell them: to a hospital they are injured
    ("seven were admitted to the intensive care unit", "rushed to hospital", "airlifted
    to a clinic"), to a morgue they are dead, to shelters or relief camps they are
    displaced ("23,000 people were moved to relief camps")."""
    table = {
        "injured": "hospital clinic infirmary icu ward care trauma",
        "killed": "morgue mortuary",
        "displaced": "shelter relief displacement",
    }
    return {place: category for category, places in table.items() for place in places.split()}


@cache
def reaching_verbs() -> frozenset[str]:
    """Verbs of finding someone; negated, the people are missing: "40 cannot be
    reached", "12 have not been found", "could not be located", "not yet traced"."""
    return frozenset(["reach", "find", "locate", "trace", "contact", "account"])


@cache
def return_verbs() -> frozenset[str]:
    """Verbs of getting people back: said of escaped prisoners they are arrests
    ("40 of the escapees were retrieved", "caught 12 fugitives", "tracked down 9 inmates")."""
    return frozenset(["retrieve", "catch", "track_down", "hunt_down", "return", "bring_back", "re-arrest"])


@cache
def seizing_verbs() -> frozenset[str]:
    """Verbs of seizing that are said only of people: "kidnapped 20", "arrested 40",
    "detained 12" — where "captured", "seized", "freed", "released", "took" are said of
    towns, positions, videos and statements as well."""
    return frozenset(["kidnap", "abduct", "arrest", "detain", "apprehend", "nab", "rearrest", "round"])


@cache
def detained_nouns() -> frozenset[str]:
    """Nouns of people in custody or out of it by escape: "inmates", "prisoners",
    "escapees", "fugitives", "convicts". What befalls them reads differently:
    freed inmates escaped, caught fugitives are arrested."""
    return frozenset(["inmate", "prisoner", "detainee", "escapee", "fugitive", "convict", "jailbird", "escaper"])


@cache
def force_nouns() -> frozenset[str]:
    """Nouns of an armed body whose size a count gives: "a militia of about 100",
    "a force of 5,000", "a 300-strong column", "a unit of 12"."""
    nouns = (
        "militia force army unit column contingent battalion brigade detachment squad band cohort "
        "platoon company regiment division troop legion"
    )
    return frozenset(nouns.split())
