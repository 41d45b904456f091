"""deploy/: the systemd unit verifies, the Ansible playbook parses, the Windows task's
parameters are in Task Scheduler's ranges, the scripts are valid shell, and the GUI entry
points exist."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "linux" / "renkei-kiosk.service"


def _unit_settings() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def test_the_unit_is_a_watched_notify_service_of_any_session() -> None:
    unit = _unit_settings()
    assert unit["Type"] == ["notify"]
    assert unit["Restart"] == ["always"]
    assert int(unit["WatchdogSec"][0]) > 0
    assert unit["WantedBy"] == ["default.target"]
    text = UNIT.read_text(encoding="utf-8")
    assert "graphical-session.target" not in "\n".join(
        line for line in text.splitlines() if not line.startswith("#"))


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed (./dev.sh installs systemd)")
def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    kiosk = home / "renkei-kiosk" / ".venv" / "bin" / "renkei-kiosk"
    kiosk.parent.mkdir(parents=True)
    kiosk.write_text("#!/bin/sh\n", encoding="utf-8")
    kiosk.chmod(0o755)  # where install.sh puts the kiosk (%h/renkei-kiosk/.venv)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    unit = tmp_path / UNIT.name
    shutil.copy(UNIT, unit)
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(runtime),
               SYSTEMD_LOG_LEVEL="notice")
    done = subprocess.run(["systemd-analyze", "--user", "verify", str(unit)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    # unknown keys are only warned about: the unit must give none
    assert done.stderr.strip() == "", done.stderr


def test_the_shell_scripts_parse() -> None:
    for script in ("install.sh", "kiosk-session"):
        path = DEPLOY / "linux" / script
        assert os.access(path, os.X_OK), f"{script} is not executable"
        shell = "bash" if script.endswith(".sh") else "sh"
        done = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr


def test_ansible_playbook_syntax() -> None:
    playbook = shutil.which("ansible-playbook", path=str(Path(sys.executable).parent))
    if playbook is None:
        pytest.skip("ansible-core is not installed (the `test` extra installs it)")
    done = subprocess.run(
        [playbook, "--syntax-check", "-i", "inventory.example.ini", "playbook.yml"],
        capture_output=True, text=True, cwd=DEPLOY / "ansible",
        env=dict(os.environ, ANSIBLE_LOCAL_TEMP=str(ROOT / ".pytest_cache"),
                 ANSIBLE_NOCOLOR="1"),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _ps_args(text: str, command: str) -> dict[str, str]:
    """`-Name value` pairs of one PowerShell command (backtick line continuations)."""
    joined = re.sub(r"`\s*\n\s*", " ", text)
    line = next(li for li in joined.splitlines() if command in li)
    args = line.split(command, 1)[1]
    out = {}
    for m in re.finditer(r"-(\w+)(?:\s+(\([^)]*\)\)?|\"[^\"]*\"|[^\s-][^\s]*))?", args):
        out[m.group(1)] = (m.group(2) or "").strip()
    return out


def test_the_windows_task_registers_at_normal_priority_without_a_console() -> None:
    text = (DEPLOY / "windows" / "install-task.ps1").read_text(encoding="utf-8")
    settings = _ps_args(text, "New-ScheduledTaskSettingsSet")
    assert 1 <= int(settings["RestartCount"]) <= 255  # Task Scheduler's range
    assert settings["Priority"] in {"4", "5", "6"}  # normal (7, the default, is below)
    assert "Zero" in settings["ExecutionTimeLimit"]  # no time limit
    assert "RestartInterval" in settings
    action = _ps_args(text, "New-ScheduledTaskAction")
    assert action["Execute"] == "$keeper"
    assert 'Scripts\\renkei-kiosk-keeper.exe"' in text  # the GUI entry point: no console
    assert ".cmd" not in text


def test_gui_scripts_exist_so_windows_opens_no_console() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    gui = project["project"]["gui-scripts"]
    assert set(gui) >= {"renkei-kiosk-keeper", "renkei-kiosk-gui"}
    for target in gui.values():
        module, _, func = target.partition(":")
        assert callable(getattr(importlib.import_module(module), func)), target
