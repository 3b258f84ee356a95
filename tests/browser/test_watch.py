"""The "Watch the two states" page (docs/watch.md), driven in Chromium, against real Keras.

The page's forward pass (docs/_static/cells.js) is a third implementation of the LSTM and GRU,
after Keras and the package's NumPy cells. Every gate, every state and the sentence under the
plots is compared here with what Keras computes from the weights the page embeds: on every
input preset, on random sequences, for every number of units and with the memory bias moved.

Keras runs each layer in float64 here (the embedded float32 weights are exact in it), so the
comparison measures the page's arithmetic, not float32 rounding; one test also runs the layer
as Keras builds it, in float32.
"""

import math

import numpy as np
import pytest

from lstm_explained import gru_forward, lstm_forward, split_gates, weight_shapes
from lstm_explained.cells import sigmoid
from tests.helpers import HTML, ROOT
from tests.support.browser import OfflinePage, module_page

TOLERANCE = 1e-5
INPUT_DIM = 4
UNIT_CHOICES = range(1, 9)
PRESETS = ["constant", "step", "sine", "pulse", "random"]
# Keras' names for each kind's gates, and the page's (g is c̃, hh is h̃).
GATE_KEYS = {"lstm": {"i": "i", "f": "f", "c": "g", "o": "o"}, "gru": {"z": "z", "r": "r", "h": "hh"}}
SCREENSHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def watch(browser):
    yield from module_page(browser, "watch")


@pytest.fixture(scope="module")
def embedded(watch):
    """The weights the page embeds, as the browser reads them."""
    _, page = watch
    return page.evaluate("() => JSON.parse(document.getElementById('watch-weights').textContent)")


# -- Keras: each kind and size built once per session, run through one traced function -----------


