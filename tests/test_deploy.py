"""The deploy/ folder holds together: docker compose accepts the compose file, its services run
what they should with one shared environment, every DUBAN_ name there is a real setting, the
example settings file is valid, and the systemd units start `duban run` / `duban migrate`."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings
from tests.conftest import ROOT
from tests.test_readme import setting_names

DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
UNITS = DEPLOY / "systemd"
RUNNERS = ("duban-1", "duban-2")


def compose_command() -> list[str] | None:
    """`docker compose` (the plugin) or `docker-compose` (Debian's 1.29), whichever works."""
    for argv in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(argv[0]) is None:
            continue
        try:
            done = subprocess.run([*argv, "version"], capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return argv
    return None


def test_docker_compose_accepts_the_compose_file() -> None:
    argv = compose_command()
    if argv is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    done = subprocess.run([*argv, "-f", str(COMPOSE), "config", "-q"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def compose() -> dict[str, Any]:
    """docker-compose.yml as data (merge keys resolved)."""
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def command(service: dict[str, Any]) -> list[str]:
    """A service's command as words, written as a list or a string."""
    cmd = service["command"]
    return shlex.split(cmd) if isinstance(cmd, str) else list(cmd)


def test_the_compose_services_run_migrate_once_then_two_processes() -> None:
    services = compose()["services"]
    assert {"postgres", "migrate", *RUNNERS, "proxy"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    migrate = services["migrate"]
    assert command(migrate) == ["duban", "migrate"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate["restart"] == "no"
    for name in RUNNERS:
        runner = services[name]
        assert command(runner) == ["duban", "run"], name
        assert runner["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "/readyz" in " ".join(runner["healthcheck"]["test"]), name
        assert runner["restart"] == "unless-stopped"
        assert runner["environment"] == migrate["environment"], f"{name}: not the shared env"
    env = migrate["environment"]
    assert env["DUBAN_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert "@postgres:5432/" in env["DUBAN_DATABASE_URL"]
    assert str(env["DUBAN_WEB_PORT"]) == "8080" and env["DUBAN_WEB_LISTEN"] == "0.0.0.0"


def test_the_proxy_routes_every_callback_to_both_processes() -> None:
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    mounts = compose()["services"]["proxy"]["volumes"]
    assert any(m.startswith("./nginx.conf:") and m.endswith(":ro") for m in mounts)
    for path in ("/telegram", "/wecom/", "/dingtalk/", "/"):
        assert re.search(rf"location {re.escape(path)} \{{", conf), path
    for port in (8080, 8443, 8088, 8089):
        for name in RUNNERS:
            assert f"server {name}:{port} " in conf, (name, port)
    assert "proxy_next_upstream error timeout http_502 http_503" in conf
    assert re.search(r"location = /metrics \{\s*deny all;\s*\}", conf)  # never public


def deploy_files() -> list[Path]:
    """Every file of deploy/ and the root .dockerignore."""
    return [p for p in sorted(DEPLOY.rglob("*")) if p.is_file()] + [ROOT / ".dockerignore"]


def test_every_setting_named_in_deploy_exists() -> None:
    known = setting_names()
    for path in deploy_files():
        for name in set(re.findall(r"\bDUBAN_[A-Z0-9_]*", path.read_text(encoding="utf-8"))):
            if name.endswith("_"):  # a prefix: DUBAN_WECOM_*
                assert any(k.startswith(name) for k in known), f"{path.name}: {name}"
            else:
                assert name in known, f"{path.name} names {name}, which config/settings.py lacks"


def test_the_example_settings_file_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in setting_names():
        monkeypatch.delenv(name, raising=False)
    lines = (DEPLOY / "duban.env.example").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.web.enabled and settings.telegram.webhook_url


def unit(name: str) -> configparser.ConfigParser:
    """A systemd unit read as INI (repeated keys such as EnvironmentFile: the last one)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((UNITS / name).read_text(encoding="utf-8"))
    return parser


def test_the_systemd_units_run_and_migrate() -> None:
    run, migrate = unit("duban@.service"), unit("duban-migrate.service")
    assert shlex.split(run["Service"]["ExecStart"])[1:] == ["run"]
    assert shlex.split(run["Service"]["ExecStart"])[0].endswith("/duban")
    assert shlex.split(migrate["Service"]["ExecStart"])[1:] == ["migrate"]
    assert migrate["Service"]["Type"] == "oneshot"
    assert "duban-migrate.service" in run["Unit"]["Requires"].split()
    assert "duban-migrate.service" in run["Unit"]["After"].split()
    service = run["Service"]
    assert service["Restart"] == "always" and service["User"] == "duban"
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == "/var/lib/duban"
