"""``coopregions tag --apply`` writes into an article's metadata and nowhere else
(core/writeback.py): each format read back with the reader Pelican uses."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from docutils.core import publish_doctree
from docutils.nodes import docinfo
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican_coopregions.core.writeback import ReadFile, WriteError, apply, rewritten

ADD = {"countries": ["Venezuela"], "organizations": ["Cecosesola"]}


def written(name: str, text: str | bytes, additions=ADD) -> bytes:  # type: ignore[no-untyped-def]
    data = text.encode("utf-8") if isinstance(text, str) else text
    return rewritten(Path(name), data, additions)


def markdown_meta(data: bytes) -> tuple[dict[str, list[str]], str]:
    """What Pelican's Markdown reader reads: the meta extension's fields, and the body's HTML."""
    reader = markdown.Markdown(extensions=["markdown.extensions.meta"])
    body = reader.convert(data.decode("utf-8").lstrip("\ufeff"))
    return reader.Meta, body  # type: ignore[attr-defined]


# Markdown ----------------------------------------------------------------------------------


def test_markdown_fields_go_at_the_end_of_the_header() -> None:
    text = "Title: Markets\nDate: 2023-02-16\nSummary: Food.\n\nThe body.\n"
    assert written("a.md", text).decode() == (
        "Title: Markets\nDate: 2023-02-16\nSummary: Food.\n"
        "Countries: Venezuela\nOrganizations: Cecosesola\n\nThe body.\n"
    )


def test_markdown_keeps_crlf_a_bom_and_lower_case_keys() -> None:
    text = "\ufefftitle: Markets\r\ndate: 2023-02-16\r\n\r\nBody.\r\n"
    assert written("a.md", text).decode() == (
        "\ufefftitle: Markets\r\ndate: 2023-02-16\r\n"
        "countries: Venezuela\r\norganizations: Cecosesola\r\n\r\nBody.\r\n"
    )


def test_markdown_adds_to_a_field_the_article_has_in_any_spelling() -> None:
    text = "Title: T\nCountry: Cuba\nTags: a; b\n\nBody.\n"
    assert written("a.md", text, {"countries": ["Venezuela"]}).decode() == (
        "Title: T\nCountry: Cuba, Venezuela\nTags: a; b\n\nBody.\n"
    )
    text = "Title: T\nCountries: Cuba; Peru\n\nBody.\n"
    assert written("a.md", text, {"countries": ["Chile"]}).decode() == (
        "Title: T\nCountries: Cuba; Peru; Chile\n\nBody.\n"
    )


def test_markdown_with_a_yaml_style_fence_and_continuation_lines() -> None:
    text = "---\nTitle: T\nSummary: one\n    two\n---\n\nBody.\n"
    out = written("a.md", text)
    assert out.decode() == (
        "---\nTitle: T\nSummary: one\n    two\nCountries: Venezuela\n"
        "Organizations: Cecosesola\n---\n\nBody.\n"
    )
    meta, _ = markdown_meta(out)
    assert meta["countries"] == ["Venezuela"]


def test_markdown_without_a_header_gets_one() -> None:
    out = written("a.md", "Just a body.\n")
    assert out.decode() == ("Countries: Venezuela\nOrganizations: Cecosesola\n\nJust a body.\n")


# Property: only the header changes, and Markdown reads the values and the same body --------

KEYS = st.sampled_from(["Title", "Date", "Tags", "Summary", "Slug", "Lang", "Category"])
VALUES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
).map(str.strip)
BODY = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fields=st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=5),
    body=BODY,
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_apply_changes_no_byte_outside_the_header(
    fields: list[tuple[str, str]], body: str, newline: str
) -> None:
    header = "".join(f"{key}: {value}{newline}" for key, value in fields)
    original = (header + newline + body).encode("utf-8")
    out = written("a.md", original, {"regions": ["Latin America"], "countries": ["Cuba"]})
    # The new lines are inserted in one place, at the header's end: everything else is intact.
    added = f"Regions: Latin America{newline}Countries: Cuba{newline}".encode()
    at = len(header.encode("utf-8"))
    assert out == original[:at] + added + original[at:]
    meta, _ = markdown_meta(out)
    assert meta["regions"] == ["Latin America"] and meta["countries"] == ["Cuba"]
    assert markdown_meta(out)[1] == markdown_meta(original)[1]


