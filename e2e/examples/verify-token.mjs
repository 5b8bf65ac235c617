// Verifies the widget's result token on the host's backend with `jose`.
// Usage: node verify-token.mjs <jwks_url> <issuer> <audience> <expected_nonce> <token> [min_ial]
// Accepts only a PASS at assurance level min_ial or above (default 2: a full verification; 1
// accepts a selfie re-verification). Prints the claims and exits 0, or prints why not and exits 1.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [jwksUrl, issuer, audience, expectedNonce, token, minIal = '2'] = process.argv.slice(2);
const jwks = createRemoteJWKSet(new URL(jwksUrl));

try {
  const { payload } = await jwtVerify(token, jwks, {
    issuer,
    audience,
    algorithms: ['EdDSA'],
    requiredClaims: ['exp', 'iat', 'sub', 'jti', 'vid', 'status', 'nonce', 'ial'],
  });
  if (payload.nonce !== expectedNonce) throw new Error('nonce does not match this session');
  // A FAIL token is genuine too: it must never open the door.
  if (payload.status !== 'PASS') throw new Error(`not a PASS (${payload.status} ${payload.reason_code ?? ''})`);
  if (!(Number(payload.ial) >= Number(minIal))) throw new Error(`ial ${payload.ial} is below ${minIal}`);
  // Also: consume each verification's result once (remember payload.jti; a session can hold a
  // FAIL and then a PASS with the same nonce), and check payload.vid is the verification you
  // expect and payload.sid the session you created.
  console.log(JSON.stringify(payload));
} catch (e) {
  console.error(`rejected: ${e.message}`);
  process.exit(1);
}
