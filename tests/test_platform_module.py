"""platform/ is a source root: the standard library's `platform` must win."""
import os
import platform
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_stdlib_platform_works_under_pytest():
    assert platform.system()
    assert Path(platform.__file__).name == "platform.py"
    assert not (REPO / "platform" / "__init__.py").exists()


def test_stdlib_platform_works_under_balai():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "balai"), "shell", "--no-imports", "-c", "import platform; print(platform.system())"],
        capture_output=True, text=True, cwd=REPO, timeout=60, env=os.environ,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == platform.system()
