"""Weight shapes and parameter counts of Keras recurrent layers, from the sizes alone.

Every recurrent layer in Keras stores one fused matrix per kind of input:
``kernel`` (W) acts on the input ``x_t``, ``recurrent_kernel`` (U) acts on the
previous hidden state ``h_{t-1}``, and ``bias`` (b) is added. The gates sit side
by side along the last axis, so every last dimension is ``gates * units``.
"""

import numbers
from dataclasses import dataclass

from ._checks import check_flag, check_kind, check_size
from .facts import BIAS_ROWS, DIRECTIONS, GATES


def grouped(number):
    """A count as the site writes it: with thousands separators above 9,999, plain below.

    >>> grouped(9999), grouped(93440), grouped(1234567)
    ('9999', '93,440', '1,234,567')
    """
    return f"{number:,}" if number > 9999 else str(number)


@dataclass(frozen=True)
class WeightArray:
    """One weight array of a layer: its Keras name, shape, and where its size comes from."""

    name: str
    shape: tuple
    symbolic: str  # the size as a formula in d and u, e.g. "d × 4u"
    plugged: str  # the same with the layer's numbers, e.g. "4 × 8"

    @property
    def size(self):
        """Number of scalars in the array."""
        total = 1
        for dim in self.shape:
            total *= dim
        return total


def check_layer(kind, input_dim, units, use_bias, reset_after):
    """Check a layer's arguments, in the order the functions here name them; return them normalised.

    >>> check_layer("LSTM", 4, 2, True, True)
    ('lstm', 4, 2, True, True)
    """
    kind = check_kind(kind)
    input_dim = check_size("input_dim", input_dim)
    units = check_size("units", units)
    return kind, input_dim, units, check_flag("use_bias", use_bias), check_flag("reset_after", reset_after)


def bias_rows(kind, *, use_bias=True, reset_after=True):
    """How many bias vectors of length ``gates * units`` a layer has (0, 1 or 2).

    A GRU with ``reset_after=True`` keeps separate biases for the input and the
    recurrent product, because the reset gate multiplies the recurrent product
    *after* its bias is added.

    >>> bias_rows("lstm"), bias_rows("gru"), bias_rows("gru", reset_after=False)
    (1, 2, 1)
    """
    kind = check_kind(kind)
    return _bias_rows(kind, check_flag("use_bias", use_bias), check_flag("reset_after", reset_after))


def _bias_rows(kind, use_bias, reset_after):
    return BIAS_ROWS[kind][reset_after] if use_bias else 0


def weight_arrays(kind, input_dim, units, *, use_bias=True, reset_after=True):
    """The layer's weight arrays in Keras order, with the formula behind each size.

    >>> for array in weight_arrays("lstm", input_dim=4, units=2):
    ...     print(array.name, array.shape, array.symbolic, "=", array.plugged)
    kernel (4, 8) d × 4u = 4 × 8
    recurrent_kernel (2, 8) u × 4u = 2 × 8
    bias (8,) 4u = 8
    """
    return _weight_arrays(*check_layer(kind, input_dim, units, use_bias, reset_after))


def _weight_arrays(kind, input_dim, units, use_bias, reset_after):
    gates = GATES[kind]
    rows = _bias_rows(kind, use_bias, reset_after)
    width = gates * units
    gu = f"{gates}u" if gates > 1 else "u"
    arrays = [
        WeightArray("kernel", (input_dim, width), f"d × {gu}", f"{grouped(input_dim)} × {grouped(width)}"),
        WeightArray("recurrent_kernel", (units, width), f"u × {gu}", f"{grouped(units)} × {grouped(width)}"),
    ]
    if rows == 1:
        arrays.append(WeightArray("bias", (width,), gu, grouped(width)))
    elif rows == 2:
        arrays.append(WeightArray("bias", (2, width), f"2 × {gu}", f"2 × {grouped(width)}"))
    return arrays


def _weight_shapes(kind, input_dim, units, use_bias, reset_after):
    return {array.name: array.shape for array in _weight_arrays(kind, input_dim, units, use_bias, reset_after)}


