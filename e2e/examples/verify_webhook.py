"""Verifies an Epic webhook delivery from the gateway: Standard Webhooks, one call of the
maintained `standardwebhooks` library (PyPI). In a web framework, pass the raw body and the
request's headers to `Webhook(secret).verify` the same way.

Usage: python3 verify_webhook.py <secret (whsec_...)> <webhook-id> <webhook-timestamp> <webhook-signature> < body.json
Exits 0 when a signature matches and the timestamp is within 5 minutes, 1 otherwise.
"""
import sys

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def verify(secret: str, headers: dict, body: bytes) -> dict:
    """The event, or WebhookVerificationError (wrong signature or secret, stale timestamp)."""
    return Webhook(secret).verify(body, headers)


if __name__ == "__main__":
    secret, msg_id, timestamp, signature = sys.argv[1:5]
    headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature}
    try:
        event = verify(secret, headers, sys.stdin.buffer.read())
    except WebhookVerificationError as e:
        print(f"rejected: {e}")
        sys.exit(1)
    print(f"valid: {event['event_id']} {event['status']}")
