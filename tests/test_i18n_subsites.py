"""pelican-i18n-subsites: each subsite writes its region pages in its own language."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, Site, build_in_fresh_python, settings_for

BILINGUAL = FIXTURES / "sites" / "bilingual"


def test_each_subsite_gets_region_pages_in_its_language(tmp_path: Path) -> None:
    shutil.copytree(BILINGUAL, tmp_path, dirs_exist_ok=True)
    # In a fresh interpreter: i18n_subsites stays connected to Pelican's global signals.
    settings = settings_for(
        tmp_path,
        PLUGINS=["i18n_subsites", "pelican_coopregions"],
        I18N_SUBSITES={"es": {"SITENAME": "Noticias cooperativas"}},
        JINJA_ENVIRONMENT={"extensions": ["jinja2.ext.i18n"]},
        COOPREGIONS_REGIONS_FILE=str(tmp_path / "data" / "regions.toml"),
        COOPREGIONS_ORGANIZATIONS_FILE=str(tmp_path / "data" / "organizations.toml"),
    )
    build_in_fresh_python(settings)
    site = Site(tmp_path, tmp_path / "content", tmp_path / "output")
    english = site.html("regions/latin-america/index.html")
    assert english.html["lang"] == "en"
    assert english.select_one("section.coopregions h1").get_text() == "Latin America"
    english_titles = [a.get_text() for a in english.select("article.coopregions-entry h3 a")]
    assert english_titles[0] == "Building, Here and Now, The World We Yearn For"

    spanish = site.html("es/regions/america-latina/index.html")
    assert spanish.html["lang"] == "es"
    assert spanish.select_one("section.coopregions h1").get_text() == "América Latina"
    assert spanish.select_one("h2.coopregions-articles-heading").get_text() == "Artículos"
    first = spanish.select_one("article.coopregions-entry")
    assert first.time.get_text() == "16 de febrero de 2023"
    assert first.h3.a.get_text() == "Construyendo, aquí y ahora, el mundo que anhelamos"
    # Each subsite writes only its own language: no Spanish pages inside the English site.
    assert not site.exists("es/regiones/america-latina/index.html")
    assert not site.exists("es/es/regiones/america-latina/index.html")
