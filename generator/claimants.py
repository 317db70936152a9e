"""Who states a figure: "according to X", "X said", "said X", "X told AFP",
"a spokesman for X, Y, said", and the same source referred to later as "the
Observatory", "the war monitor", "he" or "Mr Shami".

Names are normalised through the alias table (SOHR, OSDH, the Observatory →
Syrian Observatory for Human Rights); a named spokesman is shown with the
organisation he speaks for: "Syrian Democratic Forces (Farhad Shami)".
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .aliases import AliasTable, fold
from .named_organisations import NamedOrganisations
from .patterns import speech_verbs

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
_DROP_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advmod", "nummod", "det", "prep", "case"})


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
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in speech_verbs() | _GIVING:
                continue
            if any(c.dep_ == "neg" for c in verb.children):
                continue  # "AFP could not independently confirm the toll"
            said = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
            if not any(_refers_back(c) for c in said):
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
            before = _name_before(verb)
            if before.ent_type_ in ("ORG", "PERSON", "NORP") or before.pos_ == "PROPN":
                ent = next((e for e in verb.doc.ents if e.start <= before.i < e.end), None)
                return self.name_of(ent.root if ent is not None else before)
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
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and _is_person_like(head)):
            return self._person(head)
        if head.pos_ == "NOUN":
            named = self._named_by_noun(head)
            if named:
                return named
        phrase = _phrase(head)
        if head.ent_type_ == "ORG":
            # "the Syrian Network for Human Rights": the name whole, with its "of" and "for"
            ent = next((e for e in head.doc.ents if e.start <= head.i < e.end and e.label_ == "ORG"), None)
            if ent is not None and ent.root == head:
                phrase = _join([t for t in ent if t.pos_ != "DET"])
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
        name = _clean(phrase)
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
                    org = self._org_name(_phrase(pobj))
            for owner in (c for c in head.children if c.dep_ == "poss"):
                # "the NGO's director", "its spokesman", "the group's head"
                org = org or self.name_of(owner)
            person = next((c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if person is not None:
                # "a military spokesman, Colonel X": the role stands in for the organisation
                full = _join(_person_tokens(person))
                display = f"{org or _clean(_phrase(head))} ({full})"
                self.people[fold(full)] = self.people[fold(_person_tokens(person)[-1].text)] = display
                self.last_person = display
                return display
            return org
        return None

    def _person(self, head: Token) -> str:
        """A person, with the organisation they speak for if the text or the table says."""
        name_tokens = _person_tokens(head)
        full = _join(name_tokens)
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
                named = self.aliases.organisation_in(_phrase(obj))
                org_name = (
                    named.name
                    if named
                    else self.organisations.described(_phrase(obj)) or self.organisations.referred_to(obj)
                )
                if org_name:
                    return org_name
        for appos in (c for c in head.children if c.dep_ == "appos"):
            for prep in (c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    return self._org_name(_phrase(pobj))
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
            before = _join(words[: roles[0]])
            org = self.aliases.organisation_in(before)
            if org is not None:
                self.organisations.saw(org)
                return org.name
            return self.organisations.described(before) or _clean(_join(words[: roles[0] + 1]))
        return None

    def _org_name(self, phrase: str) -> str | None:
        org = self.aliases.organisation_in(phrase)
        if org is not None:
            self.organisations.saw(org)
            return org.name
        return self.organisations.described(phrase) or _clean(phrase) or None


def source_line_name(line: str, aliases: AliasTable) -> str | None:
    """The source a "Source: X" line above a report names, canonical when the table knows
    it: "Source: SANA" → Syrian Arab News Agency; "Sources: SOHR, SDF" → the first."""
    _, colon, names = line.partition(":")
    first = re.split(r"[,;/]| and ", names)[0].strip(" .-–—") if colon else ""
    if not first:
        return None
    org = aliases.organisation_in(first) or aliases.organisation(first)
    return org.name if org is not None else first


_GIVING = frozenset(["provide", "release", "issue", "supply", "compile", "share", "relay"])
"""Verbs by which a source hands over figures: "The figures were provided by the ministry"."""
_BACK_REFERENCES = frozenset(["this", "that", "these", "those"])
_STATED_THINGS = frozenset(["figure", "figures", "information", "toll", "number", "numbers", "news", "tally", "count"])


def _refers_back(tok: Token) -> bool:
    """ "This", "the figure", "these figures", "the information": what was just stated."""
    if tok.lower_ in _BACK_REFERENCES and tok.pos_ == "PRON":
        return True
    return tok.lemma_.lower() in _STATED_THINGS and any(
        c.dep_ == "det" and c.lower_ in ("the", *_BACK_REFERENCES) for c in tok.children
    )


def _name_before(verb: Token) -> Token:
    """The word before ``verb``, past commas and a relative clause of the name before it."""
    doc, i = verb.doc, verb.i - 1
    while i > verb.sent.start and doc[i].is_punct:
        i -= 1
    clause = next((a for a in (doc[i], *doc[i].ancestors) if a.dep_ == "relcl" and a.i < verb.i), None)
    return clause.head if clause is not None and clause.head.i < clause.i else doc[i]


_NEW_SCENE = frozenset(["separately", "meanwhile", "elsewhere", "earlier", "previously", "last", "in", "on"])
_OTHER = frozenset(["another", "separate", "other", "different", "earlier", "previous", "similar"])


_OWN_HEARSAY = frozenset(["reportedly", "allegedly", "apparently", "purportedly", "unconfirmed"])


def continues(sent: Span, source: Span | None) -> bool:
    """Does ``sent`` go on with what ``source``, the sentence that named a source, reported,
    so that its figures are that source's too? Not when it turns to another scene:
    "Separately, …", "In another attack …", "Elsewhere, …", or a place or day the source's
    sentence did not name ("In October 2020, about 1,300 detainees escaped in Beni"); nor
    when it says its figure was only reported ("reportedly", "allegedly")."""
    if source is None or any(t.lower_ in _OWN_HEARSAY for t in sent):
        return False  # "Twenty-seven of the dead were reportedly policemen": another, unnamed source
    words = [t.lower_ for t in sent if not t.is_punct][:4]
    if words and words[0] in _NEW_SCENE and (words[0] not in ("in", "on", "last") or set(words[1:]) & _OTHER):
        return False
    named = {fold(e.text) for e in source.ents if e.label_ in ("GPE", "LOC", "FAC", "DATE")}
    return all(fold(e.text) in named for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC") or _another_time(e))


_THE_COUNTED = frozenset(["dead", "victim", "wounded", "injured", "casualty", "toll", "body"])


def refers_back(sent: Span) -> bool:
    """Does a sentence go on about the figures just given? "Among the dead were five
    children", "Seven of them were women", "Another 12 were wounded", "The victims
    included …"."""
    for tok in sent:
        if tok.lower_ in ("them", "those") and tok.head.lower_ in ("of", "among"):
            return True
        if tok.lower_ in ("another", "further") and tok.i + 1 < sent.end and tok.nbor().like_num:
            return True
        if tok.lemma_.lower() in _THE_COUNTED and any(c.lower_ in ("the", "these", "those") for c in tok.children):
            return True
    return sent[0].lower_ == "among"


