"""Write ``generator/data/people.yml``: English nouns for people, sorted into the
classes that say whom a count is of (security forces, militants, civilians,
people in custody, or nobody in particular), read from WordNet 3.0.

A hand list holds the nouns someone has seen in an article; WordNet holds the
thousands nobody here has seen yet ("gendarmes", "parishioners", "conscripts",
"hijackers"). Each class is the hyponym closure of a few WordNet senses (its
*roots*, below); a sense that lies under roots of several classes takes the
class of the nearest root, so that "serviceman" (a skilled worker) is security
forces, not a civilian worker, and "inmate" (a resident of a prison) is in
custody, not a resident. A word is classed by its most frequent sense as a common
noun, and only when that sense is a person: "guard" is a person first, "pupil" a
learner, "herder" a herdsman (not the philosopher Herder).

This is a development tool; the build reads only the file it writes, so a
fresh machine needs no WordNet. Run it again after changing a root or an
override below:

    apt-get install wordnet-base        # Debian's WordNet 3.0, /usr/share/wordnet
    .venv/bin/python tools/people_classes.py [--wordnet DIR] [-o generator/data/people.yml]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import deque
from pathlib import Path

ROOTS: dict[str, tuple[str, ...]] = {
    # people in uniform: the armed services, police and guards, and the militias and
    # volunteers that defend a place (GOLD.md: "militia fighting the attackers")
    "security_forces": (
        "10582746",  # serviceman, military personnel
        "10317007",  # military officer
        "10448983",  # policeman, police officer
        "10249459",  # lawman, law officer
        "10150071",  # guard: a person who keeps watch
        "09863031",  # bodyguard
        "10317717",  # militiaman
        "10753339",  # vigilante
        "10759331",  # (military) volunteer
    ),
    # members of armed groups and those who attack: GOLD.md's militants
    "militants": (
        "09821253",  # attacker, assailant, aggressor
        "10702781",  # terrorist
        "10210137",  # insurgent, rebel
        "10150556",  # guerrilla, irregular
        "09977660",  # criminal, felon, outlaw: bandits, kidnappers, hijackers, gunmen
        "10074735",  # extremist
        "10681383",  # suspect: someone under suspicion
    ),
    # people in custody: who they are is for the text to say ("3,500 IS suspects",
    # "inmates, many of them IS members"); alone they are nobody's side
    "custody": (
        "10476086",  # prisoner, captive (detainees, convicts, hostages)
        "10207370",  # inmate
        "09962966",  # convict
        "10062905",  # escapee
        "10115082",  # fugitive, runaway
    ),
    # people by what they are, not by a side: a count of them is "unspecified"
    "unspecified": (
        "10752093",  # victim
        "10372373",  # official
    ),
    # civilians by role: people at home, at school, at prayer, at work, travelling,
    # shopping, visiting, in hospital; children, women and men — every person whom no
    # nearer root above puts on a side (GOLD.md: civilians are those not under arms)
    "civilians": (
        "09924742",  # civilian
        "00007846",  # person
    ),
}

BODIES = (
    "08198398",  # military unit: army, corps, brigade, battalion, regiment, platoon, patrol
    "08199025",  # the military, armed forces
    "08209687",  # police, police force, constabulary (gendarmerie)
    "08390511",  # militia, reserves
)
"""Bodies of people in uniform, which put "members", "personnel" or "fighters" of them
(or named after them: "Frontier Corps personnel") on the security forces' side."""

PRECEDENCE = ("custody", "militants", "security_forces", "unspecified", "civilians")
"""Which class a sense takes when roots of two classes are equally near."""

