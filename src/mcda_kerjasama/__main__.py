"""``python -m mcda_kerjasama`` runs the ``kerjasama`` command line."""

from mcda_kerjasama.cli import main

main()
