"""URLs of the TKKSD app. Every URL of a mapping starts with ``p/<mapping_id>/``."""

from __future__ import annotations

from django.urls import path

from mcda_kerjasama.web.tkksd.views import (
    analyses,
    audit,
    judgements,
    mappings,
    plenary,
    proposals,
    results,
    scenarios,
    upload,
)

P = "p/<int:mapping_id>/"

urlpatterns = [
    path("", mappings.home, name="home"),
    path("pemetaan/baru/", mappings.mapping_new, name="mapping_new"),
    path("undangan/<str:token>/", mappings.invitation, name="invitation"),
    path(P, mappings.dashboard, name="mapping"),
    path(P + "anggota/", mappings.members, name="members"),
    path(P + "anggota/<int:pk>/hapus/", mappings.member_remove, name="member_remove"),
    path(P + "usulan/", proposals.proposal_list, name="proposals"),
    path(P + "usulan/baru/", proposals.proposal_new, name="proposal_new"),
    path(P + "usulan/ajukan-semua/", proposals.proposal_submit_all, name="proposal_submit_all"),
    path(P + "usulan/terima-semua/", proposals.proposal_accept_all, name="proposal_accept_all"),
    path(P + "usulan/templat.xlsx", proposals.proposal_template, name="proposal_template"),
    path(P + "usulan/usulan.xlsx", proposals.proposal_export, name="proposal_export"),
    path(P + "usulan/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path(P + "usulan/<int:pk>/ubah/", proposals.proposal_edit, name="proposal_edit"),
    path(P + "usulan/<int:pk>/<str:action>/", proposals.proposal_action, name="proposal_action"),
    path(P + "unggah/", upload.upload, name="upload"),
    path(P + "unggah/<int:pk>/simpan/", upload.upload_confirm, name="upload_confirm"),
    path(P + "skenario/", scenarios.scenario_list, name="scenarios"),
    path(P + "skenario/baru/", scenarios.scenario_new, name="scenario_new"),
    path(P + "skenario/<int:pk>/", scenarios.scenario_detail, name="scenario"),
    path(P + "skenario/<int:pk>/scenario.toml", scenarios.scenario_export, name="scenario_export"),
    path(P + "skenario/<int:pk>/hapus/", scenarios.scenario_delete, name="scenario_delete"),
    path(P + "skenario/<int:pk>/saring/", scenarios.scenario_screen, name="scenario_screen"),
    path(P + "hasil/", results.run_list, name="runs"),
    path(P + "hasil/jalankan/", results.run_start, name="run_start"),
    path(P + "hasil/banding/", results.compare, name="compare"),
    path(P + "hasil/<int:number>/", results.run_detail, name="run"),
    path(P + "hasil/<int:number>/unduh/<str:kind>/", results.run_download, name="run_download"),
    path(P + "hasil/<int:number>/masukan/<str:name>", results.run_input, name="run_input"),
    path(P + "hasil/<int:number>/grafik/<str:name>.svg", results.run_chart, name="run_chart"),
    path(P + "hasil/<int:number>/verifikasi/", results.run_verify, name="run_verify"),
    path(P + "hasil/<int:number>/tetapkan/", results.run_adopt, name="run_adopt"),
    path(P + "hasil/<int:number>/pleno/", plenary.plenary_view, name="plenary"),
    path(P + "hasil/<int:number>/pleno/simpan/", plenary.plenary_save, name="plenary_save"),
    path(P + "hasil/<int:number>/analisis/", analyses.analyses, name="analyses"),
    path(P + "hasil/<int:number>/analisis/mulai/", analyses.analysis_start, name="analysis_start"),
    path(P + "hasil/<int:number>/analisis/<int:pk>/", analyses.analysis_detail, name="analysis"),
    path(
        P + "hasil/<int:number>/analisis/<int:pk>/grafik/<str:name>.svg",
        analyses.analysis_chart,
        name="analysis_chart",
    ),
    path(
        P + "hasil/<int:number>/analisis/<int:pk>/ulang/",
        analyses.analysis_retry,
        name="analysis_retry",
    ),
    path(P + "tugas/<int:pk>/", results.job_detail, name="job"),
    path(P + "tugas/<int:pk>/grafik.svg", results.job_chart, name="job_chart"),
    path(P + "tugas/<int:pk>/ulang/", results.job_retry, name="job_retry"),
    path(P + "penilaian/", judgements.round_list, name="judgements"),
    path(P + "penilaian/<int:number>/", judgements.round_detail, name="judgement_round"),
    path(P + "penilaian/<int:number>/isi/", judgements.round_answer, name="judgement_answer"),
    path(
        P + "penilaian/<int:number>/kuesioner/<int:index>.xlsx",
        judgements.round_form,
        name="judgement_form",
    ),
    path(P + "penilaian/<int:number>/status/", judgements.round_state, name="judgement_state"),
    path(
        P + "penilaian/<int:number>/kecualikan/",
        judgements.round_exclude,
        name="judgement_exclude",
    ),
    path(
        P + "penilaian/<int:number>/perbandingan/<int:index>.csv",
        judgements.round_export,
        name="judgement_export",
    ),
    path(P + "penilaian/<int:number>/impor/", judgements.round_import, name="judgement_import"),
    path(P + "audit/", audit.audit_log, name="audit"),
    path(P + "audit/audit.csv", audit.audit_export, name="audit_export"),
]
