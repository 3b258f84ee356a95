"""The command line, run as a user would: python -m lstm_explained ..."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import lstm_explained
from browser_data import browser_data  # docs/_ext, on sys.path through conftest.py
from lstm_explained import count_params, param_formula, weight_shapes
from lstm_explained.facts import MAX_SIZE
from lstm_explained.gates import gate_columns



def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "lstm_explained", *args], capture_output=True, text=True, env=env)


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
    one, both = count_params("lstm", 4, 2), count_params("lstm", 4, 2, bidirectional=True)
    assert result.stdout.splitlines()[-1] == f"bidirectional (Bidirectional): {one} + {one} = {both}"


@pytest.mark.parametrize("spelling", ["LSTM", "Lstm", "lstm"])
def test_kinds_in_any_case(spelling):
    result = run(spelling, "--input-dim", "4", "--units", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"lstm (lstm): {param_formula('lstm', 4, 2)}"
    assert run("SimpleRNN", "--input-dim", "4", "--units", "2").stdout == run("simple-rnn", "--input-dim", "4", "--units", "2").stdout


@pytest.mark.parametrize("bidirectional", [False, True])
def test_json(bidirectional):
    args = ["gru", "--input-dim", "4", "--units", "2"] + (["--bidirectional"] if bidirectional else [])
    result = run(*args, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "gru" and data["bidirectional"] is bidirectional
    assert data["count"] == count_params("gru", 4, 2, bidirectional=bidirectional)
    layer = data["layers"][0]
    assert {w["name"]: tuple(w["shape"]) for w in layer["weights"]} == weight_shapes("gru", 4, 2)
    assert layer["weights"][0]["gates"] == {gate: list(span) for gate, span in gate_columns("gru", 2).items()}
    assert layer["formula"] == param_formula("gru", 4, 2) and layer["count"] == count_params("gru", 4, 2)
    assert len(data["layers"]) == (2 if bidirectional else 1) and len(data["wrappers"]) == int(bidirectional)


def test_version_comes_from_the_project_metadata():
    from importlib.metadata import version

    assert lstm_explained.__version__ == version("lstm-explained")
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"python -m lstm_explained {lstm_explained.__version__}"


def test_help_names_the_program_as_invoked():
    assert run("--help").stdout.startswith("usage: python -m lstm_explained ")
    script = Path(sys.executable).parent / "lstm-explained"
    if not script.exists():
        pytest.skip("the lstm-explained script is not installed (pip install -e .)")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.stdout.startswith("usage: lstm-explained ")
    error = subprocess.run([str(script), "lstm"], capture_output=True, text=True)
    assert error.stderr.startswith("lstm-explained: error: ")


def test_a_closed_pipe_is_not_an_error():
    """`python -m lstm_explained ... | head -c 10`: the reader leaves before the output is written."""
    with subprocess.Popen(
        [sys.executable, "-m", "lstm_explained", "lstm", "--input-dim", "4", "--units", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as process:
        process.stdout.close()  # closed before the program starts writing: its first write fails
        stderr = process.stderr.read().decode()
        assert process.wait() == 0
    assert stderr == ""
    shell = subprocess.run(f"{sys.executable} -m lstm_explained lstm --input-dim 4 --units 2 --json | head -c 10",
                           shell=True, capture_output=True, text=True)
    assert len(shell.stdout) == 10 and shell.stderr == ""


def test_an_ascii_terminal_gets_x_and_star():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = run("lstm", "--input-dim", "4", "--units", "2", env=env)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.splitlines()[-1] == "lstm (lstm): 4 x (2*4 + 2*2 + 2) = 56"
    assert "d x 4u = 4 x 8" in result.stdout


def test_the_size_limit_is_accepted_and_is_the_browsers():
    # The calculator reads MAX_SIZE from the data the build generates (tests/test_browser_data.py).
    assert browser_data()["MAX_SIZE"] == MAX_SIZE
    assert run("lstm", "--input-dim", str(MAX_SIZE), "--units", "1").returncode == 0


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
        (["lstm", "--input-dim", "4", "--units", str(MAX_SIZE + 1)], f"argument --units: at most {MAX_SIZE}"),
        (["lstm", "--input-dim", "10000000000000000000000", "--units", "2"], f"argument --input-dim: at most {MAX_SIZE}"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("python -m lstm_explained: error: ")


def test_help():
    result = run("--help")
    assert result.returncode == 0 and "--input-dim" in result.stdout


def test_the_command_line_does_not_import_tensorflow():
    code = "import sys, runpy; sys.argv = ['x', 'lstm', '--input-dim', '4', '--units', '2']\n" \
           "try:\n runpy.run_module('lstm_explained', run_name='__main__')\nexcept SystemExit:\n pass\n" \
           "print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False False"
