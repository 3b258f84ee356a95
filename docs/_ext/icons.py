"""The theme's icons as one small stylesheet, instead of the 1.56 MB script that draws them.

pydata-sphinx-theme (0.20) loads Font Awesome's ``fontawesome.js`` on every page to turn a
handful of ``<i class="fa-solid fa-bars">`` elements into SVG. The layout override in
``docs/_templates/layout.html`` leaves that script out, and this extension writes
``_static/icons.css``: for each icon the built pages and the theme's scripts name, a CSS mask
holding that icon's path, taken from the theme's own copy of Font Awesome, painted in
``currentColor`` (so light and dark mode need nothing). An icon name the theme's copy lacks is a
build warning, so a theme upgrade that adds one cannot leave an empty button silently.

The theme's stylesheet draws one more icon, an admonition title's, as a glyph of Font Awesome's
web font: it is drawn with the same kind of mask, so no page downloads that 115 KB font.
"""

import re
from pathlib import Path
from urllib.parse import quote

from sphinx.util import logging

logger = logging.getLogger(__name__)

STYLESHEET = "icons.css"
# Font Awesome's style classes, long and short, and the pack each one draws from.
STYLES = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}
# Class names that modify an icon rather than name one.
MODIFIERS = {"fa-fw", "fa-lg", "fa-sm", "fa-xs", "fa-2x", "fa-spin", "fa-pulse", "fa-inverse", "fa-stack"}
# One icon of the minified script: name:[width,height,[aliases],"unicode","path"].
ICON = re.compile(r'[{,]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]')
# Each pack's icons are followed by the call that registers them: p("fas",b).
PACK = re.compile(r'\w\("(fa[bsr])",\w\)')
ICON_CLASS = re.compile(r'class="([^"]*\bfa-[^"]*)"')
# The theme's choice of icon per admonition kind: --pst-icon-admonition-note:var(--pst-icon-info-circle).
ADMONITION_ICON = re.compile(r"--pst-icon-admonition-([a-z]+):\s*var\(--pst-icon-([a-z-]+)\)")
# An admonition with a title of its own (a hidden cell's <details class="admonition"> has none).
TITLED_ADMONITION = re.compile(r'<div class="([^"]*\badmonition\b[^"]*)">\s*<p class="admonition-title">')


def font_awesome_icons(script):
    """Every icon of a Font Awesome ``all.js`` text: {(pack, name or alias): (width, height, path)}.

    >>> font_awesome_icons('{bars:[448,512,[],"f0c9","M0 96z"]};p("fas",b);{github:[496,512,["gh"],"f09b","M1z"]};p("fab",b)')
    {('fas', 'bars'): (448, 512, 'M0 96z'), ('fab', 'github'): (496, 512, 'M1z'), ('fab', 'gh'): (496, 512, 'M1z')}
    """
    packs = [(match.start(), match.group(1)) for match in PACK.finditer(script)]
    icons = {}
    for match in ICON.finditer(script):
        pack = next((name for start, name in packs if start > match.start()), None)
        if pack is None:
            continue
        name, width, height, aliases, path = match.groups()
        names = [name] + [alias.strip('"') for alias in aliases.split(",") if alias.startswith('"')]
        for each in names:
            icons.setdefault((pack, each), (int(width), int(height), path))
    return icons


def icons_named(texts):
    """The (pack, name) of every icon the HTML or script texts name with Font Awesome classes.

    >>> sorted(icons_named(['<i class="fa-solid fa-bars fa-lg"></i> <i class="fab fa-github">']))
    [('fab', 'github'), ('fas', 'bars')]
    """
    named = set()
    for text in texts:
        for classes in ICON_CLASS.findall(text):
            words = classes.split()
            pack = next((STYLES[word] for word in words if word in STYLES), "fas")
            named.update((pack, word[3:]) for word in words if word.startswith("fa-") and word not in STYLES
                         and word not in MODIFIERS)
    return named


def admonition_kinds(theme_css, texts):
    """{kind: icon name} for every kind of titled admonition in the HTML texts ("default": no kind).

    >>> css = ":root{--pst-icon-admonition-default:var(--pst-icon-bell);--pst-icon-admonition-note:var(--pst-icon-info-circle)}"
    >>> admonition_kinds(css, ['<div class="note admonition">\\n<p class="admonition-title">Note</p>'])
    {'default': 'bell', 'note': 'info-circle'}
    >>> admonition_kinds(css, ['<details class="admonition hide"><summary><p class="admonition-title">'])
    {}
    """
    icons = dict(ADMONITION_ICON.findall(theme_css))
    used = {word for text in texts for classes in TITLED_ADMONITION.findall(text) for word in classes.split()}
    if not used:
        return {}
    return {kind: name for kind, name in icons.items() if kind == "default" or kind in used}


