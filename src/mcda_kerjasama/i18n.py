"""The one table of user-facing text: Bahasa Indonesia by default, English by option.

Every message, label and reason the engine shows a user comes from :data:`MESSAGES`
through :func:`text`. Numbers and money are formatted by :mod:`mcda_kerjasama.amounts`.

Example:
    >>> text("loc_row", "id", row=14)
    'baris 14'
    >>> text("loc_row", "en", row=14)
    'row 14'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from mcda_kerjasama.amounts import format_number, format_rupiah_short
from mcda_kerjasama.language import LANGUAGES, Language

__all__ = ["LANGUAGES", "MESSAGES", "Language", "Money", "Msg", "Number", "closest_hint", "text"]

# key -> (Bahasa Indonesia, English). Placeholders use str.format syntax.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- locations -------------------------------------------------------------------
    "loc_row": ("baris {row}", "row {row}"),
    "loc_column": ("kolom `{column}`", "column `{column}`"),
    "loc_key": ("kunci `{key}`", "key `{key}`"),
    # --- files -------------------------------------------------------------------------
    "os_error": (
        "berkas tidak dapat ditulis atau dibaca ({reason}): {value}",
        "cannot write or read the file ({reason}): {value}",
    ),
    "output_folder_foreign": (
        "folder keluaran {value} berisi berkas lain ({files}); pilih folder lain dengan -o "
        "atau gunakan --force",
        "the output folder {value} holds other files ({files}); choose another folder with "
        "-o or use --force",
    ),
    "output_is_input": (
        "berkas keluaran {value} adalah berkas masukan; pilih folder lain dengan -o",
        "the output file {value} is an input file; choose another folder with -o",
    ),
    "output_not_folder": (
        "{value} sudah ada dan bukan folder; pilih folder lain dengan -o",
        "{value} exists and is not a folder; choose another folder with -o",
    ),
    "verify_identical": (
        "hasil identik: masukan tidak berubah dan hasil ulang sama (waktu diabaikan)",
        "identical: inputs unchanged and the re-run gives the same result (times ignored)",
    ),
    "verify_input": ("masukan {role} {value}: {why}", "input {role} {value}: {why}"),
    "verify_changed": ("berubah", "changed"),
    "verify_missing": ("hilang", "missing"),
    "verify_differs": (
        "hasil ulang berbeda pada: {fields}",
        "the re-run differs in: {fields}",
    ),
    "output_disk_full": (
        "disk penuh: {file} tidak dapat ditulis, jadi tidak ada yang diubah di folder "
        "{folder}; kosongkan ruang disk lalu jalankan lagi",
        "the disk is full: {file} could not be written, so nothing in the folder {folder} "
        "was changed; free some disk space and run again",
    ),
    "output_write_failed": (
        "{file} tidak dapat ditulis ({reason}), jadi tidak ada yang diubah di folder {folder}",
        "{file} could not be written ({reason}), so nothing in the folder {folder} was changed",
    ),
    "verify_output": ("keluaran {value}: {why}", "output {value}: {why}"),
    "verify_unreadable": ("tidak dapat dibaca", "cannot be read"),
    "verify_all_identical": (
        "hasil identik: masukan dan setiap berkas keluaran tidak berubah, dan hasil ulang "
        "sama (waktu diabaikan)",
        "identical: the inputs and every output file are unchanged, and the re-run gives "
        "the same result (times ignored)",
    ),
    "verify_not_compared": (
        "hasil ulang tidak dibandingkan karena {value} hilang atau rusak",
        "the re-run was not compared because {value} is missing or damaged",
    ),
    "stored_json_invalid": (
        "bukan JSON yang sah ({reason}). {fix}",
        "is not valid JSON ({reason}). {fix}",
    ),
    "stored_json_where": (
        "baris {line}, kolom {column}: {msg}",
        "line {line}, column {column}: {msg}",
    ),
    "stored_key_missing": (
        "wajib ada tetapi tidak ditemukan. {fix}",
        "is required but missing. {fix}",
    ),
    "stored_key_type": (
        "harus berupa {expected}, bukan {actual}. {fix}",
        "must be {expected}, not {actual}. {fix}",
    ),
    "stored_value_invalid": (
        "nilai {value} tidak sah: {expected}. {fix}",
        "the value {value} is not valid: {expected}. {fix}",
    ),
    "stored_fix_manifest": (
        "Berkas ini rusak atau telah disunting: pulihkan dari salinannya, atau jalankan lagi "
        "`kerjasama run` ke folder ini untuk menulis manifest baru",
        "The file is damaged or was edited: restore it from a copy, or run `kerjasama run` "
        "into this folder again to write a new one",
    ),
    "stored_fix_result": (
        "Berkas ini rusak atau telah disunting: pulihkan dari salinannya, atau jalankan lagi "
        "`kerjasama run` ke folder ini",
        "The file is damaged or was edited: restore it from a copy, or run `kerjasama run` "
        "into this folder again",
    ),
    "expect_sha256": (
        "harus 64 angka heksadesimal (SHA-256)",
        "it must be 64 hexadecimal digits (a SHA-256)",
    ),
    "expect_file_name": (
        "harus nama berkas di folder ini, tanpa `/` atau `..`",
        "it must be the name of a file in this folder, without `/` or `..`",
    ),
    "expect_language": ("pilih id atau en", "choose id or en"),
    "expect_schema_version": (
        "kerjasama ini memahami versi {supported}; gunakan versi kerjasama yang menulisnya",
        "this kerjasama understands version {supported}; use the kerjasama version that wrote it",
    ),
    "json_object": ("objek", "an object"),
    "json_list": ("daftar", "a list"),
    "json_text": ("teks", "a text"),
    "json_integer": ("bilangan bulat", "an integer"),
    "json_number": ("bilangan", "a number"),
    "json_boolean": ("benar/salah", "true or false"),
    "json_null": ("kosong (null)", "null"),
    "file_not_found": ("berkas tidak ditemukan: {value}", "file not found: {value}"),
    "file_unreadable": (
        "berkas tidak dapat dibaca ({reason}): {value}",
        "cannot read the file ({reason}): {value}",
    ),
    "file_type_unknown": (
        "jenis berkas tidak dikenal: {value}; gunakan .xlsx atau .csv",
        "unknown file type: {value}; use .xlsx or .csv",
    ),
    "file_empty": (
        "berkas tidak berisi baris data: {value}",
        "the file has no data rows: {value}",
    ),
    "sheet_missing": (
        "lembar `usulan` tidak ada; lembar pertama `{sheet}` yang dibaca",
        "no sheet named `usulan`; the first sheet `{sheet}` was read",
    ),
    "file_too_large": (
        "berkas {value} berukuran {size} MB, melebihi batas {limit} MB; tabel usulan jauh "
        "lebih kecil: simpan hanya lembar usulan (tanpa gambar atau lembar lain) sebagai "
        "berkas baru",
        "the file {value} is {size} MB, above the limit of {limit} MB; a proposals table is "
        "far smaller: save only the proposals sheet (no pictures or other sheets) as a new file",
    ),
    "cell_too_long": (
        "sel berisi {length} karakter, melebihi batas {limit}; persingkat isinya (uraian "
        "panjang simpan di dokumen terpisah)",
        "the cell holds {length} characters, above the limit of {limit}; shorten it (keep "
        "long descriptions in a separate document)",
    ),
    "rows_more": (
        "... dan {count} baris lain dengan masalah yang sama",
        "... and {count} more rows with the same problem",
    ),
    "csv_is_workbook": (
        "{value} adalah buku kerja Excel yang diberi nama .csv; ganti akhiran namanya "
        "menjadi .xlsx, atau simpan dari Excel sebagai CSV UTF-8",
        "{value} is an Excel workbook named .csv; rename it to .xlsx, or save it from Excel "
        "as CSV UTF-8",
    ),
    "csv_not_text": (
        "{value} bukan berkas teks CSV (berisi byte NUL atau UTF-16 yang rusak); buka di "
        "Excel lalu simpan sebagai CSV UTF-8",
        "{value} is not a CSV text file (it holds NUL bytes or damaged UTF-16); open it in "
        "Excel and save it as CSV UTF-8",
    ),
    "csv_encoding_unknown": (
        "sel berisi byte {byte} yang bukan teks UTF-8 maupun Windows-1252; simpan ulang "
        'berkas sebagai CSV UTF-8 (Excel: Simpan Sebagai, "CSV UTF-8")',
        "the cell holds the byte {byte}, which is neither UTF-8 nor Windows-1252 text; save "
        'the file again as CSV UTF-8 (Excel: Save As, "CSV UTF-8")',
    ),
    "csv_tab_separated": (
        "{value}: nama kolom dipisahkan dengan tab; simpan berkas sebagai CSV dengan `;` "
        'atau `,` di antara sel (Excel: Simpan Sebagai, "CSV UTF-8")',
        "{value}: the column names are separated by tabs; save the file as CSV with `;` or "
        '`,` between cells (Excel: Save As, "CSV UTF-8")',
    ),
    "csv_separator_mixed": (
        "judul kolom (baris 1) memisahkan sel dengan `{sep}`, tetapi baris berikut memakai "
        "`{other}`: {rows}; gunakan satu pemisah di seluruh berkas (simpan ulang dari Excel "
        "sebagai CSV)",
        "the header (row 1) separates cells with `{sep}` but these rows use `{other}`: "
        "{rows}; use one separator throughout (save the file again from Excel as CSV)",
    ),
    "csv_too_many_cells": (
        "baris ini berisi {count} sel, padahal judul kolom hanya {expected}: ada `{sep}` di "
        "dalam sel sehingga sel itu terbelah; beri tanda kutip ganda pada sel itu "
        '("K99{sep} K01") atau pisahkan kode prasyarat dengan `{other}`',
        "this row has {count} cells but the header has {expected}: a `{sep}` inside a cell "
        'splits it; put that cell in double quotes ("K99{sep} K01") or separate '
        "prerequisite ids with `{other}`",
    ),
    "csv_unclosed_quote": (
        'sel ini dibuka dengan tanda kutip ganda (") yang tidak pernah ditutup, sehingga '
        "sisa berkas terbaca sebagai isi sel ini; tutup tanda kutipnya atau hapus",
        'this cell opens a double quote (") that is never closed, so the rest of the file '
        "reads as part of it; close the quote or remove it",
    ),
    "xlsx_invalid": (
        "{value} bukan buku kerja Excel (.xlsx) yang sah: mungkin berkas jenis lain yang "
        "diganti namanya, atau rusak; buka di Excel lalu simpan ulang sebagai "
        '"Buku Kerja Excel (.xlsx)"',
        "{value} is not a valid Excel workbook (.xlsx): it may be another kind of file "
        'renamed, or damaged; open it in Excel and save it again as "Excel Workbook (.xlsx)"',
    ),
    "xlsx_legacy": (
        "{value} adalah berkas Excel lama (.xls) atau buku kerja berkata sandi; buka di "
        'Excel, hapus kata sandinya bila ada, lalu simpan sebagai "Buku Kerja Excel (.xlsx)"',
        "{value} is an old Excel file (.xls) or a password-protected workbook; open it in "
        'Excel, remove the password if any, and save it as "Excel Workbook (.xlsx)"',
    ),
    "xlsx_damaged": (
        "{value}: lembar `{sheet}` rusak dan tidak dapat dibaca mulai sekitar baris {row}; "
        "buka di Excel (Excel dapat menawarkan perbaikan) lalu simpan ulang sebagai .xlsx",
        "{value}: the sheet `{sheet}` is damaged and cannot be read from about row {row}; "
        "open it in Excel (it may offer to repair it) and save it again as .xlsx",
    ),
    "xlsx_unpacks_too_large": (
        "{value} akan menjadi {size} MB setelah dibuka (batas {limit} MB); tabel usulan jauh "
        "lebih kecil: berkas mungkin rusak atau memuat sel berisi jutaan karakter. Salin "
        "usulan ke buku kerja baru lalu simpan sebagai .xlsx",
        "{value} would take {size} MB once unpacked (the limit is {limit} MB); a proposals "
        "table is far smaller: the file may be damaged or hold a cell of millions of "
        "characters. Copy the proposals into a new workbook and save it as .xlsx",
    ),
    "xlsx_bomb": (
        "{value} memuat bagian yang mengembang {ratio} kali menjadi {size} MB saat dibuka; "
        "berkas tidak dibuka karena mungkin rusak atau memuat sel berisi jutaan karakter "
        "berulang. Salin usulan ke buku kerja baru lalu simpan sebagai .xlsx",
        "{value} holds a part that unpacks {ratio}-fold to {size} MB; it was not opened, as "
        "it may be damaged or hold a cell of millions of repeated characters. Copy the "
        "proposals into a new workbook and save it as .xlsx",
    ),
    "rows_hidden": (
        "baris tersembunyi di buku kerja: {rows}; baris itu tetap dibaca dan diperiksa "
        "seperti baris lain (tampilkan di Excel untuk melihatnya, atau hapus bila bukan usulan)",
        "hidden rows in the workbook: {rows}; they were read and checked like the others "
        "(unhide them in Excel to see them, or delete them if they are not proposals)",
    ),
    # --- headers -----------------------------------------------------------------------
    "column_missing": (
        "kolom wajib `{column_name}` tidak ada{hint}",
        "required column `{column_name}` is missing{hint}",
    ),
    "column_missing_hint": (
        "; mungkin maksudnya kolom `{candidate}`?",
        "; did you mean the column `{candidate}`?",
    ),
    "column_unknown": (
        "kolom `{value}` tidak dikenal dan diabaikan{hint}",
        "column `{value}` is not known and is ignored{hint}",
    ),
    "column_unknown_hint": ("; mungkin maksudnya `{candidate}`?", "; did you mean `{candidate}`?"),
    "column_duplicate": (
        "kolom `{value}` muncul lebih dari sekali (sebagai `{canonical}`)",
        "column `{value}` appears more than once (as `{canonical}`)",
    ),
    # --- cells -------------------------------------------------------------------------
    "required_empty": ("sel wajib diisi tetapi kosong", "required cell is empty"),
    "duplicate_id": (
        'kode "{value}" sudah dipakai di baris {first_row}; setiap usulan perlu kode unik',
        'id "{value}" is already used in row {first_row}; every proposal needs a unique id',
    ),
    "urusan_unknown": (
        'urusan "{value}" tidak dikenal; gunakan kode seperti 1.02 (lihat daftar urusan){hint}',
        'urusan "{value}" is not known; use a code such as 1.02 (see the urusan list){hint}',
    ),
    "urusan_hint": ("; mungkin maksudnya {candidate}?", "; did you mean {candidate}?"),
    "urusan_by_name": (
        'urusan ditulis dengan nama "{value}"; dibaca sebagai {code} {name} '
        "(tuliskan kodenya agar pasti)",
        'urusan given by name "{value}"; read as {code} {name} (write the code to be sure)',
    ),
    "kind_unknown": (
        'jenis "{value}" tidak dikenal; pilih salah satu: {allowed}',
        'kind "{value}" is not known; choose one of: {allowed}',
    ),
    "nature_unknown": (
        'sifat "{value}" tidak dikenal; pilih wajib atau sukarela',
        'nature "{value}" is not known; choose wajib or sukarela',
    ),
    "status_unknown": (
        'status "{value}" tidak dikenal; pilih usulan atau berjalan',
        'status "{value}" is not known; choose usulan or berjalan',
    ),
    "wajib_not_ksdd": (
        "sifat wajib hanya berlaku untuk KSDD, bukan {kind}; kosongkan atau tulis sukarela",
        "nature wajib applies to KSDD only, not {kind}; leave it empty or write sukarela",
    ),
    "amount_invalid": (
        '"{value}" bukan jumlah uang; tuliskan seperti {hint}',
        '"{value}" is not an amount; write it like {hint}',
    ),
    "amount_ambiguous": (
        '"{value}" bermakna ganda (titik adalah pemisah ribuan, koma adalah desimal); '
        "tuliskan {hint}",
        '"{value}" is ambiguous (a dot separates thousands, a comma marks decimals); write {hint}',
    ),
    "amount_negative": (
        '"{value}" negatif; jumlah harus 0 atau lebih',
        '"{value}" is negative; the amount must be 0 or more',
    ),
    "amount_too_large": (
        '"{value}" melebihi Rp {hint} (1.000 triliun), lebih besar dari anggaran daerah '
        "mana pun; periksa jumlah angkanya",
        '"{value}" is more than Rp {hint} (1,000 trillion), more than any regional budget; '
        "check the digits",
    ),
    "number_negative": (
        '"{value}" negatif; nilainya harus 0 atau lebih',
        '"{value}" is negative; the value must be 0 or more',
    ),
    "number_invalid": (
        '"{value}" bukan angka; tuliskan seperti {hint}',
        '"{value}" is not a number; write it like {hint}',
    ),
    "integer_invalid": (
        '"{value}" bukan bilangan bulat; tuliskan seperti {hint}',
        '"{value}" is not a whole number; write it like {hint}',
    ),
    "duration_range": (
        "durasi {value} tahun di luar rentang 1-5 tahun",
        "duration {value} years is outside 1-5 years",
    ),
    "score_range": (
        "nilai {value} di luar skala kriteria `{criterion}` ({lo}-{hi})",
        "score {value} is outside the scale of criterion `{criterion}` ({lo}-{hi})",
    ),
    "prereq_unknown": (
        'prasyarat "{value}" tidak ada di daftar kode usulan',
        'prerequisite "{value}" is not an id in the proposals',
    ),
    "prereq_self": (
        "usulan tidak boleh menjadi prasyarat dirinya sendiri",
        "a proposal cannot be its own prerequisite",
    ),
    "prereq_cycle": (
        "prasyarat membentuk lingkaran: {cycle}; putuskan salah satu tautan",
        "prerequisites form a cycle: {cycle}; break one of the links",
    ),
    "ongoing_ended": (
        "kerja sama berjalan sejak {value} sudah berakhir sebelum {first}; hapus barisnya "
        "atau perbaiki tahun mulai/durasi",
        "the ongoing cooperation started in {value} ended before {first}; remove the row "
        "or correct its start year or duration",
    ),
    "start_outside": (
        "tahun mulai {value} di luar tahun perencanaan {years}",
        "earliest start {value} is outside the planning years {years}",
    ),
    # --- scenario ----------------------------------------------------------------------
    "toml_invalid": (
        "berkas skenario bukan TOML yang sah: {reason}",
        "the scenario file is not valid TOML: {reason}",
    ),
    "toml_encoding": (
        "berkas skenario bukan teks UTF-8 (byte {byte} di baris {line}); simpan ulang "
        "sebagai UTF-8 (Notepad: Simpan Sebagai, Pengodean UTF-8)",
        "the scenario file is not UTF-8 text (byte {byte} on line {line}); save it again as "
        "UTF-8 (Notepad: Save As, Encoding UTF-8)",
    ),
    "key_unknown": (
        "kunci tidak dikenal{hint}",
        "unknown key{hint}",
    ),
    "key_hint": ("; mungkin maksudnya `{candidate}`?", "; did you mean `{candidate}`?"),
    "key_missing": ("kunci wajib diisi", "this key is required"),
    "key_type": (
        "nilai {value} harus berupa {expected}",
        "value {value} must be {expected}",
    ),
    "key_choice": (
        'nilai "{value}" tidak dikenal; pilih salah satu: {allowed}{hint}',
        'value "{value}" is not known; choose one of: {allowed}{hint}',
    ),
    "key_range": ("nilai {value} harus {rule}", "value {value} must be {rule}"),
    "type_number": ("angka", "a number"),
    "type_nonneg": ("angka >= 0", "a number >= 0"),
    "type_positive": ("angka > 0", "a number > 0"),
    "type_integer": ("bilangan bulat", "a whole number"),
    "type_pos_integer": ("bilangan bulat > 0", "a whole number > 0"),
    "type_text": ("teks yang tidak kosong", "a non-empty text"),
    "type_text_any": ("teks", "a text"),
    "type_bool": ("true atau false", "true or false"),
    "type_bool_auto": ('true, false atau "auto"', 'true, false or "auto"'),
    "type_strings": ("daftar teks", "a list of texts"),
    "type_years": (
        "daftar tahun berurutan seperti [2026, 2027, 2028]",
        "a list of consecutive years such as [2026, 2027, 2028]",
    ),
    "type_scale": (
        "dua angka [rendah, tinggi] dengan rendah < tinggi",
        "two numbers [low, high] with low < high",
    ),
    "type_table": ("tabel", "a table"),
    "type_budget": ("angka, atau tabel angka per tahun", "a number, or a table of numbers by year"),
    "type_rule": (
        'tabel seperti {{ kind = "KSDD", urusan = ["1.02", "1.03"] }}',
        'a table such as {{ kind = "KSDD", urusan = ["1.02", "1.03"] }}',
    ),
    "type_group_list": (
        "daftar tabel [[constraints.group]]",
        "an array of tables [[constraints.group]]",
    ),
    "type_integer_nonneg": ("bilangan bulat >= 0", "a whole number >= 0"),
    "type_share": ("pecahan antara 0 dan 1, mis. 0.25", "a fraction between 0 and 1, e.g. 0.25"),
    "rule_field_unknown": (
        "kolom `{value}` tidak dapat dipakai dalam aturan{hint}; pilihan: {allowed}",
        "field `{value}` cannot be used in a rule{hint}; choose from: {allowed}",
    ),
    "constraint_id_unknown": (
        '"{value}" bukan kode usulan{hint}',
        '"{value}" is not a proposal id{hint}',
    ),
    "constraint_agency_unknown": (
        'tidak ada usulan dari OPD "{value}"; batas stafnya tidak berpengaruh{hint}',
        'no proposal comes from agency "{value}"; its staff cap has no effect{hint}',
    ),
    # --- funding pools (rules/funding_pool.py) ---------------------------------------
    "type_pools": (
        "daftar tabel [[constraints.funding_pool]]",
        "an array of tables [[constraints.funding_pool]]",
    ),
    "pool_too_many": (
        "paling banyak {most} dana khusus; gabungkan yang serupa",
        "at most {most} funding pools; merge similar ones",
    ),
    "pool_needs_name": (
        "dana khusus memerlukan `name` (nama yang tampil di alasan)",
        "a funding pool needs a `name` (shown in reasons)",
    ),
    "pool_name_twice": (
        'nama dana khusus "{value}" dipakai dua kali; beri nama yang berbeda',
        'the funding pool name "{value}" is used twice; give each pool its own name',
    ),
    "pool_needs_amount": (
        "dana khusus memerlukan `amount` (rupiah per tahun, atau tabel per tahun)",
        "a funding pool needs an `amount` (rupiah per year, or a table by year)",
    ),
    "pool_needs_members": (
        "dana khusus memerlukan `where` atau `ids`: usulan mana yang boleh dibiayainya",
        "a funding pool needs `where` or `ids`: which proposals it may pay for",
    ),
    "pool_empty": (
        'dana khusus "{value}" tidak berlaku untuk usulan mana pun; periksa `where`/`ids`',
        'the funding pool "{value}" applies to no proposal; check its `where`/`ids`',
    ),
    "pool_overlap": (
        "{value} termasuk dua dana khusus ({pools}); sebuah usulan hanya boleh dibiayai "
        "satu dana khusus: persempit `where` atau `ids` salah satunya",
        "{value} belongs to two funding pools ({pools}); a proposal may draw on one pool "
        "only: narrow the `where` or `ids` of one of them",
    ),
    "rule_funding_pool": (
        "anggaran {year} beserta dana {label}, untuk usulan yang tidak dibiayai dana lain "
        "(sisa {remaining})",
        "the {year} budget with the pools {label}, for proposals no other pool pays "
        "(remaining {remaining})",
    ),
    "reason_funding_pool": (
        "cadangan: tidak muat dalam anggaran {year} beserta dana {label} (sisa {remaining}, "
        "biaya {need})",
        "reserve: does not fit the {year} budget with the pools {label} (remaining "
        "{remaining}, cost {need})",
    ),
    "conflict_funding_pool": (
        "usulan yang wajib didanai ({ids}) memerlukan {need} pada {year} dari anggaran dan "
        "dana {label}, tetapi keduanya hanya {budget}",
        "the proposals that must be funded ({ids}) need {need} in {year} from the budget "
        "and the pools {label}, but together they hold {budget}",
    ),
    "rule_funding_pool_none": (
        "anggaran {year} untuk usulan di luar dana khusus (sisa {remaining})",
        "the {year} budget for proposals no pool pays for (remaining {remaining})",
    ),
    "reason_funding_pool_none": (
        "cadangan: tidak muat dalam anggaran {year} untuk usulan di luar dana khusus (sisa "
        "{remaining}, biaya {need})",
        "reserve: does not fit the {year} budget for proposals no pool pays for (remaining "
        "{remaining}, cost {need})",
    ),
    "conflict_funding_pool_none": (
        "usulan yang wajib didanai ({ids}) di luar dana khusus memerlukan {need} pada {year}, "
        "tetapi anggarannya {budget}",
        "the proposals that must be funded ({ids}) outside every pool need {need} in {year} "
        "but the budget is {budget}",
    ),
    "conflict_rule_funding_pool_none": (
        "anggaran {year} untuk usulan di luar dana khusus",
        "the {year} budget for proposals no pool pays for",
    ),
    "conflict_rule_funding_pool": (
        "anggaran {year} beserta dana {label}",
        "the {year} budget with the pools {label}",
    ),
    "use_funding_pool": ("dibayar dana khusus", "paid by funding pools"),
    "group_needs_members": (
        "kelompok memerlukan `column` (dengan `values` bila perlu) atau `where`, tidak keduanya",
        "a group needs `column` (with `values` if wanted) or `where`, not both",
    ),
    "group_needs_limit": (
        "kelompok memerlukan paling sedikit satu batas: min_count, max_count, "
        "min_share atau max_share",
        "a group needs at least one limit: min_count, max_count, min_share or max_share",
    ),
    "type_interval": (
        "dua angka [rendah, tinggi] dengan 0 <= rendah <= tinggi <= 1",
        "two numbers [low, high] with 0 <= low <= high <= 1",
    ),
    "type_choice": ("salah satu dari: {allowed}", "one of: {allowed}"),
    "init_exists": (
        "{value} sudah ada; gunakan --force untuk menimpanya",
        "{value} exists; use --force to overwrite it",
    ),
    "schema_version": (
        "schema_version {value} tidak didukung; versi yang didukung: {supported}",
        "schema_version {value} is not supported; supported: {supported}",
    ),
    "extends_cycle": (
        "rantai `extends` berputar: {cycle}",
        "the `extends` chain loops: {cycle}",
    ),
    "set_syntax": (
        '--set "{value}" harus berbentuk kunci=nilai',
        '--set "{value}" must look like key=value',
    ),
    "criterion_unknown": (
        "kriteria `{value}` tidak didefinisikan di [criteria]{hint}",
        "criterion `{value}` is not defined in [criteria]{hint}",
    ),
    "criterion_group_scored": (
        "kriteria ini punya sub-kriteria, jadi nilainya dihitung dari sub-kriterianya; "
        "hapus kunci ini",
        "this criterion has sub-criteria, so it is scored through them; remove this key",
    ),
    "min_score_cost": (
        "`{value}` adalah kriteria biaya (rendah lebih baik); batas minimum akan menolak "
        "usulan terbaik, jadi tidak diizinkan",
        "`{value}` is a cost criterion (lower is better); a minimum would reject the best "
        "proposals, so it is not allowed",
    ),
    "criterion_key_reserved": (
        "`{value}` adalah nama kolom internal; beri kriteria ini kunci lain "
        "(kolomnya tetap boleh bernama apa saja)",
        "`{value}` is an internal field name; give this criterion another key "
        "(its column may still be called anything)",
    ),
    "criterion_cycle": (
        "rantai `parent` berputar: {cycle}",
        "the `parent` chain loops: {cycle}",
    ),
    "scale_invalid": (
        "skala harus dua angka [rendah, tinggi] dengan rendah < tinggi, bukan {value}",
        "the scale must be two numbers [low, high] with low < high, not {value}",
    ),
    "budget_year_unknown": (
        "tahun {value} bukan tahun perencanaan {years}",
        "year {value} is not a planning year {years}",
    ),
    "budget_year_missing": (
        "anggaran untuk tahun {value} tidak diberikan",
        "no budget given for year {value}",
    ),
    # --- weights -----------------------------------------------------------------------
    "weights_missing": (
        "bobot kriteria `{value}` tidak diberikan",
        "no weight given for criterion `{value}`",
    ),
    "weights_negative": (
        "bobot {value} negatif; bobot harus 0 atau lebih",
        "weight {value} is negative; weights must be 0 or more",
    ),
    "weights_all_zero": (
        "semua bobot nol; setidaknya satu kriteria harus berbobot",
        "all weights are zero; at least one criterion must carry weight",
    ),
    "rank_tie": (
        "peringkat {value} dipakai lebih dari sekali ({names}); metode {method} "
        "memerlukan urutan tanpa seri",
        "rank {value} is used more than once ({names}); the {method} method needs a strict order",
    ),
    "rank_incomplete": (
        "urutan harus memuat setiap kriteria tepat sekali; kurang: {missing}; lebih: {extra}",
        "the order must name every criterion exactly once; missing: {missing}; extra: {extra}",
    ),
    # --- AHP and judgements (keep AHP messages in this block) --------------------------
    "ahp_value_invalid": (
        '"{value}" bukan nilai perbandingan; tuliskan angka seperti 3, 1/3 atau 0,5',
        '"{value}" is not a comparison value; write a number such as 3, 1/3 or 0.5',
    ),
    "ahp_value_nonpositive": (
        "nilai {value} untuk ({a}, {b}) harus lebih dari 0",
        "the value {value} for ({a}, {b}) must be greater than 0",
    ),
    "ahp_off_scale": (
        "nilai {value} untuk ({a}, {b}) di luar skala Saaty 1/9 sampai 9",
        "the value {value} for ({a}, {b}) is outside Saaty's scale 1/9 to 9",
    ),
    "ahp_not_saaty": (
        "nilai {value} untuk ({a}, {b}) bukan nilai skala Saaty (1-9 atau 1/2-1/9); "
        "nilai antara seperti 2,5 hanya diterima di berkas pasangan",
        "the value {value} for ({a}, {b}) is not on Saaty's scale (1-9 or 1/2-1/9); "
        "in-between values such as 2.5 are accepted in pairs files only",
    ),
    "ahp_not_reciprocal": (
        "sel ({b}, {a}) = {value} bukan kebalikan dari sel ({a}, {b}) = {other} di baris "
        "{other_row} (hasil kalinya {product}, seharusnya 1)",
        "cell ({b}, {a}) = {value} is not the reciprocal of cell ({a}, {b}) = {other} in row "
        "{other_row} (their product is {product}, it should be 1)",
    ),
    "ahp_diagonal": (
        "diagonal ({a}, {a}) harus 1, bukan {value}",
        "the diagonal ({a}, {a}) must be 1, not {value}",
    ),
    "ahp_label_mismatch": (
        "label baris `{row_label}` berbeda dengan label kolom `{column_label}` di posisi yang "
        "sama; urutan kriteria pada baris dan kolom harus sama",
        "row label `{row_label}` differs from column label `{column_label}` in the same "
        "position; rows and columns must list the criteria in the same order",
    ),
    "ahp_criteria_mismatch": (
        "kriteria matriks tidak sama dengan kriteria skenario; kurang: {missing}; lebih: {extra}",
        "the matrix criteria differ from the scenario's; missing: {missing}; extra: {extra}",
    ),
    "ahp_criteria_needed": (
        "matriks tanpa label memerlukan daftar kriteria",
        "a matrix without labels needs the list of criteria",
    ),
    "ahp_not_square": (
        "matriks perbandingan harus persegi, bukan {rows} baris x {columns} kolom",
        "the comparison matrix must be square, not {rows} rows x {columns} columns",
    ),
    "ahp_criterion_unknown": (
        "kriteria `{value}` tidak dikenal{hint}",
        "criterion `{value}` is not known{hint}",
    ),
    "ahp_criterion_duplicate": (
        "kriteria {value} muncul lebih dari sekali",
        "criterion {value} appears more than once",
    ),
    "ahp_self_comparison": (
        "`{a}` dibandingkan dengan dirinya sendiri; hapus baris ini",
        "`{a}` is compared with itself; remove this line",
    ),
    "ahp_pair_duplicate": (
        "pasangan ({a}, {b}) dinilai lebih dari sekali (nilai pertama {first}); "
        "setiap pasangan cukup dinilai sekali",
        "the pair ({a}, {b}) is judged more than once (first value {first}); judge each pair once",
    ),
    "ahp_not_connected": (
        "perbandingan tidak saling terhubung: kelompok {groups} tidak pernah dibandingkan "
        "satu sama lain; tambahkan setidaknya satu perbandingan antarkelompok",
        "the comparisons are not connected: the groups {groups} are never compared with "
        "each other; add at least one comparison between the groups",
    ),
    "ahp_option_unknown": (
        'pilihan {option} "{value}" tidak dikenal; pilih salah satu: {allowed}',
        '{option} "{value}" is not known; choose one of: {allowed}',
    ),
    "ahp_no_criteria": (
        "tidak ada kriteria untuk dibandingkan",
        "there are no criteria to compare",
    ),
    "ahp_pairs_columns": (
        "berkas pasangan memerlukan kolom a, b dan nilai (opsional: responden); ditemukan: {found}",
        "a pairs file needs the columns a, b and nilai (optional: responden); found: {found}",
    ),
    "ahp_inline_invalid": (
        'entri {value} harus berbentuk [a, b, nilai] atau "a/b" = nilai',
        'the entry {value} must look like [a, b, value] or "a/b" = value',
    ),
    "ahp_group_empty": (
        "tidak ada responden dengan penilaian",
        "there are no respondents with judgements",
    ),
    "ahp_group_nobody_consistent": (
        "CR semua {count} responden di atas ambang; tidak ada yang tersisa untuk digabungkan",
        "all {count} respondents have a CR above the threshold; nobody is left to aggregate",
    ),
    "ahp_respondent_weight_missing": (
        "bobot responden `{value}` tidak diberikan",
        "no weight given for respondent `{value}`",
    ),
    "ahp_respondent_unknown": (
        "bobot diberikan untuk responden `{value}` yang tidak memiliki penilaian",
        "a weight is given for respondent `{value}`, who has no judgements",
    ),
    "weights_not_number": (
        'nilai "{value}" untuk kriteria `{criterion}` bukan angka',
        'the value "{value}" for criterion `{criterion}` is not a number',
    ),
    "weights_unknown_criterion": (
        "nilai diberikan untuk `{value}`, yang bukan kriteria{hint}",
        "a value is given for `{value}`, which is not a criterion{hint}",
    ),
    "weights_no_criteria": (
        "daftar kriteria kosong",
        "the list of criteria is empty",
    ),
    "rank_invalid": (
        "peringkat {value} untuk `{criterion}` harus bilangan bulat 1 sampai {n}",
        "rank {value} for `{criterion}` must be a whole number from 1 to {n}",
    ),
    "swing_range": (
        "poin SWING {value} untuk `{criterion}` di luar 0-100",
        "SWING points {value} for `{criterion}` are outside 0-100",
    ),
    "swing_no_best": (
        "pada SWING kriteria terpenting bernilai 100; nilai tertinggi sekarang {value}",
        "in SWING the most important criterion gets 100; the highest now is {value}",
    ),
    "hierarchy_unknown_parent": (
        "sub-kriteria diberikan untuk `{value}`, yang tidak ada di hierarki",
        "sub-criteria are given for `{value}`, which is not in the hierarchy",
    ),
    "hierarchy_cycle": (
        "hierarki kriteria berputar: `{value}` menjadi sub-kriteria dirinya sendiri",
        "the criteria hierarchy loops: `{value}` is a sub-criterion of itself",
    ),
    "hierarchy_duplicate": (
        "kriteria `{value}` muncul di lebih dari satu cabang ({parents})",
        "criterion `{value}` appears under more than one parent ({parents})",
    ),
    # AHP questionnaire form (weights/questionnaire.py): sheet names, headers, scale
    "ahp_form_sheet_guide": ("petunjuk", "instructions"),
    "ahp_form_sheet_questions": ("kuesioner", "questionnaire"),
    "ahp_form_sheet_lists": ("daftar", "lists"),
    "ahp_form_title": (
        "Kuesioner perbandingan berpasangan kriteria (AHP)",
        "Pairwise comparison questionnaire for the criteria (AHP)",
    ),
    "ahp_form_respondent": ("responden", "respondent"),
    "ahp_form_scenario": ("skenario", "scenario"),
    "ahp_form_what_title": ("Apa itu AHP?", "What is AHP?"),
    "ahp_form_what": (
        "AHP (Analytic Hierarchy Process) menentukan bobot kriteria dari perbandingan dua "
        "kriteria sekaligus. Dari jawaban Anda dihitung seberapa besar setiap kriteria "
        "menentukan prioritas usulan kerja sama daerah.",
        "The AHP (Analytic Hierarchy Process) derives the weights of the criteria from "
        "comparisons of two criteria at a time. Your answers set how much each criterion "
        "counts when the regional cooperation proposals are prioritised.",
    ),
    "ahp_form_how_title": ("Cara mengisi", "How to answer"),
    "ahp_form_how_sheet": (
        "1. Buka lembar `{sheet}`: setiap baris membandingkan satu pasangan kriteria, sekali saja.",
        "1. Open the sheet `{sheet}`: each row compares one pair of criteria, once only.",
    ),
    "ahp_form_how_choice": (
        "2. Di kolom `{column}`, pilih kriteria yang lebih penting, atau `{equal}` bila "
        "keduanya sama penting.",
        "2. In the column `{column}`, choose the more important criterion, or `{equal}` when "
        "both matter equally.",
    ),
    "ahp_form_how_intensity": (
        "3. Di kolom `{column}`, pilih seberapa lebih penting kriteria itu menurut skala di "
        "bawah (boleh kosong bila sama penting).",
        "3. In the column `{column}`, choose how much more important it is on the scale below "
        "(may stay empty when both matter equally).",
    ),
    "ahp_form_how_blank": (
        "4. Bila ragu, kosongkan kedua kolom: pasangan itu dicatat sebagai penilaian yang "
        "belum ada dan dilengkapi kemudian dari jawaban Anda yang lain.",
        "4. When unsure, leave both columns empty: the pair is recorded as a missing "
        "judgement and completed later from your other answers.",
    ),
    "ahp_form_how_keep": (
        "5. Jangan mengubah kolom lain, nama lembar atau urutan baris.",
        "5. Do not change the other columns, the sheet names or the order of the rows.",
    ),
    "ahp_form_scale_title": ("Skala Saaty", "Saaty's scale"),
    "ahp_form_scale_value": ("nilai", "value"),
    "ahp_form_scale_meaning": ("arti", "meaning"),
    "ahp_form_scale_between": (
        "nilai antara dua tingkat di sebelahnya",
        "intermediate values between the two neighbouring levels",
    ),
    "ahp_form_equal": ("sama penting", "equally important"),
    "ahp_form_level_3": ("sedikit lebih penting", "moderately more important"),
    "ahp_form_level_5": ("lebih penting", "strongly more important"),
    "ahp_form_level_7": ("sangat lebih penting", "very strongly more important"),
    "ahp_form_level_9": ("mutlak lebih penting", "extremely more important"),
    "ahp_form_level_between": ("nilai antara {low} dan {high}", "between {low} and {high}"),
    "ahp_form_col_no": ("no", "no"),
    "ahp_form_col_a": ("kriteria A", "criterion A"),
    "ahp_form_col_b": ("kriteria B", "criterion B"),
    "ahp_form_col_choice": ("mana yang lebih penting?", "which is more important?"),
    "ahp_form_col_intensity": ("seberapa lebih penting?", "how much more important?"),
    "ahp_form_col_key_a": ("kunci A", "key A"),
    "ahp_form_col_key_b": ("kunci B", "key B"),
    # AHP questionnaire form: problems
    "ahp_form_not_form": (
        "berkas {value} bukan formulir kuesioner AHP "
        "(tidak ada lembar `kuesioner`/`questionnaire`)",
        "the file {value} is not an AHP questionnaire form (no sheet `kuesioner`/`questionnaire`)",
    ),
    "ahp_form_too_few_criteria": (
        "kuesioner AHP memerlukan setidaknya dua kriteria",
        "an AHP questionnaire needs at least two criteria",
    ),
    "ahp_form_label_duplicate": (
        'label "{value}" dipakai lebih dari satu kriteria; setiap kriteria perlu label berbeda',
        'the label "{value}" is used by more than one criterion; each needs its own label',
    ),
    "ahp_form_respondent_empty": (
        "nama responden kosong; setiap formulir diisi oleh satu anggota TKKSD yang disebut namanya",
        "the respondent name is empty; each form is answered by one named TKKSD member",
    ),
    "ahp_form_choice_unknown": (
        '"{value}" bukan pilihan; pilih salah satu: {allowed}',
        '"{value}" is not one of the choices; choose one of: {allowed}',
    ),
    "ahp_form_intensity_unknown": (
        '"{value}" bukan tingkat skala Saaty; pilih dari daftar atau tulis angka 1 sampai 9',
        '"{value}" is not a level of Saaty\'s scale; choose from the list or write 1 to 9',
    ),
    "ahp_form_intensity_missing": (
        "kriteria yang lebih penting dipilih tetapi tingkatnya kosong; isi keduanya atau "
        "kosongkan keduanya",
        "the more important criterion is chosen but the level is empty; fill in both or "
        "leave both empty",
    ),
    "ahp_form_choice_missing": (
        "tingkat diisi tetapi kriteria yang lebih penting belum dipilih; isi keduanya atau "
        "kosongkan keduanya",
        "a level is given but the more important criterion is not chosen; fill in both or "
        "leave both empty",
    ),
    "ahp_form_criteria_mismatch": (
        "kriteria formulir tidak sama dengan kriteria skenario; kurang: {missing}; lebih: {extra}",
        "the form's criteria differ from the scenario's; missing: {missing}; extra: {extra}",
    ),
    "ahp_form_respondent_duplicate": (
        'responden "{value}" mengisi dua formulir: {first} dan {second}',
        'the respondent "{value}" answered two forms: {first} and {second}',
    ),
    "ahp_collect_output_is_input": (
        "berkas keluaran {value} adalah formulir masukan {form}; menulisnya akan menghapus "
        "jawaban responden. Tulis berkas pasangan ke nama lain, misalnya -o perbandingan.csv",
        "the output file {value} is the input form {form}; writing it would destroy the "
        "respondent's answers. Write the pairs file under another name, e.g. -o perbandingan.csv",
    ),
    "ahp_form_equal_contradiction": (
        '"{equal}" dipilih di kolom `{choice}` tetapi tingkatnya "{value}": jawaban ini '
        "bertentangan; bila keduanya sama penting, kosongkan sel ini atau pilih "
        '"{one}"; bila tidak, pilih kriteria yang lebih penting di kolom `{choice}`',
        '"{equal}" is chosen in the column `{choice}` but the level is "{value}": the answer '
        'contradicts itself; if both matter equally, empty this cell or choose "{one}"; '
        "if not, choose the more important criterion in the column `{choice}`",
    ),
    "ahp_form_formula": (
        'sel ini berisi rumus "{value}", bukan jawaban; pilih dari daftar atau ketik '
        'jawabannya sebagai teks biasa, tanpa "="',
        'the cell holds the formula "{value}", not an answer; choose from the drop-down list '
        'or type the answer as plain text, without "="',
    ),
    "ahp_form_formula_text": (
        '"{value}" diawali "{start}" sehingga lembar kerja membacanya sebagai rumus, dan '
        'bukan jawaban yang dikenal; hapus "{start}" dan pilih salah satu: {allowed}',
        '"{value}" starts with "{start}", so a spreadsheet reads it as a formula, and it is '
        'not a known answer; remove "{start}" and choose one of: {allowed}',
    ),
    "ahp_form_key_changed": (
        'di lembar `{sheet}` sel kunci ini berisi "{value}", padahal templat menulis '
        "`{expected}` di sini (pertanyaan no {number}: `{a}` : `{b}`); kembalikan "
        "`{expected}` atau minta formulir baru dari `kerjasama ahp template`",
        'on the sheet `{sheet}` this key cell holds "{value}" but the template wrote '
        "`{expected}` here (question no {number}: `{a}` : `{b}`); put `{expected}` back or "
        "ask for a new form made with `kerjasama ahp template`",
    ),
    "ahp_form_key_cleared": (
        "di lembar `{sheet}` sel kunci ini kosong; templat menulis `{expected}` di sini "
        "(pertanyaan no {number}: `{a}` : `{b}`); kembalikan `{expected}` atau minta "
        "formulir baru dari `kerjasama ahp template`",
        "on the sheet `{sheet}` this key cell is empty; the template wrote `{expected}` here "
        "(question no {number}: `{a}` : `{b}`); put `{expected}` back or ask for a new form "
        "made with `kerjasama ahp template`",
    ),
    "ahp_form_question_unknown": (
        "di lembar `{sheet}` baris ini berisi kunci `{a}` : `{b}`, yang bukan pasangan yang "
        "ditanyakan formulir ini (kuncinya: {keys}); kembalikan kunci seperti yang ditulis "
        "templat atau hapus baris ini",
        "on the sheet `{sheet}` this row holds the keys `{a}` : `{b}`, not a pair this form "
        "asked about (its keys: {keys}); put the keys back as the template wrote them or "
        "delete the row",
    ),
    "ahp_form_answer_without_question": (
        "di lembar `{sheet}` baris ini berisi jawaban tetapi bukan salah satu pertanyaan "
        "formulir (sel kuncinya kosong); jawab di baris pertanyaannya dan hapus baris ini",
        "on the sheet `{sheet}` this row holds an answer but is none of the form's questions "
        "(its key cells are empty); answer in the question's own row and delete this one",
    ),
    "ahp_form_question_repeated": (
        "di lembar `{sheet}` baris ini mengulang pertanyaan no {number} (`{a}` : `{b}`) dari "
        "baris {first}; setiap pasangan ditanyakan sekali: hapus baris ini dan jawab di "
        "baris {first}",
        "on the sheet `{sheet}` this row repeats question no {number} (`{a}` : `{b}`) of row "
        "{first}; each pair is asked once: delete this row and answer in row {first}",
    ),
    "ahp_form_question_missing": (
        "di lembar `{sheet}` pertanyaan no {number} (`{a}` : `{b}`), yang ditulis templat di "
        "baris ini, tidak ada lagi (barisnya terhapus?); salin baris itu dari formulir baru "
        "buatan `kerjasama ahp template`; untuk melewatkan pasangan, kosongkan saja kedua "
        "sel jawabannya",
        "on the sheet `{sheet}` question no {number} (`{a}` : `{b}`), which the template "
        "wrote in this row, is gone (row deleted?); copy that row back from a new form made "
        "with `kerjasama ahp template`; to skip a pair, leave both of its answer cells empty "
        "instead",
    ),
    # --- end of AHP block ----------------------------------------------------------------
    # --- solving -----------------------------------------------------------------------
    "infeasible_headline": (
        "Tidak ada portofolio yang memenuhi semua aturan:",
        "No portfolio satisfies all the rules:",
    ),
    "conflict_budget": (
        "usulan yang wajib didanai ({ids}) memerlukan {need} pada {year}, "
        "tetapi anggarannya {budget}",
        "the proposals that must be funded ({ids}) need {need} in {year} "
        "but the budget is {budget}",
    ),
    "conflict_budget_total": (
        "usulan yang wajib didanai ({ids}) memerlukan {need} selama masa perencanaan, "
        "tetapi anggaran totalnya {budget}",
        "the proposals that must be funded ({ids}) need {need} over the planning years "
        "but the total budget is {budget}",
    ),
    "conflict_staff": (
        "usulan yang wajib didanai ({ids}) memerlukan {need} orang-bulan pada {year}, "
        "tetapi batas staf {cap}",
        "the proposals that must be funded ({ids}) need {need} person-months in {year} "
        "but the staff cap is {cap}",
    ),
    "conflict_staff_agency": (
        "{agency} punya {cap} orang-bulan pada {year}, tetapi usulannya yang wajib didanai "
        "({ids}) memerlukan {need}",
        "agency {agency} has {cap} person-months in {year} but its must-fund proposals "
        "({ids}) need {need}",
    ),
    "conflict_group_max": (
        "kelompok {label} paling banyak {cap} usulan, tetapi {need} wajib didanai ({ids})",
        "group {label} allows at most {cap} proposals but {need} must be funded ({ids})",
    ),
    "conflict_group_min": (
        "kelompok {label} memerlukan paling sedikit {need} usulan, tetapi hanya {can} "
        "yang dapat dipilih",
        "group {label} needs at least {need} proposals but only {can} can be chosen",
    ),
    "conflict_group_share_max": (
        "kelompok {label} boleh memakai paling banyak {budget} pada {year}, tetapi usulan "
        "yang wajib didanai ({ids}) memerlukan {need}",
        "group {label} may use at most {budget} in {year} but its must-fund proposals "
        "({ids}) need {need}",
    ),
    "conflict_group_share_min": (
        "kelompok {label} harus memakai paling sedikit {need} pada {year}, tetapi paling "
        "banyak {can} yang dapat dipakai",
        "group {label} must use at least {need} in {year} but at most {can} can be used",
    ),
    "conflict_must_and_not": (
        "usulan {value} wajib didanai ({why}) sekaligus dilarang (must_not_fund)",
        "proposal {value} must be funded ({why}) and must not be funded at the same time",
    ),
    "conflict_exclusive_must": (
        "kelompok {value} hanya boleh satu usulan, tetapi {ids} wajib didanai",
        "exclusive group {value} allows one proposal but {ids} must all be funded",
    ),
    "conflict_prereq_must": (
        "usulan {value} wajib didanai ({why}), tetapi prasyaratnya {need} tidak dapat dipilih "
        "({root} tidak memenuhi syarat atau dilarang)",
        "proposal {value} must be funded ({why}) but its prerequisite {need} cannot be chosen "
        "({root} is not eligible or not allowed)",
    ),
    "conflict_generic": (
        "aturan-aturan skenario saling bertentangan; periksa [constraints]",
        "the scenario's rules contradict each other; check [constraints]",
    ),
    "conflict_prereq_late": (
        "usulan {value} wajib didanai ({why}) dan paling lambat dimulai {start}, tetapi "
        "prasyaratnya {need} {when}; prasyarat harus dimulai paling lambat pada tahun "
        "usulan yang memerlukannya dimulai",
        "proposal {value} must be funded ({why}) and can start in {start} at the latest, "
        "but its prerequisite {need} {when}; a prerequisite must start no later than the "
        "proposal that needs it",
    ),
    "conflict_prereq_late_ongoing": (
        "kerja sama berjalan {value} (dimulai {start}) memerlukan prasyarat {need}, yang "
        "{when}; prasyarat harus dimulai paling lambat pada tahun usulan yang memerlukannya "
        "dimulai",
        "the ongoing cooperation {value} (started {start}) requires {need}, which {when}; "
        "a prerequisite must start no later than the proposal that needs it",
    ),
    "conflict_prereq_starts_from": (
        "baru dapat dimulai pada {year}",
        "cannot start before {year}",
    ),
    "conflict_prereq_starts_never": (
        "tidak dapat dimulai dalam tahun perencanaan",
        "cannot start within the planning years",
    ),
    "conflict_prereq_exclusive": (
        "usulan {value} wajib didanai ({why}), tetapi prasyaratnya {need} berada dalam "
        "kelompok {group} bersama {other}, dan kelompok itu hanya boleh satu usulan",
        "proposal {value} must be funded ({why}) but its prerequisite {need} is in exclusive "
        "group {group} with {other}, and that group allows one proposal",
    ),
    "conflict_raise": (
        "{rule} sebesar {bound} harus dinaikkan menjadi paling sedikit {need} (+{extra})"
        "{together}{who}",
        "{rule} of {bound} must be raised to at least {need} (+{extra}){together}{who}",
    ),
    "conflict_lower": (
        "{rule} sebesar {bound} harus diturunkan menjadi paling banyak {can} (-{extra}){together}",
        "{rule} of {bound} must be lowered to at most {can} (-{extra}){together}",
    ),
    "conflict_together": (
        ", bersama perubahan lain dalam daftar ini",
        ", together with the other changes listed",
    ),
    "conflict_who": (
        "; usulan wajib didanai yang ditampungnya: {ids}",
        "; the must-fund proposals it then holds: {ids}",
    ),
    "conflict_unverified": (
        "{rule} ({bound}) tidak dapat dipenuhi bersama aturan lain; besar perubahan terkecil "
        "yang diperlukan tidak dapat dipastikan",
        "{rule} ({bound}) cannot be met together with the other rules; the smallest change "
        "needed could not be confirmed",
    ),
    "conflict_rule_budget": ("anggaran {year}", "the budget for {year}"),
    "conflict_rule_budget_total": ("anggaran total", "the total budget"),
    "conflict_rule_staff": ("batas staf {year}", "the staff cap for {year}"),
    "conflict_rule_staff_agency": (
        "batas staf {label} pada {year}",
        "the staff cap of {label} in {year}",
    ),
    "conflict_rule_group_max": (
        "jumlah paling banyak kelompok {label}",
        "the maximum count of group {label}",
    ),
    "conflict_rule_group_min": (
        "jumlah paling sedikit kelompok {label}",
        "the minimum count of group {label}",
    ),
    "conflict_rule_group_share_max": (
        "batas biaya kelompok {label} pada {year}{raised}",
        "the spending cap of group {label} in {year}{raised}",
    ),
    "conflict_rule_group_share_min": (
        "biaya paling sedikit kelompok {label} pada {year}{raised}",
        "the minimum spending of group {label} in {year}{raised}",
    ),
    "conflict_at_raised_budget": (
        " (pada anggaran yang dinaikkan)",
        " (at the raised budget)",
    ),
    "conflict_amount_proposal": ("{value} usulan", "{value} proposal"),
    "conflict_amount_proposals": ("{value} usulan", "{value} proposals"),
    "conflict_amount_person_months": ("{value} orang-bulan", "{value} person-months"),
    "conflict_amount": ("{value}", "{value}"),
    "conflict_amount_rupiah": ("Rp {value}", "Rp {value}"),
    "conflict_amount_rupiah_jt": ("Rp {value} jt", "Rp {value} m"),
    "conflict_amount_rupiah_M": ("Rp {value} M", "Rp {value} bn"),
    "conflict_amount_rupiah_T": ("Rp {value} T", "Rp {value} tn"),
    "solver_unavailable": (
        "pemecah `{backend}` tidak tersedia: {reason}",
        "solver `{backend}` is not available: {reason}",
    ),
    "solver_failed": (
        "pemecah `{backend}` gagal: {reason}",
        "solver `{backend}` failed: {reason}",
    ),
    "solver_no_solution": (
        "pemecah `{backend}` berhenti ({reason}) sebelum menemukan portofolio yang sah; "
        "naikkan [solver] time_limit",
        "solver `{backend}` stopped ({reason}) before finding any valid portfolio; "
        "raise [solver] time_limit",
    ),
    "solver_unproven": (
        "pemecah `{backend}` melaporkan hasil yang tidak dapat dibuktikan ({reason}); "
        "coba pemecah lain dengan --set solver.backend=...",
        "solver `{backend}` reported an answer that does not check out ({reason}); "
        "try the other solver with --set solver.backend=...",
    ),
    "must_fund_not_eligible": (
        "{value} wajib didanai tetapi tidak lolos penyaringan ({reasons}); hapus dari aturan "
        "ini, perbaiki datanya, atau kecualikan secara tegas dengan "
        '[screening] exempt = ["{value}"]',
        "{value} must be funded but is not eligible ({reasons}); remove it from the rule, "
        'correct its data, or exempt it explicitly with [screening] exempt = ["{value}"]',
    ),
    # --- screening reasons -------------------------------------------------------------
    "screen_no_rpjmd": (
        "tidak terkait indikator RPJMD/RKPD",
        "not linked to an RPJMD/RKPD indicator",
    ),
    "screen_duration": (
        "durasi {duration} tahun melebihi batas {limit} tahun",
        "duration of {duration} years exceeds the limit of {limit} years",
    ),
    "screen_min_score": (
        "{label} bernilai {score}, di bawah minimum {minimum}",
        "{label} scores {score}, below the minimum of {minimum}",
    ),
    "screen_min_score_mutual_benefit": (
        "tidak saling menguntungkan ({label} {score} < {minimum})",
        "not mutually beneficial ({label} {score} < {minimum})",
    ),
    "screen_kind_excluded": (
        "jenis kerja sama {kind} tidak diikutkan dalam skenario ini",
        "cooperation kind {kind} is excluded by this scenario",
    ),
    "screen_cost_missing_partner": (
        "mitra belum ditentukan",
        "no partner named",
    ),
    # --- priority-list reasons ---------------------------------------------------------
    "reason_selected": (
        "dipilih: skor {score} dalam portofolio terbaik dengan anggaran {year}",
        "selected: score {score} within the best portfolio for the {year} budget",
    ),
    "reason_selected_mandatory": (
        "dipilih mulai {year}: kerja sama wajib (KSDD wajib harus didanai); skor {score}",
        "selected from {year}: mandatory cooperation (a mandatory KSDD must be funded); "
        "score {score}",
    ),
    "reason_selected_ongoing": (
        "dipilih: kerja sama berjalan, sudah terikat sejak {year}; skor {score}",
        "selected: ongoing cooperation, committed since {year}; score {score}",
    ),
    "reason_selected_must_fund": (
        "dipilih mulai {year}: diwajibkan skenario (must_fund); skor {score}",
        "selected from {year}: required by the scenario (must_fund); score {score}",
    ),
    "rule_budget": ("anggaran {year} (sisa {remaining})", "the {year} budget ({remaining} left)"),
    "rule_budget_total": (
        "anggaran total (sisa {remaining})",
        "the total budget ({remaining} left)",
    ),
    "rule_staff": (
        "batas staf {year} (sisa {remaining} orang-bulan)",
        "the {year} staff cap ({remaining} person-months left)",
    ),
    "rule_staff_agency": (
        "batas staf {label} {year} (sisa {remaining} orang-bulan)",
        "the staff cap of {label} in {year} ({remaining} person-months left)",
    ),
    "rule_group_max": ("batas jumlah kelompok {label}", "the count limit of group {label}"),
    "rule_group_share_max": (
        "batas porsi anggaran kelompok {label} {year} (sisa {remaining})",
        "the budget share limit of group {label} in {year} ({remaining} left)",
    ),
    "reason_tight": ("mengikat: {rules}", "tight against: {rules}"),
    "reason_join": ("{parts}", "{parts}"),
    "reason_obligation_note": (
        "catatan: tidak lolos penyaringan ({reasons}), tetapi kewajiban tidak disaring",
        "note: fails screening ({reasons}), but obligations are not screened out",
    ),
    "reason_must_not": (
        "tidak dipilih: dikecualikan oleh skenario (must_not_fund)",
        "not selected: excluded by the scenario (must_not_fund)",
    ),
    "reason_prereq": (
        "cadangan: prasyaratnya {need} tidak dipilih",
        "reserve: its prerequisite {need} is not selected",
    ),
    "reason_prereq_unavailable": (
        "tidak dapat dipilih: prasyaratnya {need} tidak memenuhi syarat",
        "cannot be selected: its prerequisite {need} is not eligible",
    ),
    "reason_exclusive": (
        "cadangan: satu kelompok {group} dengan {rival} yang dipilih (paling banyak satu)",
        "reserve: in group {group} with {rival}, which is selected (at most one per group)",
    ),
    "reason_group_max": (
        "cadangan: batas jumlah kelompok {label} sudah tercapai",
        "reserve: the count limit of group {label} is reached",
    ),
    "reason_group_share_max": (
        "cadangan: porsi anggaran kelompok {label} {year} tersisa {remaining}, perlu {need}",
        "reserve: group {label} has {remaining} of its {year} budget share left, needs {need}",
    ),
    "reason_staff_agency": (
        "cadangan: staf {label} {year} tersisa {remaining} orang-bulan, perlu {need}",
        "reserve: {label} has {remaining} person-months left in {year}, needs {need}",
    ),
    "reason_staff": (
        "cadangan: staf {year} tersisa {remaining} orang-bulan, perlu {need}",
        "reserve: {remaining} person-months left in {year}, needs {need}",
    ),
    "reason_budget": (
        "cadangan: tidak muat dalam anggaran {year} (sisa {remaining}, biaya {need})",
        "reserve: does not fit the {year} budget (remaining {remaining}, cost {need})",
    ),
    "reason_budget_total": (
        "cadangan: tidak muat dalam anggaran total (sisa {remaining}, biaya {need})",
        "reserve: does not fit the total budget (remaining {remaining}, cost {need})",
    ),
    "reason_forcing": (
        "bila dipaksakan nilai total turun {loss} dan keluar: {drop}",
        "forcing it in lowers the total value by {loss} and drops: {drop}",
    ),
    "reason_forcing_none": (
        "bila dipaksakan nilai total turun {loss}",
        "forcing it in lowers the total value by {loss}",
    ),
    "reason_forcing_infeasible": (
        "tidak dapat dipaksakan tanpa melanggar aturan",
        "cannot be forced in without breaking a rule",
    ),
    "explain_skipped": (
        "model besar: harga pemaksaan dan urutan cadangan menurut anggaran tidak dihitung "
        "(atur [explain] price_of_forcing dan reserve_steps untuk menghitungnya)",
        "large model: prices of forcing and the budget-growth reserve order were not computed "
        "(set [explain] price_of_forcing and reserve_steps to compute them)",
    ),
    "marginal_budget": (
        "{year}: tambahan Rp 1 M anggaran bernilai ~{value} poin (relaksasi LP)",
        "{year}: one more Rp 1 bn of budget is worth ~{value} points (LP relaxation)",
    ),
    "marginal_budget_total": (
        "tambahan Rp 1 M anggaran total bernilai ~{value} poin (relaksasi LP)",
        "one more Rp 1 bn of total budget is worth ~{value} points (LP relaxation)",
    ),
    "marginal_staff": (
        "{year}: tambahan 1 orang-bulan staf bernilai ~{value} poin (relaksasi LP)",
        "{year}: one more person-month of staff is worth ~{value} points (LP relaxation)",
    ),
    "reason_no_value": (
        "cadangan: skornya 0, tidak menambah nilai portofolio",
        "reserve: its score is 0, it adds no value to the portfolio",
    ),
    "reason_forcing_estimate": (
        "perkiraan (pemecah berhenti sebelum terbukti optimal)",
        "an estimate (the solver stopped before proving optimality)",
    ),
    "reason_reserve_value": (
        "cadangan: muat dalam sisa anggaran, tetapi menukarnya menurunkan nilai total",
        "reserve: fits the remaining budget only by displacing proposals of more total value",
    ),
    "reason_not_eligible": ("tidak memenuhi syarat: {reasons}", "not eligible: {reasons}"),
    # --- labels ------------------------------------------------------------------------
    "label_rank": ("Peringkat", "Rank"),
    "label_id": ("Kode", "Id"),
    "label_title": ("Judul", "Title"),
    "label_agency": ("OPD", "Agency"),
    "label_score": ("Skor", "Score"),
    "label_selected": ("Dipilih", "Selected"),
    "label_year": ("Tahun", "Year"),
    "label_cost": ("Biaya", "Cost"),
    "label_kind": ("Jenis", "Kind"),
    "label_partner": ("Mitra", "Partner"),
    "label_staff": ("Staf", "Staff"),
    "html_title": ("Laporan prioritas kerja sama daerah", "Regional cooperation priority report"),
    "html_summary": ("Ringkasan", "Summary"),
    "html_scenario": ("Skenario", "Scenario"),
    "html_region": ("Daerah", "Region"),
    "html_years": ("Tahun perencanaan", "Planning years"),
    "html_counts": ("Jumlah usulan", "Proposals"),
    "html_count_line": (
        "{selected} dipilih, {reserve} cadangan, {not_eligible} tidak memenuhi syarat",
        "{selected} selected, {reserve} in reserve, {not_eligible} not eligible",
    ),
    "html_not_proven": (
        "Perhatian: portofolio ini BELUM terbukti optimal.",
        "Note: this portfolio is NOT proven optimal.",
    ),
    "html_used_of": ("{year}: {used} dari {cap} ({share})", "{year}: {used} of {cap} ({share})"),
    "html_used_no_cap": ("{year}: {used} (tanpa pagu)", "{year}: {used} (no cap)"),
    "html_staff_used": ("Staf terpakai (orang-bulan)", "Staff used (person-months)"),
    "html_generated": (
        "Dibuat oleh mcda_kerjasama {version} pada {date}.",
        "Generated by mcda_kerjasama {version} on {date}.",
    ),
    "html_warnings": ("Peringatan atas data masukan", "Warnings about the input data"),
    "html_priority": ("Daftar prioritas", "Priority list"),
    "html_group_selected": ("Dipilih", "Selected"),
    "html_group_reserve": ("Cadangan", "Reserve"),
    "html_group_not_eligible": ("Tidak memenuhi syarat", "Not eligible"),
    "html_budget_section": ("Penggunaan anggaran per tahun", "Budget use per year"),
    "html_cap": ("Pagu", "Cap"),
    "html_used": ("Terpakai", "Used"),
    "html_remaining": ("Sisa", "Remaining"),
    "html_share": ("Persentase terpakai", "Share used"),
    "html_staff_cap": ("Batas staf (orang-bulan)", "Staff cap (person-months)"),
    "html_total": ("Total", "Total"),
    "html_commitments": (
        "Komitmen biaya setelah tahun perencanaan",
        "Costs committed after the planning years",
    ),
    "html_weights_method": ("Metode pembobotan", "Weighting method"),
    "html_consistency": ("Konsistensi penilaian (AHP)", "Consistency of the judgements (AHP)"),
    "html_n": ("Jumlah kriteria (n)", "Number of criteria (n)"),
    "html_lambda_max": ("λ maks", "λ max"),
    "html_ci": ("Indeks konsistensi (CI)", "Consistency index (CI)"),
    "html_ri": ("Indeks acak (RI), tabel {table}", "Random index (RI), table {table}"),
    "html_cr": ("Rasio konsistensi (CR)", "Consistency ratio (CR)"),
    "html_threshold": ("Ambang CR", "CR threshold"),
    "html_verdict": ("Kesimpulan", "Verdict"),
    "html_ri_table": ("Tabel indeks acak {table}", "Random index table {table}"),
    "html_respondents": ("Responden", "Respondents"),
    "html_respondent": ("Responden", "Respondent"),
    "html_respondent_weight": ("Bobot responden", "Respondent weight"),
    "html_included": ("Diikutkan", "Included"),
    "html_completed": ("Perbandingan yang dilengkapi", "Completed judgements"),
    "html_suggestions": ("Saran perbaikan penilaian", "Suggested revisions"),
    "html_no_suggestions": ("tidak ada saran perbaikan", "no suggested revisions"),
    "html_disagreement": ("Perbedaan pendapat terbesar", "Largest disagreements"),
    "html_breakdown": (
        "Rincian skor usulan terpilih",
        "Score breakdown of the selected proposals",
    ),
    "html_breakdown_note": (
        "Setiap batang adalah skor satu usulan, dibagi menurut sumbangan tiap kriteria "
        "(bobot × nilai ternormalisasi).",
        "Each bar is one proposal's score, divided into the contribution of each criterion "
        "(weight × normalised value).",
    ),
    "html_contribution": ("Sumbangan per kriteria", "Contribution by criterion"),
    # --- scenario comparison (kerjasama compare) ---------------------------------------
    "compare_pair": ("{first}, {rest}", "{first}, {rest}"),
    "compare_no_cap": ("tanpa batas", "no cap"),
    "compare_missing_a": ("tidak ada dalam daftar usulan A", "not in A's proposals"),
    "compare_missing_b": ("tidak ada lagi dalam daftar usulan B", "no longer in B's proposals"),
    "compare_ineligible": ("tidak memenuhi syarat di B: {reasons}", "not eligible in B: {reasons}"),
    "compare_eligible": (
        "menjadi memenuhi syarat di B (di A: {reasons})",
        "became eligible in B (in A: {reasons})",
    ),
    "compare_forced": ("diwajibkan di B ({rule})", "required in B ({rule})"),
    "compare_unforced": (
        "diwajibkan di A ({rule}), tidak lagi di B",
        "required in A ({rule}), no longer in B",
    ),
    "compare_excluded": ("dikecualikan di B (must_not_fund)", "excluded in B (must_not_fund)"),
    "compare_unexcluded": (
        "tidak lagi dikecualikan (must_not_fund di A)",
        "no longer excluded (must_not_fund in A)",
    ),
    "compare_budget_down": (
        "anggaran {year} turun dari {a} menjadi {b}",
        "the {year} budget fell from {a} to {b}",
    ),
    "compare_budget_up": (
        "anggaran {year} naik dari {a} menjadi {b}",
        "the {year} budget rose from {a} to {b}",
    ),
    "compare_budget_total_down": (
        "anggaran total turun dari {a} menjadi {b}",
        "the total budget fell from {a} to {b}",
    ),
    "compare_budget_total_up": (
        "anggaran total naik dari {a} menjadi {b}",
        "the total budget rose from {a} to {b}",
    ),
    "compare_staff_down": (
        "batas staf {year} turun dari {a} menjadi {b} orang-bulan",
        "the {year} staff cap fell from {a} to {b} person-months",
    ),
    "compare_staff_up": (
        "batas staf {year} naik dari {a} menjadi {b} orang-bulan",
        "the {year} staff cap rose from {a} to {b} person-months",
    ),
    "compare_staff_agency_down": (
        "batas staf {agency} turun dari {a} menjadi {b} orang-bulan per tahun",
        "the staff cap of {agency} fell from {a} to {b} person-months a year",
    ),
    "compare_staff_agency_up": (
        "batas staf {agency} naik dari {a} menjadi {b} orang-bulan per tahun",
        "the staff cap of {agency} rose from {a} to {b} person-months a year",
    ),
    "compare_score_down": (
        "skor turun dari {a} menjadi {b}: {parts}",
        "score fell from {a} to {b}: {parts}",
    ),
    "compare_score_up": (
        "skor naik dari {a} menjadi {b}: {parts}",
        "score rose from {a} to {b}: {parts}",
    ),
    "compare_contribution": (
        "{label_id} {a} -> {b} (bobot {wa} -> {wb})",
        "{label_en} {a} -> {b} (weight {wa} -> {wb})",
    ),
    "compare_prereq_lost": (
        "prasyaratnya {need} tidak dipilih di B",
        "its prerequisite {need} is not selected in B",
    ),
    "compare_prereq_gained": (
        "prasyaratnya {need} kini dipilih di B",
        "its prerequisite {need} is now selected in B",
    ),
    "compare_rival_in": (
        "saingannya {rival} di kelompok {group} dipilih di B",
        "its rival {rival} in group {group} is selected in B",
    ),
    "compare_rival_out": (
        "saingannya {rival} di kelompok {group}, yang dipilih di A, tidak dipilih di B",
        "its rival {rival} in group {group}, selected in A, is not selected in B",
    ),
    "compare_group_changed": (
        "batas kelompok {label} berubah",
        "the limit of group {label} changed",
    ),
    "compare_data": ("datanya berubah: {field} {a} -> {b}", "its data changed: {field} {a} -> {b}"),
    "compare_forced_other": (
        "B mewajibkan {ids}, yang memakai ruangnya",
        "B newly requires {ids}, which take its room",
    ),
    "compare_displaced": (
        "tergeser oleh usulan yang masuk di B: {ids}",
        "displaced by the proposals B adds: {ids}",
    ),
    "compare_freed": (
        "ruang terbuka karena B mengeluarkan {ids}",
        "room freed by the proposals B drops: {ids}",
    ),
    "compare_start": ("tahun mulai {a} -> {b}", "start year {a} -> {b}"),
    "compare_unexplained": (
        "tidak ada perubahan aturan langsung; portofolio terbaik B berbeda",
        "no direct rule change; B's best portfolio differs",
    ),
    "compare_in_b": ("di B: {reason}", "in B: {reason}"),
    "plot_weights_cr": ("CR {cr}: {verdict}", "CR {cr}: {verdict}"),
    "plot_contributions": (
        "Sumbangan tiap kriteria pada skor",
        "Score contribution of each criterion",
    ),
    "plot_budget_use": ("Anggaran terpakai per tahun", "Budget used per year"),
    "plot_staff_use": ("Staf terpakai per tahun", "Staff used per year"),
    "plot_commitments": ("Komitmen setelah horizon", "Commitments after the horizon"),
    "plot_cap": ("Batas", "Cap"),
    "plot_used": ("Terpakai", "Used"),
    "plot_staff_unit": ("Staf (orang-bulan)", "Staff (person-months)"),
    "plot_current_budget": ("Anggaran saat ini", "Current budget"),
    "plot_tornado": (
        "Rentang bobot dengan portofolio tetap",
        "Weight range keeping the same portfolio",
    ),
    "plot_current_weight": ("Bobot saat ini", "Current weight"),
    "plot_rank_acceptability": ("Penerimaan peringkat", "Rank acceptability"),
    "plot_share": ("Porsi undian", "Share of draws"),
    "plot_comparison": ("{a} dibandingkan {b}", "{a} against {b}"),
    "plot_comparison_note": (
        "nilai total {value_a} -> {value_b} ({difference}); masuk {added}, keluar {dropped}, "
        "pindah tahun {moved}",
        "total value {value_a} -> {value_b} ({difference}); added {added}, dropped {dropped}, "
        "moved {moved}",
    ),
    "tuning_weight_range": (
        "bobot {value} untuk `{criterion}` harus angka antara 0 dan 1",
        "the weight {value} for `{criterion}` must be a number from 0 to 1",
    ),
    "tuning_not_ahp": (
        "perbandingan hanya dapat diubah bila bobot berasal dari AHP tanpa sub-kriteria "
        '([weights] method = "ahp")',
        "judgements can only be changed when the weights come from AHP without "
        'sub-criteria ([weights] method = "ahp")',
    ),
    "tuning_respondent": (
        "responden `{value}` tidak dikenal; pilih salah satu: {allowed}",
        "respondent `{value}` is not known; choose one of: {allowed}",
    ),
    "label_frontier": ("Nilai terbaik menurut anggaran", "Best value by budget"),
    "label_budget": ("Anggaran", "Budget"),
    "label_added": ("Masuk", "Added"),
    "label_removed": ("Keluar", "Removed"),
    # --- workbook daftar_prioritas.xlsx ------------------------------------------------
    "xlsx_sheet_summary": ("Ringkasan", "Summary"),
    "xlsx_sheet_priority": ("Daftar Prioritas", "Priority List"),
    "xlsx_sheet_by_year": ("Per Tahun", "By Year"),
    "xlsx_sheet_weights": ("Bobot", "Weights"),
    "xlsx_sheet_not_eligible": ("Tidak Memenuhi Syarat", "Not Eligible"),
    "xlsx_sheet_audit": ("Audit", "Audit"),
    "xlsx_item": ("Uraian", "Item"),
    "xlsx_value": ("Nilai", "Value"),
    "xlsx_cap": ("Batas", "Cap"),
    "xlsx_remaining": ("Sisa", "Remaining"),
    "xlsx_scenario": ("Skenario", "Scenario"),
    "xlsx_region": ("Daerah", "Region"),
    "xlsx_years": ("Tahun perencanaan", "Planning years"),
    "xlsx_n_proposals": ("Jumlah usulan", "Proposals"),
    "xlsx_n_eligible": ("Usulan memenuhi syarat", "Eligible proposals"),
    "xlsx_n_selected": ("Usulan dipilih", "Proposals selected"),
    "xlsx_budget_year": ("Anggaran {year}", "Budget {year}"),
    "xlsx_staff_year": ("Staf {year}", "Staff {year}"),
    "xlsx_commitment_year": (
        "Komitmen {year} (di luar horizon)",
        "Commitment {year} (beyond the horizon)",
    ),
    "xlsx_weight_of": ("Bobot: {criterion}", "Weight: {criterion}"),
    "xlsx_method": ("Metode pembobotan", "Weighting method"),
    "xlsx_consistency_ratio": ("Rasio konsistensi (CR)", "Consistency ratio (CR)"),
    "xlsx_solver": ("Pemecah (solver)", "Solver"),
    "xlsx_solver_status": ("Status pemecah", "Solver status"),
    "xlsx_solver_gap": ("Selisih optimalitas (gap)", "Optimality gap"),
    "xlsx_solver_seconds": ("Waktu pemecah (detik)", "Solver time (seconds)"),
    "xlsx_solver_time_limit": ("Batas waktu pemecah (detik)", "Solver time limit (seconds)"),
    "xlsx_solver_mip_gap": ("Selisih yang diminta (mip_gap)", "Requested gap (mip_gap)"),
    "xlsx_solver_bound": ("Batas atas nilai total (bound)", "Bound on the total value"),
    "xlsx_tie_break": ("Pemecah seri diterapkan", "Tie-break applied"),
    "xlsx_language": ("Bahasa", "Language"),
    "xlsx_language_name": ("Bahasa Indonesia", "English"),
    "xlsx_generated_by": ("Dibuat oleh", "Generated by"),
    "xlsx_data_note": ("Catatan data", "Data note"),
    "xlsx_synthetic": (
        "Data sintetis, bukan data nyata: {note}",
        "Synthetic data, not real data: {note}",
    ),
    "xlsx_urusan_name": ("Nama urusan", "Urusan name"),
    "xlsx_contribution": ("{criterion} (kontribusi)", "{criterion} (contribution)"),
    "xlsx_duration": ("Durasi (tahun)", "Duration (years)"),
    "xlsx_cost_year": ("Biaya {year}", "Cost {year}"),
    "xlsx_cost_commitment": ("Biaya {year} (komitmen)", "Cost {year} (commitment)"),
    "xlsx_staff_commitment": ("Staf {year} (komitmen)", "Staff {year} (commitment)"),
    "xlsx_total": ("Jumlah", "Total"),
    "xlsx_key": ("Kunci", "Key"),
    "xlsx_lambda_max": ("Lambda maks", "Lambda max"),
    "xlsx_consistency_index": ("Indeks konsistensi (CI)", "Consistency index (CI)"),
    "xlsx_random_index": ("Indeks acak (RI), tabel {table}", "Random index (RI), table {table}"),
    "xlsx_threshold": ("Ambang CR", "CR threshold"),
    "xlsx_consistent": ("Konsisten", "Consistent"),
    "xlsx_gci": ("Indeks konsistensi geometrik (GCI)", "Geometric consistency index (GCI)"),
    "xlsx_matrix": ("Matriks perbandingan berpasangan", "Pairwise comparison matrix"),
    "xlsx_respondent": ("Responden", "Respondent"),
    "xlsx_respondent_weight": ("Bobot responden", "Respondent weight"),
    "xlsx_included": ("Diikutkan", "Included"),
    "xlsx_completed": ("Perbandingan yang dilengkapi", "Completed judgements"),
    "xlsx_criterion_a": ("Kriteria A", "Criterion A"),
    "xlsx_criterion_b": ("Kriteria B", "Criterion B"),
    "xlsx_completion_method": ("Cara melengkapi", "Completion method"),
    "xlsx_suggestions": ("Saran perbaikan konsistensi", "Suggested revisions"),
    "xlsx_current": ("Nilai sekarang", "Current value"),
    "xlsx_suggested": ("Nilai disarankan", "Suggested value"),
    "xlsx_cr_after": ("CR sesudahnya", "CR after"),
    "xlsx_ri_table": ("Tabel indeks acak (RI): {table}", "Random index (RI) table: {table}"),
    "xlsx_scenario_file": ("Berkas skenario", "Scenario file"),
    "xlsx_proposals_file": ("Berkas usulan", "Proposals file"),
    "xlsx_explain_forcing": (
        "Penjelasan: jumlah usulan yang dihitung harga pemaksaannya",
        "Explanations: proposals given a price of forcing",
    ),
    "xlsx_explain_reserve": (
        "Penjelasan: langkah pengurutan cadangan",
        "Explanations: reserve ordering steps",
    ),
    "xlsx_warning": ("Peringatan", "Warning"),
    "xlsx_page": ("Halaman &P dari &N", "Page &P of &N"),
    "xlsx_printed": ("Dicetak &D", "Printed &D"),
    "xlsx_start_year": ("Tahun mulai", "Start year"),
    "sensitivity_intervals_empty": (
        "interval bobot hampir tidak menyisakan ruang; perlebar intervalnya",
        "the weight intervals leave almost no room; widen them",
    ),
    "sensitivity_oneway_headline": (
        "Kepekaan satu arah: bobot di mana portofolio tetap sama (paling peka lebih dulu)",
        "One-way sensitivity: weights in which the portfolio stays the same (most sensitive first)",
    ),
    "sensitivity_interval": (
        "  {criterion}: bobot {weight}; portofolio sama untuk {lo} sampai {hi}",
        "  {criterion}: weight {weight}; same portfolio from {lo} to {hi}",
    ),
    "sensitivity_needs_ahp": (
        'model "judgements" memerlukan bobot AHP tanpa sub-kriteria ([weights] method = "ahp")',
        'the "judgements" model needs AHP weights without sub-criteria ([weights] method = "ahp")',
    ),
    "dask_missing": (
        "Dask belum terpasang; pasang dengan: pip install 'mcda_kerjasama[dask]' "
        "(scheduler {value})",
        "Dask is not installed; install it with: pip install 'mcda_kerjasama[dask]' "
        "(scheduler {value})",
    ),
    "dask_unreachable": (
        "klaster Dask di {value} tidak dapat dihubungi: {reason}",
        "cannot reach the Dask cluster at {value}: {reason}",
    ),
    "sensitivity_headline": (
        "Analisis Monte Carlo: {draws} undian bobot (model {model}, seed {seed})",
        "Monte Carlo analysis: {draws} weight draws (model {model}, seed {seed})",
    ),
    "sensitivity_proofs": (
        "Portofolio setiap undian terbukti optimal: {enumerated} dengan batas relaksasi LP "
        "dan enumerasi, {mip} dengan solver MIP.",
        "Every draw's portfolio is proven optimal: {enumerated} by the LP-relaxation bound "
        "and enumeration, {mip} by the MIP solver.",
    ),
    "sensitivity_portfolio": (
        "portofolio yang sama ({n} usulan) terpilih pada {share} undian",
        "the same portfolio ({n} proposals) is chosen in {share} of the draws",
    ),
    "label_frequency": ("Frekuensi terpilih", "Selection frequency"),
    "label_class": ("Kelas", "Class"),
    "class_core": ("inti (selalu terpilih)", "core (always selected)"),
    "class_borderline": ("batas (kadang terpilih)", "borderline (sometimes selected)"),
    "class_exterior": ("luar (tidak pernah terpilih)", "exterior (never selected)"),
    "compare_same_portfolio": (
        "portofolio sama pada kedua skenario",
        "the portfolio is the same in both scenarios",
    ),
    "label_weights": ("Bobot kriteria", "Criterion weights"),
    "label_criterion": ("Kriteria", "Criterion"),
    "label_weight": ("Bobot", "Weight"),
    "label_consistent": ("konsisten", "consistent"),
    "label_inconsistent": ("TIDAK konsisten", "NOT consistent"),
    "label_excluded": ("tidak diikutkan", "left out"),
    "weights_completed_line": (
        "perbandingan {a} : {b} kosong; dilengkapi dengan {value}",
        "judgement {a} : {b} missing; completed with {value}",
    ),
    "weights_disagreement_line": (
        "beda pendapat: {a} : {b} (sd ln = {sd}; dari {low} sampai {high})",
        "disagreement: {a} : {b} (sd of ln = {sd}; from {low} to {high})",
    ),
    "weights_suggestion_line": (
        "saran: ubah {a} : {b} dari {current} menjadi {suggested} (CR menjadi {cr})",
        "suggestion: change {a} : {b} from {current} to {suggested} (CR becomes {cr})",
    ),
    "label_reason": ("Alasan", "Reason"),
    "label_yes": ("ya", "yes"),
    "label_no": ("tidak", "no"),
    "label_status": ("Status", "Status"),
    "label_objective": ("Nilai total", "Total value"),
    "label_budget_used": ("Anggaran terpakai", "Budget used"),
    "label_budget_total": ("Anggaran total terpakai", "Total budget used"),
    "status_optimal": ("optimal (terbukti)", "optimal (proven)"),
    "status_time_limit": (
        "batas waktu tercapai; belum terbukti optimal (selisih {gap}%)",
        "time limit reached; not proven optimal (gap {gap}%)",
    ),
    "status_gap_limit": (
        "berhenti pada selisih yang diminta; belum terbukti optimal (selisih {gap}%)",
        "stopped at the requested gap; not proven optimal (gap {gap}%)",
    ),
    "status_infeasible": ("tidak layak", "infeasible"),
    "problems_found": (
        "{errors} kesalahan dan {warnings} peringatan ditemukan",
        "{errors} errors and {warnings} warnings found",
    ),
    "valid_ok": (
        "{n} usulan terbaca; {eligible} memenuhi syarat, {not_eligible} tidak",
        "{n} proposals read; {eligible} eligible, {not_eligible} not eligible",
    ),
    "warning_prefix": ("peringatan", "warning"),
    "error_prefix": ("kesalahan", "error"),
}


@dataclass(frozen=True)
class Msg:
    """A message not yet rendered: a catalogue key and its parameters.

    Used as a parameter of another message (a hint, a list of reasons) so that the whole
    text is rendered in one language when it is shown.

    Example:
        >>> text("key_unknown", "en", hint=Msg("key_hint", {"candidate": "solver"}))
        'unknown key; did you mean `solver`?'
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: Language = "id") -> str:
        """This message in ``lang``."""
        return text(self.key, lang, **self.params)


