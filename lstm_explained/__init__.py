"""LSTM Explained: why a Keras LSTM's weights have the shapes they have.

Importing this package does not import TensorFlow; only :func:`explain` does, when called.
"""

from .cells import gru_forward, lstm_forward, simple_rnn_forward
from .diagram import cell_diagram_svg
from .frameworks import keras_to_onnx, keras_to_torch, torch_to_keras
from .explain import explain
from .formulas import count_params, param_formula, weight_shapes
from .gates import GATE_ORDER, split_gates
from .torch_shapes import torch_output_shapes

__all__ = [
    "GATE_ORDER",
    "cell_diagram_svg",
    "count_params",
    "explain",
    "gru_forward",
    "keras_to_onnx",
    "keras_to_torch",
    "lstm_forward",
    "param_formula",
    "simple_rnn_forward",
    "split_gates",
    "torch_output_shapes",
    "torch_to_keras",
    "weight_shapes",
]
