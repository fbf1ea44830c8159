"""Seeded generator of realistic **synthetic** proposal tables (usulan kerja sama daerah).

Nothing here is real data: the agencies are real-*style* names of a provincial government,
the partners are real regions or generic parties, and every rupiah amount is invented.
Files written by :func:`write_proposals` say so (the ``keterangan`` sheet of a workbook).

The generator is vectorised with one :func:`numpy.random.default_rng` stream, so the same
``(n, seed, region, first_year, years)`` always gives the same table and a byte-identical
CSV; 100,000 rows take a fraction of a second.

Empty cells
    Optional text columns (``sifat``, ``prasyarat``, ``kelompok``, ``rpjmd``) hold the
    empty string ``""`` when empty, never ``NA``/``NaN``; numeric columns are never empty.
    The CSV writes empty cells as nothing between separators, the workbook as blank cells.

Columns and distributions (shares are expectations; small tables scatter around them)
    ``kode``
        ``U001`` .. ``U115``: ``U`` plus the row number zero-padded to
        ``max(3, len(str(n)))`` digits (``U0001`` for n >= 1000). Unique.
    ``opd``, ``urusan``
        40 agency names (dinas, badan, biro) of a provincial government, each mapped to the
        urusan codes (``reference/urusan.csv``) it plausibly handles. Agencies get a
        Zipf-like share of the proposals (weight ``1 / rank**0.8``, ranks shuffled by the
        seed: the busiest agency sends ~15%, the quietest ~1%); inside an agency its main
        urusan is twice as likely as each of its other ones.
    ``jenis``
        KSDD 45%, KSDPK 25%, SINERGI 15%, KSDPL 10%, KSDLL 5%, independent of the urusan.
    ``sifat``
        ``wajib`` for 10% of KSDD rows, ``sukarela`` for the other KSDD rows, empty for
        every other kind (mandatory cooperation exists only between regions).
    ``mitra``
        KSDD: a kabupaten/kota of the region (80%; for region ``13`` the 19 real names of
        ``reference/wilayah_sumbar.csv``, for other regions placeholders built from the
        counts in ``reference/provinsi.csv``, e.g. ``Kabupaten Jawa Barat 07``) or a
        neighbouring province (20%; for ``13`` Riau, Jambi, Sumatera Utara, Bengkulu, for
        others the provinces of the same island group). KSDPK: generic third parties
        (``PT (BUMN) sektor energi``, ``Perguruan tinggi negeri``, ``Koperasi`` ...; no real
        company). SINERGI: the ministry or agency in charge of the urusan (80%) or a
        cross-cutting one (Bappenas, Kemendagri, BRIN). KSDPL: foreign local governments;
        KSDLL: foreign institutions (JICA, GIZ, KOICA, generic ones).
    ``judul``
        One of two activity phrases of the urusan plus ``bersama`` and the partner, e.g.
        ``Pengembangan destinasi wisata bersama Kota Bukittinggi``. Not unique.
    ``biaya``
        Rupiah per year, integer. Lognormal with median Rp 750 juta and sigma 1.25 (5%-95%
        about Rp 100 juta - Rp 5,8 miliar), clipped to [Rp 25 juta, Rp 25 miliar] and
        rounded to Rp 5 juta. About 2% cost nothing: 2/15 of SINERGI rows (MoU only).
    ``staf``
        Person-months per year, multiples of 0.5 in [0, 24]:
        ``3 * sqrt(biaya / 750 juta) * lognormal(0, 0.35)`` rounded to 0.5, at least 0.5;
        zero-cost rows get 0, 0.5 or 1. Correlated with cost (Spearman ~0.9).
    ``durasi``
        Years 1-5 with shares 35/30/20/10/5%.
    ``tahun_mulai``
        ``first_year``; when ``years > 1``, 30% of the new proposals get a later year,
        uniform in ``first_year + 1 .. first_year + years - 1``. Ongoing rows start in
        ``first_year``.
    ``status``
        ``berjalan`` (ongoing, already committed) 6%, else ``usulan``.
    ``kelompok``
        ~6% of rows sit in exclusive groups ``G01``, ``G02`` ... of 2 (60%) or 3 (40%)
        proposals: variants of one idea, sharing urusan, agency and activity phrase (the
        partner may differ). Ongoing and mandatory rows are never in a group.
    ``prasyarat``
        ~5% of rows depend on one earlier row (15% of those on two) of the same agency or
        the same urusan, ``;``-separated. Only earlier rows, so the graph is acyclic; never
        on a row of the same group; ongoing and mandatory rows have no prerequisite.
    ``rpjmd``
        85% carry an indicator code ``IKU-<urusan>-<01..06>`` (e.g. ``IKU-1.02-03``).
    ``saling_menguntungkan``, ``kebutuhan_nyata``, ``potensi``, ``keberlanjutan``, ``inklusif``
        Integer scores 1-5: ``round(mean + 0.6 q + 0.75 e)`` clipped, with ``q`` a latent
        quality per proposal and ``e`` independent noise (inter-criterion correlation
        ~0.35). Means 3.3, 3.2, 3.3, 3.0, 2.9; ``kebutuhan_nyata`` is 0.8 lower without an
        RPJMD link. Mutual benefit is at least 2, except that ~5% of the rows (more likely
        the weak ones; never ongoing or mandatory rows) get 1, so screening has work to do.

The package: :mod:`.names` (agencies, activities, partners and the reference regions),
:mod:`.generate` (the parameters above and the generator) and :mod:`.write` (files).

Example:
    >>> df = generate_proposals(115, seed=2026)
    >>> df.shape
    (115, 20)
    >>> df["kode"].iloc[[0, -1]].tolist()
    ['U001', 'U115']
"""

from __future__ import annotations

from mcda_kerjasama.datasets.generate import ATTRS_KEY, COLUMNS, CRITERIA, generate_proposals
from mcda_kerjasama.datasets.write import write_proposals, write_scenario

__all__ = [
    "ATTRS_KEY",
    "COLUMNS",
    "CRITERIA",
    "generate_proposals",
    "write_proposals",
    "write_scenario",
]
