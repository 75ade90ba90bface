"""What the plugin's pages need to know about the site's theme, read from its templates.

A region page is drawn through the theme when it extends the template the theme's own archive
pages extend, puts its ``<head>`` additions in a block the theme renders inside ``<head>``,
fills the ``<title>`` the way the theme's pages do, wraps its list as the theme wraps its own,
and writes menu entries the way the theme writes ``MENUITEMS`` links. Themes disagree on all
five (notmyidea's list sits in ``<section id="content" class="body">``, simple's in nothing;
Flex has no ``head`` block, Elegant none of ``head`` or ``meta``; uikit's layout lives in a
template only its index.html extends), so each is read, not guessed from a list of names.

Everything is read through the site's Jinja environment (its loader: THEME_TEMPLATES_OVERRIDES,
the theme, Pelican's simple theme), parsed by Jinja itself. A block counts where Jinja renders
it: the chain of ``extends`` is followed, the most derived definition of each block replaces
the others, ``super()`` brings back its parent's, and included templates are read in place
(their blocks cannot be overridden, so they are never offered). The templates are read once
per build (:func:`read_theme`); the result is a small frozen description.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError, nodes
from markupsafe import Markup

# Title patterns: what the plugin's title block holds. The block is the whole title (Pelican's
# own themes)...
WHOLE = "{name} - {sitename}"
# ...the theme writes the site's name and the separator after the block (bootlex, uikit)...
NAME = "{name}"
# ...or the site's name right before the block (Flex): the page adds the dash.
AFTER_SITENAME = " &ndash; {name}"

# The templates Pelican renders a category's and a tag's pages with, then the fallbacks when a
# theme has neither (Pelican's loader always finds simple's, so these are rarely reached).
ARCHIVE_TEMPLATES = ("category.html", "tag.html")
FALLBACK_TEMPLATES = ("index.html", "base.html")
# The variables Pelican lists a page's articles in: a loop over one of them is the theme's own
# list of stories.
LISTING_VARIABLES = frozenset({"articles_page", "articles", "dates"})

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_RAW_TEXT = frozenset({"title", "script", "style", "textarea"})
_MAX_DEPTH = 16  # extends and includes followed: a cycle stops here instead of looping
_TAG_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9:-]*)")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# An expression inside a tag's text, while the tag is read: \x00<index>\x00.
_SLOT = re.compile(r"\x00(\d+)\x00")


# The description ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeadBlocks:
    """The blocks the theme renders inside ``<head>`` (outside any tag, ``<title>`` or
    ``<script>``), in their order; ``chosen`` is where the plugin's additions go: the last one
    no other offered block contains and no condition hides, so they come after the theme's
    stylesheets. ``None``: the theme offers none (Elegant's chain offers four; a theme with
    only ``<title>`` in its head, none)."""

    offered: tuple[str, ...]
    conditional: tuple[str, ...]
    chosen: str | None


@dataclass(frozen=True, slots=True)
class TitleConvention:
    """How the theme's ``<title>`` is written: ``block`` is the block inside it (``title``
    in most themes, ``titlename`` in uikit's; ``None``: the title has none), ``pattern`` what a
    page puts in that block (:data:`WHOLE`, :data:`NAME` or :data:`AFTER_SITENAME`)."""

    block: str | None
    pattern: str


@dataclass(frozen=True, slots=True)
class Element:
    """An HTML element as a template writes it: its tag and its attributes whose values are
    plain text; ``dynamic`` names the attributes whose values are expressions."""

    tag: str
    attributes: tuple[tuple[str, str], ...] = ()
    dynamic: tuple[str, ...] = ()

    def open(self) -> Markup:
        """The start tag, with the plain attributes."""
        attributes = Markup("").join(
            Markup(' {}="{}"').format(name, value) for name, value in self.attributes
        )
        return Markup("<{}{}>").format(self.tag, attributes)

    def close(self) -> Markup:
        return Markup("</{}>").format(self.tag)


@dataclass(frozen=True, slots=True)
class Listing:
    """The theme's own list of stories: the block it is in (``content`` in most themes) and
    the outermost element the list pages wrap it in, one for the whole list (notmyidea's
    ``<section id="content" class="body">``, hyde's ``<div class="posts">``); ``None`` when
    the stories stand straight in the block (simple, Flex, pelican-bootstrap3), where a plain
    element is native. An element repeated for each story is not a wrapper."""

    block: str | None
    wrapper: Element | None


@dataclass(frozen=True, slots=True)
class MenuLinks:
    """How the theme writes a ``MENUITEMS`` link: ``prefix`` is what its ``href`` puts before
    the entry, ``{SITEURL}`` standing for the site's URL: ``""`` (notmyidea, simple, Flex: the
    entry is the whole link), ``"{SITEURL}/"`` (sneakyidea: the entry is relative),
    ``"{SITEURL}"`` (the entry starts with a slash)."""

    prefix: str

    def entry(self, url: str, site_url: str) -> str:
        """The ``MENUITEMS`` link that makes the theme's ``href`` ``site_url/url`` (``url`` a
        path inside the site, ``site_url`` the page's SITEURL, relative under RELATIVE_URLS):
        never a doubled host, never ``//regions/`` when SITEURL is empty."""
        wanted = f"{site_url}/{url}"
        written = self.prefix.replace("{SITEURL}", site_url)
        if not written:
            return wanted
        if wanted.startswith(written):
            return wanted[len(written) :]
        return url if written.endswith("/") else f"/{url}"


