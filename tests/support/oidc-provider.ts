/**
 * A small local OpenID Connect provider for tests (never an outside service):
 * discovery, JWKS, an authorization endpoint that answers at once for the
 * identity the test chose (or the one named by `login_hint`), and a token
 * endpoint that checks the client, the code, the redirect URI and PKCE and
 * returns an RS256-signed ID token with the request's nonce.
 */
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestIdentity {
  email: string;
  email_verified?: boolean;
}

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The identity the next sign-ins get (until changed). */
  identity: TestIdentity;
  /** Token requests answered so far. */
  tokenRequests: number;
  close(): Promise<void>;
}

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');

export async function startLocalOidcProvider(port = 0): Promise<LocalOidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const codes = new Map<
    string,
    { clientId: string; redirectUri: string; challenge: string; nonce: string; identity: TestIdentity }
  >();
  const state: LocalOidcProvider = {
    issuer: '',
    clientId: 'haven-test',
    clientSecret: 'haven-test-secret',
    identity: { email: 'nobody@example.test', email_verified: true },
    tokenRequests: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const sign = (claims: Record<string, unknown>) => {
    const head = b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'test-key' }));
    const body = b64(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey);
    return `${head}.${body}.${b64(signature)}`;
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', state.issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer: state.issuer,
        authorization_endpoint: `${state.issuer}/authorize`,
        token_endpoint: `${state.issuer}/token`,
        jwks_uri: `${state.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    // End-to-end tests choose the identity of the next sign-in (this server listens on loopback only).
    if (url.pathname === '/test/identity' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const body = JSON.parse(raw) as TestIdentity;
        state.identity = {
          email: String(body.email),
          ...(typeof body.email_verified === 'boolean' ? { email_verified: body.email_verified } : {}),
        };
        json(200, state.identity);
      });
      return;
    }
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== state.clientId || q.get('code_challenge_method') !== 'S256')
        return json(400, { error: 'invalid_request' });
      const code = randomBytes(24).toString('base64url');
      codes.set(code, {
        clientId: state.clientId,
        redirectUri: q.get('redirect_uri') ?? '',
        challenge: q.get('code_challenge') ?? '',
        nonce: q.get('nonce') ?? '',
        identity: { ...state.identity },
      });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      back.searchParams.set('iss', state.issuer);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        state.tokenRequests++;
        const f = new URLSearchParams(raw);
        const grant = codes.get(f.get('code') ?? '');
        codes.delete(f.get('code') ?? ''); // one use
        const challenge = createHash('sha256')
          .update(f.get('code_verifier') ?? '')
          .digest('base64url');
        if (
          !grant ||
          f.get('client_id') !== state.clientId ||
          f.get('client_secret') !== state.clientSecret ||
          f.get('redirect_uri') !== grant.redirectUri ||
          challenge !== grant.challenge
        )
          return json(400, { error: 'invalid_grant' });
        const now = Math.floor(Date.now() / 1000);
        json(200, {
          access_token: randomBytes(16).toString('base64url'),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: sign({
            iss: state.issuer,
            aud: state.clientId,
            sub: createHash('sha256').update(grant.identity.email).digest('hex').slice(0, 24),
            iat: now,
            exp: now + 300,
            nonce: grant.nonce,
            ...grant.identity,
          }),
        });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
