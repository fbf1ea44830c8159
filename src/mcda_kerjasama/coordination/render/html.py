"""The coordination report (``laporan_koordinasi.html``): one self-contained page (no
network, no script; the chart is inline SVG) with the summary, the members' values
alone and coordinated, the agreements that would fail without coordination, the joint
cooperations with every party's share and the reason of each decision, one section per
member (its changes and its joint cooperations) and the method. A print stylesheet
gives A4 landscape pages.

Example:
    >>> from mcda_kerjasama.coordination import coordinate
    >>> from mcda_kerjasama.datasets.coordination import generate_coordination
    >>> c = generate_coordination("65", seed=1, proposals=10, province_proposals=10).build()
    >>> page = coordination_html(coordinate(c), {}, "en")
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, page.count('class="member"')
    (True, False, 6)
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

from mcda_kerjasama import __version__
from mcda_kerjasama.amounts import format_number, format_rupiah_short
from mcda_kerjasama.coordination.result import joint_status, member_selected
from mcda_kerjasama.coordination.solve import Coordinated
from mcda_kerjasama.i18n import Language, text
from mcda_kerjasama.pipeline import RunResult


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _t(lang: Language, key: str, **params: object) -> str:
    return _e(text(key, lang, **params))


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], classes: Sequence[str] = ()
) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        css = f' class="{classes[i]}"' if i < len(classes) and classes[i] else ""
        body.append(f"<tr{css}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _number(value: float, decimals: int, lang: Language) -> str:
    return _e(format_number(value, decimals, lang))


def _chart(done: Coordinated, lang: Language) -> str:
    """Each member's gain from coordinating, as a share of its value alone (bars)."""
    rows = [
        (o.name, (o.value / o.standalone_value - 1.0) if o.standalone_value else 0.0)
        for o in done.members
    ]
    top = max([r for _, r in rows] + [0.01])
    width, label, bar_h, gap = 760, 230, 14, 6
    scale = (width - label - 70) / top
    height = len(rows) * (bar_h + gap) + 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'aria-label="{_t(lang, "koord_html_chart")}"><title>{_t(lang, "koord_html_chart")}</title>'
    ]
    for i, (name, gain) in enumerate(rows):
        y = 8 + i * (bar_h + gap)
        parts.append(
            f'<text x="{label - 6}" y="{y + bar_h - 3}" text-anchor="end">{_e(name)}</text>'
        )
        parts.append(
            f'<rect x="{label}" y="{y}" width="{max(scale * gain, 0.5):.1f}" height="{bar_h}" '
            'fill="#548235"/>'
        )
        shown = "+" + format_number(100 * gain, 1, lang)
        parts.append(
            f'<text x="{label + scale * gain + 4:.1f}" y="{y + bar_h - 3}">{_e(shown)}%</text>'
        )
    parts.append(f'<line x1="{label}" x2="{label}" y1="2" y2="{height - 4}" stroke="#333"/></svg>')
    caption = f'<figcaption class="muted">{_t(lang, "koord_html_chart")}</figcaption>'
    return f"<figure>{caption}{''.join(parts)}</figure>"


def _summary(done: Coordinated, lang: Language) -> str:
    c = done.coordination
    options = c.spec.options
    statuses = [joint_status(done, j.id) for j in c.joint]
    gap = format_number(100 * done.gap, 4, lang)
    items = [
        (_t(lang, "label_status"), _t(lang, f"status_{done.status}", gap=gap)),
        (_t(lang, "koord_label_members"), len(c.members)),
        (_t(lang, "xlsx_n_proposals"), _number(sum(len(m.data) for m in c.members), 0, lang)),
        (
            _t(lang, "koord_label_joint_total"),
            _t(
                lang,
                "koord_html_joint_counts",
                total=len(c.joint),
                chosen=statuses.count("chosen"),
                mandatory=statuses.count("mandatory"),
                excluded=statuses.count("excluded"),
                not_chosen=statuses.count("not_chosen"),
            ),
        ),
        (_t(lang, "koord_label_objective"), _number(done.objective, 4, lang)),
        (_t(lang, "koord_label_normalise"), _t(lang, f"koord_normalise_{options.normalise}")),
        (
            _t(lang, "koord_label_guarantee"),
            _t(lang, "label_yes" if options.guarantee else "label_no"),
        ),
        (
            _t(lang, "koord_label_mandatory"),
            _t(lang, "label_yes" if options.mandatory else "label_no"),
        ),
    ]
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in items)
    return f'<table class="facts">{rows}</table>'


