"""``python -m shared_apps.billing.localstripe --port 12111 --webhook-url URL --webhook-secret S``"""
import argparse
import signal
import sys

from shared_apps.billing.localstripe.server import LocalStripe


def main() -> int:
    parser = argparse.ArgumentParser(description="Local Stripe-compatible server for Balai development.")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", help="where to POST signed events, e.g. http://127.0.0.1:8000/billing/stripe/webhook/")
    parser.add_argument("--webhook-host", help="Host header for webhook requests (the base domain)")
    parser.add_argument("--webhook-secret", default="")
    args = parser.parse_args()
    if args.webhook_url and not args.webhook_secret:
        parser.error("--webhook-secret is required with --webhook-url")
    server = LocalStripe(port=args.port, webhook_url=args.webhook_url, webhook_secret=args.webhook_secret,
                         webhook_host=args.webhook_host)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"local Stripe at {server.url}", flush=True)
    try:
        server.httpd.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
