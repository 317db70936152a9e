"""Who states a figure: "according to X", "X said", "said X", "X told AFP",
"a spokesman for X, Y, said", and the same source referred to later as "the
Observatory", "the war monitor", "he" or "Mr Shami".

Names are normalised through the alias table (SOHR, OSDH, the Observatory →
Syrian Observatory for Human Rights); a named spokesman is shown with the
organisation he speaks for: "Syrian Democratic Forces (Farhad Shami)".
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..aliases import AliasTable, fold
from .named_organisations import NamedOrganisations
from .patterns import speech_verbs
from .source_names import clean_name, is_person_like, join_tokens, name_before, noun_phrase, person_tokens
from .source_reach import GIVING, stated_just_before

_ROLES = frozenset(
    [
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "head",
        "chief",
        "commander",
        "minister",
        "official",
        "director",
        "leader",
        "officer",
        "representative",
        "governor",
        "mayor",
        "president",
        "secretary",
        "general",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "commissioner",
        "sheriff",
        "superintendent",
        "inspector",
        "administrator",
        "chairman",
        "chairperson",
        "adviser",
        "advisor",
        "envoy",
        "prefect",
        "deputy",
    ]
)
_PRONOUNS = {
    "he": "person",
    "she": "person",
    "his": "person",
    "her": "person",
    "they": "any",
    "their": "any",
    "it": "org",
    "its": "org",
}
_NOT_SPEAKERS = frozenset(
    [
        "fighting",
        "attack",
        "clash",
        "explosion",
        "blast",
        "bombing",
        "violence",
        "war",
        "assault",
        "raid",
        "fire",
        "incident",
        "strike",
    ]
)
"""Subjects of "claimed", "left", "showed" that are events, not sources: "the fighting claimed dozens of lives"."""
_GENERIC_OWNERS = frozenset(
    [
        "report",
        "statement",
        "figures",
        "figure",
        "data",
        "toll",
        "tally",
        "count",
        "assessment",
        "update",
        "communique",
        "information",
        "estimate",
        "account",
        "record",
        "bulletin",
        "release",
        "announcement",
        "tweet",
        "post",
        "message",
        "briefing",
        "list",
    ]
)
"""Things a source issues: "according to information given by local sources", "figures
given by one of the teachers", "a UN report", "the statement said"."""
_LEADS = frozenset(["head", "lead", "run", "direct", "chair", "found", "represent"])
"""Verbs by which a person is of an organisation: "X, who heads the Britain-based group"."""
_SPOKEN = frozenset(["said", "says", "told", "tells"])
"""Word forms of "say" and "tell", for when the parser mistakes the verb ("said" as AUX)."""


