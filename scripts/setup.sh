#!/usr/bin/env bash
# The set-up behind `make run` and `make test`: one line per step, pip's own output in a log.
# On failure: say so, name the log, show its last lines, exit non-zero.
set -uo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
LOG="${SETUP_LOG:-var/setup.log}"

mkdir -p "$(dirname "$LOG")"
: >"$LOG"

failed() {
  echo "安装失败，完整日志：$LOG；最后 20 行：" >&2
  tail -n 20 "$LOG" >&2
  exit 1
}

# A venv without a working pip (an interrupted first run) is made again.
if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  echo "[1/4] 创建 Python 环境（$VENV）…"
  "$PYTHON" -m venv --clear "$VENV" >>"$LOG" 2>&1 || failed
fi
echo "[2/4] 安装依赖（日志：$LOG）…"
{
  "$VENV/bin/python" -m pip install --upgrade pip &&
    "$VENV/bin/python" -m pip install -e '.[dev]'
} >>"$LOG" 2>&1 || failed
touch "$VENV/.installed"
