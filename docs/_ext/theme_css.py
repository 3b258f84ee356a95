"""The theme's stylesheets without the rules nothing on the site can match.

pydata-sphinx-theme ships all of Bootstrap's CSS with its own rules (376 KB), and every page loads
it, parses it and matches its elements against it (issue 24). After the build, this extension keeps
each selector whose classes and ids all occur somewhere in the built pages or their scripts (as
whole words, or after a prefix a script builds names from, such as ``bs-``) and drops the others:
about two thirds of the bytes. What is kept is the theme's own text, in its order, so the cascade
is unchanged for it. The page audit checks that no dropped selector matches anything on any page,
and tests/browser/test_theme_css.py compares every element's computed style with the theme's own
stylesheets, in the theme's interactive states.

Only classes and ids outside functional pseudo-classes count: ``:not(.x)`` matches more without
``.x``, and ``:is(.x, .y)`` needs one of them only. A selector list holding a vendor-prefixed
pseudo-element is kept or dropped whole: a browser drops the whole list for one selector it does
not know, so removing that selector would make the rest apply where it did not.
"""

import hashlib
import re
from pathlib import Path

import tinycss2

# The themes' stylesheets in _static. Sphinx copies a theme's files again on every build, so each
# build purges the theme's own text. (myst-nb's stylesheet stays whole: myst-nb copies it only when
# it is missing, and warns when the file there differs.)
STYLESHEETS = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css")
# At-rules holding rules of their own; other at-rules (@font-face, @keyframes, @import) are kept whole.
GROUPING = {"media", "supports", "layer", "container", "document"}
WORD = re.compile(r"[A-Za-z_][\w-]*")
# A class or id in a selector, CSS escapes included (Bootstrap has .g-0\.5-style names, rarely).
NAMED = re.compile(r"[.#]((?:[\w-]|\\.)+)")
FUNCTIONAL = re.compile(r":[\w-]+\(")
VENDOR_PSEUDO = re.compile(r"::?-(?:moz|ms|o|webkit)-")


def site_words(texts):
    """Every word of the texts, and the prefixes scripts build names from (a word ending in "-").

    >>> words, prefixes = site_words(['<div class="bd-main">', 'el.classList.add(`bs-tooltip-${where}`)'])
    >>> sorted(words)[:4], sorted(prefixes)
    (['add', 'bd-main', 'bs-tooltip-', 'class'], ['bs-tooltip-'])
    """
    words = {word for text in texts for word in WORD.findall(text)}
    return words, {word for word in words if word.endswith("-")}


def outside_functions(selector):
    """The selector with the arguments of its functional pseudo-classes left out.

    >>> outside_functions("a.nav-link:not(.disabled):is(.x, .y)::after")
    'a.nav-link::after'
    """
    out, depth, index = [], 0, 0
    while index < len(selector):
        match = FUNCTIONAL.match(selector, index) if depth == 0 else None
        if match:
            depth, index = 1, match.end()
            continue
        char = selector[index]
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        else:
            out.append(char)
        index += 1
    return "".join(out)


def selector_used(selector, words, prefixes):
    """Whether every class and id the selector requires is a site word, or starts with a prefix.

    >>> words, prefixes = {"btn", "show"}, {"bs-"}
    >>> [selector_used(s, words, prefixes) for s in (".btn.show", ".btn:not(.active)", ".carousel", ".bs-popover-top")]
    [True, True, False, True]
    """
    for name in NAMED.findall(outside_functions(selector)):
        name = name.replace("\\", "")
        if name not in words and not any(name.startswith(prefix) for prefix in prefixes):
            return False
    return True


def split_selectors(prelude):
    """A selector list's text, split at its top-level commas.

    >>> split_selectors(".a:is(.b, .c) > p, [title='x, y']")
    ['.a:is(.b, .c) > p', "[title='x, y']"]
    """
    selectors, current, depth, quote = [], [], 0, None
    for char in prelude:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        else:
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
            if char == "," and depth == 0:
                selectors.append("".join(current).strip())
                current = []
                continue
        current.append(char)
    selectors.append("".join(current).strip())
    return selectors


def first_brace(text):
    """Where a rule's block opens: its first "{" outside quotes."""
    quote, index = None, 0
    while index < len(text):
        char = text[index]
        if quote:
            index += char == "\\"
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            return index
        index += 1
    return -1


