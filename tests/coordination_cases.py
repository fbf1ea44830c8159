"""Small random coordinations, and their optimum by exhaustive enumeration written here
from the data alone (no model of the package): the reference the coordination tests
compare the solvers with."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mcda_kerjasama.coordination.link import Coordination, build_coordination

CRITERIA = ("saling_menguntungkan", "kebutuhan_nyata", "potensi", "keberlanjutan", "inklusif")
KEYS = ("mutual_benefit", "real_need", "potential", "sustainability", "inclusiveness")


@dataclass
class Case:
    """A random coordination as plain data, and the coordination built from it."""

    seed: int
    years: tuple[int, ...]
    budgets: dict[str, dict[int, float]]
    staff: dict[str, float | None]
    tables: dict[str, pd.DataFrame]
    joint: pd.DataFrame
    guarantee: bool
    normalise: str = "standalone"
    method: str = "monolithic"
    options: dict[str, object] = field(default_factory=dict)

    def coordination(self, **solver: object) -> Coordination:
        data = {
            "schema_version": 1,
            "coordination": {"name": f"Uji {self.seed}", "language": "en"},
            "objective": {"guarantee": self.guarantee, "normalise": self.normalise},
            "solver": {"method": self.method, "time_limit": 120, **solver},
            "explain": {"uncoordinated": True, "price_of_forcing": True, "members": False},
        }
        members = {}
        for name, table in self.tables.items():
            constraints: dict[str, object] = {
                "budget": {str(y): b for y, b in self.budgets[name].items()}
            }
            if self.staff[name] is not None:
                constraints["staff"] = self.staff[name]
            scenario = {
                "schema_version": 1,
                "scenario": {"name": name, "years": list(self.years), "language": "en"},
                "data": {"proposals": "usulan.csv"},
                "weights": {"method": "equal"},
                "constraints": constraints,
                "solver": {"tie_break": False},
            }
            members[name] = (scenario, table)
        return build_coordination(data, members, self.joint)


def random_case(seed: int, method: str = "monolithic") -> Case:
    """2 or 3 members with 3-5 own proposals each over 1 or 2 years, and 1-3 joint
    cooperations (some mandatory) between them."""
    rng = np.random.default_rng(seed)
    n_members = int(rng.integers(2, 4))
    names = [f"Kota {chr(65 + i)}" for i in range(n_members)]
    first = 2026
    years = tuple(range(first, first + int(rng.integers(1, 3))))
    rows: dict[str, list[dict[str, object]]] = {n: [] for n in names}

    def proposal(
        name: str, pid: str, partner: str, nature: str, duration: int, start: int
    ) -> dict[str, object]:
        scores = rng.integers(1, 6, size=5)
        return {
            "kode": pid,
            "judul": f"Kegiatan {pid} bersama {partner}",
            "opd": "Dinas Uji",
            "urusan": "1.03",
            "jenis": "KSDD",
            "sifat": nature,
            "mitra": partner,
            "biaya": int(rng.integers(1, 10)) * 100_000_000,
            "staf": float(rng.integers(0, 4)),
            "durasi": duration,
            "tahun_mulai": start,
            "status": "usulan",
            **dict(zip(CRITERIA, (int(s) for s in scores), strict=True)),
        }

    for name in names:
        for k in range(int(rng.integers(3, 6))):
            other = names[(names.index(name) + 1) % n_members]
            rows[name].append(
                proposal(
                    name,
                    f"P{k + 1}",
                    other,
                    "sukarela",
                    int(rng.integers(1, 3)),
                    int(rng.choice(years)),
                )
            )
    joint_rows = []
    for j in range(int(rng.integers(1, 4))):
        size = 3 if n_members == 3 and rng.random() < 0.3 else 2
        parties = [str(p) for p in rng.choice(names, size=size, replace=False)]
        nature = "wajib" if rng.random() < 0.2 else "sukarela"
        duration = int(rng.integers(1, 3))
        for party in parties:
            pid = f"J{j + 1}"
            partner = next(p for p in parties if p != party)
            start = int(rng.choice(years))
            rows[party].append(proposal(party, pid, partner, nature, duration, start))
            joint_rows.append({"kode": f"B{j + 1}", "pihak": party, "usulan": pid,
                               "biaya": rows[party][-1]["biaya"]})  # fmt: skip
    tables = {n: pd.DataFrame(r) for n, r in rows.items()}
    budgets, staff = {}, {}
    for name, table in tables.items():
        total = float(table["biaya"].sum())
        mandatory = float(table.loc[table["sifat"] == "wajib", "biaya"].sum())
        share = float(rng.uniform(0.3, 0.7))
        budgets[name] = {y: max(round(share * total, -8), mandatory) for y in years}
        staff[name] = (
            float(max(2.0, round(0.6 * float(table["staf"].sum())))) if rng.random() < 0.4 else None
        )
    return Case(
        seed, years, budgets, staff, tables, pd.DataFrame(joint_rows), bool(rng.random() < 0.6),
        method=method,
    )  # fmt: skip


# --- the reference: exhaustive enumeration from the data -----------------------------------


def _member_best(
    case: Case, name: str, scores: pd.Series, fixed: dict[str, int | None], allowed: set[str]
) -> tuple[float, dict[str, int]]:
    """A member's best value and schedule with its joint proposals fixed (``fixed``: own
    id -> start or None) and the other proposals free (``allowed``: the joint ids it may
    not use are left out)."""
    table = case.tables[name].set_index("kode")
    free = [pid for pid in table.index if pid not in fixed and pid in allowed]
    options = []
    for pid in free:
        start = max(int(table.at[pid, "tahun_mulai"]), case.years[0])
        starts = [None, *range(start, case.years[-1] + 1)]
        if table.at[pid, "sifat"] == "wajib":
            starts = starts[1:]
        options.append(starts)
    best, schedule = -math.inf, {}
    for choice in itertools.product(*options):
        plan = {pid: s for pid, s in zip(free, choice, strict=True) if s is not None}
        plan |= {pid: s for pid, s in fixed.items() if s is not None}
        if not _feasible(case, name, plan):
            continue
        value = sum(float(scores[pid]) for pid in plan)
        if value > best + 1e-9:
            best, schedule = value, plan
    return best, schedule


def _feasible(case: Case, name: str, plan: dict[str, int]) -> bool:
    table = case.tables[name].set_index("kode")
    for year in case.years:
        active = [p for p, s in plan.items() if s <= year < s + int(table.at[p, "durasi"])]
        if sum(float(table.at[p, "biaya"]) for p in active) > case.budgets[name][year] + 1e-6:
            return False
        cap = case.staff[name]
        if cap is not None and sum(float(table.at[p, "staf"]) for p in active) > cap + 1e-9:
            return False
    return True


def exhaustive(case: Case, coordination: Coordination) -> dict[str, object]:
    """The optimum by enumeration: every joint decision, every member's portfolios."""
    joints: dict[str, dict[str, str]] = {}
    for row in case.joint.itertuples():
        joints.setdefault(str(row.kode), {})[str(row.pihak)] = str(row.usulan)
    scores = {m.name: m.prepared.scores.total for m in coordination.members}

    def start_of(joint: str) -> int:
        tables = [case.tables[p].set_index("kode") for p in joints[joint]]
        firsts = [
            int(t.at[joints[joint][p], "tahun_mulai"])
            for t, p in zip(tables, joints[joint], strict=True)
        ]
        return max([*firsts, case.years[0]])

    def nature(joint: str) -> str:
        party, pid = next(iter(joints[joint].items()))
        return str(case.tables[party].set_index("kode").at[pid, "sifat"])

    choices = {}
    for joint in joints:
        earliest = start_of(joint)
        if nature(joint) == "wajib":
            choices[joint] = [earliest]
        else:
            choices[joint] = [None, *range(earliest, case.years[-1] + 1)]
    own_ids = {n: set(case.tables[n]["kode"]) for n in case.tables}
    joint_ids = {
        n: {pid for j in joints.values() for p, pid in j.items() if p == n} for n in case.tables
    }

    def fixings(name: str, decision: dict[str, int | None]) -> dict[str, int | None]:
        return {
            pid: decision[j]
            for j, parties in joints.items()
            for p, pid in parties.items()
            if p == name
        }

    alone = {}
    forced = {j: choices[j][0] for j in joints if nature(j) == "wajib"}
    for name in case.tables:
        fixed = {
            pid: s
            for pid, s in fixings(name, {**dict.fromkeys(joints), **forced}).items()
            if s is not None
        }
        allowed = own_ids[name] - (joint_ids[name] - set(fixed))
        alone[name] = _member_best(case, name, scores[name], fixed, allowed)[0]
    unit = {
        n: (v if v > 0 else 100.0) if case.normalise == "standalone" else 1.0
        for n, v in alone.items()
    }
    best, best_plan = -math.inf, None
    for combo in itertools.product(*choices.values()):
        decision = dict(zip(joints, combo, strict=True))
        total, plan = 0.0, {}
        for name in case.tables:
            value, schedule = _member_best(
                case, name, scores[name], fixings(name, decision), own_ids[name]
            )
            if value == -math.inf or (case.guarantee and value < alone[name] - 1e-6):
                total = -math.inf
                break
            total += value / unit[name]
            plan[name] = schedule
        if total > best + 1e-9:
            best, best_plan = total, (decision, plan)
    return {"objective": best, "alone": alone, "plan": best_plan, "joints": joints}