class KerasRunner:
    """Real Keras LSTM and GRU layers, one per kind and size, that return every gate and state.

    A Keras LSTM returns every h but only the last c; run on every prefix of a sequence at once
    (a batch masked to lengths 1..T, whose final states are h_t and c_t), it returns every c too.
    The gates are then the package's NumPy pieces applied to Keras' own h_{t-1}, and must
    reproduce Keras' next states.
    """

    def __init__(self, keras, dtype):
        import tensorflow as tf

        self.keras, self.tf, self.dtype = keras, tf, dtype
        self.layers = {}

    def _layer(self, kind, units):
        if (kind, units) not in self.layers:
            tf = self.tf
            if kind == "lstm":
                layer = self.keras.layers.LSTM(units, return_state=True, dtype=self.dtype)
            else:
                layer = self.keras.layers.GRU(units, return_sequences=True, dtype=self.dtype)
            layer.build((None, None, INPUT_DIM))
            spec = [tf.TensorSpec((None, None, INPUT_DIM), self.dtype), tf.TensorSpec((None, None), tf.bool)]
            call = tf.function(lambda x, mask: layer(x, mask=mask), input_signature=spec)
            self.layers[kind, units] = (layer, call)
        return self.layers[kind, units]

    def run(self, kind, weights, sequences):
        """Every gate and state of ``kind`` with ``weights`` over each sequence: a list of dicts."""
        kernel, recurrent_kernel, bias = (np.asarray(weights[name], dtype=np.float64) for name in ("kernel", "recurrent_kernel", "bias"))
        units = recurrent_kernel.shape[0]
        layer, call = self._layer(kind, units)
        layer.set_weights([array.astype(self.dtype) for array in (kernel, recurrent_kernel, bias)])
        sequences = [np.asarray(x, dtype=np.float64).reshape(-1, INPUT_DIM) for x in sequences]
        longest = max(len(x) for x in sequences)
        # LSTM: one row per prefix; GRU: one row per sequence (its output is every h).
        rows = [(index, length) for index, x in enumerate(sequences)
                for length in (range(1, len(x) + 1) if kind == "lstm" else [len(x)])]
        batch = np.zeros((len(rows), longest, INPUT_DIM))
        mask = np.zeros((len(rows), longest), dtype=bool)
        for row, (index, length) in enumerate(rows):
            batch[row, :length] = sequences[index][:length]
            mask[row, :length] = True
        returned = call(batch.astype(self.dtype), mask)  # LSTM: [output, h, c]; GRU: every h
        returned = [np.asarray(tensor, dtype=np.float64) for tensor in (returned if kind == "lstm" else [returned])]
        traces = []
        for index, x in enumerate(sequences):
            picked = [row for row, (which, _) in enumerate(rows) if which == index]
            if kind == "lstm":
                _, h, c = (array[picked] for array in returned)
                traces.append(self._lstm_gates(x, h, c, kernel, recurrent_kernel, bias))
            else:
                h = returned[0][picked[0], : len(x)]
                traces.append(self._gru_gates(x, h, kernel, recurrent_kernel, bias))
        return traces

    @staticmethod
    def _previous(states):
        return np.vstack([np.zeros((1, states.shape[1])), states[:-1]])

    def _lstm_gates(self, x, h, c, kernel, recurrent_kernel, bias):
        h_previous, c_previous = self._previous(h), self._previous(c)
        gate = split_gates(x @ kernel + h_previous @ recurrent_kernel + bias, "lstm")
        i, f, g, o = sigmoid(gate["i"]), sigmoid(gate["f"]), np.tanh(gate["c"]), sigmoid(gate["o"])
        tolerance = 1e-9 if self.dtype == "float64" else 1e-5
        np.testing.assert_allclose(f * c_previous + i * g, c, atol=tolerance, err_msg="gates do not give Keras' c")
        np.testing.assert_allclose(o * np.tanh(c), h, atol=tolerance, err_msg="gates do not give Keras' h")
        return {"i": i, "f": f, "g": g, "o": o, "c": c, "h": h}

    def _gru_gates(self, x, h, kernel, recurrent_kernel, bias):
        h_previous = self._previous(h)
        from_input = split_gates(x @ kernel + bias[0], "gru")
        from_state = split_gates(h_previous @ recurrent_kernel + bias[1], "gru")
        z = sigmoid(from_input["z"] + from_state["z"])
        r = sigmoid(from_input["r"] + from_state["r"])
        hh = np.tanh(from_input["h"] + r * from_state["h"])
        tolerance = 1e-9 if self.dtype == "float64" else 1e-5
        np.testing.assert_allclose(z * h_previous + (1 - z) * hh, h, atol=tolerance, err_msg="gates do not give Keras' h")
        return {"z": z, "r": r, "hh": hh, "h": h}


@pytest.fixture(scope="session")
def keras_run(keras):
    return KerasRunner(keras, "float64").run


# -- The page's side -------------------------------------------------------------------------


def show(page, kind="lstm", units=2, preset="step", length=50, memory=0.0, scale=1.0, typed=None):
    """Set the page's controls as a reader would; return what the page computed."""
    page.select_option("#watch-kind", kind)
    page.select_option("#watch-units", str(units))
    page.select_option("#watch-preset", "typed" if typed is not None else preset)
    if typed is None:
        page.fill("#watch-length", str(length))
    else:
        paste(page, typed)
    page.fill("#watch-memory", str(memory))
    page.fill("#watch-scale", str(scale))
    state = page.evaluate("() => window.lstmExplained.watch.current()")
    assert (state["kind"], state["units"], state["offset"], state["scale"]) == (kind, units, memory, scale)
    return state


def paste(page, text):
    """Put ``text`` into the typed-values box at once, as pasting does.

    (Playwright 1.65's fill() on this textarea sets the value of a long multi-line text, then
    times out waiting for the element; short texts, as in the bad-input tests, fill fine.)
    """
    page.eval_on_selector(
        "#watch-typed", "(box, text) => { box.value = text; box.dispatchEvent(new Event('input', {bubbles: true})); }", text
    )