# reST --------------------------------------------------------------------------------------


def rst_fields(data: bytes) -> dict[str, str]:
    """The docinfo fields docutils reads (Pelican's reST reader takes its metadata there)."""
    tree = publish_doctree(data.decode("utf-8"), settings_overrides={"report_level": 5})
    info = next(iter(tree.findall(docinfo)))
    return {
        field.children[0].astext(): field.children[1].astext()
        for field in info.children
        if len(field.children) == 2
    }


def test_rest_fields_go_at_the_end_of_the_field_list() -> None:
    text = "Markets\n#######\n\n:date: 2019-11-05\n:summary: Weekly\n   markets.\n\nBody.\n"
    out = written("a.rst", text)
    assert out.decode() == (
        "Markets\n#######\n\n:date: 2019-11-05\n:summary: Weekly\n   markets.\n"
        ":countries: Venezuela\n:organizations: Cecosesola\n\nBody.\n"
    )
    assert rst_fields(out)["countries"] == "Venezuela"
    assert rst_fields(out)["organizations"] == "Cecosesola"


def test_rest_without_fields_gets_a_field_list_after_its_title() -> None:
    out = written("a.rst", "Markets\n=======\n\nBody.\n")
    assert out.decode() == (
        "Markets\n=======\n\n:countries: Venezuela\n:organizations: Cecosesola\n\nBody.\n"
    )
    assert rst_fields(out)["countries"] == "Venezuela"


def test_rest_writes_organizations_never_docutils_organization() -> None:
    """``:organization:`` is docutils' bibliographic field (an author's affiliation)."""
    text = "T\n=\n\n:organization: Arm Limited\n\nBody.\n"
    assert written("a.rst", text, {"organizations": ["Cecosesola"]}).decode() == (
        "T\n=\n\n:organization: Arm Limited\n:organizations: Cecosesola\n\nBody.\n"
    )


# HTML --------------------------------------------------------------------------------------


def test_html_gets_meta_tags_after_the_last_one_escaped() -> None:
    text = (
        "<html>\n  <head>\n    <title>T</title>\n"
        '    <meta name="date" content="2023-02-16" />\n  </head>\n'
        "  <body>Body</body>\n</html>\n"
    )
    out = written("a.html", text, {"organizations": ['Fish & "Chips"']}).decode()
    assert out == text.replace(
        '2023-02-16" />',
        '2023-02-16" />\n    <meta name="organizations" content="Fish &amp; &quot;Chips&quot;" />',
    )


def test_html_adds_to_a_meta_tag_it_has() -> None:
    text = '<html><head><meta name="countries" content="Cuba"></head><body></body></html>'
    assert written("a.html", text, {"countries": ["Peru"]}).decode() == text.replace(
        '"Cuba"', '"Cuba, Peru"'
    )


def test_html_without_a_head_is_refused() -> None:
    with pytest.raises(WriteError, match="no <head>"):
        written("a.html", "<p>Body</p>")


# Safety ------------------------------------------------------------------------------------


def test_a_file_changed_since_it_was_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("Title: T\n\nBody.\n", encoding="utf-8")
    read = ReadFile.read(path)
    path.write_text("Title: T\n\nBody, edited meanwhile.\n", encoding="utf-8")
    with pytest.raises(WriteError, match="changed since it was read"):
        apply(read, ADD)
    assert path.read_text(encoding="utf-8") == "Title: T\n\nBody, edited meanwhile.\n"


def test_apply_writes_the_file_read(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"Title: T\n\nBody \xff not UTF-8.\n")
    data = apply(ReadFile.read(path), {"countries": ["Cuba"]})
    assert path.read_bytes() == data == b"Title: T\nCountries: Cuba\n\nBody \xff not UTF-8.\n"


def test_a_format_without_a_writer_is_refused() -> None:
    with pytest.raises(WriteError, match="add the values by hand"):
        written("a.ipynb", "{}")
