"""Finding joint cooperations in the members' own lists, for the secretariat to confirm:
never merged silently.

Two proposals are a candidate pair when member A's proposal names member B as its
partner (``mitra``: its name or an alias, common abbreviations written out; a close
spelling counts, and the evidence says so), B's proposal names A, both have the same
urusan and their titles are similar once the partners' names are taken out (difflib's
ratio at least :data:`MIN_TITLE_SIMILARITY`). Each proposal goes into one candidate at
most: pairs already confirmed first, then by decreasing title similarity; every other
close match is named in the evidence as an alternative.

The candidates come out in the joint table's own layout (one row per party, a
suggested id, each party's share, staff, duration and start from its own proposal),
the evidence in ``catatan`` and an empty ``konfirmasi``: write ``ya`` on the rows the
parties agreed (``tidak`` on the others) and name the file in ``[data] joint``; only
confirmed rows are read. Cooperations already in the confirmed table keep their id and
``ya``.

Example:
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> table = propose_joint(c.members, c.neighbours, existing=c.joint)
    >>> confirmed = table[table["konfirmasi"] == "ya"]["kode"].nunique()
    >>> confirmed == len(c.joint), list(table.columns[:4])
    (True, ['kode', 'judul', 'pihak', 'usulan'])
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from mcda_kerjasama.coordination.records import Joint, Member, names_of, normalise_name
from mcda_kerjasama.i18n import Language, Msg, Number, text

#: Titles at least this similar (difflib ratio, partners' names left out) can match.
MIN_TITLE_SIMILARITY = 0.5
#: A partner written at least this close to a member's name is taken for it.
MIN_NAME_SIMILARITY = 0.9
COLUMNS = (
    "kode", "judul", "pihak", "usulan", "biaya", "staf", "durasi", "tahun_mulai",
    "sifat", "urusan", "catatan", "konfirmasi",
)  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """A candidate pair: the two members and their proposals, the title similarity and
    the evidence (messages), and an existing joint id when already confirmed."""

    parties: tuple[str, str]
    proposals: tuple[str, str]
    similarity: float
    evidence: tuple[Msg, ...]
    existing: str | None = None


def _partner_of(member: Member, members: Sequence[Member]) -> dict[str, tuple[str, bool]]:
    """Each distinct partner text of a member's KSDD proposals -> (the member it names,
    whether the match is exact)."""
    known = {n: m.name for m in members if m.name != member.name for n in names_of(m)}
    out: dict[str, tuple[str, bool]] = {}
    for partner in member.data.loc[member.data["kind"] == "KSDD", "partner"].astype(str).unique():
        norm = normalise_name(partner)
        if norm in known:
            out[partner] = (known[norm], True)
            continue
        close = difflib.get_close_matches(norm, list(known), n=1, cutoff=MIN_NAME_SIMILARITY)
        if close:
            out[partner] = (known[close[0]], False)
    return out


def _bare_title(title: str, partner: str, names: Sequence[str]) -> str:
    """A title without the partners' names (its own partner as written, every member's
    name) and the joining words, for comparing two titles."""
    text_ = normalise_name(title).replace(" ".join(partner.lower().split()), " ")
    for name in sorted(names, key=len, reverse=True):
        text_ = text_.replace(name, " ")
    text_ = re.sub(r"\b(bersama|dengan|antara|dan|kerja sama)\b", " ", text_)
    return " ".join(text_.split())


def candidates(
    members: Sequence[Member],
    neighbours: frozenset[frozenset[str]] = frozenset(),
    existing: Sequence[Joint] = (),
) -> list[Candidate]:
    """Every candidate pair with its evidence, best first (see the module docstring).

    Example: see the module docstring.
    """
    by_name = {m.name: m for m in members}
    names = [n for m in members for n in names_of(m)]
    confirmed = {(p, j.proposals[p]): j.id for j in existing for p in j.parties}
    naming: dict[tuple[str, str], list[tuple[str, bool]]] = {}  # (A, B) -> A's proposals naming B
    for member in members:
        partners = _partner_of(member, members)
        data = member.data
        for pid, partner in data.loc[data["kind"] == "KSDD", "partner"].astype(str).items():
            if partner in partners:
                target, exact = partners[partner]
                naming.setdefault((member.name, target), []).append((str(pid), exact))
    scored: list[tuple[float, str, str, str, str, bool, bool]] = []
    for (a, b), mine in naming.items():
        if a > b or (b, a) not in naming:
            continue
        theirs = naming[(b, a)]
        da, db = by_name[a].data, by_name[b].data
        for pa, exact_a in mine:
            for pb, exact_b in theirs:
                if da.at[pa, "urusan"] != db.at[pb, "urusan"]:
                    continue
                ta = _bare_title(str(da.at[pa, "title"]), str(da.at[pa, "partner"]), names)
                tb = _bare_title(str(db.at[pb, "title"]), str(db.at[pb, "partner"]), names)
                similarity = difflib.SequenceMatcher(None, ta, tb).ratio()
                if similarity >= MIN_TITLE_SIMILARITY:
                    scored.append((similarity, a, pa, b, pb, exact_a, exact_b))

    def agreed(item: tuple[float, str, str, str, str, bool, bool]) -> bool:
        _, a, pa, b, pb, _, _ = item
        return (a, pa) in confirmed and confirmed.get((a, pa)) == confirmed.get((b, pb))

    # pairs already confirmed first, then by decreasing similarity
    scored.sort(key=lambda s: (not agreed(s), -s[0], s[1], s[2], s[3], s[4]))
    used: set[tuple[str, str]] = set()
    alternatives: dict[tuple[str, str], list[str]] = {}
    chosen = []
    for similarity, a, pa, b, pb, exact_a, exact_b in scored:
        if (a, pa) in used or (b, pb) in used:
            for side, other in (((a, pa), pb), ((b, pb), pa)):
                if side in used:
                    alternatives.setdefault(side, []).append(f"{other} ({similarity:.2f})")
            continue
        used |= {(a, pa), (b, pb)}
        chosen.append((similarity, a, pa, b, pb, exact_a, exact_b))
    out = []
    for similarity, a, pa, b, pb, exact_a, exact_b in chosen:
        da, db = by_name[a].data, by_name[b].data
        evidence = [
            Msg(
                "koord_match_names",
                {"member": a, "proposal": pa, "partner": b, "exact": "" if exact_a else "~"},
            ),
            Msg(
                "koord_match_names",
                {"member": b, "proposal": pb, "partner": a, "exact": "" if exact_b else "~"},
            ),
            Msg("koord_match_urusan", {"urusan": str(da.at[pa, "urusan"])}),
            Msg("koord_match_title", {"similarity": Number(similarity, 2)}),
        ]
        if int(da.at[pa, "duration"]) != int(db.at[pb, "duration"]):
            evidence.append(
                Msg(
                    "koord_match_durations",
                    {"a": int(da.at[pa, "duration"]), "b": int(db.at[pb, "duration"])},
                )
            )
        if str(da.at[pa, "nature"]) != str(db.at[pb, "nature"]):
            evidence.append(
                Msg(
                    "koord_match_natures",
                    {"a": str(da.at[pa, "nature"]), "b": str(db.at[pb, "nature"])},
                )
            )
        if neighbours:
            key = (
                "koord_match_neighbours" if frozenset((a, b)) in neighbours else "koord_match_apart"
            )
            evidence.append(Msg(key))
        for side in ((a, pa), (b, pb)):
            if side in alternatives:
                evidence.append(
                    Msg(
                        "koord_match_alternatives",
                        {"proposal": side[1], "others": ", ".join(alternatives[side])},
                    )
                )
        existing_id = (
            confirmed.get((a, pa)) if confirmed.get((a, pa)) == confirmed.get((b, pb)) else None
        )
        out.append(Candidate((a, b), (pa, pb), similarity, tuple(evidence), existing_id))
    return out


def propose_joint(
    members: Sequence[Member],
    neighbours: frozenset[frozenset[str]] = frozenset(),
    existing: Sequence[Joint] = (),
    lang: Language = "id",
) -> pd.DataFrame:
    """The candidates as a joint table to confirm (see the module docstring).

    Example: see the module docstring.
    """
    by_name = {m.name: m for m in members}
    rows = []
    number = 0
    for candidate in candidates(members, neighbours, existing):
        if candidate.existing is None:
            number += 1
            joint_id = f"USUL-{number:04d}"
        else:
            joint_id = candidate.existing
        evidence = "; ".join(m.render(lang) for m in candidate.evidence)
        for party, pid in zip(candidate.parties, candidate.proposals, strict=True):
            own = by_name[party].data.loc[pid]
            rows.append(
                {
                    "kode": joint_id,
                    "judul": str(own["title"]),
                    "pihak": party,
                    "usulan": pid,
                    "biaya": float(own["cost"]),
                    "staf": float(own["staff"]),
                    "durasi": int(own["duration"]),
                    "tahun_mulai": int(own["earliest_start"]),
                    "sifat": str(own["nature"]) or "sukarela",
                    "urusan": str(own["urusan"]),
                    "catatan": evidence,
                    "konfirmasi": "ya" if candidate.existing else "",
                }
            )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["_new"] = table["konfirmasi"] != "ya"
    table = table.sort_values(["_new", "kode"], kind="stable").drop(columns="_new")
    return table.reset_index(drop=True)


def matching_summary(table: pd.DataFrame, lang: Language) -> str:
    """One line: how many candidates, how many already confirmed.

    Example:
        >>> table = pd.DataFrame({"kode": ["A", "A"], "konfirmasi": ["", ""]})
        >>> matching_summary(table, "en")  # doctest: +ELLIPSIS
        '1 candidate joint cooperations found (0 already confirmed); confirm them ...'
    """
    ids = table.drop_duplicates("kode")
    confirmed = int((ids["konfirmasi"] == "ya").sum())
    return text("koord_match_summary", lang, count=len(ids), confirmed=confirmed)
