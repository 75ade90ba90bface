"""Settings of the example site: a bilingual cooperative news site with region pages."""

AUTHOR = "GEO Editors"
SITENAME = "Cooperative Economy News"
SITEURL = ""
PATH = "content"
TIMEZONE = "America/Caracas"
DEFAULT_LANG = "en"

PLUGINS = ["pelican_coopregions"]
COOPREGIONS_REGIONS_FILE = "data/regions.toml"
COOPREGIONS_ORGANIZATIONS_FILE = "data/organizations.toml"
COOPREGIONS_LANGUAGES = ["en", "es", "pt", "fr"]
# CLDR "long" dates everywhere, article pages included: February 16, 2023 / 16 de febrero de 2023
COOPREGIONS_DATE_FORMAT = "long"

# Feeds are generated in publishconf.py only, as with Pelican's quickstart.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# "Regions" and "Organizations" in every page's menu, in the page's language, linked to that
# language's index: "Regiones" -> es/regiones/ on Spanish pages, "Régions" on French ones.
COOPREGIONS_MENUITEMS = ["regions", "organizations"]
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
