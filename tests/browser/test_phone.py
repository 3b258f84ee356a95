"""On a phone-sized screen (360 CSS pixels), no page is wider than the screen.

Wide code, outputs and tables must scroll inside their own box: a page that scrolls sideways as a
whole hides its text's right edge on every line.
"""

import pytest

from tests.browser.test_offline import BUILT_PAGES
from tests.helpers import HTML

pytestmark = pytest.mark.browser

PHONE_WIDTH = 360


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 780}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


# The elements that stick out, so a failure says what to fix rather than only by how much.
OVERFLOWING = """() => {
  const screen = document.documentElement.clientWidth;
  const clipped = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== 'visible') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(element => element.getBoundingClientRect().right > screen + 1 && !clipped(element))
    .slice(0, 5)
    .map(element => `${element.tagName.toLowerCase()}.${element.className} ` +
                    `(right edge at ${Math.round(element.getBoundingClientRect().right)} px)`);
}"""


@pytest.mark.parametrize("name", BUILT_PAGES)
def test_page_fits_a_phone_screen(phone, name):
    phone.goto((HTML / name).as_uri(), wait_until="load")
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{name} is {width} px wide on a {PHONE_WIDTH} px screen: {phone.evaluate(OVERFLOWING)}"


def test_the_check_catches_a_wide_page(phone):
    phone.set_content(f"<body style='margin:0'><div style='width:{PHONE_WIDTH + 40}px'>wide</div></body>")
    assert phone.evaluate("() => document.documentElement.scrollWidth") > PHONE_WIDTH
