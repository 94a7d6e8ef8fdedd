"""HTTP benchmarks with wrk against gunicorn on this machine (issue 15).

Every figure is a ratio to a baseline measured in the same run, in alternating rounds, so the shared
machine's noise falls on both (the load average and the busy-machine rule are _setup.write_section's).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    app: str, *, port: int, workers: int, env: dict, probe: str, host: str
) -> subprocess.Popen:
    """`gunicorn app` with sync workers on 127.0.0.1:port, once `probe` answers 200 for `host`."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ | env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{probe}", headers={"Host": host})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn {app} did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass
class Target:
    """One thing to load: a URL on 127.0.0.1 with a Host header, GET or a POSTed body."""

    name: str
    port: int
    path: str
    host: str = "localhost"
    headers: dict = field(default_factory=dict)
    body: str | None = None

    def script(self) -> str:
        lines = [f'wrk.headers["Host"] = "{self.host}"']
        lines += [f'wrk.headers["{key}"] = "{value}"' for key, value in self.headers.items()]
        if self.body is not None:
            lines += ['wrk.method = "POST"', f"wrk.body = [==[{self.body}]==]"]
        return "\n".join(lines) + "\n"


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    return found


def run_wrk(target: Target, *, seconds: int, threads: int = 2, connections: int = 8) -> float:
    """Requests per second; refuses a run in which any answer was not 2xx."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(target.script())
        script.flush()
        result = subprocess.run(
            [
                wrk_path(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "-s",
                script.name,
                f"http://127.0.0.1:{target.port}{target.path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        raise RuntimeError(f"{target.name}: failed requests\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def measure_rounds(targets: list[Target], *, rounds: int, seconds: int) -> dict[str, list[float]]:
    """Each target once per round, in the same order every round; a first short round warms them all."""
    for target in targets:
        run_wrk(target, seconds=1)
    rates: dict[str, list[float]] = {target.name: [] for target in targets}
    for _round in range(rounds):
        for target in targets:
            rates[target.name].append(run_wrk(target, seconds=seconds))
    return rates
