/* The sidebar buttons a reader sees, in the article header, open the sidebars.
 *
 * pydata-sphinx-theme (0.17 and newer) and sphinx-book-theme each wire only the first button of a
 * page with the class primary-toggle (and secondary-toggle): the site header's, which this site
 * hides (lstm_explained.css: the book theme's article header carries the same buttons). The article
 * header's buttons did nothing, so a phone reader could not open the navigation or the contents.
 * Each forwards its click to the wired one: on a phone the theme opens the sidebar as a drawer; on a
 * wide screen the book theme folds the navigation away. Upstream: pydata-sphinx-theme issue 2451;
 * tests/browser/test_sidebars.py checks both widths.
 */
(function () {
  "use strict";

  for (const kind of ["primary", "secondary"]) {
    const [wired, ...shown] = document.querySelectorAll(`.${kind}-toggle`);
    for (const button of shown) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        wired.click();
      });
    }
  }
})();