# Every control set first, then one change event: the page reads all of them on any change
# (watch.js update()), so it computes once instead of once per control as show() makes it do.
SET_CONTROLS = """(values) => {
  for (const [name, value] of Object.entries(values)) document.getElementById(`watch-${name}`).value = value;
  document.getElementById('watch-scale').dispatchEvent(new Event('change', {bubbles: true}));
  return window.lstmExplained.watch.current();
}"""


def show_at_once(page, kind="lstm", units=2, preset="step", length=50, memory=0.0, scale=1.0, typed=None):
    """What the page computes for these settings, set in one step (for the many comparisons with
    Keras; show() sets them one by one as a reader does, for the tests of the controls)."""
    values = {"kind": kind, "units": str(units), "preset": "typed" if typed is not None else preset,
              "memory": str(memory), "scale": str(scale)}
    values.update({"typed": typed} if typed is not None else {"length": str(length)})
    state = page.evaluate(SET_CONTROLS, values)
    assert (state["kind"], state["units"], state["offset"], state["scale"]) == (kind, units, memory, scale)
    return state


def with_memory_offset(kind, weights, offset):
    """The embedded weights with ``offset`` added to the forget gate's bias (LSTM) or z's input bias (GRU)."""
    weights = {name: np.array(value, dtype=np.float64) for name, value in weights.items()}
    if kind == "lstm":
        split_gates(weights["bias"], "lstm")["f"][:] += offset
    else:
        split_gates(weights["bias"][0], "gru")["z"][:] += offset
    return weights


def as_arrays(steps, keys):
    return {key: np.array([step[key] for step in steps]) for key in keys}


def assert_matches(kind, page_steps, keras_trace, where):
    keys = list(GATE_KEYS[kind].values()) + (["c", "h"] if kind == "lstm" else ["h"])
    shown = as_arrays(page_steps, keys)
    for key in keys:
        assert shown[key].shape == keras_trace[key].shape, (where, key)
        gap = np.abs(shown[key] - keras_trace[key]).max()
        assert gap < TOLERANCE, f"{where}: {key} differs from Keras by {gap:.2e}"


def fmt(value, digits=2):
    """A number as the page prints it (two decimals, a true minus sign)."""
    text = f"{abs(value):.{digits}f}"
    return "\u2212" + text if value < 0 and float(text) != 0 else text


def expected_sentence(kind, inputs, trace):
    """The sentence under the plots, written from Keras' numbers."""
    state = "c" if kind == "lstm" else "h"
    values = trace[state]
    steps, units = values.shape
    t, unit = np.unravel_index(np.argmax(np.abs(values)), values.shape)
    where = f"at step {t + 1}" + (f" (unit {unit + 1})" if units > 1 else "")
    bound = fmt((math.floor(np.abs(trace["h"]).max() * 100) + 1) / 100)
    if kind == "lstm":
        outside = np.flatnonzero(np.abs(values).max(axis=1) > 1)
        band = f"left the ±1 band at step {outside[0] + 1}" if outside.size else "stayed inside the ±1 band"
        text = f"c reached {fmt(values[t, unit])} {where} and {band}; h never left (\u2212{bound}, {bound})."
    else:
        text = (f"h reached {fmt(values[t, unit])} {where}; a GRU has no c, and its one state h never left "
                f"(\u2212{bound}, {bound}).")
    sizes = np.abs(values).max(axis=1)
    active = np.flatnonzero(np.any(np.asarray(inputs) != 0, axis=1))
    if active.size and active[-1] < steps - 1 and sizes[active[-1]] >= 0.01:
        last = active[-1]
        held = sizes[last]
        later = [s for s in range(last + 1, steps) if sizes[s] <= held / 2]
        text += f" After the input stopped at step {last + 1}, the largest |{state}| was {fmt(held)}; " + (
            f"it fell to half of that or less by step {later[0] + 1}." if later
            else f"it still held more than half of that at the last step, {steps}."
        )
    return text


