"""Verifies the widget's result token on the host's backend with PyJWT (pip install "pyjwt[crypto]").

Usage: python3 verify_token.py <jwks_url> <issuer> <audience> <expected_nonce> <token>
Prints the claims and exits 0, or prints why not and exits 1.
"""
import json
import sys

import jwt


def verify(jwks_url, issuer, audience, expected_nonce, token):
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
    # Also: refuse a jti you have seen before, and check claims["vid"] is the verification you expect.
    return claims


if __name__ == "__main__":
    try:
        print(json.dumps(verify(*sys.argv[1:6])))
    except jwt.PyJWTError as e:
        print(f"rejected: {e}", file=sys.stderr)
        sys.exit(1)
