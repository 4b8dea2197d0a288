import { SignJWT, exportJWK, generateKeyPair, type JWK } from "jose";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A local OpenID Connect issuer on loopback: discovery, JWKS, and ID tokens we sign ourselves. */
export interface TestIssuer {
  issuer: string;
  clientId: string;
  idToken(claims: { sub: string; email: string; email_verified?: boolean; given_name?: string; family_name?: string }, options?: { audience?: string; expiresIn?: string | number; issuer?: string }): Promise<string>;
  /** Replaces the signing key; the old one leaves the JWKS. */
  rotateKey(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestIssuer(clientId = "test-client.apps.example.com"): Promise<TestIssuer> {
  let current = await newKey();
  const server = http.createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    if (request.url === "/.well-known/openid-configuration") {
      response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ["RS256"] }));
    } else if (request.url === "/jwks") {
      response.end(JSON.stringify({ keys: [current.publicJwk] }));
    } else {
      response.statusCode = 404;
      response.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    idToken: (claims, options = {}) =>
      new SignJWT({ email_verified: true, ...claims })
        .setProtectedHeader({ alg: "RS256", kid: current.kid })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? clientId)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? "5m")
        .sign(current.privateKey),
    rotateKey: async () => {
      current = await newKey();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function newKey() {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `key-${Math.random().toString(36).slice(2)}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { privateKey, publicJwk, kid };
}