def _members(done: Coordinated, lang: Language) -> str:
    notes = done.explanations
    headers = [
        _t(lang, k)
        for k in ("koord_label_member", "xlsx_n_selected", "koord_label_joint_chosen",
                  "koord_label_value_alone", "koord_label_value", "koord_label_gain",
                  "koord_label_normalised", "koord_label_changes")
    ]  # fmt: skip
    rows = []
    for o in done.members:
        selected, _ = member_selected(done, o)
        mine = {j.id for j in done.coordination.joints_of(o.name)}
        note = notes.members.get(o.name) if notes else None
        rows.append(
            [
                f'<a href="#{_anchor(o.name)}">{_e(o.name)}</a>',
                len(selected),
                len([s for s in selected if s in mine]),
                _number(o.standalone_value, 2, lang),
                _number(o.value, 2, lang),
                _number(o.value - o.standalone_value, 2, lang),
                _number(o.value / o.unit, 4, lang),
                len(note.changes) if note else 0,
            ]
        )
    return _chart(done, lang) + _table(headers, rows)


def _anchor(name: str) -> str:
    return "m-" + "".join(ch if ch.isalnum() else "-" for ch in name.lower())


def _broken(done: Coordinated, lang: Language) -> str:
    notes = done.explanations
    if notes is None or not done.coordination.spec.options.uncoordinated:
        return ""
    joints = {j.id: j for j in done.coordination.joint}
    rows = []
    for jid in notes.broken_alone:
        joint, note = joints[jid], notes.joint[jid]
        missing = [p for p in joint.parties if p not in note.alone]
        rows.append([_e(jid), _e(joint.title), _e(", ".join(note.alone)), _e(", ".join(missing)),
                     _t(lang, f"koord_status_{joint_status(done, jid)}")])  # fmt: skip
    intro = _t(lang, "koord_html_broken_intro", count=len(rows), total=len(joints))
    headers = [
        _t(lang, k)
        for k in (
            "label_id",
            "label_title",
            "koord_label_alone_by",
            "koord_label_alone_not",
            "koord_label_coordinated",
        )
    ]
    return f"<p>{intro}</p>" + (_table(headers, rows) if rows else "")


