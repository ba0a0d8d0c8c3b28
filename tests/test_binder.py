"""Binder: what repo2docker builds from this repository, read with repo2docker's own build
packs (no Docker needed to render its Dockerfile), and the pip install it runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from utils.course import authoring


@pytest.fixture(scope="module")
def dockerfile() -> tuple[object, str]:
    """The build pack repo2docker picks for the clone, and the Dockerfile it renders."""
    app_module = pytest.importorskip(
        "repo2docker.app", reason="pip install -r requirements-tools.txt (jupyter-repo2docker)"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(authoring.ROOT)  # build packs read the repository from the working dir
        app = app_module.Repo2Docker()
        picked = next(bp for bp in (cls(base_image=app.base_image) for cls in app.buildpacks)
                      if bp.detect())  # fmt: skip
        picked.platform = "linux/amd64"
        return picked, picked.render({"NB_USER": "jovyan", "NB_UID": "1000"})


def test_binder_installs_the_course_as_make_lab_does(dockerfile):
    buildpack, text = dockerfile
    assert type(buildpack).__name__ == "PythonBuildPack" and buildpack.binder_dir == "binder"
    # requirements.txt (with `-e .`) after the whole repository is in the image...
    copied = text.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    assert text.index('pip install --no-cache-dir -r "binder/requirements.txt"') > copied
    # ...and no second, non-editable `pip install .` that would shadow the editable one
    assert "install --no-cache-dir ." not in text
    assert "./binder/postBuild" in text  # JupyterLab's course settings


def test_binder_python_is_one_the_course_supports(dockerfile):
    buildpack, _ = dockerfile
    # without binder/runtime.txt, `requires-python = ">=3.11"` makes repo2docker take the
    # newest Python it knows (3.14 in 2026.4), not the one the course's outputs are tested on
    assert buildpack.python_version == "3.11"


def test_binder_requirements_install_this_clone_editable():
    report = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps", "--quiet",
         "--disable-pip-version-check", "--report", "-", "-r", "binder/requirements.txt"],
        cwd=authoring.ROOT, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    (course,) = json.loads(report.stdout)["install"]
    assert course["metadata"]["name"] == "encryption-in-ai-course"
    assert course["download_info"]["dir_info"] == {"editable": True}
    assert course["download_info"]["url"] == authoring.ROOT.as_uri()
