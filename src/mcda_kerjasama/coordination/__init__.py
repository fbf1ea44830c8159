"""Coordination across regions: joint selection of cooperation proposals by several
member mappings (a province and its kabupaten/kota, or the whole country).

See :mod:`.config` (the file), :mod:`.tables` and :mod:`.link` (the joint table and
its checks), :mod:`.members` (each member alone, in the joint model, completed),
:mod:`.program` (the joint MILP), :mod:`.decompose` (the decomposition),
:mod:`.solve` (``coordinate``).
"""

from __future__ import annotations

from mcda_kerjasama.coordination.link import Coordination, load_coordination
from mcda_kerjasama.coordination.solve import Coordinated, coordinate

__all__ = ["Coordinated", "Coordination", "coordinate", "load_coordination"]
