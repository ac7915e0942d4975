"""The command line's papercuts of issue 13, one test each: --version, help everywhere, standard input,
GBK text, the not-fiscal note."""
import argparse
import json
import subprocess
import sys

import pytest

import parser
from parser.cli import build_parser
from tests.conftest import seed

GOUJI = [sys.executable, "-m", "parser.cli"]


def gouji(*args, stdin=None, cwd=None):
    return subprocess.run(GOUJI + [str(a) for a in args], capture_output=True, timeout=300, input=stdin, cwd=cwd)


def test_version():
    out = gouji("--version")
    assert out.returncode == 0 and out.stdout.decode().strip() == f"gouji {parser.__version__}"


def sub_parsers(p: argparse.ArgumentParser, path=("gouji",)):
    yield path, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {a.dest for a in action._choices_actions if a.help}
            for name, child in action.choices.items():
                assert name in helped, f"{' '.join(path)} {name} has no help line"
                yield from sub_parsers(child, path + (name,))


def test_every_command_and_argument_has_help():
    seen = 0
    for path, p in sub_parsers(build_parser()):
        for action in p._actions:
            if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            assert action.help and action.help != argparse.SUPPRESS, f"{' '.join(path)} {action.dest}"
            seen += 1
    assert seen > 30


def test_text_help_says_what_the_lines_are():
    out = " ".join(gouji("text", "--help").stdout.decode().split())
    assert "line" in out and "FILE" in out and "standard input" in out


def test_check_reads_standard_input():
    path = seed("001")
    from_file = json.loads(gouji("check", path, "--format", "json").stdout)
    out = gouji("check", "-", "--format", "json", stdin=path.read_bytes())
    assert out.returncode == 1, out.stderr
    from_stdin = json.loads(out.stdout)
    assert from_stdin["source"]["path"] == "<stdin>"
    assert from_stdin["findings"] == from_file["findings"] and from_stdin["claims"] == from_file["claims"]
    text = gouji("text", "-", "--numbers", stdin=path.read_bytes())
    assert text.returncode == 0 and text.stdout.decode().splitlines()[0].startswith("1\t")
    assert gouji("check", "-", "-", stdin=b"x").returncode == 2


def test_gbk_text_is_read_and_checked_like_its_utf8_copy(tmp_path):
    text = "本年收入合计401.4万元，其中：财政拨款收入401.4元。\n本年支出合计401.4万元。\n"
    utf8, gbk = tmp_path / "u.txt", tmp_path / "g.txt"
    utf8.write_text(text, encoding="utf-8")
    gbk.write_bytes(text.encode("gbk"))
    a = gouji("check", utf8, "--format", "json")
    b = gouji("check", gbk, "--format", "json")
    assert b.returncode == a.returncode == 1, b.stderr
    assert json.loads(b.stdout)["findings"] == json.loads(a.stdout)["findings"]


def test_a_text_with_nothing_fiscal_says_so_and_exits_zero(tmp_path):
    path = tmp_path / "poem.txt"
    path.write_text("床前明月光，疑是地上霜。\n", encoding="utf-8")
    out = gouji("check", path)
    assert out.returncode == 0 and "nothing fiscal recognised" in out.stdout.decode()
    assert json.loads(gouji("check", path, "--format", "json").stdout)["stats"]["fiscal"] is False


@pytest.mark.parametrize("args", [("check",), ("text",), ("report", "--top", "0")], ids=["check", "text", "report"])
def test_usage_errors_exit_2(args):
    assert gouji(*args).returncode == 2
