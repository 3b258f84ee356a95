"""What docs/_ext/theme_css.py left out of the theme's stylesheets, for the browser checks.

``dropped_selectors()`` lists every selector of the theme's own stylesheets that the built site's
copy no longer has, each reduced to what a DOM must hold for it to match (its pseudo-classes and
pseudo-elements left out, which can only make it match more). The page audit asserts that none
matches anything on any page; tests/browser/test_theme_css.py compares computed styles in the
theme's interactive states.
"""

import functools
import re
from importlib.resources import files
from pathlib import Path

import theme_css  # docs/_ext, on sys.path from the root conftest.py
from tests.helpers import HTML

# Each stylesheet theme_css.py purges, in the theme package it comes from: (its copy in the built
# site, the theme's own file).
ORIGINALS = {
    "styles/pydata-sphinx-theme.css": ("pydata_sphinx_theme", "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css"),
    "styles/sphinx-book-theme.css": ("sphinx_book_theme", "theme/sphinx_book_theme/static/styles/sphinx-book-theme.css"),
}
# A pseudo-class or pseudo-element, with its arguments if it has any (one level of nesting is enough
# for the theme's :not(:first-child)-style selectors).
PSEUDO = re.compile(r"::?[\w-]+(?:\((?:[^()]|\([^()]*\))*\))?")
COMBINATOR = re.compile(r"\s*([>+~]|\s)\s*")


@functools.cache
def original(name):
    """The theme's own text of a stylesheet the site purges."""
    package, path = ORIGINALS[name]
    return Path(files(package) / path).read_text(encoding="utf-8")


def style_rules(css):
    """Every style rule of a stylesheet, inside @media and @supports too: (its selectors as written,
    its tinycss2 node)."""
    sheet = theme_css.Stylesheet(css)

    def walk(rules):
        for rule, text, start in rules:
            if rule.type == "qualified-rule":
                yield theme_css.split_selectors(text[: theme_css.first_brace(text)]), rule
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in theme_css.GROUPING:
                yield from walk(sheet.children(rule, text, start)[1])

    return walk(sheet.rules())


@functools.cache
def theme_rules(name):
    """The theme's own style rules of a stylesheet the site purges, parsed once per session."""
    return list(style_rules(original(name)))


def selectors(css):
    """Every selector of a stylesheet's style rules, as written."""
    return [selector for rule_selectors, _ in style_rules(css) for selector in rule_selectors]


def bare(selector):
    """The selector without pseudo-classes and pseudo-elements: it matches wherever the selector could.

    >>> bare("a.nav-link:not(.disabled):hover > span::after"), bare(".x > :first-child"), bare("::selection")
    ('a.nav-link>span', '.x>*', '*')
    """
    parts = COMBINATOR.split(PSEUDO.sub("", selector).strip())
    # split() with a group alternates compounds and combinators: an emptied compound matches anything.
    return "".join(part if index % 2 or part else "*" for index, part in enumerate(parts))


@functools.cache
def dropped_selectors():
    """Every theme selector the site's stylesheets left out, bare, without repeats."""
    dropped = set()
    for name in ORIGINALS:
        kept = set(selectors((HTML / "_static" / name).read_text(encoding="utf-8")))
        dropped.update(bare(selector) for rule_selectors, _ in theme_rules(name) for selector in rule_selectors if selector not in kept)
    return sorted(dropped)


@functools.cache
def droppable_properties():
    """Every property (custom ones too) a theme rule that the purge could drop declares: a rule
    with a class or id in its selectors. Only these can read differently once rules are dropped;
    the rest (the theme's hundreds of custom properties on :root) are the same by construction."""
    import tinycss2

    names = set()
    for name in ORIGINALS:
        for rule_selectors, rule in theme_rules(name):
            if any(theme_css.NAMED.search(theme_css.outside_functions(selector)) for selector in rule_selectors):
                for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
                    if declaration.type == "declaration":
                        names.add(declaration.name if declaration.name.startswith("--") else declaration.lower_name)
    return sorted(names)
