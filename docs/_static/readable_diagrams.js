/* Cell diagrams stay readable on narrow screens: never scaled so far that a label drops below 11 px.
 *
 * A diagram (svg.lstm-cell, drawn by lstm_explained.cell_diagram_svg or diagram.js) is scaled to
 * its column. When the column is too narrow for its smallest label (12 px in the drawing) to stay
 * at 11 px or more, the diagram is shown at full size instead, in a box that scrolls sideways and
 * takes keyboard focus, with a line above it saying so and a button to fit it to the screen
 * anyway (and back). The calculator redraws its diagram as you type: redrawn ones are handled too.
 * tests/browser/test_phone_readability.py measures the labels at 360 px.
 */
(function () {
  "use strict";

  const SMALLEST_LABEL = 12; // px in the drawing: the .small class of the diagram's stylesheet
  const READABLE = 11; // px on screen

  function frameOf(svg) {
    const frame = svg.parentElement;
    if (!frame.classList.contains("diagram-frame")) {
      frame.classList.add("diagram-frame");
      const hint = document.createElement("p");
      hint.className = "diagram-hint";
      hint.hidden = true;
      hint.innerHTML = '<span class="diagram-hint-text"></span> <button type="button" class="diagram-toggle"></button>';
      hint.querySelector("button").addEventListener("click", () => {
        frame.dataset.fitted = frame.dataset.fitted === "yes" ? "no" : "yes";
        layOut(frame);
      });
      frame.before(hint);
    }
    return frame;
  }

  function layOut(frame) {
    // One output may hold several diagrams: the frame scrolls when any of them is too wide.
    const svgs = [...frame.querySelectorAll(":scope > svg.lstm-cell")];
    const hint = frame.previousElementSibling;
    if (!svgs.length) return;
    const fitted = frame.dataset.fitted === "yes";
    let tooNarrow = false;
    for (const svg of svgs) {
      const drawingWidth = svg.viewBox.baseVal.width;
      svg.style.width = "";
      svg.style.maxWidth = `${drawingWidth}px`;
      if (frame.clientWidth * SMALLEST_LABEL < drawingWidth * READABLE) {
        tooNarrow = true;
        if (!fitted) {
          svg.style.width = `${drawingWidth}px`;
          svg.style.maxWidth = "none";
        }
      }
    }
    const scrolls = tooNarrow && !fitted;
    frame.classList.toggle("diagram-scrolls", scrolls);
    if (scrolls) {
      frame.tabIndex = 0;
      frame.setAttribute("role", "region");
      frame.setAttribute("aria-label", "Cell diagram at full size, scrolls sideways");
    } else {
      frame.removeAttribute("tabindex");
      frame.removeAttribute("role");
      frame.removeAttribute("aria-label");
    }
    hint.hidden = !tooNarrow;
    hint.querySelector(".diagram-hint-text").textContent = fitted
      ? "Fitted to the screen: the labels are small."
      : "Full size: scroll sideways to see the whole diagram.";
    hint.querySelector("button").textContent = fitted ? "View full size" : "Fit to screen";
  }

  function layOutAll() {
    document.querySelectorAll("svg.lstm-cell").forEach((svg) => layOut(frameOf(svg)));
  }

  // The calculator replaces its drawing on every change: lay the new one out as it arrives.
  new MutationObserver((changes) => {
    if (changes.some((change) => [...change.addedNodes].some((node) => node.nodeName === "svg"))) layOutAll();
  }).observe(document.body, { childList: true, subtree: true });

  let pending = null;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(layOutAll);
  });
  layOutAll();
})();
