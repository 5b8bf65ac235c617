// Verifies the widget's result token on the host's backend with `jose`.
// Usage: node verify-token.mjs <jwks_url> <issuer> <audience> <expected_nonce> <token>
// Prints the claims and exits 0, or prints why not and exits 1.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [jwksUrl, issuer, audience, expectedNonce, token] = process.argv.slice(2);
const jwks = createRemoteJWKSet(new URL(jwksUrl));

try {
  const { payload } = await jwtVerify(token, jwks, {
    issuer,
    audience,
    algorithms: ['EdDSA'],
    requiredClaims: ['exp', 'iat', 'sub', 'jti', 'vid', 'status', 'nonce'],
  });
  if (payload.nonce !== expectedNonce) throw new Error('nonce does not match this session');
  // Also: refuse a jti you have seen before, and check payload.vid is the verification you expect.
  console.log(JSON.stringify(payload));
} catch (e) {
  console.error(`rejected: ${e.message}`);
  process.exit(1);
}