@dataclass(frozen=True, slots=True)
class Theme:
    """What the plugin reads from a theme (:func:`read_theme`): ``extends`` is the template
    its pages extend, the one the theme's category pages extend."""

    extends: str
    head: HeadBlocks
    title: TitleConvention
    listing: Listing
    menu: MenuLinks | None


@dataclass(frozen=True, slots=True)
class PageTitle:
    """``page_title(name)`` in the plugin's templates: the text of the theme's title block."""

    pattern: str
    sitename: str

    @classmethod
    def for_convention(
        cls, title: TitleConvention, pattern: str | None, settings: Mapping[str, Any]
    ) -> Self:
        """``pattern``: COOPREGIONS_PAGE_TITLE, which overrides the theme's convention."""
        sitename = Markup(str(settings.get("SITENAME", ""))).striptags()
        return cls(pattern if pattern is not None else title.pattern, sitename)

    def __call__(self, name: str) -> Markup:
        """The pattern's text is markup (``&ndash;``); the names are escaped."""
        return Markup(self.pattern).format(name=name, sitename=self.sitename)


# Reading ------------------------------------------------------------------------------------


def read_theme(env: Environment) -> Theme:
    """Read the theme ``env``'s loader finds (the site's generator environment)."""
    extends = archive_parent(env)
    chain = _chain(env, extends)
    reading = _Reading()
    _Walker(env, chain, reading).render()
    return Theme(
        extends=extends,
        head=reading.head_blocks(),
        title=reading.title(),
        listing=reading.listing(),
        menu=reading.menu(),
    )


def archive_parent(env: Environment) -> str:
    """The template the theme's category pages extend (else its tag pages'), as Jinja finds
    it; ``index.html``, else ``base.html``, when neither page extends one."""
    for name in ARCHIVE_TEMPLATES:
        tree = _parse(env, name)
        parent = _extends(tree) if tree is not None else None
        if parent is not None:
            return parent
    for name in FALLBACK_TEMPLATES:
        if _parse(env, name) is not None:
            return name
    return FALLBACK_TEMPLATES[-1]


def convention(source: str) -> str | None:
    """The title pattern one template's ``<title>`` calls for; ``None`` when it has none."""
    env = Environment()
    reading = _Reading()
    _Walker(env, [env.parse(source)], reading).render()
    return reading.title().pattern if reading.title_found else None


def _parse(env: Environment, name: str) -> nodes.Template | None:
    """``name`` parsed, or None when the loader has no such template or Jinja cannot parse it
    with the site's extensions: Elegant includes a template using the assets plugin's tag
    only when that plugin is on, and Pelican, which never renders it then, does not fail."""
    if env.loader is None:
        return None
    try:
        source = env.loader.get_source(env, name)[0]
        return env.parse(source, name)
    except (TemplateNotFound, TemplateSyntaxError):
        return None


def _extends(tree: nodes.Template) -> str | None:
    """The template ``tree`` extends, when it names one (not a variable)."""
    for node in tree.body:
        if isinstance(node, nodes.Extends):
            template = node.template
            if isinstance(template, nodes.Const) and isinstance(template.value, str):
                return template.value
            return None
    return None