OVERRIDES: dict[str, str | None] = {
    # The Kurdistan Region's armed forces and Indian soldiers; WordNet files them under
    # a people ("Kurd", "Indian"), which the rule below leaves out.
    "peshmerga": "security_forces",
    "jawan": "security_forces",
    # WordNet's militant is "a militant reformer", its rebel first a Confederate
    # soldier, its jihadist a Muslim: news means members of an armed group.
    "militant": "militants",
    "rebel": "militants",
    "jihadist": "militants",
    "jihadi": "militants",
    "mujahid": "militants",
    **dict.fromkeys(
        ["mujahideen", "mujahedeen", "mujahedin", "mujahidin", "mujahadeen", "mujahadein", "mujahadin"], "militants"
    ),
    "bomber": "militants",
    "gunman": "militants",
    "raider": "militants",
    "abductor": "militants",
    "kidnapper": "militants",
    "invader": "militants",
    # "Noncombatants" in news are civilians, not WordNet's army chaplains.
    "noncombatant": "civilians",
    # Mostly said of soldiers in news ("a marine", "three rangers").
    "marine": "security_forces",
    "ranger": "security_forces",
    "trooper": "security_forces",
    "commando": "security_forces",
    # Either side, or nobody's: the text must say ("IS fighters", "Kurdish fighters",
    # "members of the army"). Left to the hand table in generator/figures/lexicon.py.
    "fighter": None,
    "combatant": None,
    "member": None,
    "operative": None,
    "agent": None,
    "volunteer": None,
    "enemy": None,
    "man": None,  # "the man", but also "200 men" of an army
    "men": None,
    # Of either side or none: the text must say.
    "warrior": None,
    "mercenary": None,
    "deserter": None,
    "defector": None,
    "spy": None,
    "adult": None,
    "survivor": "unspecified",
    "intruder": "militants",
    # Words for anyone: a count of them is a mixed total.
    "individual": "unspecified",
    "someone": "unspecified",
    "somebody": "unspecified",
    "soul": "unspecified",
    "mortal": "unspecified",
    # Words that are a person in WordNet but a thing first in news.
    "head": None,
    "hand": None,
    "party": None,
    "case": None,
    "unit": None,
    "runner": None,
    "torpedo": None,
    "torpedoes": None,
    "fodder": None,
    "stiff": None,
}
"""Corrections to WordNet for news, each with its reason."""

PERSON = "00007846"
_WORD = re.compile(r"[a-z][a-z'-]*")
_SLUR = re.compile(r"slur|offensive|disparag|derogatory|contemptuous|vulgar")


class WordNet:
    """The noun half of WordNet 3.0's database files (``data.noun``, ``index.noun``,
    ``noun.exc``), read with no library."""

    def __init__(self, folder: Path) -> None:
        self.words: dict[str, list[str]] = {}
        self.glosses: dict[str, str] = {}
        self.hypernyms: dict[str, list[str]] = {}
        for line in (folder / "data.noun").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue
            head, _, gloss = line.partition(" | ")
            fields = head.split()
            offset, count = fields[0], int(fields[3], 16)
            self.glosses[offset] = gloss
            self.words[offset] = [fields[4 + 2 * i] for i in range(count)]
            at = 4 + 2 * count
            pointers = [fields[at + 1 + 4 * i : at + 5 + 4 * i] for i in range(int(fields[at]))]
            self.hypernyms[offset] = [p[1] for p in pointers if p[0] in ("@", "@i") and p[2] == "n"]
        self.senses: dict[str, list[str]] = {}
        for line in (folder / "index.noun").read_text(encoding="latin-1").splitlines():
            if not line.startswith("  "):
                fields = line.split()
                self.senses[fields[0]] = fields[-int(fields[2]) :]
        self.plurals: dict[str, list[str]] = {}
        for line in (folder / "noun.exc").read_text(encoding="latin-1").splitlines():
            plural, *singulars = line.split()
            for singular in singulars:
                self.plurals.setdefault(singular, []).append(plural)

    def distances(self, offset: str) -> dict[str, int]:
        """Every sense above ``offset`` with the fewest hypernym steps to it."""
        found: dict[str, int] = {}
        queue = deque([(offset, 0)])
        while queue:
            sense, steps = queue.popleft()
            if sense in found:
                continue
            found[sense] = steps
            queue.extend((h, steps + 1) for h in self.hypernyms.get(sense, ()))
        return found


