"""Why a store could not be opened or written, in one Chinese sentence: a bad URL, an unknown
scheme or driver, a server that is down or on another port, wrong credentials, a missing
database, a file that is not a database, a path that cannot be written, a schema this program
cannot migrate, a full disk. No password is ever part of it."""

from __future__ import annotations

import asyncio
import errno
import os
import socket
from typing import Any

from store.db import SCHEMA_HEAD, NotMigrated

SUPPORTED = "sqlite+aiosqlite、postgresql+asyncpg"


_ERRNO = {errno.ENOENT: "目录不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
          errno.ENOTDIR: "路径中有一段不是目录", errno.EEXIST: "路径中有一段不是目录",
          errno.EROFS: "文件系统是只读的",
          errno.EHOSTUNREACH: "主机不可达", errno.ENETUNREACH: "网络不可达"}


class StoreUnavailable(Exception):
    """The store cannot be opened (or written): `cause` says why, for the person running duban;
    `disk_full` when the disk refused to write for want of space, `read_only` when the store's
    file is there but its file system is mounted read-only."""

    def __init__(self, cause: str, disk_full: bool = False, read_only: bool = False) -> None:
        self.cause, self.disk_full, self.read_only = cause, disk_full, read_only
        super().__init__(cause)


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(found) < 8:
        found.append(current)
        orig = getattr(current, "orig", None)  # SQLAlchemy's wrapper of a driver error
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)
    return found


def disk_full(exc: BaseException, path: str | None = None) -> bool:
    """Whether an error is the disk refusing to write: full, or SQLite's "disk I/O error" (what
    it says when it cannot make its shared-memory file) on a file system with no space left
    under `path`."""
    for e in _chain(exc):
        text = str(e).lower()
        if "database or disk is full" in text:
            return True
        if "disk i/o error" in text and path is not None and _no_space(path):
            return True
        if isinstance(e, OSError) and e.errno == 28:  # ENOSPC
            return True
        if type(e).__name__ == "DiskFullError":  # PostgreSQL: could not extend file
            return True
    return False


def _no_space(path: str) -> bool:
    """Whether the file system holding `path` has (next to) no space left."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    try:
        stat = os.statvfs(folder)
    except OSError:
        return False
    return stat.f_bavail * stat.f_frsize < 256 * 1024


def _read_only_fs(path: str) -> bool:
    """Whether the file system holding `path` is mounted read-only."""
    try:
        return bool(os.statvfs(os.path.dirname(os.path.abspath(path))).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _where(url: str) -> dict[str, Any]:
    """The parts of the URL a message may name (never the password)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - the URL itself is what is wrong
        return {}
    try:
        port = parsed.port
    except ValueError:
        port = None
    return {"backend": parsed.get_backend_name(), "host": parsed.host or "127.0.0.1",
            "port": port or (5432 if parsed.get_backend_name() == "postgresql" else None),
            "database": parsed.database or "", "user": parsed.username or ""}


def describe(exc: BaseException, url: str) -> StoreUnavailable:
    """The StoreUnavailable for an error met opening the store at `url`."""
    where = _where(url)
    sqlite_file = where.get("database") if where.get("backend") == "sqlite" else None
    if disk_full(exc, sqlite_file):
        return StoreUnavailable("磁盘已满，任务库无法写入", disk_full=True)
    if sqlite_file and os.path.isfile(sqlite_file) and _read_only_fs(sqlite_file):
        return StoreUnavailable(f"数据库文件 {sqlite_file} 所在的文件系统是只读的，无法写入",
                                read_only=True)
    server = f"{where.get('host')}:{where.get('port')}"
    if isinstance(exc, NotMigrated):
        if exc.found is None:
            return StoreUnavailable("任务库还没有建表：请先运行 duban migrate（或 make migrate）创建")
        return StoreUnavailable(f"任务库的结构是旧版本 {exc.found}，本程序需要 {SCHEMA_HEAD}："
                                "请先运行 duban migrate（或 make migrate）升级；多个进程共用任务库时，先把它们都停下")
    for e in _chain(exc):
        name, text = type(e).__name__, str(e)
        if name == "ArgumentError" and "parse" in text:
            return StoreUnavailable("不是有效的数据库地址，应形如 sqlite+aiosqlite:///文件路径 "
                                    "或 postgresql+asyncpg://用户@主机:端口/库名")
        if name == "NoSuchModuleError":
            scheme = text.rsplit(":", 1)[-1].strip()
            return StoreUnavailable(f"不支持的数据库类型「{scheme}」（支持 {SUPPORTED}）")
        if isinstance(e, ModuleNotFoundError):
            return StoreUnavailable(f"缺少数据库驱动「{e.name}」（支持 {SUPPORTED}）")
        if name == "InvalidRequestError" and "async" in text:
            return StoreUnavailable(f"地址里的数据库驱动不是异步驱动，请写成 {SUPPORTED} 之一")
        if name == "InvalidCatalogNameError":
            return StoreUnavailable(f"数据库服务器 {server} 上没有数据库「{where.get('database')}」")
        if name in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
            return StoreUnavailable(f"数据库服务器 {server} 拒绝了用户「{where.get('user')}」"
                                    "（用户名或密码不对）")
        if isinstance(e, ConnectionRefusedError):
            return StoreUnavailable(f"无法连接数据库服务器 {server}（连接被拒绝：服务器没有运行，或端口不对）")
        if isinstance(e, socket.gaierror):
            return StoreUnavailable(f"找不到数据库服务器「{where.get('host')}」")
        if isinstance(e, TimeoutError | asyncio.TimeoutError):
            return StoreUnavailable(f"连接数据库服务器 {server} 超时")
        if name == "DatabaseError" and "not a database" in text:
            return StoreUnavailable(f"文件 {where.get('database')} 不是 SQLite 数据库")
        if "readonly database" in text or "read-only" in text:
            return StoreUnavailable(f"数据库文件 {where.get('database')} 是只读的，无法写入")
        if "unable to open database file" in text:
            return StoreUnavailable(f"无法打开数据库文件 {where.get('database')}"
                                    "（路径不存在、是目录，或没有读写权限）")
        if name == "CommandError" or "Can't locate revision" in text:
            return StoreUnavailable("数据库的结构版本本程序不认识（可能由更新版本的 duban 创建），"
                                    "请升级 duban 后再打开")
        if "already exists" in text:
            return StoreUnavailable("库中已有同名的表，却没有 duban 的结构版本记录（这不是 duban 的任务库？）")
        if isinstance(e, OSError):
            why = _ERRNO.get(e.errno or 0, e.strerror or name)
            if where.get("backend") == "sqlite":
                return StoreUnavailable(f"无法创建数据库文件 {where.get('database')}（{why}）")
            return StoreUnavailable(f"无法连接数据库服务器 {server}（{why}）")
        if isinstance(e, ValueError) and "int()" in text:
            return StoreUnavailable("不是有效的数据库地址（端口应是数字）")
        if isinstance(e, OverflowError) and "port" in text:
            return StoreUnavailable("不是有效的数据库地址（端口应是 1 到 65535 的数字）")
        if "disk i/o error" in text.lower():
            return StoreUnavailable(f"读写数据库文件 {where.get('database')} 时出错"
                                    "（它不是普通文件，或磁盘有故障）")
    return StoreUnavailable(f"打开时出错（{type(exc).__name__}）")
