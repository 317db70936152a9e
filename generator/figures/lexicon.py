"""The vocabularies of what is counted and whom: the words that make a count
one of people killed, injured, arrested, held…, and of security forces,
militants or civilians.

Rules are data: each family is one function returning an immutable table, its
docstring listing phrases it is meant to match. ``categories``, ``groups`` and
``syntax`` read these tables; nothing here knows about spaCy. Numbers, hedges
and attribution verbs are in ``patterns``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

# ------------------------------------------------------------------ categories


@cache
def category_predicates() -> dict[str, str]:
    """Verbs and adjectives (lemmas) whose subject or object is counted.

    killed: "11 soldiers were killed", "killing 71", "left 20 dead",
    "martyring 44 worshippers", "71 personnel died", "lost their lives",
    "gunned down 12 farmers";
    injured: "injuring 122", "12 were wounded", "57 were being treated", "five people were
    shot" (but "shot dead", "fatally shot": killed);
    missing: "30 soldiers were unaccounted for", "dozens were missing",
    "40 miners are trapped";
    abducted: "kidnapped 20", "took 5 hostage", "snatched 14 girls";
    arrested: "arrested more than 100", "89 had been recaptured", "rounded up 30",
    "picked up 12 suspects";
    escaped: "five fighters managed to escape", "remain at large", "300 inmates broke out",
    "walked out of the jail";
    displaced: "4,000 people had fled", "were displaced", "evacuated";
    held: "3,500 inmates are held", "jailed at", "imprisoned", "the jail accommodates 900";
    fighters: "100 assailants took part", "10,000 fighters remained active".

    A verb with its particle is one entry ("break_out", "round_up"): ``categories``
    looks it up before the verb alone.
    """
    table = {
        "killed": "kill die dead martyr slay execute behead murder massacre perish slaughter shoot_dead "
        "gun_down mow_down succumb",
        "injured": "injure wound hurt treat hospitalize hospitalise maim injured wounded shoot stab",
        "missing": "miss missing unaccounted disappear trap",
        "abducted": "kidnap abduct seize_hostage hostage snatch",
        "arrested": "arrest detain capture recapture apprehend nab rearrest round_up pick_up",
        "escaped": "escape flee_custody break_out free large walk_out slip_out get_out",
        "displaced": "displace evacuate flee uproot",
        "held": "hold jail imprison incarcerate house accommodate",
        "fighters": "active fight participate take_part mobilize mobilise deploy",
    }
    return {lemma: cat for cat, lemmas in table.items() for lemma in lemmas.split()}


@cache
def category_nouns() -> dict[str, tuple[str, bool]]:
    """Nouns (lemmas) that say what is counted, and whether the cue is strong.

    Strong cues decide the category even when a verb says otherwise: "44 dead
    bodies", "157 wounded", "a death toll of 70", "the toll rose to 33".
    Weak cues hold only when no verb decides: "3,500 inmates" (held),
    "a hundred assailants" (fighters) — but "89 inmates were recaptured" is
    arrested.
    """
    strong = {
        "dead": "killed",
        "body": "killed",
        "corpse": "killed",
        "death": "killed",
        "fatality": "killed",
        "toll": "killed",
        "casualty": "killed",
        "killed": "killed",
        "wounded": "injured",
        "injured": "injured",
        "injury": "injured",
        "hurt": "injured",  # "One dead, six hurt": a headline's participle, tagged a noun
        "missing": "missing",
        "hostage": "abducted",
        "captive": "abducted",
        "displaced": "displaced",
    }
    weak = {
        "inmate": "held",
        "prisoner": "held",
        "detainee": "held",
        "fighter": "fighters",
        "assailant": "fighters",
        "attacker": "fighters",
        "gunman": "fighters",
        "militant": "fighters",
        "insurgent": "fighters",
        "combatant": "fighters",
        "troop": "fighters",
        "escapee": "escaped",
        "abductee": "abducted",
        "fugitive": "escaped",
        "refugee": "displaced",  # "3,000 refugees", but "12 refugees died" were killed
        "evacuee": "displaced",
    }
    # Nouns of the event, counted: "twenty arrests were made", "30 deaths".
    strong |= {"arrest": "arrested"}
    return {**{k: (v, True) for k, v in strong.items()}, **{k: (v, False) for k, v in weak.items()}}


@cache
def category_phrases() -> dict[str, str]:
    """Fixed phrases after a verb that say what is counted: "25 were taken hostage",
    "40 rebels had taken part", "240 remained at large", "are on the run",
    "lost their lives", "were hacked to death", "are in custody", "behind bars",
    "were in critical condition", "22 were hit by gunfire"."""
    return {
        "taken hostage": "abducted",
        "took hostage": "abducted",
        "held hostage": "abducted",
        "taken captive": "abducted",
        "taken part": "fighters",
        "took part": "fighters",
        "taking part": "fighters",
        "take part": "fighters",
        "at large": "escaped",
        "on the run": "escaped",
        "lost their lives": "killed",
        "lost their life": "killed",
        "to death": "killed",
        "hit by gunfire": "injured",
        "hit by bullets": "injured",
        "hit by stray bullets": "injured",
        "hit by shrapnel": "injured",
        "struck by gunfire": "injured",
        "struck by bullets": "injured",
        "receiving treatment": "injured",
        "receiving medical treatment": "injured",
        "under treatment": "injured",
        "critical condition": "injured",
        "serious condition": "injured",
        "stable condition": "injured",
        "into custody": "arrested",
        "in custody": "held",
        "behind bars": "held",
        "in prison": "held",
        "in detention": "held",
    }


@cache
def custody_words() -> frozenset[str]:
    """Words that place a count in custody, so that "held" is about detention:
    "in prison", "jailed at", "detention facility", "the camp holds"."""
    return frozenset(
        ["prison", "jail", "custody", "detention", "facility", "camp", "cell", "penitentiary", "behind_bars"]
    )


@cache
def level_verbs() -> frozenset[str]:
    """Verbs that state the level of a count named by their subject or object:
    "the toll has risen to 33", "stands at 20", "reached 100", "put … at 10,000",
    "taking the death toll to at least 100", "their number ranges from five to seven"."""
    return frozenset(
        [
            "rise",
            "climb",
            "stand",
            "reach",
            "hit",
            "jump",
            "increase",
            "grow",
            "go",
            "mount",
            "soar",
            "put",
            "be",
            "rise_to",
            "range",
            "vary",
            "total",
            "number",
        ]
    )


@cache
def level_nouns() -> frozenset[str]:
    """Nouns that carry a count up to the verb that states it: "at a total of
    10,000", "the number of people killed had risen to 87"."""
    return frozenset(["total", "number", "figure", "level", "tally", "count", "sum"])


