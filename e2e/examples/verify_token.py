"""Verifies the widget's result token on the host's backend with PyJWT (pip install "pyjwt[crypto]").

Usage: python3 verify_token.py <jwks_url> <issuer> <audience> <expected_nonce> <token> [min_ial]
Accepts only a PASS at assurance level min_ial or above (default 2: a full verification; 1 accepts
a selfie re-verification). Prints the claims and exits 0, or prints why not and exits 1.
"""
import json
import sys

import jwt


def verify(jwks_url, issuer, audience, expected_nonce, token, min_ial="2"):
    key = jwt.PyJWKClient(jwks_url).get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token,
        key.key,
        algorithms=["EdDSA"],
        audience=audience,
        issuer=issuer,
        options={"require": ["exp", "iat", "aud", "iss", "sub", "jti"]},
    )
    if claims.get("nonce") != expected_nonce:
        raise jwt.InvalidTokenError("nonce does not match this session")
    # A FAIL token is genuine too: it must never open the door.
    if claims.get("status") != "PASS":
        raise jwt.InvalidTokenError(f"not a PASS ({claims.get('status')} {claims.get('reason_code') or ''})")
    if not isinstance(claims.get("ial"), int) or claims["ial"] < int(min_ial):
        raise jwt.InvalidTokenError(f"ial {claims.get('ial')} is below {min_ial}")
    # Also: consume each verification's result once (remember claims["jti"]; a session can hold a
    # FAIL and then, after "Try again", a PASS with the same nonce), and check claims["vid"] is
    # the verification you expect and claims["sid"] the session you created.
    return claims


if __name__ == "__main__":
    try:
        print(json.dumps(verify(*sys.argv[1:7])))
    except jwt.PyJWTError as e:
        print(f"rejected: {e}", file=sys.stderr)
        sys.exit(1)
