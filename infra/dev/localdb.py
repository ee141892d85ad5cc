"""Find or start the PostgreSQL that `make run` and `make test` use, then run a command.

Usage: python infra/dev/localdb.py exec -- COMMAND [ARGS…]

Order of preference, said out loud on stderr:
1. ``DATABASE_URL`` when it is set: used as it is.
2. A server on 127.0.0.1:5432 that lets user ``postgres`` in without a
   password: ``postgresql://postgres@127.0.0.1:5432/balai``.
3. A private server on port 54329, started here: from the system's PostgreSQL
   binaries when present, else from the ``pgserver`` wheel on PyPI (it bundles
   PostgreSQL 16 with its libraries). Its data is in ``var/postgres``.
   ``initdb`` refuses to run as root, so as root the server runs as ``nobody``,
   with its data (and pgserver's binaries) under /var/tmp, where ``nobody``
   can reach them wherever the repository is.
The database named in the URL is created when missing.
"""
import glob
import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[2]
PRIVATE_PORT = 54329
AS_ROOT = os.geteuid() == 0
# As root the server runs as nobody, who may not be able to enter the repository.
PRIVATE_DIR = (
    Path("/var/tmp") / f"balai-postgres-{hashlib.sha1(str(REPO).encode()).hexdigest()[:10]}"
    if AS_ROOT else REPO / "var" / "postgres"
)
SHARED_URL = "postgresql://postgres@127.0.0.1:5432/balai"
PRIVATE_URL = f"postgresql://postgres@127.0.0.1:{PRIVATE_PORT}/balai"


def say(message: str) -> None:
    print(f"[localdb] {message}", file=sys.stderr, flush=True)


def listening(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def _binaries() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if versions:
        return Path(versions[-1]).parent
    say("no PostgreSQL binaries on this machine; installing the pgserver wheel from PyPI")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pgserver==0.1.4"], check=True)
    import pgserver  # noqa: PLC0415 - only needed on machines without PostgreSQL

    bundled = Path(pgserver.__file__).parent / "pginstall"
    if not AS_ROOT:
        return bundled / "bin"
    reachable = Path("/var/tmp/balai-pgserver-0.1.4")
    if not reachable.exists():
        shutil.copytree(bundled, reachable, symlinks=True)
    return reachable / "bin"


def _as_server_user(args: list[str]) -> list[str]:
    if not AS_ROOT:
        return args
    return ["runuser", "-u", "nobody", "--", *args]


def start_private() -> None:
    bindir = _binaries()
    data = PRIVATE_DIR / "data"
    PRIVATE_DIR.mkdir(parents=True, exist_ok=True)
    if AS_ROOT:
        nobody = pwd.getpwnam("nobody")
        os.chown(PRIVATE_DIR, nobody.pw_uid, nobody.pw_gid)
    if not (data / "PG_VERSION").exists():
        say(f"initialising a private PostgreSQL in {data} ({bindir})")
        subprocess.run(
            _as_server_user([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                             "--encoding=UTF8", "--locale=C.UTF-8"]),
            check=True, stdout=subprocess.DEVNULL, cwd=PRIVATE_DIR,
        )
    say(f"starting the private PostgreSQL on 127.0.0.1:{PRIVATE_PORT} (stop it with `make stop-db`)")
    options = f"-p {PRIVATE_PORT} -k {PRIVATE_DIR} -c listen_addresses=127.0.0.1 -c max_locks_per_transaction=256"
    subprocess.run(
        _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(PRIVATE_DIR / "server.log"),
                         "-o", options, "-w", "start"]),
        check=True, stdout=subprocess.DEVNULL, cwd=PRIVATE_DIR,
    )


def stop_private() -> None:
    data = PRIVATE_DIR / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(_as_server_user([str(_binaries() / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]), check=False, cwd=PRIVATE_DIR)


def admits_postgres(url: str) -> bool:
    import psycopg  # noqa: PLC0415 - from the project's virtualenv

    try:
        psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        say("using DATABASE_URL from the environment")
        return url
    if listening(5432):
        if admits_postgres(SHARED_URL):
            say("using the PostgreSQL already listening on 127.0.0.1:5432")
            return SHARED_URL
        say("the PostgreSQL on 127.0.0.1:5432 does not let user postgres in without a password; "
            "using a private server instead (or set DATABASE_URL)")
    if not listening(PRIVATE_PORT):
        say("DATABASE_URL is unset and nothing listens on 127.0.0.1:5432")
        start_private()
    else:
        say(f"using the private PostgreSQL on 127.0.0.1:{PRIVATE_PORT}")
    return PRIVATE_URL


def ensure_database(url: str) -> None:
    import psycopg  # noqa: PLC0415 - from the project's virtualenv
    from psycopg import sql  # noqa: PLC0415

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = parsed._replace(path="/postgres").geturl()
    for attempt in range(50):
        try:
            with psycopg.connect(maintenance, autocommit=True) as conn:
                if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                    say(f"created database {name}")
            return
        except psycopg.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.2)


def main(argv: list[str]) -> int:
    if argv[:1] == ["stop"]:
        stop_private()
        return 0
    if argv[:2] != ["exec", "--"] or len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    url = database_url()
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.execvp(argv[2], argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
