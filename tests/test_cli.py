"""The command line, run as a user would: python -m lstm_explained ..."""

import subprocess
import sys

import pytest

from lstm_explained import count_params


def run(*args):
    return subprocess.run([sys.executable, "-m", "lstm_explained", *args], capture_output=True, text=True)


def test_lstm_table():
    result = run("lstm", "--input-dim", "4", "--units", "2")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[2].split()[:4] == ["lstm", "kernel", "(4,", "8)"]
    assert "recurrent_kernel  (2, 8)" in result.stdout and "bias              (8,)" in result.stdout
    assert lines[-1] == "lstm (lstm): 4 × (2·4 + 2·2 + 2) = 56"


@pytest.mark.parametrize(
    "args, total",
    [
        (["gru", "--input-dim", "4", "--units", "2"], count_params("gru", 4, 2)),
        (["gru", "--input-dim", "4", "--units", "2", "--no-reset-after"], count_params("gru", 4, 2, reset_after=False)),
        (["simple_rnn", "--input-dim", "9", "--units", "3", "--no-bias"], count_params("simple_rnn", 9, 3, use_bias=False)),
    ],
)
def test_other_layers(args, total):
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith(f"= {total}")


def test_bidirectional_doubles():
    result = run("lstm", "--input-dim", "4", "--units", "2", "--bidirectional")
    assert result.returncode == 0
    assert "forward (lstm)" in result.stdout and "backward (lstm)" in result.stdout
    assert result.stdout.splitlines()[-1] == f"total: {2 * count_params('lstm', 4, 2)} parameters"


@pytest.mark.parametrize(
    "args, message",
    [
        (["lstm", "--input-dim", "0", "--units", "2"], "argument --input-dim: expected a positive integer, got '0'"),
        (["lstm", "--input-dim", "4", "--units", "two"], "argument --units: expected a positive integer, got 'two'"),
        (["lstm", "--input-dim", "4.5", "--units", "2"], "expected a positive integer, got '4.5'"),
        (["transformer", "--input-dim", "4", "--units", "2"], "argument kind: invalid choice: 'transformer'"),
        (["lstm", "--units", "2"], "the following arguments are required: --input-dim"),
        (["lstm", "--input-dim", "4", "--units", "2", "--no-reset-after"], "--no-reset-after applies to gru only"),
        ([], "the following arguments are required: kind"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_help():
    result = run("--help")
    assert result.returncode == 0 and "--input-dim" in result.stdout


def test_the_command_line_does_not_import_tensorflow():
    code = "import sys, runpy; sys.argv = ['x', 'lstm', '--input-dim', '4', '--units', '2']\n" \
           "try:\n runpy.run_module('lstm_explained', run_name='__main__')\nexcept SystemExit:\n pass\n" \
           "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False False"