def class_of_sense(wordnet: WordNet, offset: str) -> str | None:
    """The class of the nearest root above a sense, or None when no root is above it."""
    above = wordnet.distances(offset)
    best: tuple[int, int, str] | None = None
    for name, roots in ROOTS.items():
        steps = [above[r] for r in roots if r in above]
        if steps:
            candidate = (min(steps), PRECEDENCE.index(name), name)
            best = min(best, candidate) if best else candidate
    return best[2] if best else None


def _proper(wordnet: WordNet, word: str, offset: str) -> bool:
    """Is ``word`` a name in this sense ("Kurd", "Marine", "SAS"), not a common noun?"""
    return any(w.lower() == word and w[:1].isupper() for w in wordnet.words[offset])


def _compound_plurals(wordnet: WordNet, word: str) -> list[str]:
    """Irregular plurals of a compound that WordNet lists only for its last part:
    "schoolchild" → "schoolchildren" (as "child" → "children"), "fisherman" →
    "fishermen", "policewoman" → "policewomen". spaCy's lemmatizer leaves such
    plurals as they are, so the table must know them."""
    for tail in ("child", "man", "person"):  # "policewoman" is "policewo" + "man"
        if word.endswith(tail) and word != tail:
            return [word[: -len(tail)] + plural for plural in wordnet.plurals.get(tail, ())]
    return []


def classes(wordnet: WordNet) -> dict[str, str]:
    """Each lower-case word (and irregular plural) whose first sense is a person, with its class."""
    table: dict[str, str] = {}
    for word, senses in wordnet.senses.items():
        # its most frequent sense as a common noun: "herder" the herdsman, not Herder;
        # none for a people or a member of a named body ("Kurd", "Marine"): not a role
        first = next((o for o in senses if not _proper(wordnet, word, o)), None)
        if first is None or not _WORD.fullmatch(word) or PERSON not in wordnet.distances(first):
            continue
        if _SLUR.search(wordnet.glosses[first]):
            continue  # a slur names nobody's side, and has no place in our data
        name = class_of_sense(wordnet, first)
        if name:
            table[word] = name
    bodies = set(BODIES)
    for word, senses in wordnet.senses.items():
        first = senses[0]
        if word in table or not _WORD.fullmatch(word) or _proper(wordnet, word, first):
            continue  # a person, or a named body ("the SAS")
        if bodies & set(wordnet.distances(first)):
            table[word] = "security_bodies"
    for word, name in list(table.items()):
        for plural in (*wordnet.plurals.get(word, ()), *_compound_plurals(wordnet, word)):
            table.setdefault(plural, name)
    for word, name in OVERRIDES.items():
        if name is None:
            table.pop(word, None)
        else:
            table[word] = name
    return table


HEADER = """\
# Nouns for people, by whom a count of them is of. Written by
# tools/people_classes.py from WordNet 3.0; do not edit by hand: change the
# roots or overrides there and run it again (see its docstring).
#
# security_forces, militants, civilians: the side the noun names.
# custody: people held (inmates, detainees, escapees): unspecified unless the
#   text says whose members they are.
# unspecified: people by what happened to them or by office (victims, officials).
# security_bodies: armed forces and their units (not people: "members of the
#   brigade", "Frontier Corps personnel" are security forces).
"""


def write(table: dict[str, str], out: Path) -> None:
    lines = [HEADER]
    for name in (*ROOTS, "security_bodies"):
        members = sorted(w for w, c in table.items() if c == name)
        lines.append(f"{name}:")
        lines.extend(f"  - {w!r}" if not w.replace("-", "").replace("'", "").isalpha() else f"  - {w}" for w in members)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="folder of data.noun")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).parent.parent / "generator/data/people.yml")
    args = parser.parse_args(argv)
    if not (args.wordnet / "data.noun").is_file():
        print(
            f"error: {args.wordnet}/data.noun not found: apt-get install wordnet-base, or pass --wordnet",
            file=sys.stderr,
        )
        return 1
    table = classes(WordNet(args.wordnet))
    write(table, args.output)
    counts = {name: sum(1 for c in table.values() if c == name) for name in (*ROOTS, "security_bodies")}
    print(f"{args.output}: {len(table)} words " + ", ".join(f"{n} {c}" for c, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
