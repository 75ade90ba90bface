"""The ``coopregions`` command on the sites of tests/fixtures/cli, run in a site's folder.

``site`` is a small, clean bilingual site (five articles in Markdown and reST, a page, data
files); ``broken`` holds articles full of mistakes that a test copies into the site's content
folder. Most tests call the command's ``main`` in this process (the ``coopregions`` fixture of
conftest.py); the smoke tests run it as a user does: ``python -m pelican_coopregions`` and the
``coopregions`` console script, each a separate process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Ran

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
SCRIPT = Path(sys.executable).with_name("coopregions")

CLEAN_SUMMARY = "no problems (5 articles checked)"

Run = Callable[..., Ran]


def run_process(*args: str, cwd: Path, script: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m pelican_coopregions ARGS`` (or the ``coopregions`` script) in ``cwd``."""
    command = [str(SCRIPT)] if script else [sys.executable, "-m", "pelican_coopregions"]
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
        check=False,
    )


def lines(text: str) -> list[str]:
    return text.strip("\n").split("\n") if text.strip() else []


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the clean site; tests may break it."""
    return Path(shutil.copytree(FIXTURES / "site", tmp_path / "site"))


@pytest.fixture
def broken_site(site: Path) -> Path:
    for article in (FIXTURES / "broken").iterdir():
        shutil.copy(article, site / "content" / article.name)
    return site


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of ``path`` containing ``text``."""
    found = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line]
    assert found, f"{text!r} not in {path}"
    return found[0]


# check: a clean site -------------------------------------------------------------------------


def test_clean_site_passes(site: Path, coopregions: Run) -> None:
    result = coopregions("check", cwd=site)
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == [CLEAN_SUMMARY]
    assert result.stderr == ""


@pytest.mark.slow
def test_python_m_checks_the_site(site: Path) -> None:
    """Smoke test: ``python -m pelican_coopregions`` in a process of its own."""
    result = run_process("check", cwd=site)
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == [CLEAN_SUMMARY]
    assert result.stderr == ""


def test_console_script_checks_the_site(site: Path) -> None:
    """Smoke test: the installed ``coopregions`` script, in a process of its own."""
    assert SCRIPT.is_file(), f"{SCRIPT} missing: reinstall with pip install -e ."
    result = run_process("check", cwd=site, script=True)
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == [CLEAN_SUMMARY]


def test_clean_site_as_json(site: Path, coopregions: Run) -> None:
    result = coopregions("check", "--format", "json", cwd=site)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"problems": [], "articles": 5}


# check: mistakes ---------------------------------------------------------------------------


def test_every_mistake_is_listed_with_path_line_and_field(
    broken_site: Path, coopregions: Run
) -> None:
    result = coopregions("check", cwd=broken_site)
    assert result.returncode == 1, result.stderr
    out = lines(result.stdout)
    assert out == [
        "content/bad-organization.rst:8: Organizations: unknown organization 'Cecosesla' "
        "(did you mean 'Cecosesola'?)",
        "content/draft.md:5: Countries: unknown country 'Boliva' (did you mean 'Bolivia'?)",
        "content/html-article.html:6: Countries: unknown country 'Venezuala' "
        "(did you mean 'Venezuela'?)",
        out[3],  # suggestions for 'Atlantis' are whatever is closest: checked below
        "content/mistakes.md:6: Countries: unknown country 'Venezuala' (did you mean 'Venezuela'?)",
        "content/mistakes.md:6: Countries: 'South America' is a region, not a country "
        "(put it under Regions)",
        "content/mistakes.md:7: Organizations: unknown organization 'Acme Widget Factory'",
        "7 problems in 4 files (9 articles checked)",
    ]
    assert out[3].startswith("content/mistakes.md:5: Regions: unknown region 'Atlantis'")


def test_line_numbers_point_at_the_field(broken_site: Path, coopregions: Run) -> None:
    """The reported lines are where the fields are written, in each reader's syntax."""
    content = broken_site / "content"
    result = coopregions("check", "--format", "json", cwd=broken_site)
    found = {(p["path"], p["value"]): p["line"] for p in json.loads(result.stdout)["problems"]}
    assert found[("content/mistakes.md", "Atlantis")] == line_of(
        content / "mistakes.md", "Regions:"
    )
    assert found[("content/mistakes.md", "Acme Widget Factory")] == line_of(
        content / "mistakes.md", "Organizations:"
    )
    # A reST field, a value on a continuation line, an HTML meta tag.
    assert found[("content/bad-organization.rst", "Cecosesla")] == line_of(
        content / "bad-organization.rst", ":organizations:"
    )
    assert found[("content/draft.md", "Boliva")] == line_of(content / "draft.md", "Boliva")
    assert found[("content/html-article.html", "Venezuala")] == line_of(
        content / "html-article.html", 'name="countries"'
    )


