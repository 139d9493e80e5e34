"""newsmine installs as one package: nothing but `newsmine` at the top of site-packages.

The repository keeps its stage folders (scraper/, nlp/, models/, corpus/) at the top, and
pyproject.toml maps them to newsmine.scraper, newsmine.nlp, ... These tests build a real wheel,
install it into a fresh virtual environment (dependencies come from the test's own environment,
so nothing is downloaded) and run the installed command from an unrelated folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
STAGES = ("scraper", "nlp", "models", "corpus")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO_ROOT)],
        check=True, capture_output=True, text=True,
    )
    (found,) = out.glob("newsmine-*.whl")
    return found


@pytest.mark.slow
def test_install_wheel_holds_one_top_level_package(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    top_level = {name.split("/", 1)[0] for name in names if not name.split("/", 1)[0].endswith(".dist-info")}
    assert top_level == {"newsmine"}
    for stage in STAGES:
        assert f"newsmine/{stage}/__init__.py" in names
    # data files travel with their packages
    assert "newsmine/corpus/schema.sql" in names
    assert "newsmine/models/topics/taxonomy.json" in names
    assert any(name.startswith("newsmine/corpus/samples/") for name in names)
    assert {"newsmine/web/templates/search.html", "newsmine/web/static/style.css"} <= set(names)


@pytest.mark.slow
@pytest.mark.model
def test_install_runs_analyze_from_an_unrelated_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site_packages = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # The dependencies (spaCy, the packaged models, ...) are those of the running environment;
    # a .pth line adds its site-packages as a plain path, so its editable newsmine is not loaded.
    (site_packages / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, text=True,
    )
    for stage in STAGES:
        assert not (site_packages / stage).exists(), f"{stage} must not be a top-level package"
    assert (site_packages / "newsmine" / "nlp").is_dir()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "models").mkdir()  # a user's own folder with a common name must not shadow ours
    (elsewhere / "in.jsonl").write_text(json.dumps({
        "id": "one", "text": "Grain exports rose sharply.\n\n"
                             "\"Rail freight to China doubled this year,\" said Aigerim Bekova, a logistics analyst.",
    }) + "\n")
    env = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "NEWSMINE_DB"}}
    result = subprocess.run(
        [str(venv / "bin" / "newsmine"), "analyze", "in.jsonl", "--db", "out.db", "-o", "out.jsonl",
         "--workers", "1"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads((elsewhere / "out.jsonl").read_text())
    assert [quote["speaker"] for quote in record["quotes"]] == ["Aigerim Bekova"]
    located = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import newsmine.nlp, newsmine.corpus; print(newsmine.nlp.__file__)"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )
    assert located.stdout.strip().startswith(str(site_packages))
