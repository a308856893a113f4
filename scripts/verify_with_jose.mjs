// Verify our ES256 access token as a service in another language would: Node's `jose`,
// the keys fetched from the live JWK Set, `iss` and `aud` checked; and refuse a tampered token.
// Run by .ci/node_jose.sh from a directory where `jose` is installed:
//   node verify_with_jose.mjs BASE_URL ISSUER AUDIENCE
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from "jose";

const [baseUrl, issuer, audience] = process.argv.slice(2);

function expect(condition, what) {
  if (!condition) {
    console.error(`FAILED: ${what}`);
    process.exit(1);
  }
  console.log(`ok: ${what}`);
}

async function call(method, path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function newAccessToken() {
  const member = { username: `jose-${Date.now()}`, password: "12341234", nickname: "Jose" };
  expect((await call("POST", "/signup", member)).status === 201, "a member signs up");
  const login = await call("POST", "/login", { username: member.username, password: member.password });
  expect(login.status === 200, "the member logs in");
  const me = await call("GET", "/me", undefined, login.body.token);
  return { token: login.body.token, id: me.body.id };
}

// Change one character of the payload: the signature no longer matches.
function tampered(token) {
  const [header, payload, signature] = token.split(".");
  const middle = Math.floor(payload.length / 2);
  const swapped = payload[middle] === "A" ? "B" : "A";
  return [header, payload.slice(0, middle) + swapped + payload.slice(middle + 1), signature].join(".");
}

async function refusedAs(token, options, errorClass, what) {
  try {
    await jwtVerify(token, jwks, options);
  } catch (error) {
    expect(error instanceof errorClass, `${what} (${error.code})`);
    return;
  }
  expect(false, what);
}

const jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", baseUrl));
const { token, id } = await newAccessToken();
const header = decodeProtectedHeader(token);
expect(header.alg === "ES256" && typeof header.kid === "string", "the token is ES256 and names its key");

const options = { issuer, audience, algorithms: ["ES256"] };
const { payload } = await jwtVerify(token, jwks, options);
expect(payload.iss === issuer && payload.aud === audience, "jose verifies it, with iss and aud");
expect(payload.type === "access" && payload.sub === String(id), "it is an access token for the member");

await refusedAs(tampered(token), options, errors.JWSSignatureVerificationFailed, "a tampered token is refused");
await refusedAs(token, { ...options, audience: "another-service" }, errors.JWTClaimValidationFailed,
  "a token for another audience is refused");
await refusedAs(token, { ...options, issuer: "https://someone-else.test" }, errors.JWTClaimValidationFailed,
  "a token from another issuer is refused");