def text(key: str, lang: Language = "id", /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in.

    Unused parameters are ignored, so a caller can pass everything it knows. Parameters
    that are :class:`Msg` (or lists of them) are rendered in the same language.

    Example:
        >>> text("duration_range", "en", value=7)
        'duration 7 years is outside 1-5 years'
    """
    try:
        template = MESSAGES[key][0 if lang == "id" else 1]
    except KeyError:
        raise KeyError(f"no message {key!r} in the catalogue") from None
    rendered = {name: _render(value, lang) for name, value in params.items()}
    return template.format_map(_Defaults(rendered))


@dataclass(frozen=True)
class Money:
    """A rupiah amount inside a message, written per language (``Rp 1,5 M``).

    Example:
        >>> text("reason_budget", "id", year=2026, remaining=Money(2e8), need=Money(1.1e9))
        'cadangan: tidak muat dalam anggaran 2026 (sisa Rp 200 jt, biaya Rp 1,1 M)'
    """

    value: float


@dataclass(frozen=True)
class Number:
    """A number inside a message, written per language (``78,25``)."""

    value: float
    decimals: int = 2


def _render(value: Any, lang: Language) -> Any:
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, Money):
        return format_rupiah_short(value.value, lang)
    if isinstance(value, Number):
        return format_number(value.value, value.decimals, lang)
    if isinstance(value, list | tuple) and value and all(isinstance(v, Msg) for v in value):
        return "; ".join(v.render(lang) for v in value)
    return value


class _Defaults(dict[str, Any]):
    """An optional ``hint`` placeholder renders as empty text; any other missing one fails."""

    def __missing__(self, key: str) -> str:
        if key == "hint":
            return ""
        raise KeyError(f"message parameter {key!r} not given")


def closest_hint(word: str, known: Iterable[str], message: str, prefix: str = "") -> dict[str, Msg]:
    """``{"hint": Msg(message, candidate=...)}`` for the closest known word, else empty:
    the "did you mean" of every message about an unknown key, id, agency or field.

    Example:
        >>> closest_hint("budgte", ["budget", "staff"], "key_hint")
        {'hint': Msg(key='key_hint', params={'candidate': 'budget'})}
    """
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return {"hint": Msg(message, {"candidate": f"{prefix}{close[0]}"})} if close else {}
