"""``python -m pelican_coopregions``: the ``coopregions`` command."""

from .cli import main

raise SystemExit(main())