def mask_url(width, height, path):
    """An icon's outline as a CSS url() holding its SVG."""
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return f'url("data:image/svg+xml,{quote(svg, safe=" =/:,.-")}")'


def icon_rule(pack, name, width, height, path):
    """One icon's CSS rule: its outline as a mask over the text colour, as wide as the icon is."""
    selector = ", ".join(f".{style}.fa-{name}" for style, style_pack in STYLES.items() if style_pack == pack)
    return f"{selector} {{ --fa-icon: {mask_url(width, height, path)}; width: {width / height:.4g}em; }}"


def admonition_rule(kind, width, height, path):
    """An admonition title's icon as a mask instead of the theme's glyph (same selectors, so it wins)."""
    kind_class = "" if kind == "default" else f".{kind}"
    selector = f".admonition{kind_class} > .admonition-title::after, div.admonition{kind_class} > .admonition-title::after"
    return f'{selector} {{ --admonition-icon: {mask_url(width, height, path)}; content: ""; }}'


HEAD = """/* Made by docs/_ext/icons.py from the theme's Font Awesome: the icons the site uses, as masks. */
:is(.fa-solid, .fas, .fa-regular, .far, .fa-brands, .fab) {
  display: inline-block; height: 1em; vertical-align: -0.125em; font-style: normal;
  background-color: currentColor; -webkit-mask: var(--fa-icon) center / contain no-repeat;
  mask: var(--fa-icon) center / contain no-repeat;
}
/* The theme's stylesheet also draws each icon as a glyph of Font Awesome's web font: not needed
   under the mask, and it would make every page download that 115 KB font. */
:is(.fa-solid, .fas, .fa-regular, .far, .fa-brands, .fab)::before { content: none; }
.fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.075em; }
"""

ADMONITION_HEAD = """/* An admonition title's icon: the theme's glyph of the web font, drawn as a mask instead (an empty
   box in that font would still download it). The kind rules below set the icon, and no content, at
   the theme's own specificity (this sheet loads after the theme's). */
.admonition > .admonition-title::after, div.admonition > .admonition-title::after {
  font: inherit; background-color: currentColor; -webkit-mask: var(--admonition-icon) center / contain no-repeat;
  mask: var(--admonition-icon) center / contain no-repeat;
}
"""


def write_icon_stylesheet(app, exception):
    """After the build, write _static/icons.css for the icons the pages and scripts name."""
    if exception or app.builder.format != "html":
        return
    out = Path(app.outdir)
    script = out / "_static" / "scripts" / "fontawesome.js"
    if not script.exists():
        logger.warning("no fontawesome.js in the theme's files: cannot draw its icons")
        return
    icons = font_awesome_icons(script.read_text(encoding="utf-8"))
    sources = [path.read_text(encoding="utf-8") for path in sorted(out.glob("*.html"))]
    sources += [path.read_text(encoding="utf-8") for path in sorted((out / "_static").glob("**/*.js"))
                if path.name != "fontawesome.js"]
    rules = []
    for pack, name in sorted(icons_named(sources)):
        icon = icons.get((pack, name)) or icons.get(("fas", name))
        if icon is None:
            logger.warning("the theme names an icon its Font Awesome lacks: %s %s", pack, name)
            continue
        rules.append(icon_rule(pack, name, *icon))
    theme_css = (out / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    kinds = admonition_kinds(theme_css, sources)
    for kind, name in sorted(kinds.items()):
        icon = icons.get(("fas", name))
        if icon is None:
            logger.warning("the theme's icon for a %s admonition is not in its Font Awesome: %s", kind, name)
            continue
        rules.append(admonition_rule(kind, *icon))
    head = HEAD + (ADMONITION_HEAD if kinds else "")
    (out / "_static" / STYLESHEET).write_text(head + "\n".join(rules) + "\n", encoding="utf-8")
    # The script itself stays out of the site: nothing loads it now.
    script.unlink()
    for extra in (script.with_name("fontawesome.js.LICENSE.txt"), script.with_name("fontawesome.js.map")):
        extra.unlink(missing_ok=True)


def setup(app):
    # Linked by docs/_templates/layout.html rather than add_css_file: Sphinx adds a ?v=<checksum>
    # only when the file is already in the output, and this one is written after the pages, so a
    # clean build and a rebuild would link it differently.
    app.connect("build-finished", write_icon_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
