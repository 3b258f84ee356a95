"""LSTM Explained: why a Keras LSTM's weights have the shapes they have.

Importing this package does not import TensorFlow; only :func:`explain` does, when called.
"""

from importlib.metadata import PackageNotFoundError, version

from .cells import gru_forward, lstm_forward, simple_rnn_forward
from .diagram import cell_diagram_svg
from .explain import explain
from .formulas import (
    conv_lstm_count_params,
    conv_lstm_param_formula,
    conv_lstm_weight_shapes,
    count_params,
    param_formula,
    weight_shapes,
)
from .frameworks import keras_to_onnx, keras_to_torch, torch_to_keras
from .gates import GATE_ORDER, ONNX_GATE_ORDER, TORCH_GATE_ORDER, split_gates
from .summary import explain_summary
from .torch_shapes import torch_output_shapes

try:
    __version__ = version("lstm-explained")  # one source: the version in pyproject.toml
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "unknown"

__all__ = [
    "GATE_ORDER",
    "ONNX_GATE_ORDER",
    "TORCH_GATE_ORDER",
    "__version__",
    "cell_diagram_svg",
    "conv_lstm_count_params",
    "conv_lstm_param_formula",
    "conv_lstm_weight_shapes",
    "count_params",
    "explain",
    "explain_summary",
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
