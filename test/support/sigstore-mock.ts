/**
 * A Sigstore instance of the tests' own: @sigstore/mock's Fulcio (a CA that issues short-lived
 * certificates with an SCT from its CT log) and Rekor (a transparency log that signs each entry
 * it records), served on a loopback HTTP port so @sigstore/sign talks to them over the real
 * protocol, and the trusted root that names exactly their keys. Bundles signed here verify with
 * this root only, through the same verifier as python.org's bundles with the public-good root.
 *
 * The identity token is an unsigned JWT: the mock Fulcio reads its claims (email, iss) and puts
 * them in the certificate as the real one does after checking the token with the issuer.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { bundleToJSON } from '@sigstore/bundle';
import { fulcioHandler, type HandlerFn, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';
import { DSSEBundleBuilder, FulcioSigner, MessageSignatureBundleBuilder, RekorWitness } from '@sigstore/sign';
import type { TrustedRootJson } from '../../src/source/sigstore.js';

export interface Identity {
  email: string;
  issuer: string;
}

export interface MockSigstore {
  /** The trusted root of this instance, as a trusted_root.json holds it. */
  trustedRoot: TrustedRootJson;
  /** A .sigstore bundle (JSON text) over `data`, signed by `identity`. */
  sign(data: Buffer, identity: Identity): Promise<string>;
  /** A .sigstore bundle holding a DSSE envelope (an attestation, e.g. an in-toto statement) over `payload`. */
  signDsse(payload: Buffer, payloadType: string, identity: Identity): Promise<string>;
  /**
   * A bundle over `data` whose certificate the CA issues with its Fulcio extensions rewritten
   * (what only a misbehaving or compromised CA would issue): [oid, value] pairs as Fulcio writes
   * them, issuer v1 (1.3.6.1.4.1.57264.1.1) and v2 (1.3.6.1.4.1.57264.1.8) among them.
   */
  signWithExtensions(data: Buffer, identity: Identity, rewrite: (extensions: Array<[string, string]>) => Array<[string, string]>): Promise<string>;
  close(): Promise<void>;
}

function unsignedJwt(claims: { email: string; iss: string }): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, email_verified: true, sub: claims.email, aud: 'sigstore', iat: Math.floor(Date.now() / 1000) })}.`;
}

const b64 = (bytes: ArrayBufferView | Buffer) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function logInstance(url: string, key: Buffer, keyId: Buffer) {
  return {
    baseUrl: url,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: key.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: new Date(Date.now() - 60_000).toISOString() } },
    logId: { keyId: keyId.toString('base64') },
  };
}

export async function startMockSigstore(): Promise<MockSigstore> {
  const keyPair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const sockets = new Set<Socket>();
  const routes = new Map<string, HandlerFn>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const handler = req.method === 'POST' ? routes.get(new URL(req.url ?? '/', 'http://x').pathname) : undefined;
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      const { statusCode, response, contentType } = await handler(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(statusCode, { 'content-type': contentType ?? 'text/plain' }).end(response);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const ctlog = await initializeCTLog(keyPair);
  const realCa = await initializeCA(keyPair, ctlog);
  type CA = Awaited<ReturnType<typeof initializeCA>>;
  type Extension = NonNullable<Parameters<CA['issueCertificate']>[0]['extensions']>[number];
  let rewriteExtensions: ((extensions: Array<[string, string]>) => Array<[string, string]>) | undefined;
  const ca: CA = {
    rootCertificate: realCa.rootCertificate,
    issueCertificate: (options) => {
      if (!rewriteExtensions) return realCa.issueCertificate(options);
      const legacy = new Set((options.extensions ?? []).filter((e) => e.legacy).map((e) => e.oid));
      const pairs = rewriteExtensions((options.extensions ?? []).map((e) => [e.oid, e.value]));
      return realCa.issueCertificate({ ...options, extensions: pairs.map(([oid, value]): Extension => ({ oid, value, legacy: legacy.has(oid) || oid === '1.3.6.1.4.1.57264.1.1' })) });
    },
  };
  const tlog = await initializeTLog(url, keyPair);
  const fulcio = fulcioHandler(ca, { strict: true, subjectClaim: 'email' });
  const rekor = rekorHandler(tlog, { strict: true });
  routes.set(fulcio.path, fulcio.fn);
  routes.set(rekor.path, rekor.fn);

  const trustedRoot: TrustedRootJson = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [logInstance(url, tlog.publicKey, createHash('sha256').update(tlog.publicKey).digest())],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: { start: new Date(Date.now() - 60_000).toISOString() },
      },
    ],
    ctlogs: [logInstance(url, ctlog.publicKey, Buffer.from(ctlog.logID.buffer, ctlog.logID.byteOffset, ctlog.logID.byteLength))],
    timestampAuthorities: [],
  };

  const signerFor = (identity: Identity) =>
    new FulcioSigner({
      fulcioBaseURL: url,
      identityProvider: { getToken: async () => unsignedJwt({ email: identity.email, iss: identity.issuer }) },
    });

  const sign = async (data: Buffer, identity: Identity) => {
    const builder = new MessageSignatureBundleBuilder({ signer: signerFor(identity), witnesses: [new RekorWitness({ rekorBaseURL: url })] });
    return JSON.stringify(bundleToJSON(await builder.create({ data })));
  };

  return {
    trustedRoot,
    sign,
    async signWithExtensions(data, identity, rewrite) {
      rewriteExtensions = rewrite;
      try {
        return await sign(data, identity);
      } finally {
        rewriteExtensions = undefined;
      }
    },
    async signDsse(payload, payloadType, identity) {
      const builder = new DSSEBundleBuilder({ signer: signerFor(identity), witnesses: [new RekorWitness({ rekorBaseURL: url })] });
      return JSON.stringify(bundleToJSON(await builder.create({ data: payload, type: payloadType })));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