def check_page_against_keras(keras_run, embedded, state):
    kind, units = state["kind"], state["units"]
    raw = np.array(state["raw"], dtype=np.float64)
    inputs = raw * state["scale"]
    np.testing.assert_allclose(np.array(state["inputs"]), inputs, atol=1e-12, err_msg="the input scale")
    weights = with_memory_offset(kind, embedded[kind][str(units)], state["offset"])
    (trace,) = keras_run(kind, weights, [inputs])
    where = f"{kind}({units}), offset {state['offset']}, scale {state['scale']}"
    assert_matches(kind, state["steps"], trace, where)
    assert state["sentence"] == expected_sentence(kind, inputs, trace), where
    return trace


# -- The embedded weights ----------------------------------------------------------------------


def test_weights_are_embedded_in_keras_layout(embedded):
    assert embedded["input_dim"] == INPUT_DIM and embedded["default_units"] == 2
    for kind in ("lstm", "gru"):
        assert sorted(map(int, embedded[kind])) == list(UNIT_CHOICES)
        for units in UNIT_CHOICES:
            arrays = {name: np.array(value) for name, value in embedded[kind][str(units)].items()}
            assert {name: array.shape for name, array in arrays.items()} == weight_shapes(kind, INPUT_DIM, units)
            # Keras' initial biases: zeros, except the LSTM's forget gate (unit_forget_bias=True).
            expected_bias = np.zeros_like(arrays["bias"])
            if kind == "lstm":
                split_gates(expected_bias, "lstm")["f"][:] = 1.0
            assert np.array_equal(arrays["bias"], expected_bias), (kind, units)
            # Keras' orthogonal recurrent_kernel: its rows are orthonormal.
            recurrent_kernel = arrays["recurrent_kernel"]
            np.testing.assert_allclose(recurrent_kernel @ recurrent_kernel.T, np.eye(units), atol=1e-5)


def test_package_cells_agree_with_keras_on_the_embedded_weights(embedded, keras_run, rng):
    """The three implementations meet: NumPy cells, Keras and (below) the page."""
    x = rng.uniform(-2, 2, size=(30, INPUT_DIM))
    for kind in ("lstm", "gru"):
        weights = {name: np.array(value) for name, value in embedded[kind]["3"].items()}
        (trace,) = keras_run(kind, weights, [x])
        if kind == "lstm":
            outputs, _, c = lstm_forward(x[None], **weights)
            np.testing.assert_allclose(c[0], trace["c"][-1], atol=1e-9)
        else:
            outputs, _ = gru_forward(x[None], **weights)
        np.testing.assert_allclose(outputs[0], trace["h"], atol=1e-9)


# -- The forward pass against Keras ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_matches_keras(watch, embedded, keras_run, kind, preset):
    _, page = watch
    state = show_at_once(page, kind=kind, preset=preset, length=100)
    raw = np.array(state["raw"])
    assert raw.shape == (100, INPUT_DIM)
    on = np.any(raw != 0, axis=1)
    if preset == "constant":
        assert np.all(raw == 1)
    elif preset == "step":  # off, on, then off again
        switches = np.flatnonzero(np.diff(on.astype(int)))
        assert len(switches) == 2 and not on[0] and not on[-1]
    elif preset == "pulse":  # on at the start, then silence to the end
        assert on[0] and not on[-1] and len(np.flatnonzero(np.diff(on.astype(int)))) == 1
    elif preset == "sine":
        assert np.all(np.abs(raw) <= 1) and raw.max() > 0.9 and raw.min() < -0.9
    else:  # random: every feature its own values, the same on every visit
        assert len(np.unique(raw)) == raw.size
    check_page_against_keras(keras_run, embedded, state)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("units", UNIT_CHOICES)
