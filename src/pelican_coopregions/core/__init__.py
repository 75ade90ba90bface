"""The Pelican-free core: records, the registry and its look-ups, metadata parsing, dates.

Nothing here imports Pelican; the plugin layer (:mod:`pelican_coopregions.pelican`) uses it.
"""