class Stylesheet:
    """A stylesheet's rules with their own text: tinycss2 finds them, the text is sliced from the
    source, so what is kept stays exactly as the theme wrote it (a re-serialised custom property
    such as ``--fa: "\\f062"`` would read differently in the browser)."""

    def __init__(self, css):
        # tinycss2 counts positions in the text it normalises so: keep to it.
        self.text = css.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", self.text)]

    def rules(self):
        """The top-level rules: (tinycss2 node, its text)."""
        nodes = tinycss2.parse_stylesheet(self.text, skip_comments=True, skip_whitespace=True)
        return self._with_text(nodes, len(self.text))

    def children(self, rule, text, start):
        """A grouping at-rule's rules, and the text before them and after them (its "{" and "}")."""
        opening, closing = first_brace(text), text.rindex("}")
        nodes = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        return text[: opening + 1], self._with_text(nodes, start + closing), "}"

    def offset(self, node):
        return self.line_starts[node.source_line - 1] + node.source_column - 1

    def _with_text(self, nodes, end):
        nodes = [node for node in nodes if node.type != "error"]
        starts = [self.offset(node) for node in nodes] + [end]
        for node, start, following in zip(nodes, starts, starts[1:]):
            text = self.text[start:following]
            last = text.rfind("}") if "{" in text else text.rfind(";")
            yield node, text[: last + 1] if last >= 0 else text.rstrip(), start


def purge_rules(sheet, rules, words, prefixes):
    """The CSS text of the rules, with the selectors and rules nothing can match left out."""
    kept = []
    for rule, text, start in rules:
        if rule.type == "qualified-rule":
            opening = first_brace(text)
            selectors = split_selectors(text[:opening])
            used = [selector for selector in selectors if selector_used(selector, words, prefixes)]
            if not used:
                continue
            if any(VENDOR_PSEUDO.search(selector) for selector in selectors):
                used = selectors
            kept.append(",".join(used) + text[opening:])
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING and rule.content is not None:
            head, children, tail = sheet.children(rule, text, start)
            body = purge_rules(sheet, children, words, prefixes)
            if body:
                kept.append(head + body + tail)
        elif rule.type == "at-rule":
            kept.append(text)
    return "".join(kept)


def purge_stylesheet(css, words, prefixes):
    r"""A stylesheet's text without what no site word can match; the rest exactly as written.

    >>> purge_stylesheet(
    ...     '.btn,.carousel{color:red}@media (min-width:1px){.carousel{x:y}.btn:hover{--fa:"\\f062"}}'
    ...     'input::-moz-range-thumb,.carousel{a:b}@font-face{font-family:F}',
    ...     {"btn", "input"}, set())
    '.btn{color:red}@media (min-width:1px){.btn:hover{--fa:"\\f062"}}input::-moz-range-thumb,.carousel{a:b}@font-face{font-family:F}'
    """
    sheet = Stylesheet(css)
    return purge_rules(sheet, sheet.rules(), words, prefixes)


def site_texts(out):
    """The built pages and every script in _static: where a class or id the CSS names can come from."""
    pages = sorted(out.glob("**/*.html"))
    scripts = sorted((out / "_static").glob("**/*.js"))
    return [path.read_text(encoding="utf-8") for path in pages + scripts]


def purge_theme_css(app, exception):
    """build-finished: rewrite the theme's stylesheets in the output with only what the site can use."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    words, prefixes = site_words(site_texts(out))
    # Parsing takes half a second a build: a rebuild that changes no word reuses the last result.
    cache = Path(app.doctreedir) / "theme_css"
    cache.mkdir(exist_ok=True)
    vocabulary = "\n".join(sorted(words)).encode()
    for pattern in STYLESHEETS:
        for path in (out / "_static").glob(pattern):
            css = path.read_text(encoding="utf-8")
            key = hashlib.sha256(css.encode() + b"\0" + vocabulary).hexdigest()
            saved = cache / f"{path.name}.{key}"
            if not saved.exists():
                for stale in cache.glob(f"{path.name}.*"):
                    stale.unlink()
                saved.write_text(purge_stylesheet(css, words, prefixes), encoding="utf-8")
            path.write_text(saved.read_text(encoding="utf-8"), encoding="utf-8")
            # The purged text names no source map, and the theme's (1.3 MB) maps the unpurged one.
            path.with_name(path.name + ".map").unlink(missing_ok=True)


def setup(app):
    app.connect("build-finished", purge_theme_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
