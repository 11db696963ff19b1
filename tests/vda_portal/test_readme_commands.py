"""Every command in the README works as written after `make run`: run each one's --help with
the .env that `make run` writes (scripts/dev_env.sh) and no DEBUG in the environment."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    found = re.findall(r"^\.venv/bin/python manage\.py (\w+)", text, re.M)
    assert len(found) >= 5
    return sorted(set(found))


@pytest.fixture(scope="module")
def dev_env(tmp_path_factory) -> dict:
    env_file = tmp_path_factory.mktemp("env") / ".env"
    subprocess.run(
        ["bash", str(ROOT / "scripts/dev_env.sh"), "127.0.0.1", "8203", str(env_file)], check=True
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"):
        env.pop(key, None)
    return {**env, "ENV_FILE": str(env_file)}


def test_make_run_writes_debug_and_the_site_url(dev_env):
    text = Path(dev_env["ENV_FILE"]).read_text()
    assert "DEBUG=1\n" in text
    assert "SITE_URL=http://127.0.0.1:8203\n" in text


def test_a_env_not_written_by_make_run_is_left_alone(tmp_path):
    own = tmp_path / ".env"
    own.write_text("SECRET_KEY=mine\n")
    subprocess.run(["bash", str(ROOT / "scripts/dev_env.sh"), "h", "1", str(own)], check=True)
    assert own.read_text() == "SECRET_KEY=mine\n"


@pytest.mark.parametrize("command", readme_commands())
def test_each_readme_command_answers_help(dev_env, command):
    result = subprocess.run(
        [sys.executable, "manage.py", command, "--help"],
        cwd=ROOT,
        env=dev_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"manage.py {command}" in result.stdout
