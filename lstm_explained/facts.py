"""The facts every part of the package (and the site's browser code) uses: kinds, names, gate layouts.

A leaf module: it imports nothing from the package, so any module can import it without a cycle.
The site's build writes these facts into ``_static/lstm-explained-data.js`` for the browser
(docs/_ext/browser_data.py), so Python and JavaScript read one source.

>>> GATE_ORDER["lstm"], GATES["gru"], KIND_NAMES["simple_rnn"]
(('i', 'f', 'c', 'o'), 3, 'SimpleRNN')
"""

#: The layer kinds, in the package's spelling (``check_kind`` turns Keras' class names into these).
KINDS = ("lstm", "gru", "simple_rnn")

#: Each kind's Keras class name, as prose and summaries write it.
KIND_NAMES = {"lstm": "LSTM", "gru": "GRU", "simple_rnn": "SimpleRNN"}

#: Keras' gate order along the last axis of ``kernel``, ``recurrent_kernel`` and ``bias``, per kind.
GATE_ORDER = {
    "lstm": ("i", "f", "c", "o"),
    "gru": ("z", "r", "h"),
    "simple_rnn": ("h",),
}

#: PyTorch's gate order along the first axis of ``weight_ih_l0``, ``weight_hh_l0`` and the biases,
#: in Keras' letters (PyTorch calls the LSTM candidate ``g`` and the GRU candidate ``n``).
#: ``nn.RNN`` has no gates: its one block is the whole array.
TORCH_GATE_ORDER = {
    "lstm": ("i", "f", "c", "o"),
    "gru": ("r", "z", "h"),
}

#: PyTorch's own letters where they differ from Keras': the LSTM's candidate is g, the GRU's n.
TORCH_LETTERS = {"c": "g", "h": "n"}

#: The ONNX ``LSTM`` operator's gate order along the gate axis of ``W``, ``R`` and each half of ``B``.
ONNX_GATE_ORDER = {"lstm": ("i", "o", "f", "c")}

#: Where each layout's gate orders are, by the name ``split_gates(layout=...)`` takes.
LAYOUTS = {"keras": GATE_ORDER, "torch": TORCH_GATE_ORDER, "onnx": ONNX_GATE_ORDER}

#: Gate blocks per kind: every last dimension of a Keras layer's weights is ``GATES[kind] * units``.
GATES = {kind: len(order) for kind, order in GATE_ORDER.items()}

#: Bias vectors (rows of ``GATES[kind] * units``) a layer with ``use_bias=True`` stores, by kind and
#: ``reset_after``. Only a GRU's reset_after changes it: with the reset gate after the recurrent
#: product, the input product and the recurrent product each keep a bias of their own.
BIAS_ROWS = {
    "lstm": {True: 1, False: 1},
    "gru": {True: 2, False: 1},
    "simple_rnn": {True: 1, False: 1},
}

#: A Bidirectional wrapper's two layers, in the order its ``get_weights()`` lists them.
DIRECTIONS = ("forward", "backward")

#: The largest input_dim or units the command line and the calculator page accept: larger
#: layers would not fit in memory.
MAX_SIZE = 100_000