def _another_time(ent: Span) -> bool:
    """A date that points away from the story's days: "in October 2020", "last year", "two
    months ago" — not "by Friday alone", which is within them."""
    words = set(fold(ent.text).split())
    return ent.label_ == "DATE" and bool(
        words & {"year", "years", "month", "months", "ago"} or any(w.isdigit() and len(w) == 4 for w in words)
    )


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


def _is_person_like(head: Token) -> bool:
    return head.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in head.children if t.dep_ == "compound")


def _person_tokens(head: Token) -> list[Token]:
    """The tokens of a person's name ending at ``head``, titles dropped ("Mr. Shami" → Shami)."""
    tokens = [head]
    i = head.i - 1
    while i >= head.sent.start and head.doc[i].ent_type_ == "PERSON" and head.doc[i].ent_iob_ != "O":
        tokens.insert(0, head.doc[i])
        if head.doc[i].ent_iob_ == "B":
            break
        i -= 1
    return [t for t in tokens if t.lower_.rstrip(".") not in ("mr", "mrs", "ms", "dr", "colonel", "col", "gen")]


def _phrase(head: Token) -> str:
    """The noun phrase of ``head`` without relative clauses, appositions and numbers."""
    keep = [head]
    stack = [c for c in head.children if c.dep_ not in _DROP_DEPS and c.i < head.i and not _run_by(c)]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in _DROP_DEPS or _in_a_name(tok, c))
    keep.sort(key=lambda t: t.i)
    return _join([t for t in keep if t.pos_ not in ("NUM", "DET") and (t.pos_ != "PUNCT" or _inside_word(t))])


_RUN_BY = frozenset(["run", "lead", "led", "back", "base", "affiliate", "link", "control", "ally", "align", "sponsor"])


def _run_by(tok: Token) -> bool:
    """ "Houthi-run", "Taliban-led", "Iran-backed": who runs a source is not the source
    ("the Houthi-run health ministry" is a ministry)."""
    return tok.tag_ == "VBN" and tok.lemma_.lower() in _RUN_BY and tok.dep_ in ("amod", "compound")


def _join(tokens: list[Token] | Span) -> str:
    """Tokens as the text has them: "Al-Masirah TV", "Mowa Baeki-Telly", not "Al - Masirah"."""
    tokens = list(tokens)
    out = ""
    for tok, after in zip(tokens, [*tokens[1:], None][: len(tokens)], strict=True):
        out += tok.text + (tok.whitespace_ if after is not None and after.i == tok.i + 1 else " ")
    return out.strip()


def _inside_word(tok: Token) -> bool:
    """A hyphen or apostrophe inside a name ("Al-Masirah", "al-Sham"), not a phrase's comma."""
    return tok.text in ("-", "'", "’") and not tok.whitespace_ and tok.i > 0 and not tok.nbor(-1).whitespace_


def _in_a_name(tok: Token, child: Token) -> bool:
    """ "the Jammu and Kashmir police": a conjunction inside a place's or body's name."""
    return tok.pos_ == "PROPN" and child.dep_ in ("cc", "conj") and child.i > tok.i and child.i < tok.head.i


def _clean(phrase: str) -> str:
    words = [w for w in phrase.split() if w.lower() not in ("the", "a", "an", "two", "some", "several")]
    text = " ".join(words).strip(" ,.;:-–—'\"“”")
    return text[:1].upper() + text[1:] if text else ""
