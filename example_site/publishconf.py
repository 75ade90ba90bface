"""Settings for publishing the example site: pelicanconf.py plus absolute URLs and feeds.

pelican content -s publishconf.py
"""

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://coop-news.example.org"
RELATIVE_URLS = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