def test_every_unit_count_matches_keras(watch, embedded, keras_run, kind, units):
    _, page = watch
    state = show_at_once(page, kind=kind, units=units, preset="random", length=60, scale=2.0)
    assert np.array(state["steps"][0]["h"]).shape == (units,)
    check_page_against_keras(keras_run, embedded, state)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("memory, scale", [(-5.0, 1.0), (-1.5, 0.5), (2.0, 3.0), (5.0, 1.0), (5.0, 5.0)])
def test_memory_bias_matches_keras(watch, embedded, keras_run, kind, memory, scale):
    _, page = watch
    state = show_at_once(page, kind=kind, units=3, preset="pulse", length=80, memory=memory, scale=scale)
    check_page_against_keras(keras_run, embedded, state)


def test_typed_random_values_match_keras(watch, embedded, keras_run, rng):
    _, page = watch
    for kind, units, length in (("lstm", 5, 37), ("gru", 7, 100), ("lstm", 1, 1)):
        values = rng.normal(scale=1.5, size=(length, INPUT_DIM)).round(4)
        typed = "\n".join(", ".join(repr(float(v)) for v in row) for row in values)
        state = show_at_once(page, kind=kind, units=units, typed=typed, memory=1.5)
        np.testing.assert_array_equal(np.array(state["raw"]), values)
        check_page_against_keras(keras_run, embedded, state)


def test_forward_on_random_sequences_and_weights(watch, keras_run, rng):
    """window.lstmExplained.forward itself, on weights and sequences the page never shows."""
    _, page = watch
    for kind, gates in (("lstm", 4), ("gru", 3)):
        for units in (1, 4, 8):
            weights = {
                "kernel": rng.normal(size=(INPUT_DIM, gates * units)),
                "recurrent_kernel": rng.normal(size=(units, gates * units)),
                "bias": rng.normal(size=(gates * units,) if kind == "lstm" else (2, gates * units)),
            }
            sequences = [rng.normal(scale=3, size=(length, INPUT_DIM)) for length in (1, 17, 100)]
            traces = keras_run(kind, weights, sequences)
            for x, trace in zip(sequences, traces):
                result = page.evaluate(
                    "([kind, weights, inputs]) => window.lstmExplained.forward(kind, weights, inputs)",
                    [kind, {name: value.tolist() for name, value in weights.items()}, x.tolist()],
                )
                assert_matches(kind, result["steps"], trace, f"{kind}({units}), {len(x)} steps")


def test_matches_float32_keras_as_built(watch, embedded, keras):
    """The default view against the layer as Keras builds it, in float32."""
    _, page = watch
    runner = KerasRunner(keras, "float32")
    for kind in ("lstm", "gru"):
        state = show_at_once(page, kind=kind, preset="step", length=100, memory=3.0, scale=2.0)
        weights = with_memory_offset(kind, embedded[kind]["2"], 3.0)
        (trace,) = runner.run(kind, weights, [np.array(state["inputs"])])
        assert_matches(kind, state["steps"], trace, f"{kind}(2) in float32")


# -- What the page says ------------------------------------------------------------------------


def test_the_prose_claims_hold_for_the_embedded_layers(watch):
    """'What to try' promises what a reader will see with the question's LSTM(2) and GRU(2)."""
    _, page = watch

    def sizes(state, name):
        return np.abs(np.array([step[name] for step in state["steps"]])).max(axis=1)

    default = show(page)
    assert sizes(default, "c").max() < 1, "by default c stays in the band"
    louder = show(page, scale=5.0)
    assert sizes(louder, "c").max() > 1 > sizes(louder, "h").max(), "a larger input pushes c out, h stays in"
    stop = 19  # the step preset of length 50 is on for steps 6 to 20
    assert np.array(default["raw"])[stop].any() and not np.array(default["raw"])[stop + 1:].any()
    forgets, remembers = sizes(default, "c"), sizes(show(page, memory=3.0), "c")
    assert forgets[-1] < forgets[stop] / 2 and remembers[-1] > remembers[stop] / 2
    assert "fell to half" in default["sentence"] and "still held more than half" in show(page, memory=3.0)["sentence"]
    gru_default, gru_memory = sizes(show(page, kind="gru"), "h"), sizes(show(page, kind="gru", memory=3.0), "h")
    first_half = lambda s: next(t for t in range(stop + 1, len(s)) if s[t] <= s[stop] / 2)  # noqa: E731
    assert first_half(gru_memory) > first_half(gru_default), "the memory bias makes the GRU remember longer"