def test_mistakes_as_json(broken_site: Path, coopregions: Run) -> None:
    result = coopregions("check", "--format", "json", cwd=broken_site)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["articles"] == 9
    problems = report["problems"]
    assert len(problems) == 7
    assert {p["kind"] for p in problems} == {"metadata"}
    venezuala = next(p for p in problems if p["path"] == "content/mistakes.md" and p["line"] == 6)
    assert venezuala == {
        "path": "content/mistakes.md",
        "line": 6,
        "field": "countries",
        "value": "Venezuala",
        "message": "unknown country 'Venezuala' (did you mean 'Venezuela'?)",
        "suggestions": ["Venezuela"],
        "kind": "metadata",
        "severity": "error",
        "setting": None,
    }
    fields = {(p["path"], p["field"], p["value"]) for p in problems}
    assert ("content/mistakes.md", "countries", "South America") in fields
    assert ("content/mistakes.md", "organizations", "Acme Widget Factory") in fields
    assert ("content/bad-organization.rst", "organizations", "Cecosesla") in fields
    unknown = next(p for p in problems if p["value"] == "Acme Widget Factory")
    assert unknown["suggestions"] == []


def test_pages_are_not_checked(broken_site: Path, coopregions: Run) -> None:
    """content/pages/about.md names no real country, but pages are not articles."""
    result = coopregions("check", cwd=broken_site)
    assert "about.md" not in result.stdout


def test_an_article_pelican_would_skip_is_a_warning(site: Path, coopregions: Run) -> None:
    """Pelican logs it and the build passes: the check says so, and passes too."""
    (site / "content" / "undated.md").write_text("Title: No date\n\nText.\n", encoding="utf-8")
    result = coopregions("check", cwd=site)
    assert result.returncode == 0
    assert lines(result.stdout) == [
        "content/undated.md:1: warning: Pelican skips this file: "
        "could not find information about 'date'",
        "no problems (5 articles checked; 1 warning)",
    ]


# check: data files -------------------------------------------------------------------------


def test_malformed_data_file(site: Path, coopregions: Run) -> None:
    regions = site / "data" / "regions.toml"
    regions.write_text(
        '[[region]]\nslug = "andes"\nname = "Andes\nparent = "South America"\n', encoding="utf-8"
    )
    result = coopregions("check", cwd=site)
    assert result.returncode == 1
    out = lines(result.stdout)
    assert len(out) == 2
    assert out[0].startswith("data/regions.toml:3: is not valid TOML: ")
    assert out[1] == "1 problem in 1 file (articles not checked: fix the data files first)"

    as_json = json.loads(coopregions("check", "--format", "json", cwd=site).stdout)
    assert as_json["articles"] == 0
    [problem] = as_json["problems"]
    assert (problem["path"], problem["line"], problem["kind"]) == (
        "data/regions.toml",
        3,
        "data-file",
    )


def test_data_file_problem_points_at_the_entry_field(site: Path, coopregions: Run) -> None:
    organizations = site / "data" / "organizations.toml"
    text = organizations.read_text("utf-8").replace('parent = "CoopCycle"', 'parent = "CoopCycl"')
    organizations.write_text(text, encoding="utf-8")
    result = coopregions("check", cwd=site)
    assert result.returncode == 1
    line = line_of(organizations, 'parent = "CoopCycl"')
    assert lines(result.stdout)[0] == (
        f"data/organizations.toml:{line}: organization entry 3 ('coopcycle-argentina'): "
        "field 'parent': unknown organization 'CoopCycl' (did you mean 'CoopCycle'?)"
    )


# check: where the site is ------------------------------------------------------------------


def test_settings_file_from_another_folder(broken_site: Path, coopregions: Run) -> None:
    """Data files are found next to the settings file; paths are shown from the cwd."""
    result = coopregions("check", "-s", "site/pelicanconf.py", cwd=broken_site.parent)
    assert result.returncode == 1, result.stderr
    out = lines(result.stdout)
    assert "site/content/bad-organization.rst:8: Organizations: unknown organization" in out[0]
    assert out[-1] == "7 problems in 4 files (9 articles checked)"


