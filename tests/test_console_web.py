"""`make run` at a terminal: the chat console, and beside it on the same event loop the web
console with an administrator's one-time sign-in link printed on stderr."""

from __future__ import annotations

import os
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

LINK = re.compile(r"^网页督办台：(http://127\.0\.0\.1:(\d+)/signin/[A-Za-z0-9_-]+)$")


def _read_until(fd: int, wanted: str, seen: bytearray, timeout: float = 120,
                start: int = 0) -> str:
    """Bytes from `fd` into `seen` until `wanted` is among those past `start` (returned)."""
    end = time.monotonic() + timeout
    while wanted not in seen[start:].decode("utf-8", "replace"):
        left = end - time.monotonic()
        assert left > 0, f"never saw {wanted!r} in {seen.decode('utf-8', 'replace')!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            assert chunk, f"ended before {wanted!r}: {seen.decode('utf-8', 'replace')!r}"
            seen.extend(chunk)
    return seen[start:].decode("utf-8", "replace")


@pytest.mark.slow
def test_run_at_a_terminal_serves_the_web_console_with_an_admin_link(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    busy = taken.getsockname()[1]  # the configured port is in use: any free one is taken
    env = {"DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}",
           "DUBAN_WEB_LOCAL_PORT": str(busy), "PATH": "/usr/bin:/bin"}
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env,
                            stdin=slave, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    out, err = bytearray(), bytearray()
    try:
        assert proc.stderr is not None
        errors = _read_until(proc.stderr.fileno(), "再取一个）", err)
        lines = errors.splitlines()
        assert lines[2:] == ["示例数据：今天按 2025年10月20日计算，设置 DUBAN_TODAY 可更改",
                             lines[3],
                             "（管理员登录链接，10 分钟内有效，只能使用一次；过期后在这里输入 /web 再取一个）"]
        link = LINK.match(lines[3])
        assert link is not None, lines[3]
        url, port = link.group(1), int(link.group(2))
        assert port != busy
        _read_until(master, "管理员> ", out)  # the prompt waits for a line ...

        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as web:
            page = web.get(url)  # ... and the web console answers meanwhile
            assert page.status_code == 200 and "管理员" in page.text
            signed = web.post(url)
            assert signed.status_code == 303
            orgs = web.get("/")
            assert orgs.status_code == 200
            assert all(org in orgs.text for org in ("长宁区", "普陀区", "松江区", "华亭镇"))
            board = web.get("/org/长宁区")  # on the console's demo day, as the chat
            assert "统计日期：2025-10-20" in board.text
            assert web.post(url).status_code == 410  # the link was used once

        os.write(master, "长宁区教育局10月任务\n".encode())
        shown = _read_until(master, "管理员> ", out, 60, start=len(out))
        assert "【长宁区 2025年】区教育局 · 2025年10月，共 2 项" in shown
        os.write(master, b"/web\n")  # a new link when the printed one has gone stale
        shown = _read_until(master, "管理员> ", out, 60, start=len(out))
        assert re.search(r"网页督办台登录链接（10 分钟内有效，只能使用一次，请勿转发）：\r?\n"
                         rf"http://127\.0\.0\.1:{port}/signin/[A-Za-z0-9_-]+", shown), shown
        os.write(master, "退出\n".encode())
        assert proc.wait(timeout=30) == 0
        with pytest.raises(httpx.ConnectError):  # the web console ended with the console
            httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        taken.close()


@pytest.mark.slow
def test_piped_run_starts_no_web_console(tmp_path: Path) -> None:
    env = {"DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}",
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run"], input="", cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    assert "网页督办台" not in proc.stderr
