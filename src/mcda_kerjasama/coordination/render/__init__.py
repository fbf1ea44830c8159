"""The coordination's renderers and files: ``koordinasi.json`` as text, the workbook,
the report, the terminal summary, and the whole output set with its manifest and
``verify`` (this subpackage sits with the report layer: it uses the run renderers for
each member's usual outputs)."""

from __future__ import annotations

from mcda_kerjasama.coordination.render.outputs import (
    is_coordination,
    verify_coordination,
    write_coordination_outputs,
)

__all__ = ["is_coordination", "verify_coordination", "write_coordination_outputs"]
