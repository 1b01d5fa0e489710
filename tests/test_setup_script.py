"""scripts/setup.sh, behind `make run` and `make test`: one line per step, pip's output in a log,
and on failure the log's name and its last lines."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import ROOT


def _run(tmp_path: Path, python: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHON": str(python), "VENV": str(tmp_path / "venv"),
           "SETUP_LOG": str(tmp_path / "var" / "setup.log")}
    return subprocess.run(["bash", str(ROOT / "scripts" / "setup.sh")], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


def test_a_failed_install_names_the_log_and_shows_its_tail(tmp_path: Path) -> None:
    python = tmp_path / "python3"
    python.write_text("#!/bin/sh\nfor i in $(seq 1 30); do echo \"line $i\"; done\nexit 3\n")
    python.chmod(0o755)
    proc = _run(tmp_path, python)
    log = tmp_path / "var" / "setup.log"
    assert proc.returncode == 1
    assert proc.stdout == f"[1/4] 创建 Python 环境（{tmp_path / 'venv'}）…\n"
    assert proc.stderr.splitlines() == [f"安装失败，完整日志：{log}；最后 20 行：",
                                        *(f"line {i}" for i in range(11, 31))]
    assert log.read_text().splitlines() == [f"line {i}" for i in range(1, 31)]
    assert not (tmp_path / "venv" / ".installed").exists()


def test_a_working_venv_is_not_made_again(tmp_path: Path) -> None:
    bin_ = tmp_path / "venv" / "bin"
    bin_.mkdir(parents=True)
    pip = bin_ / "python"  # answers `-m pip --version` and both installs
    pip.write_text("#!/bin/sh\necho \"pip $*\"\n")
    pip.chmod(0o755)
    proc = _run(tmp_path, tmp_path / "no-python")
    log = tmp_path / "var" / "setup.log"
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"[2/4] 安装依赖（日志：{log}）…\n"
    assert log.read_text().splitlines() == ["pip -m pip install --upgrade pip",
                                            "pip -m pip install -e .[dev]"]
    assert (tmp_path / "venv" / ".installed").exists()
