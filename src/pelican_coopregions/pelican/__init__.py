"""The Pelican layer: signal receivers, settings, the page generator, templates.

It uses the core (:mod:`pelican_coopregions.core`); the core never imports it.
"""
