"""The summary page's PyTorch section: its glued numbers are PyTorch's and Keras' own counts."""

import pytest

from lstm_explained.torch_readings import TorchModule, keras_equivalent, torch_count
from tests.helpers import cell_outputs_text, glued

pytestmark = pytest.mark.site

# The page's Tagger: LSTM(4, 2, num_layers=2, bidirectional=True) on a 4-wide embedding.
TAGGER_LSTM = TorchModule("lstm", 4, 2, num_layers=2, bidirectional=True)


def test_glued_counts_are_pytorchs_and_keras():
    values = glued("summary")
    count, keras = torch_count(TAGGER_LSTM), keras_equivalent(TAGGER_LSTM)[0]
    assert values["summary_torch_count"] == f"'{count:,}'"
    assert values["summary_torch_keras_count"] == f"'{keras:,}'"
    assert values["summary_torch_difference"] == f"'{count - keras:,}'"
    assert int(values["summary_torch_table_readings"]) >= 2


def test_the_printouts_were_made_by_pytorch_and_torchinfo_at_build_time():
    outputs = "\n".join(cell_outputs_text("summary"))
    assert "(lstm): LSTM(4, 2, num_layers=2, batch_first=True, bidirectional=True)" in outputs
    assert "Layer (type:depth-idx)" in outputs and "├─LSTM: 1-2" in outputs
    assert "4 modules read from a PyTorch print(model) tree." in outputs
    assert "4 modules read from a torchinfo table." in outputs