@cache
def holding_nouns() -> frozenset[str]:
    """Nouns whose "to" phrase counts the people a place holds: "home to some 3,000 inmates"."""
    return frozenset({"home"})


@cache
def light_verbs() -> frozenset[str]:
    """Verbs whose complement carries the event: "managed to escape",
    "tried to flee", "are estimated to be held", "were reported killed",
    "forced 20,000 people to flee", "caused 3,000 to abandon their homes"."""
    return frozenset(
        [
            "manage",
            "try",
            "attempt",
            "continue",
            "begin",
            "start",
            "estimate",
            "report",
            "believe",
            "fear",
            "say",
            "seem",
            "appear",
            "force",
            "compel",
            "cause",
        ]
    )


# ---------------------------------------------------------------------- groups


@cache
def people_classes() -> dict[str, str]:
    """English nouns for people (and their irregular plurals), by whom a count of them
    is of: ``security_forces`` ("gendarmes", "conscripts", "sentries"), ``militants``
    ("insurgents", "hijackers", "bandits"), ``civilians`` ("worshippers", "pupils",
    "guests", "shoppers", "passengers"), ``custody`` ("inmates", "detainees",
    "escapees": whose they are is for the text to say) and ``unspecified``
    ("victims", "officials").

    Derived from WordNet 3.0 by ``tools/people_classes.py`` into ``data/people.yml``,
    so that nouns no article here has used are classed by what they mean.
    """
    return {word: name for word, name in _people_file().items() if name != "security_bodies"}


@cache
def security_bodies() -> frozenset[str]:
    """Armed forces and their units, from the same file: "members of the brigade",
    "Frontier Corps personnel", "police units" are security forces."""
    return frozenset(word for word, name in _people_file().items() if name == "security_bodies")