def test_path_overrides_the_content_folder(site: Path, coopregions: Run) -> None:
    other = site.parent / "other"
    other.mkdir()
    (other / "one.md").write_text(
        "Title: One\nDate: 2024-01-01\nCountries: Venezuala\n\nText.\n", encoding="utf-8"
    )
    result = coopregions("check", "-s", "site/pelicanconf.py", "other", cwd=site.parent)
    assert result.returncode == 1, result.stderr
    assert lines(result.stdout) == [
        "other/one.md:3: Countries: unknown country 'Venezuala' (did you mean 'Venezuela'?)",
        "1 problem in 1 file (1 article checked)",
    ]


def test_the_content_folder_finds_the_settings_file_above_it(site: Path, coopregions: Run) -> None:
    """``coopregions check content/`` (the folder the hint suggests) reads the site's
    settings and data files, not Pelican's defaults."""
    result = coopregions("check", "content", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines(result.stdout) == [CLEAN_SUMMARY]
    inside = coopregions("check", cwd=site / "content" / "pages")
    assert inside.returncode == 0, inside.stdout + inside.stderr
    assert lines(inside.stdout) == [CLEAN_SUMMARY]
    assert lines(inside.stderr) == [
        f"coopregions: using the settings file {site / 'pelicanconf.py'}"
    ]


def test_cache_and_virtual_environments_inside_path_are_read_as_pelican_reads_them(
    site: Path, coopregions: Run
) -> None:
    """With PATH at the project's root (``coopregions check .``), Pelican reads the HTML files
    of its own output, its cache and a virtual environment as articles (and leaves them out for
    want of a date), so the check does too, and says why they are there."""
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8").replace('PATH = "content"', 'PATH = "."'), "utf-8")
    shutil.rmtree(site / "content" / "pages")  # PAGE_PATHS is "pages": these became articles
    page = "<html><head><title>Built</title></head><body>Not an article</body></html>\n"
    for folder in ("output/regions", ".venv/lib/site-packages/docs", "cache"):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.html").write_text(page, encoding="utf-8")
    (site / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    result = coopregions("check", cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    skipped = "1: warning: Pelican skips this file: could not find information about 'date'"
    assert lines(result.stdout) == [
        f"{folder}/index.html:{skipped}"
        for folder in (".venv/lib/site-packages/docs", "cache", "output/regions")
    ] + [CLEAN_SUMMARY.replace("checked)", "checked; 3 warnings)")]
    for folder in ("output/", ".venv/", "cache/"):
        assert f"{folder} is inside the content folder" in result.stderr


def test_a_site_without_the_plugin_is_a_settings_error(site: Path, coopregions: Run) -> None:
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8") + "PLUGINS = []\n", "utf-8")
    result = coopregions("check", cwd=site)
    assert result.returncode == 2
    assert "pelican-coopregions is not enabled in pelicanconf.py: PLUGINS = []" in result.stderr


def test_output_path_problems_name_the_setting(site: Path, coopregions: Run) -> None:
    conf = site / "pelicanconf.py"
    conf.write_text(conf.read_text("utf-8") + 'REGION_SAVE_AS = "regions/{lang}.html"\n', "utf-8")
    result = coopregions("check", "--format", "json", cwd=site)
    assert result.returncode == 1, result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert {problem["kind"] for problem in problems} == {"output"}
    first = problems[0]
    assert (first["path"], first["line"]) == ("pelicanconf.py", line_of(conf, "REGION_SAVE_AS"))
    assert "would both be written to 'regions/en.html'" in first["message"]


# regions -----------------------------------------------------------------------------------

REGION_TREE = [
    "World                en: 3  es: 3",
    "  Americas           en: 3  es: 3",
    "    Latin America    en: 3  es: 3",
    "      South America  en: 3  es: 3",
    "        Andes        en: 2  es: 2",
    "          Peru       en: 1  es: 1",
    "          Venezuela  en: 1  es: 1",
    "        Argentina    en: 1  es: 1",
    "        Peru         en: 1  es: 1",
    "        Venezuela    en: 1  es: 1",
    "  Europe             en: 1  es: 1",
    "    Western Europe   en: 1  es: 1",
    "      France         en: 1  es: 1",
]


def test_regions_tree_with_counts_per_language(site: Path, coopregions: Run) -> None:
    """Three stories: Cecosesola (en+es), CoopCycle (en+es), Peru (en only, shown in es too).

    Venezuela comes from Cecosesola's country, Argentina from CoopCycle Argentina's; Andes is
    named once and holds Peru as a member.
    """
    result = coopregions("regions", cwd=site)
    assert result.returncode == 0, result.stderr
    assert lines(result.stdout) == REGION_TREE
    assert result.stderr == ""
    assert lines(run_process("regions", cwd=site, script=True).stdout) == REGION_TREE


def test_regions_follow_the_plugin_settings(site: Path, coopregions: Run) -> None:
    settings = site / "pelicanconf.py"
    settings.write_text(
        settings.read_text("utf-8") + 'COOPREGIONS_TRANSLATION_FALLBACK = "skip"\n',
        encoding="utf-8",
    )
    out = lines(coopregions("regions", cwd=site).stdout)
    assert out[0] == "World                en: 3  es: 2"
    assert "          Peru       en: 1  es: 0" in out


def test_regions_names_in_another_language(site: Path, coopregions: Run) -> None:
    out = lines(coopregions("regions", "--lang", "es", cwd=site).stdout)
    assert out[0].startswith("Mundo ")
    assert any(line.strip().startswith("Región andina ") for line in out)


@pytest.mark.parametrize(
    ("lang", "world", "latin_america"),
    [("fr", "Monde", "Amérique latine"), ("pt_BR", "Mundo", "América Latina")],
)
def test_regions_names_in_a_language_the_site_writes_no_pages_in(
    site: Path, lang: str, world: str, latin_america: str, coopregions: Run
) -> None:
    """The site writes en and es pages; --lang fr still names every place from CLDR in French,
    with the counts of the site's languages."""
    result = coopregions("regions", "--lang", lang, cwd=site)
    assert result.returncode == 0, result.stderr
    out = lines(result.stdout)
    assert out[0].startswith(f"{world} ") and out[0].endswith("en: 3  es: 3")
    assert any(line.strip().startswith(f"{latin_america} ") for line in out)
    assert not any(line.strip().startswith(("World ", "Latin America ")) for line in out)


def test_regions_leave_out_bad_values_and_say_so(broken_site: Path, coopregions: Run) -> None:
    result = coopregions("regions", cwd=broken_site)
    assert result.returncode == 0
    assert "7 problems left out of the counts (run 'coopregions check'" in result.stderr


def test_regions_names_lists_what_a_place_answers_to_per_language(
    site: Path, coopregions: Run
) -> None:
    result = coopregions("regions", "--names", "Burma", cwd=site)
    assert result.returncode == 0, result.stderr
    out = lines(result.stdout)
    assert out[0] == "Myanmar (country, slug myanmar)"
    sections = [line for line in out if not line.startswith(" ")]
    assert sections == [
        "Myanmar (country, slug myanmar)",
        "en:",
        "es:",
        "fr:",
        "pt:",
        "pt-PT:",
        "any language:",
        "sources:",
    ]
    rows = {tuple(line.split()) for line in out if line.startswith("  ") and ":" not in line}
    assert {("Myanmar", "display"), ("Burma", "historical"), ("Birmania", "iso-translated")} <= rows
    assert {("Mianmar", "display"), ("Birmânia", "historical"), ("Birmanie", "display")} <= rows
    assert {("MM", "code"), ("MMR", "code"), ("104", "code"), ("myanmar", "slug")} <= rows
    assert any(line.startswith("  historical: en: Former English names") for line in out)


def test_regions_names_of_a_site_region_and_shared_names(site: Path, coopregions: Run) -> None:
    out = lines(coopregions("regions", "--names", "Región andina", cwd=site).stdout)
    assert out[0] == "Andes (custom, slug andes)"
    korea = lines(coopregions("regions", "--names", "South Korea", cwd=site).stdout)
    assert any(
        line.split(None, 2) == ["Korea", "ambiguous", "(shared with 'North Korea': refused)"]
        for line in korea
    )


def test_regions_names_finds_organizations_too(site: Path, coopregions: Run) -> None:
    out = lines(coopregions("regions", "--names", "coopcycle argentina", cwd=site).stdout)
    assert out[0] == "CoopCycle Argentina (organization, slug coopcycle-argentina)"
    rows = {tuple(line.strip().rsplit(None, 1)) for line in out if line.startswith("  ")}
    assert {("CoopCycle Argentina", "name"), ("coopcycle-argentina", "slug")} <= rows
    document = json.loads(
        coopregions("regions", "--names", "Cecosesola", "--format", "json", cwd=site).stdout
    )
    assert (document["slug"], document["kind"]) == ("cecosesola", "organization")
    assert {"name": "Cecosesola", "language": "en", "source": "name", "shared_with": []} in (
        document["names"]
    )
    mistyped = coopregions("regions", "--names", "Cecosesolaa", cwd=site)
    assert mistyped.returncode == 1
    assert "unknown organization 'Cecosesolaa' (did you mean 'Cecosesola'?)" in mistyped.stderr


def test_regions_names_as_json(site: Path, coopregions: Run) -> None:
    result = coopregions("regions", "--names", "CD", "--format", "json", cwd=site)
    document = json.loads(result.stdout)
    assert (document["slug"], document["kind"]) == ("congo-kinshasa", "country")
    names = {(name["name"], name["language"]): name for name in document["names"]}
    assert names["DR Congo", "en"]["source"] == "display"
    assert names["RDC", "es"]["source"] == "abbreviation"
    assert names["Congo", "en"]["shared_with"] == ["congo-brazzaville"]
    assert "abbreviation" in document["sources"]


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("Congo", "ambiguous region 'Congo': 2 places have that name"),
        ("Atlantis", "unknown region 'Atlantis'"),
        ("England", "unknown region 'England' (did you mean 'United Kingdom'?)"),
    ],
)
def test_regions_names_of_no_single_place(
    site: Path, place: str, message: str, coopregions: Run
) -> None:
    result = coopregions("regions", "--names", place, cwd=site)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_regions_json_lists_every_region_with_slug_codes_and_counts(
    site: Path, coopregions: Run
) -> None:
    result = coopregions("regions", "--format", "json", cwd=site)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["languages"] == ["en", "es"]
    regions = {region["slug"]: region for region in document["regions"]}
    assert {"myanmar", "north-america", "kosovo", "andes", "world"} <= set(regions)
    assert regions["myanmar"]["names"] == {"en": "Myanmar", "es": "Myanmar"}
    assert (regions["myanmar"]["alpha2"], regions["myanmar"]["alpha3"]) == ("MM", "MMR")
    assert regions["north-america"]["members"] == [
        "northern-america",
        "central-america",
        "caribbean",
    ]
    assert regions["world"]["counts"] == {"en": 3, "es": 3}
    assert regions["andes"]["counts"] == {"en": 2, "es": 2}
    assert regions["myanmar"]["counts"] == {"en": 0, "es": 0}


# Help and usage errors ---------------------------------------------------------------------


def test_help_reads_well(tmp_path: Path, coopregions: Run) -> None:
    result = coopregions("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "without building it" in result.stdout
    assert "examples:" in result.stdout
    assert "coopregions check --format json" in result.stdout
    check_help = coopregions("check", "--help", cwd=tmp_path).stdout
    assert "--format {text,json}" in check_help
    assert "-s FILE, --settings FILE" in check_help


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("check", "--format", "xml"), "invalid choice: 'xml'"),
        (("check", "-s", "missing.py"), "coopregions: error: settings file 'missing.py' not found"),
        (("check", "-s", "pelicanconf.py", "nowhere"), "content folder 'nowhere' not found"),
    ],
)
def test_usage_errors(site: Path, args: tuple[str, ...], message: str, coopregions: Run) -> None:
    result = coopregions(*args, cwd=site)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_no_settings_file_here(tmp_path: Path, coopregions: Run) -> None:
    result = coopregions("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "no pelicanconf.py in this folder" in result.stderr


def test_unknown_plugin_setting(site: Path, coopregions: Run) -> None:
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + "COOPREGIONS_ROLUP = False\n", "utf-8")
    result = coopregions("check", cwd=site)
    assert result.returncode == 2
    assert (
        "coopregions: error: COOPREGIONS_ROLUP is not a pelican-coopregions setting "
        "(did you mean COOPREGIONS_ROLLUP?)" in result.stderr
    )


def test_settings_file_that_does_not_run(site: Path, coopregions: Run) -> None:
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text("utf-8") + "PLUGINS = [\n", "utf-8")
    result = coopregions("regions", cwd=site)
    assert result.returncode == 2
    assert "cannot use settings file 'pelicanconf.py': SyntaxError" in result.stderr
    assert "Traceback" not in result.stderr