def _chain(env: Environment, name: str) -> list[nodes.Template]:
    """``name`` and the templates it extends, most derived first."""
    chain: list[nodes.Template] = []
    seen: set[str] = set()
    current: str | None = name
    while current is not None and current not in seen and len(chain) < _MAX_DEPTH:
        seen.add(current)
        tree = _parse(env, current)
        if tree is None:
            break
        chain.append(tree)
        current = _extends(tree)
    return chain


def _names(node: nodes.Node) -> frozenset[str]:
    """The variables an expression reads."""
    found = {name.name for name in node.find_all(nodes.Name)}
    if isinstance(node, nodes.Name):
        found.add(node.name)
    return frozenset(found)


def _calls_super(node: nodes.Node) -> bool:
    calls = [node] if isinstance(node, nodes.Call) else []
    calls += list(node.find_all(nodes.Call))
    return any(isinstance(call.node, nodes.Name) and call.node.name == "super" for call in calls)


# Rendering the structure --------------------------------------------------------------------


@dataclass
class _Open:
    """An element the walk has opened: the blocks and the branches around its start tag and,
    once it is closed, the branches around its end tag."""

    element: Element
    blocks: tuple[str, ...]
    branch: tuple[int, ...]
    ended: tuple[int, ...] | None = None


@dataclass
class _Loop:
    """The theme's own list loop: its variables, the block it is in, the branch of its body,
    and the elements open at each link to a story it writes."""

    node: nodes.For
    targets: frozenset[str]
    block: str
    body: tuple[int, ...]
    sites: list[tuple[_Open, ...]] = field(default_factory=list)