def test_the_default_view(watch):
    _, page = watch
    page.reload(wait_until="load")
    state = page.evaluate("() => window.lstmExplained.watch.current()")
    assert (state["kind"], state["units"], state["offset"], state["scale"], len(state["steps"])) == ("lstm", 2, 0, 1, 50)
    assert page.inner_text(".watch-sentence") == state["sentence"]
    # The cursor starts where the state is largest, and the vectors are that step's, with shapes.
    c = np.abs(np.array([step["c"] for step in state["steps"]])).max(axis=1)
    step = int(page.input_value("#watch-step"))
    assert step == int(np.argmax(c)) + 1
    rows = page.eval_on_selector_all(
        ".watch-vector", "rows => rows.map(r => [r.querySelector('.watch-name').textContent, r.querySelector('.watch-shape').textContent])"
    )
    assert rows == [["xt", "(4,)"], ["ht−1", "(2,)"], ["it", "(2,)"], ["ft", "(2,)"], ["c̃t", "(2,)"],
                    ["ot", "(2,)"], ["ct−1", "(2,)"], ["ct", "(2,)"], ["ht", "(2,)"]]
    shown_c = page.eval_on_selector_all(".watch-vector:nth-child(8) .watch-values > span:not(.watch-formula)", "s => s.map(e => e.textContent)")
    assert shown_c == [fmt(value) for value in state["steps"][step - 1]["c"]]


def test_gru_shows_one_state(watch):
    _, page = watch
    show(page, kind="gru", units=3)
    names = page.eval_on_selector_all(".watch-vector .watch-name", "n => n.map(e => e.textContent)")
    assert names == ["xt", "ht−1", "zt", "rt", "h̃t", "ht"]
    labels = page.eval_on_selector_all(".watch-lines svg text.symbol", "t => t.map(e => e.textContent)")
    assert labels == ["ht"]
    assert page.inner_text("[data-show='memory-gate']") == "update gate z"
    assert page.locator(".watch-heat svg rect.heat").count() == 3 * 3 * 50


# -- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Type at least one time step: one number per line."),
        ("1\nabc", "Line 2: “abc” is not a number."),
        ("1 2 3", "Line 1: give 1 number or 4 (one per feature); it has 3."),
        ("0.5\nNaN", "Line 2: “NaN” is not a number."),
        ("Infinity", "Line 1: “Infinity” is not a number."),
        ("1e9", "Line 1: 1e9 is too large; keep values within ±1000."),
        ("\n".join(["1"] * 101), "At most 100 time steps; this has 101 lines."),
    ],
)
def test_bad_typed_values_get_a_message_and_no_plot(watch, typed, message):
    _, page = watch
    show(page, typed="1")
    page.fill("#watch-typed", typed)
    assert page.inner_text("#watch-typed-error").strip() == message
    assert page.get_attribute("#watch-typed", "aria-invalid") == "true"
    assert not page.is_visible(".watch-results")
    assert "NaN" not in page.inner_text(".watch-results") or not page.is_visible(".watch-results")
    page.fill("#watch-typed", "1\n\u22120.5\n0")  # a typographic minus reads as a minus
    assert page.inner_text("#watch-typed-error").strip() == "" and page.is_visible(".watch-results")
    assert page.evaluate("() => window.lstmExplained.watch.current().raw.map(x => x[0])") == [1, -0.5, 0]


