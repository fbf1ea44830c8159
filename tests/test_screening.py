"""Screening: every rule, every reason, and the ineligible are never selected."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_kerjasama.i18n import Msg
from mcda_kerjasama.pipeline import run
from mcda_kerjasama.proposals import read_proposals
from mcda_kerjasama.scenario import Screening, load_scenario
from mcda_kerjasama.screening import screen, screen_frame

LABELS = {"mutual_benefit": "Saling menguntungkan", "real_need": "Kebutuhan nyata"}


def frame():
    return pd.DataFrame(
        {
            "plan_link": ["IKU-1", "", "IKU-3", "  ", "IKU-5"],
            "duration": [1, 4, 2, 5, 3],
            "kind": ["KSDD", "KSDPL", "SINERGI", "KSDPL", "KSDD"],
            "mutual_benefit": [4.0, 1.0, 2.0, 1.5, 5.0],
            "real_need": [3.0, 2.0, 1.0, 5.0, 3.0],
        },
        index=["A", "B", "C", "D", "E"],
    )


ALL_RULES = Screening(
    require_plan_link=True,
    max_duration=3,
    min_score={"mutual_benefit": 2, "real_need": 2},
    exclude_kinds=("KSDPL",),
)


def test_no_rules_everyone_eligible():
    result = screen_frame(frame(), Screening(), LABELS)
    assert result.eligible == ("A", "B", "C", "D", "E")
    assert result.not_eligible == ()


def test_every_reason_listed():
    result = screen_frame(frame(), ALL_RULES, LABELS)
    assert result.eligible == ("A", "E")
    assert result.not_eligible == ("B", "C", "D")
    assert result.reason_text("B", "id") == [
        "tidak terkait indikator RPJMD/RKPD",
        "durasi 4 tahun melebihi batas 3 tahun",
        "tidak saling menguntungkan (Saling menguntungkan 1 < 2)",
        "jenis kerja sama KSDPL tidak diikutkan dalam skenario ini",
    ]
    assert result.reason_text("C", "id") == ["Kebutuhan nyata bernilai 1, di bawah minimum 2"]
    assert len(result.reasons["D"]) == 4  # blank plan link, 5 > 3, 1.5 < 2, KSDPL
    assert result.reason_text("D", "en") == [
        "not linked to an RPJMD/RKPD indicator",
        "duration of 5 years exceeds the limit of 3 years",
        "not mutually beneficial (Saling menguntungkan 1.5 < 2)",
        "cooperation kind KSDPL is excluded by this scenario",
    ]
    assert result.reason_text("A") == []


def test_three_rules_three_reasons():
    rules = Screening(require_plan_link=True, max_duration=1, min_score={"real_need": 4})
    result = screen_frame(frame(), rules, LABELS)
    # B: no plan link, 4 > 1 years, real need 2 < 4
    assert [m.key for m in result.reasons["B"]] == [
        "screen_no_rpjmd",
        "screen_duration",
        "screen_min_score",
    ]
    assert [m.key for m in result.reasons["C"]] == ["screen_duration", "screen_min_score"]
    assert result.eligible == ()


def test_boundaries_are_inclusive():
    rules = Screening(max_duration=4, min_score={"mutual_benefit": 2})
    result = screen_frame(frame(), rules, LABELS)
    # B: duration 4 == limit passes the duration rule, fails mutual benefit 1 < 2
    assert [m.key for m in result.reasons["B"]] == ["screen_min_score_mutual_benefit"]
    assert "C" in result.eligible  # mutual benefit 2 == minimum


def test_screen_on_file_and_never_selected(make_scenario, tmp_path):
    scenario_path = make_scenario(
        tmp_path,
        rows=[
            {"saling_menguntungkan": 5, "biaya": "0"},
            {"rpjmd": "", "durasi": 4, "saling_menguntungkan": 1, "biaya": "0"},
            {"jenis": "KSDPL", "biaya": "0"},
        ],
        extra_toml=(
            "\n[screening]\nrequire_plan_link = true\nmax_duration = 3\n"
            'min_score = { mutual_benefit = 2 }\nexclude_kinds = ["ksdpl"]\n'
        ),
    )
    scenario = load_scenario(scenario_path)
    result = screen(read_proposals(scenario), scenario)
    assert result.eligible == ("A01",)
    assert [m.key for m in result.reasons["A02"]] == [
        "screen_no_rpjmd",
        "screen_duration",
        "screen_min_score_mutual_benefit",
    ]
    assert [m.key for m in result.reasons["A03"]] == ["screen_kind_excluded"]
    # everything costs 0 and the budget is ample: only screening can keep them out
    outcome = run(scenario)
    assert outcome.selection.selected == ("A01",)
    groups = outcome.priority.table["group"].to_dict()
    assert groups == {"A01": "selected", "A02": "not_eligible", "A03": "not_eligible"}


def test_contoh_screening(contoh):
    scenario = load_scenario(contoh)
    result = screen(read_proposals(scenario), scenario)
    assert result.not_eligible == ("K10", "K11")
    assert result.reason_text("K11", "en") == ["not linked to an RPJMD/RKPD indicator"]
    assert result.reason_text("K10", "id") == [
        "tidak saling menguntungkan (Saling menguntungkan 1 < 2)"
    ]


def test_obligations_are_not_screened_out_but_noted() -> None:
    rules = Screening(require_plan_link=True)
    data = frame()
    first = str(data.index[0])
    data.loc[first, "plan_link"] = ""
    result = screen_frame(data, rules, LABELS, exempt=(first,))
    assert first in result.eligible
    assert first not in result.reasons
    assert [m.key for m in result.notes[first]] == ["screen_no_rpjmd"]


# --- screen()'s own exemptions, through a scenario file ------------------------------


def _obligation_rows():
    """Four proposals that all fail the plan-link rule: ongoing, mandatory, both, neither."""
    return [
        {"rpjmd": "", "status": "berjalan", "tahun_mulai": 2025, "durasi": 2, "biaya": "0"},
        {"rpjmd": "", "sifat": "wajib", "biaya": "0"},
        {
            "rpjmd": "",
            "status": "berjalan",
            "sifat": "wajib",
            "tahun_mulai": 2025,
            "durasi": 2,
            "biaya": "0",
        },
        {"rpjmd": "", "biaya": "0"},
    ]


@pytest.mark.parametrize(
    ("switches", "exempted"),
    [
        ("", ("A01", "A02", "A03")),  # ongoing OR mandatory, not AND
        ("mandatory = false\n", ("A01", "A03")),  # only the ongoing ones
        ("ongoing = false\n", ("A02", "A03")),  # only the mandatory ones
        ("mandatory = false\nongoing = false\n", ()),
    ],
)
def test_screen_exempts_ongoing_or_mandatory_by_the_switches(
    make_scenario, tmp_path, switches, exempted
):
    toml = "\n[screening]\nrequire_plan_link = true\n"
    path = make_scenario(tmp_path, rows=_obligation_rows(), extra_toml=toml)
    text = path.read_text(encoding="utf-8").replace("[constraints]\n", "[constraints]\n" + switches)
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    result = screen(read_proposals(scenario), scenario)
    assert result.eligible == exempted
    assert tuple(result.notes) == exempted
    assert all([m.key for m in result.notes[i]] == ["screen_no_rpjmd"] for i in exempted)
    others = tuple(i for i in ("A01", "A02", "A03", "A04") if i not in exempted)
    assert result.not_eligible == others
    assert all(
        result.reason_text(i, "en") == ["not linked to an RPJMD/RKPD indicator"] for i in others
    )


def test_screen_exempt_list_keeps_only_the_listed_ids(make_scenario, tmp_path):
    rows = [{"rpjmd": ""}, {"rpjmd": ""}, {}]
    toml = '\n[screening]\nrequire_plan_link = true\nexempt = ["A02"]\n'
    scenario = load_scenario(make_scenario(tmp_path, rows=rows, extra_toml=toml))
    result = screen(read_proposals(scenario), scenario)
    assert result.eligible == ("A02", "A03")
    assert result.not_eligible == ("A01",)
    assert list(result.notes) == ["A02"]
    assert "A03" not in result.notes  # passes every rule: nothing to note


# --- the whole table at once gives what one proposal at a time gives ------------------


def screened_one_by_one(data, rules, labels, exempt):
    """The screening written proposal by proposal, rule by rule (the reference)."""
    eligible, failed, notes = [], {}, {}
    for pid, row in data.iterrows():
        found = []
        if rules.require_plan_link and str(row["plan_link"]).strip() == "":
            found.append(Msg("screen_no_rpjmd"))
        if rules.max_duration is not None and row["duration"] > rules.max_duration:
            params = {"duration": int(row["duration"]), "limit": rules.max_duration}
            found.append(Msg("screen_duration", params))
        for key, minimum in rules.min_score.items():
            if row[key] < minimum:
                code = "screen_min_score_mutual_benefit" if key == "mutual_benefit" else None
                params = {"label": labels[key], "score": f"{row[key]:g}", "minimum": f"{minimum:g}"}
                found.append(Msg(code or "screen_min_score", params))
        if row["kind"] in rules.exclude_kinds:
            found.append(Msg("screen_kind_excluded", {"kind": row["kind"]}))
        if not found or pid in exempt:
            eligible.append(pid)
        if found:
            (notes if pid in exempt else failed)[pid] = tuple(found)
    return tuple(eligible), failed, notes


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["IKU-1", "", "  "]),
            st.integers(1, 6),
            st.sampled_from(["KSDD", "KSDPL", "SINERGI"]),
            st.sampled_from([1.0, 1.5, 2.0, 4.0]),
            st.sampled_from([1.0, 3.0, 5.0]),
        ),
        max_size=30,
    ),
    exempt_mask=st.lists(st.booleans(), min_size=30, max_size=30),
    link=st.booleans(),
    longest=st.none() | st.integers(1, 5),
    minimum=st.sampled_from([{}, {"mutual_benefit": 2}, {"mutual_benefit": 2, "real_need": 3}]),
    excluded=st.sampled_from([(), ("KSDPL",)]),
)
def test_screen_frame_is_the_one_by_one_screening(
    rows, exempt_mask, link, longest, minimum, excluded
):
    columns = ["plan_link", "duration", "kind", "mutual_benefit", "real_need"]
    ids = [f"P{k:02d}" for k in range(len(rows))]
    data = pd.DataFrame(rows, columns=columns, index=ids)
    data = data.astype({"duration": int, "mutual_benefit": float, "real_need": float})
    rules = Screening(
        require_plan_link=link, max_duration=longest, min_score=minimum, exclude_kinds=excluded
    )
    exempt = tuple(i for i, spared in zip(ids, exempt_mask, strict=False) if spared)
    result = screen_frame(data, rules, LABELS, exempt=exempt)
    eligible, failed, notes = screened_one_by_one(data, rules, LABELS, exempt)
    assert result.eligible == eligible
    assert dict(result.reasons) == failed and list(result.reasons) == list(failed)
    assert dict(result.notes) == notes and list(result.notes) == list(notes)