class _Walker:
    """Walks the structure a template chain renders, in Jinja's order (each branch of a
    condition in turn), and hands its text, expressions, blocks and loops to a reading."""

    def __init__(self, env: Environment, chain: Sequence[nodes.Template], reading: _Reading):
        self.env = env
        self.chain = chain
        self.reading = reading
        self.definitions: dict[str, list[nodes.Block]] = {}
        for tree in chain:
            for block in tree.find_all(nodes.Block):
                self.definitions.setdefault(block.name, []).append(block)
        self.branch: list[int] = []
        self.conditions = 0
        self.includes: list[str] = []
        self.supers: list[tuple[str, int]] = []  # the definitions being rendered

    def render(self) -> None:
        if self.chain:
            self.body(self.chain[-1].body)

    def body(self, body: Sequence[nodes.Node]) -> None:
        for node in body:
            self.node(node)

    def node(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    self.reading.text(child.data, self)
                elif _calls_super(child):
                    self.super_()
                else:
                    self.reading.expression(child)
        elif isinstance(node, nodes.Block):
            self.block(node)
        elif isinstance(node, nodes.If):
            for branch in (node.body, *(elif_.body for elif_ in node.elif_), node.else_):
                self.branched(branch)
        elif isinstance(node, nodes.For):
            self.reading.loop_start(node, self)
            self.branched(node.body)
            self.branched(node.else_)
            self.reading.loop_end(node)
        elif isinstance(node, nodes.Include):
            self.include(node)
        elif isinstance(
            node, (nodes.With, nodes.Scope, nodes.FilterBlock, nodes.ScopedEvalContextModifier)
        ):
            self.body(node.body)
        # Macros, call blocks and assignments render nothing where they stand.

    def branched(self, body: Sequence[nodes.Node]) -> None:
        self.branch.append(id(body))
        self.conditions += 1
        self.body(body)
        self.conditions -= 1
        self.branch.pop()

    def block(self, node: nodes.Block) -> None:
        """The most derived definition of the block; an included template's are its own."""
        overridable = not self.includes
        self.reading.block_start(node.name, self, overridable=overridable)
        if overridable:
            self.supers.append((node.name, 0))
            self.body(self.definitions.get(node.name, [node])[0].body)
            self.supers.pop()
        else:
            self.body(node.body)
        self.reading.block_end(node.name)

    def super_(self) -> None:
        if not self.supers:
            return
        name, level = self.supers[-1]
        definitions = self.definitions.get(name, [])
        if level + 1 < len(definitions):
            self.supers.append((name, level + 1))
            self.body(definitions[level + 1].body)
            self.supers.pop()

    def include(self, node: nodes.Include) -> None:
        template = node.template
        if not (isinstance(template, nodes.Const) and isinstance(template.value, str)):
            return
        name = template.value
        if name in self.includes or len(self.includes) >= _MAX_DEPTH:
            return
        tree = _parse(self.env, name)
        if tree is not None:
            self.includes.append(name)
            self.body(tree.body)
            self.includes.pop()


class _Reading:
    """Reads the walk as a browser reads HTML, just enough to answer :class:`Theme`'s
    questions: where ``<head>`` and ``<title>`` are, which elements are open, which blocks
    start where, and which links the loops over stories and over ``MENUITEMS`` write."""

    def __init__(self) -> None:
        self.state = "data"  # or "tag", "comment", "raw" (inside <title>, <script>...)
        self.raw_end = ""
        self.tag: list[str] = []
        self.slots: list[nodes.Node] = []  # the expressions of the tag being read
        self.quote = ""
        self.in_head = False
        self.in_body = False
        self.open: list[_Open] = []
        self.blocks: list[tuple[str, bool]] = []  # open blocks: name, offered in <head>
        self.head: list[tuple[str, bool, bool]] = []  # name, conditional, nested
        self.title_found = False
        self.recording = False
        self.title_items: list[tuple[str, Any]] = []
        self.listing_loop: _Loop | None = None
        self.active: list[_Loop] = []
        self.menu_loops: list[tuple[nodes.For, frozenset[str]]] = []
        self.menu_prefixes: list[str] = []

    # The walk's events.

    def text(self, text: str, walker: _Walker) -> None:
        position = 0
        while position < len(text):
            position = self._step(text, position, walker)

    def expression(self, node: nodes.Node) -> None:
        if self.state == "tag":
            self.tag.append(f"\x00{len(self.slots)}\x00")
            self.slots.append(node)
        elif self.recording:
            self.title_items.append(("expr", node))

    def block_start(self, name: str, walker: _Walker, *, overridable: bool) -> None:
        offered = overridable and self.in_head and not self.in_body and self.state == "data"
        if offered:
            nested = any(inside for _, inside in self.blocks)
            self.head.append((name, walker.conditions > 0, nested))
        if self.recording and overridable:
            self.title_items.append(("start", name))
        self.blocks.append((name, offered))

    def block_end(self, name: str) -> None:
        if self.recording:
            self.title_items.append(("end", name))
        self.blocks.pop()

    def loop_start(self, node: nodes.For, walker: _Walker) -> None:
        iterated = _names(node.iter)
        if "MENUITEMS" in iterated:
            target = node.target
            link = target.items[1] if isinstance(target, nodes.Tuple) else target
            self.menu_loops.append((node, _names(link)))
        elif (
            self.listing_loop is None
            and self.blocks
            and not walker.includes
            and iterated & LISTING_VARIABLES
        ):
            body = (*walker.branch, id(node.body))
            self.listing_loop = _Loop(node, _names(node.target), self.blocks[-1][0], body)
            self.active.append(self.listing_loop)

    def loop_end(self, node: nodes.For) -> None:
        if self.menu_loops and self.menu_loops[-1][0] is node:
            self.menu_loops.pop()
        if self.active and self.active[-1].node is node:
            self.active.pop()

    # HTML, as far as needed.

    def _step(self, text: str, position: int, walker: _Walker) -> int:
        """Read ``text`` from ``position`` in the current state; where the state changes."""
        if self.state == "data":
            start = text.find("<", position)
            if start < 0:
                return len(text)
            if text.startswith("<!--", start):
                self.state = "comment"
                return start + 4
            self.state, self.tag, self.slots, self.quote = "tag", [], [], ""
            return start + 1
        if self.state == "comment":
            end = text.find("-->", position)
            if end < 0:
                return len(text)
            self.state = "data"
            return end + 3
        if self.state == "raw":
            end = text.lower().find(self.raw_end, position)
            if self.recording:
                self.title_items.append(("text", text[position : end if end >= 0 else None]))
            if end < 0:
                return len(text)
            self.recording = False
            self.state, self.tag, self.slots, self.quote = "tag", ["/"], [], ""
            return end + 2
        for index in range(position, len(text)):  # in a tag: its end, outside quotes
            char = text[index]
            if self.quote:
                self.quote = "" if char == self.quote else self.quote
            elif char in "\"'":
                self.quote = char
            elif char == ">":
                self.tag.append(text[position:index])
                self.state = "data"
                self._tag("".join(self.tag), walker)
                return index + 1
        self.tag.append(text[position:])
        return len(text)

    def _tag(self, written: str, walker: _Walker) -> None:
        match = _TAG_NAME.match(written)
        if match is None:  # <!DOCTYPE ...>
            return
        name = match.group(1).lower()
        if written.startswith("/"):
            self._end(name, walker)
            return
        attributes, dynamic = [], []
        for attribute, quoted in _ATTRIBUTE.findall(written[match.end() :]):
            value = quoted[1:-1] if quoted[:1] in ("'", '"') else quoted
            if _SLOT.search(value):
                dynamic.append(attribute.lower())
            else:
                attributes.append((attribute.lower(), value))
            if attribute.lower() == "href":
                self._link(value)
        if name == "head":
            self.in_head = True
        elif name == "body":
            self.in_body = True
        if name in _RAW_TEXT:
            self.state, self.raw_end = "raw", f"</{name}"
            if name == "title" and not self.in_body and not self.title_found:
                self.title_found = self.recording = True
        if name not in _VOID and not written.rstrip().endswith("/"):
            blocks = tuple(block for block, _ in self.blocks)
            element = Element(name, tuple(attributes), tuple(dynamic))
            self.open.append(_Open(element, blocks, tuple(walker.branch)))

    def _end(self, name: str, walker: _Walker) -> None:
        """Close the innermost open ``name`` and what it contains, as a browser would."""
        if name == "head":
            self.in_head = False
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].element.tag == name:
                self.open[index].ended = tuple(walker.branch)
                del self.open[index:]
                return

    def _link(self, href: str) -> None:
        slots = [self.slots[int(index)] for index in _SLOT.findall(href)]
        for _, variables in self.menu_loops:
            for index, slot in enumerate(slots):
                if _names(slot) & variables:
                    self.menu_prefixes.append(self._prefix(href, index))
        for loop in self.active:
            if any(_names(slot) & loop.targets for slot in slots):
                loop.sites.append(tuple(self.open))

    def _prefix(self, href: str, link: int) -> str:
        """What ``href`` writes before its ``link``-th expression, SITEURL as ``{SITEURL}``
        (any other expression as nothing)."""
        before = href[: list(_SLOT.finditer(href))[link].start()]

        def spelled(match: re.Match[str]) -> str:
            return "{SITEURL}" if _names(self.slots[int(match.group(1))]) == {"SITEURL"} else ""

        return _SLOT.sub(spelled, before)

    # The answers.

    def head_blocks(self) -> HeadBlocks:
        offered = tuple(name for name, _, _ in self.head)
        conditional = tuple(name for name, hidden, _ in self.head if hidden)
        outermost = [name for name, hidden, nested in self.head if not hidden and not nested]
        return HeadBlocks(offered, conditional, outermost[-1] if outermost else None)

    def title(self) -> TitleConvention:
        items = self.title_items
        start = next((i for i, (kind, _) in enumerate(items) if kind == "start"), None)
        if start is None:
            return TitleConvention(None, WHOLE)
        name = items[start][1]
        end = next((i for i in range(start, len(items)) if items[i] == ("end", name)), start)
        before, after = items[:start], items[end + 1 :]
        shown = [item for item in before if item[0] != "text" or str(item[1]).strip()]
        if shown and shown[-1][0] == "expr" and "SITENAME" in _names(shown[-1][1]):
            return TitleConvention(name, AFTER_SITENAME)
        if any(kind == "expr" and "SITENAME" in _names(value) for kind, value in before + after):
            return TitleConvention(name, NAME)
        return TitleConvention(name, WHOLE)

    def listing(self) -> Listing:
        loop = self.listing_loop
        if loop is None:
            return Listing(None, None)
        last = loop.sites[-1] if loop.sites else ()
        wrappers = [
            opened
            for opened in last
            if loop.block in opened.blocks and not self._per_story(opened, loop)
        ]
        return Listing(loop.block, wrappers[0].element if wrappers else None)

    @staticmethod
    def _per_story(opened: _Open, loop: _Loop) -> bool:
        """Opened in the loop and closed in the same branch: an element for each story."""
        inside = opened.branch[: len(loop.body)] == loop.body
        return inside and opened.ended == opened.branch

    def menu(self) -> MenuLinks | None:
        return MenuLinks(self.menu_prefixes[0]) if self.menu_prefixes else None