@pytest.mark.parametrize("text", ["", "0", "101", "2.5", "abc", "-3"])
def test_bad_step_count_gets_a_message(watch, text):
    _, page = watch
    show(page)
    page.fill("#watch-length", text)
    assert page.inner_text("#watch-length-error").strip() == "Steps must be a whole number from 1 to 100."
    assert page.get_attribute("#watch-length", "aria-invalid") == "true" and not page.is_visible(".watch-results")
    page.fill("#watch-length", "1")
    assert page.is_visible(".watch-results") and len(page.evaluate("() => window.lstmExplained.watch.current().steps")) == 1


@pytest.mark.parametrize(
    "call, message",
    [
        ('forward("rnn", lstm, [[0, 0, 0, 0]])', 'kind must be "lstm" or "gru"; got "rnn"'),
        ('forward("gru", lstm, [[0, 0, 0, 0]])',
         "kernel must have shape (4, 6) for a GRU with 2 units (the rows of recurrent_kernel); got shape (4, 8)"),
        ('forward("lstm", {...lstm, bias: [1, 2]}, [[0, 0, 0, 0]])', "bias must have shape (8,) for an LSTM with 2 units"),
        ('forward("gru", {...gru, bias: gru.bias[0]}, [[0, 0, 0, 0]])',
         "bias must have shape (2, 6) for a GRU with 2 units (the rows of recurrent_kernel): reset_after=True keeps"),
        ('forward("lstm", {...lstm, kernel: lstm.kernel.map(r => r.map(() => NaN))}, [])',
         "kernel must have shape (4, 8) for an LSTM with 2 units (the rows of recurrent_kernel); got a value that is not a finite number"),
        ('forward("lstm", lstm, [[0, 0, 0]])', "inputs[0] must be 4 finite numbers (one per input feature); got [0,0,0]"),
        ('forward("lstm", lstm, [[0, 0, 0, 0], [0, NaN, 0, 0]])', "inputs[1] must be 4 finite numbers"),
        ('forward("lstm", lstm, "0000")', "inputs must be a list of time steps, each a list of numbers"),
        ('forward("lstm", null, [])', "weights must be {kernel, recurrent_kernel, bias}"),
    ],
)
def test_forward_rejects_bad_arguments_with_a_message(watch, call, message):
    _, page = watch
    error = page.evaluate(
        "(call) => { const weights = JSON.parse(document.getElementById('watch-weights').textContent);"
        " const lstm = weights.lstm['2'], gru = weights.gru['2'];"
        " const forward = window.lstmExplained.forward;"
        " try { eval(call); return null; } catch (error) { return error.message; } }",
        call,
    )
    assert error is not None and message in error, error


# -- Reading it: keyboard, pointer, phones, dark mode, screenshots -----------------------------


def test_keyboard_reaches_every_control_and_moves_the_step(watch):
    _, page = watch
    show(page)
    page.focus("#watch-kind")
    reached = []
    for _ in range(12):
        reached.append(page.evaluate("() => document.activeElement.id"))
        page.keyboard.press("Tab")
    for control in ("watch-kind", "watch-units", "watch-preset", "watch-length", "watch-memory", "watch-scale", "watch-step"):
        assert control in reached, (control, reached)
    page.focus("#watch-step")
    before = page.inner_text("[data-show='step']")
    page.keyboard.press("ArrowRight")
    after = page.inner_text("[data-show='step']")
    assert int(after.split()[0]) == int(before.split()[0]) + 1 or int(before.split()[0]) == 50
    page.focus("#watch-memory")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => window.lstmExplained.watch.current().offset") == 0.5


def test_pointing_at_a_plot_moves_the_step(watch):
    _, page = watch
    show(page)
    plot = page.locator(".watch-lines svg")
    plot.hover(position={"x": plot.bounding_box()["width"] - 12, "y": 40})
    assert page.input_value("#watch-step") == "50"
    assert page.inner_text("[data-show='step']") == "50 of 50"
    plot.hover(position={"x": 66, "y": 40})  # just right of the axis labels: the first step
    assert page.input_value("#watch-step") == "1"