def weight_shapes(kind, input_dim, units, *, use_bias=True, reset_after=True, bidirectional=False):
    """Shapes of a Keras recurrent layer's weights, in the order ``get_weights()`` returns them.

    ``kind`` is ``"lstm"``, ``"gru"`` or ``"simple_rnn"`` (Keras' class names work too);
    ``input_dim`` is the number of features per time step (``d``), ``units`` the size of the
    hidden state (``u``). There is no ``"bias"`` key when ``use_bias=False``. With
    ``bidirectional=True`` the shapes of each direction of ``Bidirectional(layer)``, forward
    first, as its ``get_weights()`` lists them. Refuses (naming the argument) an unknown kind,
    sizes that are not positive integers and flags that are not True or False.

    >>> weight_shapes("lstm", input_dim=4, units=2)
    {'kernel': (4, 8), 'recurrent_kernel': (2, 8), 'bias': (8,)}
    >>> weight_shapes("gru", input_dim=4, units=2)["bias"]
    (2, 6)
    >>> weight_shapes("simple_rnn", input_dim=4, units=2, bidirectional=True)["backward"]
    {'kernel': (4, 2), 'recurrent_kernel': (2, 2), 'bias': (2,)}
    """
    check_flag("bidirectional", bidirectional)
    shapes = _weight_shapes(*check_layer(kind, input_dim, units, use_bias, reset_after))
    return {direction: dict(shapes) for direction in DIRECTIONS} if bidirectional else shapes


def count_params(kind, input_dim, units, *, use_bias=True, reset_after=True, bidirectional=False):
    """Trainable parameters of one Keras recurrent layer, equal to Keras' ``count_params()``.

    ``bidirectional=True`` counts ``Bidirectional(layer)``: two layers, one per direction.
    Refuses what :func:`weight_shapes` refuses.

    >>> count_params("lstm", input_dim=4, units=2)
    56
    >>> count_params("gru", input_dim=4, units=2), count_params("simple_rnn", input_dim=4, units=2)
    (48, 14)
    >>> count_params("LSTM", input_dim=4, units=2, bidirectional=True)
    112
    """
    check_flag("bidirectional", bidirectional)
    arrays = _weight_arrays(*check_layer(kind, input_dim, units, use_bias, reset_after))
    return (2 if bidirectional else 1) * sum(array.size for array in arrays)


def count_formula(gates, bias_vectors, input_dim=None, units=None):
    """The count of a layer with ``gates`` blocks and ``bias_vectors`` biases per gate, as text.

    Shared by Keras' layers here and PyTorch's layout in :mod:`lstm_explained.frameworks`.

    >>> count_formula(4, 1)
    '4 × (u·d + u·u + u)'
    >>> count_formula(4, 2, input_dim=4, units=2)
    '4 × (2·4 + 2·2 + 2·2) = 64'
    """
    return _count_formula(gates, bias_vectors, *_check_formula_sizes(input_dim, units))


def _check_formula_sizes(input_dim, units):
    """Both sizes checked, or both None (a formula in symbols)."""
    if input_dim is None and units is None:
        return None, None
    if input_dim is None or units is None:
        raise ValueError("a formula with numbers needs both input_dim and units, or neither")
    return check_size("input_dim", input_dim), check_size("units", units)


def _count_formula(gates, bias_vectors, input_dim, units):
    bias_term = {0: "", 1: " + u"}.get(bias_vectors, f" + {bias_vectors}u")
    inner = f"u·d + u·u{bias_term}"
    symbolic = f"{gates} × ({inner})" if gates > 1 else inner
    if input_dim is None:
        return symbolic
    total = gates * units * (input_dim + units + bias_vectors)
    input_dim, units = grouped(input_dim), grouped(units)
    bias_numbers = {0: "", 1: f" + {units}"}.get(bias_vectors, f" + {bias_vectors}·{units}")
    numbers = f"{units}·{input_dim} + {units}·{units}{bias_numbers}"
    plugged = f"{gates} × ({numbers})" if gates > 1 else numbers
    return f"{plugged} = {grouped(total)}"


def param_formula(kind, input_dim=None, units=None, *, use_bias=True, reset_after=True, bidirectional=False):
    """The parameter count as a formula; with sizes given, also with the numbers plugged in.

    Refuses what :func:`weight_shapes` refuses, and one size without the other.

    >>> param_formula("lstm")
    '4 × (u·d + u·u + u)'
    >>> param_formula("lstm", input_dim=4, units=2)
    '4 × (2·4 + 2·2 + 2) = 56'
    >>> param_formula("gru", use_bias=False)
    '3 × (u·d + u·u)'
    >>> param_formula("lstm", input_dim=4, units=2, bidirectional=True)
    '2 × 4 × (2·4 + 2·2 + 2) = 112'
    """
    kind = check_kind(kind)
    check_flag("bidirectional", bidirectional)
    use_bias, reset_after = check_flag("use_bias", use_bias), check_flag("reset_after", reset_after)
    input_dim, units = _check_formula_sizes(input_dim, units)
    return _param_formula(kind, input_dim, units, use_bias, reset_after, bidirectional)


def _param_formula(kind, input_dim, units, use_bias, reset_after, bidirectional=False):
    formula = _count_formula(GATES[kind], _bias_rows(kind, use_bias, reset_after), input_dim, units)
    if not bidirectional:
        return formula
    expression, equals, total = formula.partition(" = ")
    if GATES[kind] == 1:  # a SimpleRNN's sum has no brackets of its own
        expression = f"({expression})"
    return f"2 × {expression}" + (f" = {grouped(2 * int(total.replace(',', '')))}" if equals else "")