@cache
def _people_file() -> dict[str, str]:
    text = resources.files("generator").joinpath("data/people.yml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return {str(word): name for name, words in data.items() for word in words or ()}


@cache
def group_words() -> dict[str, str]:
    """Nouns and modifiers (lowercase lemmas) that say whom a count is of: the
    classes of :func:`people_classes`, and over them the collective nouns, the
    modifiers and the words news uses in its own sense.

    security_forces: "23 soldiers", "members of the security forces",
    "prison guards", "27 policemen", "two constables", "military personnel";
    militants: "16 jihadists", "IS members", "89 suspected militants",
    "100 attackers", "assailants";
    civilians: "five civilians", "residents", "children";
    custody: "3,500 inmates", "100 escapees" (militants only when the text says so);
    unspecified: "78 people", "100 bodies", "57 were treated".
    """
    table = {
        "security_forces": (
            "soldier troop police policeman policemen policewoman officer guard army military personnel "
            "security gendarme gendarmerie constable inspector sub-inspector superintendent serviceman "
            "servicemen marine commando peshmerga cop trooper ranger sergeant lieutenant captain colonel "
            "major corporal private recruit cadet militiaman conscript vigilante militia volunteer"
        ),
        "militants": (
            "militant jihadist insurgent terrorist gunman gunmen assailant attacker rebel extremist bomber "
            "suspect supporter jihadi fighter element raider kidnapper abductor "
            "maoist maoists naxal naxals naxalite naxalites"
        ),
        "custody": "inmate prisoner detainee escapee fugitive convict captive",
        "civilians": (
            "civilian resident villager child children woman women man men girl boy pupil student "
            "passenger farmer worker shopper pilgrim refugee family families teacher patient worshipper "
            "villager parishioner churchgoer"
        ),
        "unspecified": "people person body dead victim casualty individual other wounded injured member official "
        "force personnel element operative supporter unit",
    }
    hand = {w: g for g, words in table.items() for w in words.split()}
    return {**people_classes(), **hand}


_SIDES = ("security_forces", "militants", "civilians")


@cache
def group_by_ending(lemma: str) -> str | None:
    """Whom a closed compound no table lists counts, by the noun it ends with: "farmworkers",
    "steelworkers" are workers; "gunboatmen" is no word of ours. Only a side (not "people"
    or "members", which say nothing), and only after a stem of three letters or more."""
    words = group_words()
    for cut in range(3, len(lemma) - 4):
        side = words.get(lemma[cut:])
        if side in _SIDES:
            return side
    return None


@cache
def home_places() -> frozenset[str]:
    """Places people live, which make "people from the community", "people of the
    village", "residents of the camp" civilians."""
    return frozenset(
        [
            "community",
            "village",
            "town",
            "city",
            "neighbourhood",
            "neighborhood",
            "area",
            "locality",
            "settlement",
            "hamlet",
            "district",
            "household",
            "camp",
            "suburb",
            "quarter",
        ]
    )


@cache
def civilian_places() -> frozenset[str]:
    """Places whose people are civilians by what they do there, so that "attacked a
    mosque, killing 64" counts worshippers: places of worship, schools, markets, shops,
    hotels, hospitals, buses and trains, weddings, funerals, rallies."""
    return frozenset(
        [
            "mosque",
            "church",
            "temple",
            "shrine",
            "synagogue",
            "school",
            "university",
            "college",
            "market",
            "marketplace",
            "shop",
            "supermarket",
            "mall",
            "hotel",
            "restaurant",
            "cafe",
            "hospital",
            "clinic",
            "bus",
            "train",
            "wedding",
            "funeral",
            "rally",
            "concert",
            "village",
        ]
    )


@cache
def humanitarian_modifiers() -> frozenset[str]:
    """Modifiers that make a volunteer or worker one who helps, not one who fights:
    "aid volunteers", "Red Crescent volunteers", "rescue workers"."""
    return frozenset(["aid", "relief", "humanitarian", "medical", "rescue", "health", "red", "charity", "election"])


@cache
def security_modifiers() -> frozenset[str]:
    """Modifiers that put an armed force on the state's side ("Kurdish forces",
    "government troops", "SDF operatives", "Iraqi soldiers", "regime forces",
    "coalition forces", "peacekeeping troops")."""
    return frozenset(
        [
            "security",
            "government",
            "army",
            "military",
            "police",
            "kurdish",
            "sdf",
            "iraqi",
            "afghan",
            "nigerien",
            "pakistani",
            "syrian",
            "federal",
            "national",
            "state-run",
            "regime",
            "loyalist",
            "coalition",
            "peacekeeping",
        ]
    )


@cache
def militant_modifiers() -> frozenset[str]:
    """Modifiers that mark a member of an armed group ("IS fighters",
    "Islamic State members", "jihadist cells", "suspected militants")."""
    return frozenset(
        [
            "is",
            "isis",
            "isil",
            "daesh",
            "jihadist",
            "jihadi",
            "islamist",
            "militant",
            "terrorist",
            "insurgent",
            "rebel",
            "taliban",
            "ttp",
            "iswap",
            "al-shabaab",
            "shabaab",
            "boko",
            "haram",
            "qaeda",
            "suspected",
        ]
    )