def test_fits_a_phone_with_readable_labels(browser):
    """Opened on a phone in light mode, then switched to dark: in both, the plots fit and read."""
    tab = OfflinePage(browser, "light", phone=True)
    page = tab.open(HTML / "watch.html")
    show(page, units=8, preset="random", length=100)
    for mode in ("light", "dark"):
        if mode != tab.mode:
            tab.switch_mode(mode)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, mode
        for plot in (".watch-heat svg", ".watch-lines svg"):
            # Drawn at the width it is shown at, so its 12 px labels stay 12 px.
            drawn, shown = page.eval_on_selector(plot, "s => [s.viewBox.baseVal.width, s.getBoundingClientRect().width]")
            assert abs(drawn - shown) <= 1 and shown <= 360, mode
        sizes = page.eval_on_selector_all(".watch-results svg text", "t => t.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert min(sizes) >= 12, mode
    assert tab.network_requests == [] and tab.console_errors == []
    tab.close()


# Counts the heat map's drawings: each one replaces the svg in .watch-heat.
COUNT_DRAWINGS = """
window.heatMapsDrawn = 0;
new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target.classList && change.target.classList.contains("watch-heat")) {
      window.heatMapsDrawn += [...change.addedNodes].filter((node) => node.nodeName === "svg").length;
    }
  }
}).observe(document, { childList: true, subtree: true });
"""
NEXT_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_drawn_once_at_load_and_again_at_a_new_width(browser):
    """Opening the page draws the plots once: the resize watcher's first call, one frame after it
    starts, is not a change. A new column width redraws them at that width, labels at full size."""
    tab = OfflinePage(browser, "light")
    tab.context.add_init_script(COUNT_DRAWINGS)
    page = tab.open(HTML / "watch.html")
    page.evaluate(NEXT_FRAMES)
    assert page.evaluate("() => window.heatMapsDrawn") == 1
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_function("() => window.heatMapsDrawn === 2")
    page.evaluate(NEXT_FRAMES)
    assert page.evaluate("() => window.heatMapsDrawn") == 2
    drawn, shown = page.eval_on_selector(".watch-heat svg", "s => [s.viewBox.baseVal.width, s.getBoundingClientRect().width]")
    assert abs(drawn - shown) <= 1 and shown < 360
    tab.assert_clean("watch.html")
    tab.close()


def test_follows_dark_mode(browser):
    """Opened in light mode, then the reader's system switches to dark: the plots follow."""
    tab = OfflinePage(browser, "light")
    page = tab.open(HTML / "watch.html")
    colors = {}
    for mode in ("light", "dark"):
        if mode != tab.mode:
            tab.switch_mode(mode)
        assert page.evaluate("() => document.documentElement.dataset.theme") == mode
        colors[mode] = page.evaluate(
            "() => ['.watch-lines .trace.u0', '.watch-heat .g0 rect.heat', '.watch-lines text']"
            ".map(s => { const style = getComputedStyle(document.querySelector(s)); return style.stroke + style.fill; })"
        )
    tab.close()
    for light, dark in zip(colors["light"], colors["dark"]):
        assert light != dark


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots(browser, width):
    """The page as a reader sees it, in both modes, written to _build/screenshots/ to be looked at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = OfflinePage(browser, "dark")
    tab.page.set_viewport_size({"width": width, "height": 900})
    page = tab.open(HTML / "watch.html")
    for mode in ("dark", "light"):
        if mode != tab.mode:
            tab.switch_mode(mode)
        box = page.locator(".lstm-watch").bounding_box()
        assert box["width"] > 0.8 * min(width, 700) and box["x"] + box["width"] <= width
        path = SCREENSHOTS / f"watch-{width}-{mode}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 20000
    assert tab.network_requests == [] and tab.console_errors == []
    tab.close()


def test_linked_from_the_landing_and_states_pages():
    for page in ("index", "states"):
        assert 'href="watch.html"' in (HTML / f"{page}.html").read_text(encoding="utf-8"), page
