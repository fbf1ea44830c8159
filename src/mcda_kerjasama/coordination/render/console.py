"""The terminal summary of a coordination: the status, the totals, one line per member
(value alone, coordinated, gain) and one line per joint cooperation with its decision.

Example:
    >>> from mcda_kerjasama.coordination import coordinate
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> lines = coordination_text(coordinate(c, explain=False), "en").splitlines()
    >>> lines[0].endswith("optimal (proven)")
    True
"""

from __future__ import annotations

from mcda_kerjasama.amounts import format_number
from mcda_kerjasama.coordination.result import joint_status, member_selected
from mcda_kerjasama.coordination.solve import Coordinated
from mcda_kerjasama.i18n import Language, text


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def coordination_text(done: Coordinated, lang: Language) -> str:
    """The summary as text (see the module docstring).

    Example: see the module docstring.
    """
    c = done.coordination
    gap = format_number(100 * done.gap, 4, lang)
    statuses = [joint_status(done, j.id) for j in c.joint]
    broken = len(done.explanations.broken_alone) if done.explanations else 0
    lines = [
        text(
            "koord_console_head",
            lang,
            name=c.spec.name,
            status=text(f"status_{done.status}", lang, gap=gap),
        ),
        text(
            "koord_console_total",
            lang,
            objective=format_number(done.objective, 4, lang),
            bound=format_number(done.bound, 4, lang),
            chosen=statuses.count("chosen") + statuses.count("mandatory"),
            total=len(c.joint),
            broken=broken,
        ),
        "",
    ]
    rows = [
        [
            text(k, lang)
            for k in (
                "koord_label_member",
                "xlsx_n_selected",
                "koord_label_value_alone",
                "koord_label_value",
                "koord_label_gain",
            )
        ]
    ]
    for o in done.members:
        selected, _ = member_selected(done, o)
        rows.append(
            [
                o.name,
                str(len(selected)),
                format_number(o.standalone_value, 2, lang),
                format_number(o.value, 2, lang),
                format_number(o.value - o.standalone_value, 2, lang),
            ]
        )
    lines += [*_columns(rows), ""]
    notes = done.explanations
    joint_rows = [
        [text(k, lang) for k in ("label_id", "koord_label_parties", "label_status", "label_reason")]
    ]
    for joint in c.joint:
        note = notes.joint.get(joint.id) if notes else None
        joint_rows.append(
            [
                joint.id,
                " + ".join(joint.parties),
                text(f"koord_status_{joint_status(done, joint.id)}", lang),
                note.reason.render(lang) if note else "",
            ]
        )
    lines += _columns(joint_rows)
    return "\n".join(lines)
