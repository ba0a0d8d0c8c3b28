"""JupyterHub for a class taking this course, run from the course's clone on the server:

    make classroom            # or: .venv/bin/jupyterhub -f classroom/jupyterhub_config.py

- Every student's server is the course's ``.venv``: JupyterLab with nbgitpuller, and the
  kernel the notebooks name ("Python 3 (ipykernel)") with ``utils`` and every library the
  lessons use, installed once for the whole class. Keep the clone readable by all users.
- Each student gets their own copy of the lessons from an nbgitpuller link to the branch
  ``students`` (``make classroom-branch``: the lessons without the solutions; then
  ``make classroom-links HUB=... REPO=...`` prints one link per lesson): the first click
  clones it into their home folder, later clicks merge your updates into their copy.
- Accounts are the server's users (JupyterHub's default PAM login), each server runs as its
  student: list who may log in below. For an institution's single sign-on, replace the
  authenticator (for example ``oauthenticator``); see the JupyterHub documentation.

Serve it behind TLS (a reverse proxy, or ``c.JupyterHub.ssl_cert``/``ssl_key``) before
students log in from another machine. JupyterHub needs ``configurable-http-proxy`` on PATH
(``npm install -g configurable-http-proxy``).
"""

from pathlib import Path

c = get_config()  # noqa: F821 - defined by JupyterHub when it loads this file

COURSE = Path(__file__).resolve().parent.parent
VENV = COURSE / ".venv"

c.JupyterHub.bind_url = "http://127.0.0.1:8000"  # the public URL behind your TLS proxy
c.Authenticator.allowed_users = set()  # the students' user names, e.g. {"alice", "bob"}
c.Authenticator.admin_users = set()  # instructors, who may open a student's server

# every server and kernel from the course's environment
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.environment = {"PATH": f"{VENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
c.Spawner.default_url = "/lab"