class ArticleSources:
    """What one article has said about its sources so far, read sentence by sentence.

    Keeps the organisations named, the people and whom they speak for, and the
    last source, so that later sentences can refer back to them.
    """

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self.people: dict[str, str] = {}
        """Folded full name and surname → display name ("Syrian Democratic Forces (Farhad Shami)")."""
        self.organisations = NamedOrganisations(aliases)
        """The organisations named so far, for "the Observatory", "the group" later on."""
        self.last_person: str | None = None
        self.last_source: str | None = None
        self.issuers: dict[str, str] = {}
        """Who issued the statement, report… an article mentions ("Amaq put out a
        statement"), for "the statement said" later on."""

    def read_sentence(self, sent: Span) -> None:
        """Note the organisations a sentence names (for "the Observatory" later on), and
        who issued the statements it mentions (for "the statement said")."""
        self.organisations.read(sent)
        for tok in sent:
            if tok.lemma_.lower() in _GENERIC_OWNERS and tok.dep_ == "dobj" and _owner_of(tok) is None:
                issuer = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                name = self.name_of(issuer) if issuer is not None else None
                if name:
                    self.issuers[tok.lemma_.lower()] = name

    # ------------------------------------------------------------------ finding

    def claimant_of(self, token: Token) -> str | None:
        """The source of the figure at ``token``, or None when the sentence gives none."""
        sent = token.sent
        for ancestor in token.ancestors:
            speaker = self._speaker_of_verb(ancestor)
            if speaker:
                return self._remember(speaker)
            according = _according_to(ancestor)
            if according is not None:
                return self._remember(self.name_of(according))
        for tok in sent:
            if tok.lower_ == "according":
                pobj = _according_to(tok.head) if tok.head != tok else None
                target = pobj or next((c for t in tok.children for c in t.children if c.dep_ == "pobj"), None)
                if target is not None:
                    return self._remember(self.name_of(target))
        for tok in sent:
            speaker = self._speaker_of_verb(tok)
            if speaker:
                return self._remember(speaker)
        return None

    def source_of_sentence(self, sent: Span) -> str | None:
        """The source a sentence with no figure speaks for ("The SDF announced that …"),
        which the next sentence's figures may carry on."""
        speaker = self._speaker_of_verb(sent.root)
        if speaker is None:
            according = _according_to(sent.root)
            speaker = self.name_of(according) if according is not None else None
        return self._remember(speaker)

    def late_attribution(self, sent: Span) -> str | None:
        """The source a sentence gives for the figures just before it: "The figure was given
        by the head teacher", "This was reported by the state news agency", "The information
        was confirmed by the minister", "The ministry confirmed the toll"."""
        for verb in sent:
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in speech_verbs() | GIVING:
                continue
            if any(c.dep_ == "neg" for c in verb.children):
                continue  # "AFP could not independently confirm the toll"
            said = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
            if not any(stated_just_before(c) for c in said):
                continue
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    return self._remember(self.name_of(pobj))
            for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                return self._remember(self.name_of(subject))
        return None

    def _speaker_of_verb(self, verb: Token) -> str | None:
        if verb.pos_ not in ("VERB", "AUX") or (
            verb.lemma_.lower() not in speech_verbs() and verb.lower_ not in _SPOKEN
        ):
            return None
        if any(c.dep_ == "neg" for c in verb.children):
            return None  # "AFP could not independently confirm the toll": no source of it
        if verb.lemma_ == "claim" and (
            any(c.lemma_ in ("responsibility", "credit", "life", "live") for c in verb.children)
            or any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _NOT_SPEAKERS for c in verb.children)
            or (verb.dep_ == "acl" and verb.head.lemma_.lower() in _NOT_SPEAKERS)
        ):
            # "claimed responsibility", "the fighting has claimed dozens of lives", "ISWAP claims
            # attack that killed 71", "an attack claimed by IS": a deed owned, not a figure given
            return None
        # a name before a common noun when the parser sees two: "the official news agency SANA said"
        subjects = sorted(
            (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: c.pos_ != "PROPN"
        )
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        for subject in (*agents, *subjects):
            if subject.dep_ == "nsubjpass" or subject.lemma_.lower() in _NOT_SPEAKERS:
                continue
            name = self.name_of(subject)
            if name:
                return name
        if not subjects and not agents and verb.tag_ == "VBG":
            speaker = self._speaker_of_participle(verb)
            if speaker:
                return speaker
        if not subjects and verb.i > verb.sent.start:
            # "…, killing 19 people, the Syrian Observatory for Human Rights said": the parser
            # hung the speaker elsewhere; it is the name right before the verb, or before the
            # relative clause that describes it ("Senator X, who represented …, said").
            before = name_before(verb)
            if before.ent_type_ in ("ORG", "PERSON", "NORP") or before.pos_ == "PROPN":
                ent = next((e for e in verb.doc.ents if e.start <= before.i < e.end), None)
                return self.name_of(ent.root if ent is not None else before)
            phrase = _phrase_before(verb)
            if phrase is not None:
                return self.name_of(phrase)
        return None

    def _speaker_of_participle(self, verb: Token) -> str | None:
        """ "It raised the toll to 53, adding that a further 110 had been wounded": the
        subject of the clause the participle hangs on; "Amaq put out a statement saying …":
        whoever issued the statement."""
        head = verb.head
        if verb.dep_ == "acl" and head.lemma_.lower() in _GENERIC_OWNERS:
            owner = _owner_of(head)
            if owner is not None:
                return self.name_of(owner)
            head = head.head
        elif verb.dep_ not in ("advcl", "conj", "xcomp"):
            return None
        if head.pos_ not in ("VERB", "AUX"):
            return None
        for subject in (c for c in head.children if c.dep_ == "nsubj"):
            if subject.lemma_.lower() not in _NOT_SPEAKERS:
                return self.name_of(subject)
        return None

    def _remember(self, name: str | None) -> str | None:
        if name:
            self.last_source = name
        return name

    # ---------------------------------------------------------------- naming

    def name_of(self, head: Token) -> str | None:
        """A display name for the noun phrase headed by ``head``."""
        lower = head.lower_
        if lower in _PRONOUNS:
            return self.last_person if _PRONOUNS[lower] == "person" else self.last_source
        if lower in ("who", "which", "that"):
            return None
        if head.lemma_.lower() in _GENERIC_OWNERS:
            owner = _owner_of(head)
            if owner is not None:
                return self.name_of(owner)
            return self.issuers.get(head.lemma_.lower()) or self.last_source
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and is_person_like(head)):
            return self._person(head)
        if head.pos_ == "NOUN":
            named = self._named_by_noun(head)
            if named:
                return named
        phrase = noun_phrase(head)
        if head.ent_type_ == "ORG":
            # "the Syrian Network for Human Rights": the name whole, with its "of" and "for"
            ent = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ == "ORG"), None)
            if ent is not None and ent.root == head:
                phrase = join_tokens([t for t in ent if t.pos_ != "DET"])
        if head.lower_ in ("one", "some", "many", "several", "two", "three"):
            # "one of the teachers": the source is one of them, not "one"
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            if of is not None:
                dropped = {t for c in of.subtree if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
                words = " ".join(t.text for t in (head, *of.subtree) if t.pos_ != "PUNCT" and t not in dropped)
                org = self.aliases.organisation_in(words)
                return org.name if org is not None else words[:1].upper() + words[1:]
        org = self.aliases.organisation_in(phrase)
        if org is not None:
            self.organisations.saw(org)
            return org.name
        described = self.organisations.described(phrase) or self.organisations.referred_to(head)
        if described is not None:
            return described
        name = clean_name(phrase)
        if name and (head.pos_ == "PROPN" or any(t.pos_ == "PROPN" for t in head.lefts)):
            # "Airwars, a London-based monitor, said", "according to the White Helmets rescue group"
            self.organisations.saw_name(name, head)
        return name or None

    def _named_by_noun(self, head: Token) -> str | None:
        """ "The newspaper Daily Trust" → Daily Trust; "A spokesman for the Task Force,
        Abubakar Danladi," → Task Force (Abubakar Danladi)."""
        for child in head.children:
            if child.dep_ in ("appos", "compound") and child.i > head.i and child.pos_ == "PROPN":
                if child.ent_type_ == "PERSON" and head.lemma_.lower() in _ROLES:
                    continue
                return self.name_of(child)
        if head.lemma_.lower() in _ROLES:
            org = None
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    org = self._org_name(noun_phrase(pobj))
            for owner in (c for c in head.children if c.dep_ == "poss"):
                # "the NGO's director", "its spokesman", "the group's head"
                org = org or self.name_of(owner)
            person = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if person is not None:
                # "a military spokesman, Colonel X": the role stands in for the organisation
                full = join_tokens(person_tokens(person))
                display = f"{org or clean_name(noun_phrase(head))} ({full})"
                self.people[fold(full)] = self.people[fold(person_tokens(person)[-1].text)] = display
                self.last_person = display
                return display
            return org
        return None

    def _person(self, head: Token) -> str:
        """A person, with the organisation they speak for if the text or the table says."""
        name_tokens = person_tokens(head)
        full = join_tokens(name_tokens)
        known = self.people.get(fold(full)) or self.people.get(fold(name_tokens[-1].text))
        if known:
            self.last_person = known
            return known
        org_name = self._organisation_of_person(head, name_tokens)
        table_org = self.aliases.organisation(full)
        if table_org is not None:
            org_name = table_org.name
        display = f"{org_name} ({full})" if org_name else full
        self.people[fold(full)] = display
        self.people[fold(name_tokens[-1].text)] = display
        self.last_person = display
        return display

    def _organisation_of_person(self, head: Token, name_tokens: list[Token]) -> str | None:
        """ "Farhad Shami, a spokesman for the SDF", "SDF spokesman Siamand Ali",
        "Observatory head Rami Abdel Rahman", "Mohammad Asim, a hospital official",
        "X, who heads the Britain-based group"."""
        for clause in (c for c in head.children if c.dep_ == "relcl" and c.lemma_.lower() in _LEADS):
            for obj in (c for c in clause.children if c.dep_ == "dobj"):
                named = self.aliases.organisation_in(noun_phrase(obj))
                org_name = (
                    named.name
                    if named
                    else self.organisations.described(noun_phrase(obj)) or self.organisations.referred_to(obj)
                )
                if org_name:
                    return org_name
        for appos in (c for c in head.children if c.dep_ == "appos"):
            for prep in (c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    return self._org_name(noun_phrase(pobj))
            if appos.lemma_.lower() in _ROLES:
                words = [t.text for t in appos.subtree if t.dep_ not in ("det",) and t.i < appos.i]
                if words:
                    return self._org_name(" ".join([*words, appos.text])) or " ".join([*words, appos.text])
        first = name_tokens[0].i
        before = []
        for tok in reversed(head.doc[max(head.sent.start, first - 6) : first]):
            if tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.text in ("(", ")"):
                before.insert(0, tok)
            else:
                break
        words = [t for t in before if t.text not in ("(", ")")]
        roles = [i for i, t in enumerate(words) if t.lemma_.lower() in _ROLES]
        if roles and roles[0] > 0:
            # "SDF spokesman X", "Observatory head X": the organisation, when it is one the
            # table or the article knows; else the office ("Information Minister X",
            # "Regional governor X"), not its first word
            before = join_tokens(words[: roles[0]])
            org = self.aliases.organisation_in(before)
            if org is not None:
                self.organisations.saw(org)
                return org.name
            return self.organisations.described(before) or clean_name(join_tokens(words[: roles[0] + 1]))
        return None

    def _org_name(self, phrase: str) -> str | None:
        org = self.aliases.organisation_in(phrase)
        if org is not None:
            self.organisations.saw(org)
            return org.name
        return self.organisations.described(phrase) or clean_name(phrase) or None


def _phrase_before(verb: Token) -> Token | None:
    """ "…, killing six people and wounding 17, a source in the Iraqi security forces told AFP":
    the parser hung the speaker on the figures; it is the phrase between the last comma and
    the verb, when that phrase is one noun's."""
    sent = verb.sent
    comma = next((i for i in range(verb.i - 1, sent.start, -1) if verb.doc[i].text == ","), None)
    if comma is None or verb.i - comma < 2:
        return None
    span = verb.doc[comma + 1 : verb.i]
    heads = [t for t in span if not (comma < t.head.i < verb.i)]
    if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN") or heads[0].lemma_.lower() in _NOT_SPEAKERS:
        return None
    return heads[0]


def _according_to(tok: Token) -> Token | None:
    """The X of an "according to X" attached to ``tok``."""
    for child in tok.children:
        if child.lower_ == "according":
            for to in child.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return _owner_of(pobj) if pobj.lemma_.lower() in _GENERIC_OWNERS and _owner_of(pobj) else pobj
    return None


def _owner_of(noun: Token) -> Token | None:
    """Whose report: "a United Nations report", "figures from the SOHR", "report established by X"."""
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "nmod") and (child.ent_type_ or child.pos_ == "PROPN"):
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
        if child.dep_ == "acl":
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for pobj in agent.children:
                    return pobj
    return None
