"""`make run`: prepare the database, create the demo villages, then serve.

Starts gunicorn, a Celery worker, Celery beat and (without STRIPE_SECRET_KEY) the
local Stripe as child processes, prints
the URLs and credentials, and stops them all on Ctrl-C. Safe to run again.
"""
import ctypes
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("BALAI_PORT", "8000"))
BASE = os.environ.setdefault("BALAI_BASE_DOMAIN", "localhost")
os.environ.setdefault("BALAI_URL_PORT", str(PORT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DJANGO_DEBUG", "1")
# Loopback only: the demo accounts' password is in the README.
BIND = os.environ.get("BALAI_BIND", "127.0.0.1")
# The full Kemendagri list, when this machine has it, so that signup finds any village.
REGIONS = REPO.parent / "shared" / "data" / "wilayah.csv"
STRIPE_LOCAL_PORT = os.environ.setdefault("STRIPE_LOCAL_PORT", "12111")


def balai(*args: str) -> None:
    subprocess.run([str(BIN / "balai"), *args], check=True, cwd=REPO)


def _die_with_parent() -> None:
    # Children end when this script ends, however it ends (Linux).
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wait_until_serving(seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": BASE})
            if connection.getresponse().status in (200, 503):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def local_stripe() -> list[subprocess.Popen]:
    """Without STRIPE_SECRET_KEY the platform talks to the local Stripe: start
    it, sending signed webhooks to this server on the base domain."""
    if os.environ.get("STRIPE_SECRET_KEY"):
        return []
    sys.path.insert(0, str(REPO))
    from shared_apps.billing.localstripe import DEVELOPMENT_WEBHOOK_SECRET

    secret = os.environ.get("STRIPE_WEBHOOK_SECRET", DEVELOPMENT_WEBHOOK_SECRET)
    return [subprocess.Popen(
        [str(BIN / "python"), "-m", "shared_apps.billing.localstripe", "--port", STRIPE_LOCAL_PORT,
         "--webhook-url", f"http://127.0.0.1:{PORT}/billing/stripe/webhook/", "--webhook-host", BASE,
         "--webhook-secret", secret],
        cwd=REPO, preexec_fn=_die_with_parent,
    )]


def main() -> int:
    (REPO / "var" / "celery").mkdir(parents=True, exist_ok=True)
    balai("migrate", "--noinput", "-v", "0")
    balai("collectstatic", "--noinput", "-v", "0")
    balai("demo")
    if REGIONS.exists():
        balai("regions", "load", str(REGIONS))
    balai("oversight", "refresh", "--all")  # the regional view has figures at once, not after the first beat
    children = local_stripe() + [
        subprocess.Popen([str(BIN / "gunicorn"), "-c", "infra/gunicorn.conf.py", "--bind", f"{BIND}:{PORT}",
                          "config.wsgi:application"], cwd=REPO, preexec_fn=_die_with_parent),
        subprocess.Popen([str(BIN / "celery"), "-A", "config", "--quiet", "worker", "--loglevel", "WARNING",
                          "--concurrency", "2"], cwd=REPO, preexec_fn=_die_with_parent),
        subprocess.Popen([str(BIN / "celery"), "-A", "config", "--quiet", "beat", "--loglevel", "WARNING"], cwd=REPO,
                         preexec_fn=_die_with_parent),
    ]
    if not wait_until_serving():
        print("gunicorn did not answer within 30 s; see its output above", file=sys.stderr)
    print(
        f"\nBalai is running.\n"
        f"  control plane   http://{BASE}:{PORT}/   (staff: ops@balai.localhost)\n"
        f"  sign up         http://{BASE}:{PORT}/daftar/   (mails are printed here, and linked on the page)\n"
        f"  village sites   http://sukamaju.{BASE}:{PORT}/masuk/  http://senggigi.{BASE}:{PORT}/masuk/\n"
        f"  letters         http://sukamaju.{BASE}:{PORT}/surat/   verify: http://sukamaju.{BASE}:{PORT}/surat/verifikasi/\n"
        f"  regional view   http://{BASE}:{PORT}/wilayah/   (official: ntb@balai.localhost)\n"
        f"  API docs        http://sukamaju.{BASE}:{PORT}/api/docs/\n"
        f"  health          http://sukamaju.{BASE}:{PORT}/healthz\n"
        f"  billing         http://sukamaju.{BASE}:{PORT}/langganan/   ops: http://{BASE}:{PORT}/ops/billing/\n"
        + ("" if os.environ.get("STRIPE_SECRET_KEY") else
           f"  local Stripe    http://127.0.0.1:{STRIPE_LOCAL_PORT}/  (no STRIPE_SECRET_KEY: no real money moves)\n") +
        f"Stop with Ctrl-C.\n",
        flush=True,
    )
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.5)
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    failed = [child.args[0] for child in children if child.returncode not in (0, -signal.SIGTERM)]
    if failed and not stopping:
        print(f"stopped because a process exited: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
