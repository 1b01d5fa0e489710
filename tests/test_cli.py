"""The duban command: import (dry run, JSON, bad input), run with seeding, and the piped console."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from config.settings import get_settings
from tests.conftest import ROOT, SAMPLES


def test_dry_run_json_prints_one_object(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--dry-run", "--json", str(SAMPLES / "changning-2025.txt")]) == 0
    out = capsys.readouterr().out
    plan = json.loads(out)
    assert out.count("\n") == 1
    assert {k: plan[k] for k in ("org", "year", "title", "doc_no", "issued_on")} == {
        "org": "长宁区", "year": 2025, "title": "2025年上海市长宁区政务公开工作任务责任分解表",
        "doc_no": "长府办〔2025〕12号", "issued_on": "2025-04-25"}
    first = plan["tasks"][0]
    assert first["seq"] == 1 and first["area"] == ["一、依法履行政府信息公开职责"]
    assert (first["title"], first["deadline_text"], first["due_date"], first["recurrence"]) == (
        None, "全年", "2025-12-31", None)
    assert first["units"] == [{"name": "各部门", "role": "responsible", "raw": "各部门"},
                              {"name": "各街道（镇）", "role": "responsible", "raw": "各街道（镇）"}]
    assert [t["seq"] for t in plan["tasks"]] == list(range(1, 34))
    assert not db.exists()  # a dry run writes nothing


def test_import_then_reimport(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    assert "已导入 putuo-2025.txt：普陀区 2025年，共 31 项任务（新建）" in capsys.readouterr().out
    assert main(["import", "--json", str(SAMPLES / "putuo-2025.txt")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["status"], report["tasks"], report["added"]) == ("unchanged", 31, [])


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "文件不存在"),
        ("empty.txt", b"", "文件是空的"),
        ("blob.txt", b"\x00\x01\x02binary\x00" * 20, "不是文本文件"),
        ("plan.doc", b"whatever", "不支持的文件类型"),
        ("notice.txt", "上海市长宁区人民政府办公室\n关于召开会议的通知\n请准时参加。\n".encode(), "没有找到任务"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              name: str, content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    good = str(SAMPLES / "putuo-2025.txt")
    assert main(["import", good, str(path)]) == 2
    err = capsys.readouterr().err
    assert f"导入失败：{path}：" in err and reason in err
    assert "本次没有写入任何数据" in err
    assert not db.exists()


DEMO_LINE = "示例数据：今天按 2025年10月20日计算，设置 DUBAN_TODAY 可更改"


@pytest.mark.slow
def test_run_seeds_samples_and_answers_piped_lines(db: Path) -> None:
    env = {"DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"], input="普陀区2025年10月任务\n松江区第51项\n",
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=True,
    )
    assert proc.stderr.splitlines() == [
        f"[3/4] 创建任务库（{db}）…",
        "[4/4] 导入示例计划 … 已导入 5 个：长宁区 2021年（29 项）、长宁区 2025年（33 项）、"
        "华亭镇 2025年（34 项）、普陀区 2025年（31 项）、松江区 2024年（51 项）",
        DEMO_LINE]
    again = subprocess.run([sys.executable, "-m", "bot.cli", "run"], input="", capture_output=True,
                           text=True, cwd=ROOT, env=env, timeout=120, check=True)
    assert again.stderr.splitlines() == [DEMO_LINE]  # a store that is there: no set-up lines

    lines = proc.stdout.splitlines()
    assert lines[0] == "【普陀区 2025年】2025年10月，共 1 项"
    assert lines[1].startswith("第22项〔10月底前，截止10月31日〕")
    assert lines[2] == "   责任单位：各部门、各街道（镇）"
    assert "【松江区 2024年 第51项】" in lines
    assert "完成时限：5月，截止5月31日" in lines


async def test_console_answers_each_line_until_end_of_input(tmp_path: Path) -> None:
    from datetime import UTC, date, datetime

    from bot.adapters.console import ConsoleAdapter, Identity
    from bot.delivery import Delivery
    from bot.domain.chat import ChatRef
    from bot.handlers.answer import Answerer
    from bot.handlers.chat import ChatService
    from store.repo import Store

    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 's.sqlite3'}")
    out = io.StringIO()
    chats = ChatService(Answerer(store), (), b"k")
    console = ConsoleAdapter(chats, Delivery(store, (), lambda: datetime.now(UTC)),
                             Identity(ChatRef("console", "admin"), admin=True), tmp_path, out)
    await console.run(io.StringIO("普陀区本月任务\n\n随便说点什么\n"), lambda: date(2025, 6, 16),
                      lambda: datetime(2025, 6, 16, 2, tzinfo=UTC))
    await store.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "任务库中还没有任何计划，请管理员先导入（duban import 文件）。"
    assert lines[2] == "没太明白「随便说点什么」。"


def test_parse_prints_exactly_the_query_keys(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--today", "2025-06-16", "--json", "普陀区府办本月任务"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == {
        "intent": "tasks", "org": "普陀区", "unit": "区府办",
        "period": {"start": "2025-06-01", "end": "2025-06-30"},
        "status": None, "seq": None, "keyword": None, "year": None}


def test_parse_batch_keeps_order(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "queries.txt"
    batch.write_text("松江区第45项\n搜索 政府开放月\n\n8 已完成\n", encoding="utf-8")
    assert main(["parse", "--today", "2025-06-16", "--batch", str(batch)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["intent"], r["org"], r["seq"], r["keyword"], r["status"]) for r in rows] == [
        ("detail", "松江区", 45, None, None), ("search", None, None, "政府开放月", None),
        ("unknown", None, None, None, None), ("report", None, 8, None, "done")]


def test_parse_batch_splits_on_newlines_only(db: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "queries.txt"
    odd = ["松江区\x0b第45项", "搜索\x0c政府开放月", "普陀区\x85本月任务", "8\u2028已完成", "8 已完成"]
    batch.write_bytes(("\n".join(odd[:4]) + "\r\n" + odd[4] + "\n").encode("utf-8"))
    assert main(["parse", "--today", "2025-06-16", "--batch", str(batch)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.split("\n") if line]
    assert len(rows) == 5  # one output per input line, in order
    assert rows[4]["intent"] == "report" and rows[4]["seq"] == 8


def test_text_starting_with_a_dash_is_the_question(db: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--today", "2025-06-16", "-本周到期的任务"]) == 0
    dashed = json.loads(capsys.readouterr().out)
    assert main(["parse", "--today", "2025-06-16", "--", "-本周到期的任务"]) == 0
    assert json.loads(capsys.readouterr().out) == dashed
    assert dashed["period"] == {"start": "2025-06-16", "end": "2025-06-22"}
    with pytest.raises(SystemExit) as exc:  # an option nobody knows is still an error
        main(["parse", "--today", "2025-06-16", "--jsno"])
    assert exc.value.code == 2


def test_parse_rejects_bad_date_and_missing_batch(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["parse", "--today", "2025-13-40", "普陀区任务"])
    assert exc.value.code == 2
    assert "日期「2025-13-40」无法识别" in capsys.readouterr().err
    assert main(["parse", "--batch", "/nonexistent/queries.txt"]) == 2
    assert "无法读取 /nonexistent/queries.txt" in capsys.readouterr().err


def test_ask_json_over_the_samples(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    capsys.readouterr()
    assert main(["ask", "--today", "2025-06-16", "--json", "--as", "普陀/数据局", "我的10月任务"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert set(answer) == {"reply", "query", "tasks"}
    assert answer["query"]["intent"] == "tasks" and answer["query"]["unit"] is None
    assert [(t["org"], t["year"], t["seq"], t["due_date"]) for t in answer["tasks"]] == [
        ("普陀区", 2025, 22, "2025-10-31")]
    assert answer["tasks"][0]["units"] == ["各部门", "各街道（镇）"]
    assert answer["reply"].startswith("【普陀区 2025年】区数据局 · 2025年10月 · 未完成，共 1 项")


def test_invite_and_bindings_at_the_server(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    capsys.readouterr()
    assert main(["invite", "普陀", "数据局"]) == 0
    out = capsys.readouterr()
    code = out.out.strip()
    assert len(code) == 8 and code.isalnum()
    assert f"请对方在要绑定的聊天中发送「/bind {code}」" in out.err
    assert main(["invite", "普陀区", "lead"]) == 0
    capsys.readouterr()
    assert main(["invite", "普陀区", "新华路街道"]) == 2
    assert "「新华路街道」属于长宁区" in capsys.readouterr().err
    assert main(["invite", "火星区", "数据局"]) == 2
    capsys.readouterr()
    assert main(["bindings"]) == 0
    assert capsys.readouterr().out.strip() == "还没有任何聊天绑定。"


def test_the_acceptance_flow_across_invocations(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each `duban ask` is a process of its own over the same configured store."""
    assert main(["import", *map(str, sorted(SAMPLES.glob("*.txt")))]) == 0
    capsys.readouterr()
    edu = ["--today", "2025-10-20", "--as", "长宁区/区教育局"]
    assert main(["ask", *edu, "延期 25 2025-11-30 网站改版推迟"]) == 0
    asked = capsys.readouterr().out.splitlines()  # the console stands in for the district office
    assert asked[:3] == ["已提交第25项延期申请（至 2025-11-30），等待区府办审核。", "【发给 长宁区】",
                         "【延期申请】长宁区 2025年 第25项"]
    assert main(["ask", "--as", "长宁区", "同意 1"]) == 0
    assert capsys.readouterr().out.startswith(
        "【延期已同意】长宁区 2025年 第25项，区教育局 的完成日期改为 2025-11-30。")
    for question in ("/task 25", "第25项"):
        assert main(["ask", *edu, question]) == 0
        assert "延期（已批准）：区教育局 至 2025-11-30" in capsys.readouterr().out.splitlines()


