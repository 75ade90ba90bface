"""scripts/docblocks.py: the fenced code blocks of a Markdown document, as CommonMark reads them."""

from __future__ import annotations

from markdown_it import MarkdownIt

from docblocks import code_blocks
from tutorial_site import tutorial_files

DOC = """\
# Title

Create `pelicanconf.py`:

```python
SITENAME = "x"
```

```sh illustrative
pip install pelican-coopregions
```

1. In a list:

   ```console
   $ coopregions check
   no problems (1 article checked)
   ```

~~~~text
```
not a fence inside a longer one
~~~~

    an indented block is not fenced
"""


def test_blocks_with_their_language_words_line_and_text() -> None:
    blocks = code_blocks(DOC, "doc.md")
    assert [(b.line, b.language, b.words) for b in blocks] == [
        (5, "python", ()),
        (9, "sh", ("illustrative",)),
        (15, "console", ()),
        (20, "text", ()),
    ]
    assert blocks[0].text == 'SITENAME = "x"\n'
    assert blocks[0].before == "Create `pelicanconf.py`:"
    assert str(blocks[0]) == "doc.md:5 (python)"
    assert [b.illustrative for b in blocks] == [False, True, False, False]


def test_a_block_in_a_list_item_loses_the_item_indentation() -> None:
    console = code_blocks(DOC)[2]
    assert console.text == "$ coopregions check\nno problems (1 article checked)\n"
    assert console.before == "1. In a list:"


def test_a_longer_fence_holds_a_shorter_one() -> None:
    assert code_blocks(DOC)[3].text == "```\nnot a fence inside a longer one\n"


def test_the_language_is_the_first_word_renderers_highlight_by() -> None:
    """CommonMark renderers (GitHub's and PyPI's cmark-gfm, markdown-it) take the language from
    the info string's first word, so ``illustrative`` leaves the highlighting as it was."""
    html = MarkdownIt("commonmark").render("```sh illustrative\nls\n```\n")
    assert '<code class="language-sh">' in html


def test_tutorial_files_are_the_blocks_after_a_line_naming_a_file() -> None:
    assert tutorial_files(code_blocks(DOC)) == {"pelicanconf.py": 'SITENAME = "x"\n'}
