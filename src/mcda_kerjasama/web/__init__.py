"""The TKKSD web application (``kerjasama serve``; optional extra ``[web]``).

Server-rendered Django pages with htmx: agencies (OPD) submit proposals, the secretariat
screens them, edits scenarios and runs the engine, members see and adopt the list. A
mapping (*pemetaan*: a region and its planning years) is the unit of isolation. Views
call the same public API as the CLI and the notebooks (``load_scenario``, ``check``,
``run``, ``write_outputs``, ``verify``, ``compare_results``, ``plots``); every run is
stored immutably in its own folder with its exact inputs, outputs and manifest.
"""
