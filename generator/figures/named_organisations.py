"""The organisations an article has named, so that a source named once can be
found again when the article calls it by its kind: "the Britain-based group",
"the war monitor", "the monitoring group", "the NGO's director", "the news
agency", "the ministry"; and the state's own media of the country the article
is about: "state media", "the official news agency".

News names a source in full once, then refers to it by what it is. The kind of
a named organisation is read from its name ("Syrian Network for Human Rights"
is a network), its appositive ("Airwars, a London-based monitor") or the alias
table's descriptors; a reference takes the most recent organisation of its kind.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from ..aliases import AliasTable, Organisation, fold

ORG_KINDS = frozenset(
    [
        "group",
        "organisation",
        "organization",
        "ngo",
        "monitor",
        "watchdog",
        "observatory",
        "agency",
        "body",
        "network",
        "outfit",
        "movement",
        "charity",
        "mission",
        "centre",
        "center",
        "office",
        "ministry",
        "commission",
        "committee",
        "institute",
        "foundation",
        "coalition",
        "alliance",
        "service",
        "department",
    ]
)
"""Nouns an article uses for an organisation it has named: "the Britain-based group",
"the war monitor", "the monitoring group", "the NGO", "the news agency", "the ministry"."""
ANY_KIND = frozenset(["group", "organisation", "organization", "ngo", "body", "outfit", "monitor", "watchdog"])
"""Kinds that any organisation which is not a news outlet can be called: "the group"."""
_GROUPISH = ANY_KIND | frozenset(
    [
        "network",
        "observatory",
        "watch",
        "centre",
        "center",
        "committee",
        "council",
        "commission",
        "movement",
        "front",
        "coalition",
        "alliance",
        "union",
        "association",
        "federation",
        "foundation",
        "institute",
        "charity",
        "mission",
        "project",
        "international",
    ]
)
"""Words in a name that make it a group, NGO or monitor ("Syrian Network for Human
Rights", "Human Rights Watch", "Amnesty International")."""
_MEDIA = frozenset(
    ["news", "agency", "media", "television", "tv", "radio", "press", "newspaper", "broadcaster", "broadcasting"]
)
"""Words in a name or kind that make it a news outlet, never "the group" or "the monitor"."""
_STATE = frozenset(["state", "official", "government", "run", "national"])
"""Words by which an article means its country's state media: "state media", "the
official news agency", "state-run television"."""


class NamedOrganisations:
    """The organisations one article has named so far, most recent last, and the
    countries it is about."""

    def __init__(self, aliases: AliasTable) -> None:
        self.aliases = aliases
        self.table: list[Organisation] = []
        """Organisations of the alias table named so far, most recent last."""
        self.named: list[tuple[str, frozenset[str], bool]] = []
        """Every organisation named so far, the table's or not: its display name, the
        folded words it is known by (name, kind, descriptors) and whether it is a news
        outlet."""
        self.countries: Counter[str] = Counter()
        self._country_names = {fold(c): c for c in aliases.countries()}

    def read(self, sent: Span) -> None:
        """Note the organisations and countries a sentence names."""
        for ent in sent.ents:
            if ent.label_ in ("ORG", "NORP", "PERSON", "GPE"):
                org = self.aliases.organisation_in(ent.text)
                if org is not None:
                    self.saw(org)
                elif ent.label_ == "ORG":
                    self._saw_entity(ent)
            country = self._country_of(ent)
            if country:
                self.countries[country] += 1

    def saw(self, org: Organisation) -> None:
        """Note an organisation of the table as the most recent one named."""
        if org in self.table:
            self.table.remove(org)
        self.table.append(org)
        words = frozenset(fold(" ".join((org.name, *org.aliases, *org.descriptors))).split())
        media = org.country is not None or any(set(fold(d).split()) & _MEDIA for d in org.descriptors)
        self._note(org.name, words | ({"group"} if org.actor else set()), media)

    def _saw_entity(self, ent: Span) -> None:
        """ "the Syrian Network for Human Rights", "Airwars, a London-based monitor"."""
        name = " ".join(t.text for t in ent if t.pos_ not in ("DET", "PUNCT") or t.text in ("-", "'", "’"))
        self.saw_name(name.strip(), ent.root)

    def saw_name(self, name: str, head: Token) -> None:
        """Note a source named by ``name`` (headed by ``head``) that the table lacks, with the
        kind its appositive gives it: "Airwars, a London-based monitor"."""
        kind = head.lemma_.lower()
        words = set(fold(name).split()) | ({kind} if head.pos_ == "NOUN" or kind in ORG_KINDS else set())
        if kind in ORG_KINDS:  # "Airwars, a London-based NGO": the kind and what it says of it
            words |= {fold(m.text) for m in head.children if m.dep_ in ("amod", "compound")} - {""}
        for kind in (c for c in head.children if c.dep_ == "appos" and (c.pos_ == "NOUN" or c.lower_ in ORG_KINDS)):
            words |= {kind.lemma_.lower(), *(fold(m.text) for m in kind.children if m.dep_ in ("amod", "compound"))}
        self._note(name, frozenset(words), bool(words & _MEDIA))

    def _note(self, name: str, words: frozenset[str], media: bool) -> None:
        if name and not set(fold(name).split()) <= ORG_KINDS:  # "the NGO" names no one
            self.named = [n for n in self.named if n[0] != name]
            self.named.append((name, words, media))

    def _country_of(self, ent: Span) -> str | None:
        if ent.label_ == "NORP":
            return self.aliases.country_of_demonym(ent.text)
        if ent.label_ == "GPE":
            place = self.aliases.place(ent.text)
            return self._country_names.get(fold(ent.text)) or (place.country if place else None)
        return None

    # ------------------------------------------------------------------ referring

    def referred_to(self, head: Token) -> str | None:
        """ "the Britain-based group", "the monitoring group", "the news agency", "its
        director": an organisation named earlier, called by its kind. The kind must be in
        what it is known by ("the ministry" of a ministry, "the monitor" of "Airwars, a
        monitor") unless any group is of that kind ("the group", "the NGO"); modifiers
        choose among several ("the monitoring group", "the rights group")."""
        kind = head.lemma_.lower()
        if kind not in ORG_KINDS or head.pos_ not in ("NOUN", "PROPN"):
            return None
        beside = self._described_beside(head)
        if beside is not None:
            return beside
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its") for c in head.children)
        if not definite or any(c.pos_ == "PROPN" and c.dep_ in ("compound", "appos") for c in head.children):
            return None
        described = {fold(m.text) for m in head.children if m.dep_ in ("amod", "compound")} - {""}
        candidates = [
            (name, words)
            for name, words, media in reversed(self.named)
            if (kind in words and (not media or kind not in ANY_KIND))
            or (kind in ANY_KIND and not media and words & _GROUPISH)
        ]
        # the one its modifiers fit ("the monitoring group"), then one of its very kind ("the
        # monitor" of "Airwars, a monitor"), then the most recent
        ranked = sorted(candidates, key=lambda c: (not described & c[1], kind not in c[1]))
        return ranked[0][0] if ranked else None

    def _described_beside(self, head: Token) -> str | None:
        """ "Amaq, the news agency that serves as …", "Airwars, a London-based NGO, said":
        the kind set beside the name it describes, which the parser may have made the
        head of both."""
        doc = head.doc
        det = next((c for c in head.children if c.dep_ == "det" and c.i < head.i), None)
        start = det.i if det is not None else head.left_edge.i
        if start < 2 or doc[start - 1].text != "," or doc[start - 2].pos_ != "PROPN":
            return None
        ent = next((e for e in doc.ents if e.start <= start - 2 < e.end), None)
        name_tokens = list(ent) if ent is not None else [doc[start - 2]]
        name = " ".join(t.text for t in name_tokens)
        org = self.aliases.organisation_in(name)
        if org is not None:
            self.saw(org)
            return org.name
        named = ent is not None and ent.label_ == "ORG"
        if not named and (doc[start - 2].ent_type_ not in ("", "ORG") or name_tokens[0].i != head.sent.start):
            return None  # "In Kabul, the group said": a place before the comma, not a name
        self.saw_name(name, head)
        return name

    def described(self, phrase: str) -> str | None:
        """ "the Observatory", "the war monitor": an organisation of the table named earlier
        by one of its descriptors; "state media", "the official Syrian news agency",
        "Iraqi state TV": the state media of the country the phrase or the article names."""
        folded = fold(phrase)
        words = set(folded.split())

        def fits(org: Organisation) -> bool:
            return any(fold(d) and (folded == fold(d) or folded.endswith(" " + fold(d))) for d in org.descriptors)

        for org in reversed(self.table):
            if fits(org):
                return org.name
        if not words & _STATE:
            return None
        country = next((c for w in folded.split() for c in [self._word_country(w)] if c), None)
        country = country or (self.countries.most_common(1)[0][0] if self.countries else None)
        for org in self.aliases.organisations:
            if org.country is not None and org.country == country and fits(org):
                self.saw(org)
                return org.name
        return None

    def _word_country(self, word: str) -> str | None:
        """ "syrian" → Syria, "iraq" → Iraq (a folded word of a phrase)."""
        return self.aliases.country_of_demonym(word) or self._country_names.get(word)