def param_formula_latex(kind, *, use_bias=True, reset_after=True):
    r"""The parameter count as LaTeX, for pages that typeset it.

    >>> param_formula_latex("lstm")
    '4\\,(u d + u^2 + u)'
    """
    kind = check_kind(kind)
    rows = _bias_rows(kind, check_flag("use_bias", use_bias), check_flag("reset_after", reset_after))
    gates = GATES[kind]
    inner = "u d + u^2" + {0: "", 1: " + u", 2: " + 2u"}[rows]
    return f"{gates}\\,({inner})" if gates > 1 else inner


def check_conv_lstm(kernel_size, channels, filters, use_bias):
    """Check a ConvLSTM layer's arguments; return them normalised (``kernel_size=3`` is ``(3,)``).

    >>> check_conv_lstm(3, 2, 4, True)
    ((3,), 2, 4, True)
    """
    # ConvLSTM1D accepts kernel_size=3 for (3,), as Keras does.
    if isinstance(kernel_size, numbers.Integral) and not isinstance(kernel_size, bool):
        kernel_size = (kernel_size,)
    if not isinstance(kernel_size, (tuple, list)) or not kernel_size:
        raise TypeError(f"kernel_size must be a positive integer or a tuple of them; got {kernel_size!r}")
    kernel_size = tuple(check_size("kernel_size", k) for k in kernel_size)
    channels = check_size("channels", channels)
    filters = check_size("filters", filters)
    return kernel_size, channels, filters, check_flag("use_bias", use_bias)


def conv_lstm_weight_arrays(kernel_size, channels, filters, *, use_bias=True):
    """Weight arrays of a ConvLSTM layer (1D, 2D or 3D): its kernels are convolutions, not matrices.

    >>> [array.shape for array in conv_lstm_weight_arrays((3, 3), channels=2, filters=3)]
    [(3, 3, 2, 12), (3, 3, 3, 12), (12,)]
    """
    return _conv_lstm_weight_arrays(*check_conv_lstm(kernel_size, channels, filters, use_bias))


def _conv_lstm_weight_arrays(kernel_size, channels, filters, use_bias):
    window = " × ".join(str(k) for k in kernel_size)
    ks = " × ".join("k" for _ in kernel_size)
    width = GATES["lstm"] * filters
    arrays = [
        WeightArray("kernel", (*kernel_size, channels, width), f"{ks} × c × 4f", f"{window} × {channels} × {width}"),
        WeightArray("recurrent_kernel", (*kernel_size, filters, width), f"{ks} × f × 4f", f"{window} × {filters} × {width}"),
    ]
    if use_bias:
        arrays.append(WeightArray("bias", (width,), "4f", f"{width}"))
    return arrays


def conv_lstm_weight_shapes(kernel_size, channels, filters, *, use_bias=True):
    """Shapes of a ``ConvLSTM1D/2D/3D(filters, kernel_size)`` layer's weights on ``channels`` input channels.

    >>> conv_lstm_weight_shapes((3, 3), channels=2, filters=3)
    {'kernel': (3, 3, 2, 12), 'recurrent_kernel': (3, 3, 3, 12), 'bias': (12,)}
    """
    arrays = _conv_lstm_weight_arrays(*check_conv_lstm(kernel_size, channels, filters, use_bias))
    return {array.name: array.shape for array in arrays}


def conv_lstm_count_params(kernel_size, channels, filters, *, use_bias=True):
    """Trainable parameters of a ConvLSTM layer, equal to Keras' ``count_params()``.

    >>> conv_lstm_count_params((3, 3), channels=2, filters=3)
    552
    """
    return sum(array.size for array in _conv_lstm_weight_arrays(*check_conv_lstm(kernel_size, channels, filters, use_bias)))


def conv_lstm_param_formula(kernel_size, channels, filters, *, use_bias=True):
    """A ConvLSTM layer's count as a formula with its numbers: each gate's two convolutions and bias.

    >>> conv_lstm_param_formula((3, 3), channels=2, filters=3)
    '4 × (3·3·2·3 + 3·3·3·3 + 3) = 552'
    """
    return _conv_lstm_param_formula(*check_conv_lstm(kernel_size, channels, filters, use_bias))


def _conv_lstm_param_formula(kernel_size, channels, filters, use_bias):
    total = sum(array.size for array in _conv_lstm_weight_arrays(kernel_size, channels, filters, use_bias))
    window = "·".join(str(k) for k in kernel_size)
    bias = f" + {filters}" if use_bias else ""
    return f"{GATES['lstm']} × ({window}·{channels}·{filters} + {window}·{filters}·{filters}{bias}) = {grouped(total)}"