def test_ask_batch_answers_every_line_in_one_process(db: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "changning-2025.txt")]) == 0
    capsys.readouterr()
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"q": "我的10月任务", "today": "2025-10-20", "as": "长宁区/区教育局"},
        {"q": "/whoami", "as": "长宁区"},
        {"q": "进度统计", "today": "2025-10-20", "as": "长宁区"},
        {"q": "第9项", "today": "2025-10-20"},
    ]) + "\nnot json\n", encoding="utf-8")
    assert main(["ask", "--batch", str(batch)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [set(r) for r in rows[:4]] == [{"reply", "query", "tasks", "files"}] * 4
    mine, who, summary, detail = rows[:4]
    assert [t["seq"] for t in mine["tasks"]] == [9, 25] and mine["query"]["intent"] == "tasks"
    assert who["reply"] == "本聊天的绑定：\n· 长宁区（区府办负责人）"
    assert summary["reply"].startswith("【长宁区 2025年】进度统计") and summary["files"][0].endswith(".png")
    assert detail["query"] == {**detail["query"], "intent": "detail", "seq": 9}
    assert rows[4] == {"line": 5, "error": rows[4]["error"]} and "JSON" in rows[4]["error"]


def test_ask_refuses_an_unknown_identity(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    capsys.readouterr()
    assert main(["ask", "--as", "普陀区/火星局", "我的任务"]) == 2
    assert "不认识单位「火星局」" in capsys.readouterr().err


@pytest.mark.slow
def test_help_loads_no_heavy_library() -> None:
    heavy = ("store.ingest", "telegram", "tornado", "matplotlib", "openpyxl", "pdfplumber",
             "alembic", "jieba", "sqlalchemy", "pydantic", "prometheus_client")
    probe = ("import sys, contextlib, io\n"
             "from bot.cli import main\n"
             "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
             "    main(['--help'])\n"
             f"print(sorted(m for m in sys.modules if m.startswith({heavy!r})))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=60)
    assert proc.stdout.strip() == "[]"


def _not_a_store(tmp_path: Path, kind: str) -> str:
    import sqlite3

    path = tmp_path / f"{kind}.sqlite3"
    if kind == "text":
        path.write_text("这不是数据库", encoding="utf-8")
    else:
        with sqlite3.connect(path) as conn:
            if kind == "newer":
                conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
                conn.execute("INSERT INTO alembic_version VALUES ('9999')")
            else:
                conn.execute("CREATE TABLE plans (id INTEGER PRIMARY KEY)")
    return str(path)


BAD_STORES = [
    ("nonsense", "不是有效的数据库地址，应形如 sqlite+aiosqlite:///文件路径 或 postgresql+asyncpg://用户@主机:端口/库名"),
    ("foo://x", "不支持的数据库类型「foo」（支持 sqlite+aiosqlite、postgresql+asyncpg）"),
    ("mysql+aiomysql://u@127.0.0.1/db", "缺少数据库驱动「aiomysql」（支持 sqlite+aiosqlite、postgresql+asyncpg）"),
    ("sqlite:///{tmp}/sync.sqlite3", "地址里的数据库驱动不是异步驱动，请写成 sqlite+aiosqlite、postgresql+asyncpg 之一"),
    ("sqlite+aiosqlite:///{text}", "文件 {text} 不是 SQLite 数据库"),
    ("sqlite+aiosqlite:///{text}/x.sqlite3", "无法创建数据库文件 {text}/x.sqlite3（路径中有一段不是目录）"),
    ("sqlite+aiosqlite:///{tmp}", "无法打开数据库文件 {tmp}（路径不存在、是目录，或没有读写权限）"),
    ("sqlite+aiosqlite:///{newer}", "数据库的结构版本本程序不认识（可能由更新版本的 duban 创建），请升级 duban 后再打开"),
    ("sqlite+aiosqlite:///{foreign}", "库中已有同名的表，却没有 duban 的结构版本记录（这不是 duban 的任务库？）"),
    ("postgresql+asyncpg://postgres@127.0.0.1:{port}/x",
     "无法连接数据库服务器 127.0.0.1:{port}（连接被拒绝：服务器没有运行，或端口不对）"),
    ("postgresql+asyncpg://postgres@127.0.0.1:notaport/x", "不是有效的数据库地址（端口应是数字）"),
    ("postgresql+asyncpg://postgres@nosuchhost.invalid/x", "找不到数据库服务器「nosuchhost.invalid」"),
    ("postgresql+asyncpg://postgres@127.0.0.1:99999/x", "不是有效的数据库地址（端口应是 1 到 65535 的数字）"),
    ("postgres://postgres@127.0.0.1/x", "不支持的数据库类型「postgres」（支持 sqlite+aiosqlite、postgresql+asyncpg）"),
    ("postgresql+psycopg://postgres@127.0.0.1/x", "缺少数据库驱动「psycopg」（支持 sqlite+aiosqlite、postgresql+asyncpg）"),
    ("sqlite+aiosqlite:////proc/duban/x.sqlite3", "无法创建数据库文件 /proc/duban/x.sqlite3（目录不存在）"),
    ("sqlite+aiosqlite:////dev/null", "读写数据库文件 /dev/null 时出错（它不是普通文件，或磁盘有故障）"),
]


@pytest.mark.parametrize(("url", "cause"), BAD_STORES, ids=[u for u, _ in BAD_STORES])
def test_a_store_that_cannot_be_opened_is_one_line(url: str, cause: str, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    names = {"tmp": str(tmp_path), "port": str(port),
             **{k: _not_a_store(tmp_path, k) for k in ("text", "newer", "foreign")}}
    monkeypatch.setenv("DUBAN_DATABASE_URL", url.format(**names))
    get_settings.cache_clear()
    try:
        for command in (["plans"], ["ask", "--today", "2025-06-16", "普陀区本月任务"],
                        ["import", str(SAMPLES / "putuo-2025.txt")]):
            assert main(command) == 2
            err = capsys.readouterr().err
            assert err == f"无法打开任务库（DUBAN_DATABASE_URL）：{cause.format(**names)}\n"
    finally:
        get_settings.cache_clear()


def test_a_store_that_cannot_be_opened_gives_no_traceback(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "DUBAN_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:1/x"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "plans"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("无法打开任务库（DUBAN_DATABASE_URL）：无法连接数据库服务器 127.0.0.1:1"
                           "（连接被拒绝：服务器没有运行，或端口不对）\n")


@pytest.mark.parametrize(("change", "cause"), [
    ({"database": "duban_no_such_database"},
     "数据库服务器 {server} 上没有数据库「duban_no_such_database」"),
    ({"username": "duban_no_such_user"},
     "数据库服务器 {server} 拒绝了用户「duban_no_such_user」（用户名或密码不对）"),
])
def test_a_postgresql_store_that_cannot_be_opened_is_one_line(
        change: dict[str, str], cause: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import os

    from sqlalchemy.engine import make_url

    base = os.environ.get("DUBAN_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("DUBAN_TEST_POSTGRES_URL is not set")
    url = make_url(base).set(**change)
    monkeypatch.setenv("DUBAN_DATABASE_URL", url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        assert main(["plans"]) == 2
    finally:
        get_settings.cache_clear()
    server = f"{url.host}:{url.port or 5432}"
    assert capsys.readouterr().err == f"无法打开任务库（DUBAN_DATABASE_URL）：{cause.format(server=server)}\n"


def _need_user_namespaces() -> None:
    """Skip unless `unshare -rm` works (a user namespace: mounts without root)."""
    import shutil

    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("user namespaces (unshare -rm) are not available")


@pytest.mark.slow
def test_read_only_commands_work_on_a_full_disk(db: Path, tmp_path: Path) -> None:
    """A real full file system: a 4 MB tmpfs in a user namespace (no root needed), the store on
    it, the rest of it filled. Commands that write say the disk is full; those that read work."""
    import os

    _need_user_namespaces()
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    mount = tmp_path / "full"
    mount.mkdir()
    store = mount / "store.sqlite3"
    commands = [["plans"], ["ask", "--today", "2025-06-16", "普陀区第3项"],
                ["parse", "--today", "2025-06-16", "普陀区第3项"],
                ["remind", "--dry-run", "--today", "2025-06-16"],
                ["import", str(SAMPLES / "changning-2025.txt")],
                ["invite", "普陀区", "区数据局"]]
    runs = "\n".join(
        f"{sys.executable} -m bot.cli {' '.join(c)} > {tmp_path}/out{i} 2> {tmp_path}/err{i};"
        f" echo $? > {tmp_path}/rc{i}" for i, c in enumerate(commands))
    script = (f"mount -t tmpfs -o size=4m tmpfs {mount} && cp {db} {store} && "
              f"(dd if=/dev/zero of={mount}/fill bs=4k 2>/dev/null; true) && df -k {mount} && {runs}")
    env = {**os.environ, "DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{store}"}
    done = subprocess.run(["unshare", "-rm", "bash", "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-2] == "100%"  # the disk was full

    def result(i: int) -> tuple[int, str, str]:
        return (int((tmp_path / f"rc{i}").read_text()), (tmp_path / f"out{i}").read_text(),
                (tmp_path / f"err{i}").read_text())

    read_only = "提示：磁盘已满，任务库以只读方式打开；查询可用，但无法写入。\n"
    assert result(0) == (0, "普陀区 2025年 2025年上海市普陀区政务公开工作要点（普府办〔2025〕12号）：31 项任务\n",
                         read_only)
    rc, out, err = result(1)
    assert (rc, err) == (0, read_only) and out.startswith("【普陀区 2025年 第3项】")
    rc, out, err = result(2)
    assert (rc, err, json.loads(out)["seq"]) == (0, "", 3)
    rc, out, err = result(3)
    assert (rc, err) == (0, read_only)
    full = "磁盘已满，任务库无法写入（DUBAN_DATABASE_URL）：请清理磁盘空间后重试。查询等只读命令仍可使用。\n"
    assert result(4)[0] == 2 and result(4)[2].endswith(full)
    assert result(5) == (2, "", full)


def test_a_reader_that_goes_away_ends_the_output_quietly(tmp_path: Path) -> None:
    """`duban parse --batch F | head -1`: no BrokenPipeError traceback, exit 0."""
    batch = tmp_path / "q.txt"
    batch.write_text("第12项\n" * 20000, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'none.sqlite3'}"}
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "parse", "--batch", str(batch)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line
    _, err = proc.communicate(timeout=60)
    assert json.loads(first)["seq"] == 12
    assert b"Traceback" not in err and proc.returncode == 0, err.decode()


@pytest.mark.slow
def test_read_only_commands_work_on_a_read_only_file_system(db: Path, tmp_path: Path) -> None:
    """The store's file system remounted read-only (in a user namespace): reading works, writing
    says why."""
    import os

    _need_user_namespaces()
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    mount = tmp_path / "ro"
    mount.mkdir()
    store = mount / "store.sqlite3"
    script = (f"mount -t tmpfs -o size=4m tmpfs {mount} && cp {db} {store} && "
              f"mount -o remount,ro {mount} && "
              f"{sys.executable} -m bot.cli plans > {tmp_path}/out0 2> {tmp_path}/err0; echo $? > {tmp_path}/rc0; "
              f"{sys.executable} -m bot.cli invite 普陀区 区数据局 > {tmp_path}/out1 2> {tmp_path}/err1;"
              f" echo $? > {tmp_path}/rc1")
    env = {**os.environ, "DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{store}"}
    done = subprocess.run(["unshare", "-rm", "bash", "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr

    def result(i: int) -> tuple[int, str, str]:
        return (int((tmp_path / f"rc{i}").read_text()), (tmp_path / f"out{i}").read_text(),
                (tmp_path / f"err{i}").read_text())

    assert result(0) == (0, "普陀区 2025年 2025年上海市普陀区政务公开工作要点（普府办〔2025〕12号）：31 项任务\n",
                         "提示：任务库所在的文件系统是只读的，任务库以只读方式打开；查询可用，但无法写入。\n")
    assert result(1) == (2, "", f"无法打开任务库（DUBAN_DATABASE_URL）：数据库文件 {store} "
                                "所在的文件系统是只读的，无法写入\n")
