"""Verifies an Epic webhook delivery from the gateway (standard library only).

Usage: python3 verify_webhook.py <secret> <x-idv-timestamp> <x-idv-signature> < body.json
Exits 0 when the signature is right and the timestamp is within 5 minutes, 1 otherwise.
"""
import hashlib
import hmac
import sys
import time


def verify(secret: str, timestamp: str, signature: str, body: bytes, tolerance: int = 300) -> bool:
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = "v1=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


if __name__ == "__main__":
    ok = verify(sys.argv[1], sys.argv[2], sys.argv[3], sys.stdin.buffer.read())
    print("valid" if ok else "rejected")
    sys.exit(0 if ok else 1)