def _joint(done: Coordinated, lang: Language) -> str:
    notes = done.explanations
    keys = ("label_id", "label_title", "koord_label_member", "koord_label_share", "label_staff",
            "label_score", "label_status", "koord_label_start", "label_reason")  # fmt: skip
    head = "".join(f"<th>{_t(lang, k)}</th>" for k in keys)
    body = []
    for joint in done.coordination.joint:
        status = joint_status(done, joint.id)
        note = notes.joint.get(joint.id) if notes else None
        n = len(joint.parties)
        css = ' class="chosen"' if status in ("chosen", "mandatory") else ""
        for i, party in enumerate(joint.parties):
            cells = []
            if i == 0:
                detail = (
                    f'{_e(joint.title)}<br><span class="muted">{_e(joint.urusan)} · '
                    f"{_e(joint.nature)} · {_t(lang, 'koord_html_years', n=joint.duration)}</span>"
                )
                cells += [
                    f'<td rowspan="{n}" class="id">{_e(joint.id)}</td>',
                    f'<td rowspan="{n}">{detail}</td>',
                ]
            cells += [
                f"<td>{_e(party)}</td>",
                f'<td class="num">{_e(format_rupiah_short(joint.cost[party], lang))}</td>',
                f'<td class="num">{_e(format_number(joint.staff[party], 1, lang))}</td>',
                f'<td class="num">{_e(format_number(joint.score[party], 2, lang))}</td>',
            ]
            if i == 0:
                reason = _e(note.reason.render(lang)) if note else ""
                cells += [
                    f'<td rowspan="{n}">{_t(lang, f"koord_status_{status}")}</td>',
                    f'<td rowspan="{n}">{_e(done.starts.get(joint.id) or "")}</td>',
                    f'<td rowspan="{n}">{reason}</td>',
                ]
            body.append(f"<tr{css}>{''.join(cells)}</tr>")
    return (
        f'<table class="joint"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def _member(done: Coordinated, runs: Mapping[str, RunResult], name: str, lang: Language) -> str:
    o = done.outcome(name)
    notes = done.explanations.members.get(name) if done.explanations else None
    head = _t(
        lang,
        "koord_html_member_head",
        alone=format_number(o.standalone_value, 2, lang),
        value=format_number(o.value, 2, lang),
        gain=format_number(o.value - o.standalone_value, 2, lang),
        share=format_number(
            100 * (o.value / o.standalone_value - 1) if o.standalone_value else 0.0, 1, lang
        ),
    )
    titles = o.member.data["title"]
    change_rows = [
        [
            _e(ch.id),
            _e(titles.get(ch.id, "")),
            _t(lang, f"koord_change_{ch.kind}_label"),
            _e(ch.reason.render(lang)),
        ]
        for ch in (notes.changes if notes else ())
    ]
    headers = [
        _t(lang, k) for k in ("label_id", "label_title", "koord_label_change", "label_reason")
    ]
    changes = (
        _table(headers, change_rows)
        if change_rows
        else f"<p>{_t(lang, 'koord_html_no_change')}</p>"
    )
    joint_rows = []
    reasons = runs[name].priority.reasons if name in runs else {}
    for joint in done.coordination.joints_of(name):
        pid = joint.proposals[name]
        joint_rows.append(
            [
                _e(joint.id),
                _e(pid),
                _e(", ".join(p for p in joint.parties if p != name)),
                _e(format_rupiah_short(joint.cost[name], lang)),
                _t(lang, f"koord_status_{joint_status(done, joint.id)}"),
                _e(reasons[pid].render(lang)) if pid in reasons else "",
            ]
        )
    jheaders = [
        _t(lang, k)
        for k in (
            "koord_label_joint",
            "koord_label_own_id",
            "koord_label_partners",
            "koord_label_share",
            "label_status",
            "label_reason",
        )
    ]
    joints = (
        _table(jheaders, joint_rows) if joint_rows else f"<p>{_t(lang, 'koord_html_no_joint')}</p>"
    )
    return (
        f'<section class="member" id="{_anchor(name)}"><h3>{_e(name)}</h3><p>{head}</p>'
        f"<h4>{_t(lang, 'koord_html_changes')}</h4>{changes}"
        f"<h4>{_t(lang, 'koord_html_member_joint')}</h4>{joints}</section>"
    )


def _method(done: Coordinated, lang: Language) -> str:
    s = done.solver
    options = done.coordination.spec.options
    paragraphs = [
        _t(lang, f"koord_html_method_{options.normalise}"),
        _t(
            lang,
            "koord_html_method_guarantee"
            if options.guarantee
            else "koord_html_method_no_guarantee",
        ),
        _t(lang, f"koord_html_method_{options.method}"),
        _t(
            lang,
            "koord_html_method_figures",
            backend=f"{s.backend} {s.version}",
            seconds=format_number(s.solve_seconds, 2, lang),
            total=format_number(s.seconds, 2, lang),
            gap=format_number(100 * s.gap, 5, lang),
            iterations=s.iterations,
            nodes=s.nodes,
            solves=s.member_solves,
            workers=s.workers,
        ),
    ]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


_CSS = """
body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:24px;color:#222;
 font-size:13px}
h1{font-size:22px;margin-bottom:2px}
h2{font-size:17px;margin-top:28px;border-bottom:2px solid #d9e1f2}
h3{font-size:15px;margin:18px 0 4px}h4{font-size:13px;margin:10px 0 4px}
table{border-collapse:collapse;margin:6px 0 12px;width:100%}
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
thead th{background:#d9e1f2}tr.chosen td{background:#e2efda}
table.facts{width:auto}table.facts th{background:#f2f2f2;font-weight:600}
.muted{color:#666;font-size:12px}
.banner{background:#fff2cc;border:1px solid #e0c060;padding:6px 10px}
svg text{font-size:11px;font-family:inherit}
section.member,figure{break-inside:avoid}figure{margin:0 0 8px}
td.id,td:first-child{white-space:nowrap}td.num{text-align:right;white-space:nowrap}
table.joint tbody tr{break-inside:avoid}
@media print{@page{size:A4 landscape;margin:12mm}body{margin:0;font-size:11px}
 h2.page{break-before:page}a{color:inherit;text-decoration:none}}
"""


def coordination_html(done: Coordinated, runs: Mapping[str, RunResult], lang: Language) -> str:
    """The report page (see the module docstring); ``runs``: each member's run, for the
    reasons of its joint cooperations (left empty without).

    Example: see the module docstring.
    """
    c = done.coordination
    spec = c.spec
    banner = (
        f'<p class="banner">{_t(lang, "xlsx_synthetic", note=spec.note)}</p>'
        if spec.synthetic
        else ""
    )
    years = ", ".join(map(str, c.years))
    sections = [
        (_t(lang, "koord_xlsx_summary"), _summary(done, lang)),
        (_t(lang, "koord_xlsx_members"), _members(done, lang)),
        (_t(lang, "koord_html_uncoordinated"), _broken(done, lang)),
        (_t(lang, "koord_xlsx_joint"), _joint(done, lang)),
        (
            _t(lang, "koord_xlsx_per_member"),
            "".join(_member(done, runs, o.name, lang) for o in done.members),
        ),
        (_t(lang, "koord_html_method"), _method(done, lang)),
    ]
    body = "".join(
        f"<h2{' class=first' if i == 0 else ''}>{title}</h2>{content}"
        for i, (title, content) in enumerate(sections)
        if content
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(spec.name)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{_e(spec.name)}</h1><p class="muted">{_e(spec.region)} · {_e(years)} · '
        f"mcda_kerjasama {_e(__version__)} · {_e(date.today().isoformat())}</p>{banner}{body}"
        "</body></html>\n"
    )
