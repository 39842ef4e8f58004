import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  type AchievementCredential,
  type AchievementCredentialInput,
  buildAchievementCredential,
  type Signed,
  signDataIntegrity,
  signVcJwt,
  verifyDataIntegrity,
  verifyVcJwt,
} from './achievement-credential.ts';
import {
  bundledContexts,
  createDocumentLoader,
  DocumentNotAllowedError,
  OB_V3P0_CONTEXT,
  staticDocuments,
  VC_V2_CONTEXT,
} from './document-loader.ts';
import {
  didDocument,
  didDocumentPath,
  didWebFromUrl,
  type IssuerKeyring,
  jwks,
  loadOrCreateKeys,
  parseSigningKeyEnv,
} from './issuer-keys.ts';
import schema from './schemas/achievementcredential.schema.json' with { type: 'json' };
import { buildStatusListCredential } from './status-list.ts';

const PUBLIC_URL = 'https://praxis.example:8443';
const STATUS_URL = `${PUBLIC_URL}/credentials/status/1`;
const REVOKED_INDEX = 7;

const ajv = new Ajv2019.default({ allErrors: true, strictTuples: false });
addFormats.default(ajv);
const validateSchema = ajv.compile(schema);

function assertSchemaValid(credential: unknown): void {
  const ok = validateSchema(credential);
  assert.ok(ok, `schema errors: ${JSON.stringify(validateSchema.errors, null, 2)}`);
}

/** Replaces the character at `index` with a different one from the same alphabet. */
function changeChar(text: string, index: number, alphabet: string): string {
  const current = text[index]!;
  const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length]!;
  assert.notEqual(replacement, current);
  return text.slice(0, index) + replacement + text.slice(index + 1);
}
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function input(
  keyring: IssuerKeyring,
  overrides: Partial<AchievementCredentialInput> = {},
): AchievementCredentialInput {
  return {
    verifyUrl: `${PUBLIC_URL}/verify/0b9d2c4e`,
    issuer: { did: keyring.did, name: 'Praxis Academy', url: PUBLIC_URL },
    learnerName: 'Ada Lovelace',
    courseTitle: 'Foundations of AI Ethics',
    courseUrl: `${PUBLIC_URL}/courses/foundations-of-ai-ethics`,
    achievementDescription: 'Completed every unit and exercise of Foundations of AI Ethics.',
    criteriaNarrative: 'Complete all units and pass every graded exercise.',
    issuedAt: '2025-03-14T09:26:53.589Z',
    statusListUrl: STATUS_URL,
    statusListIndex: 3,
    ...overrides,
  };
}

/** A verifier's world: the issuer's DID document and its signed status list, nothing else. */
async function issuerWorld(keyring: IssuerKeyring, revokedIndexes = [REVOKED_INDEX]) {
  const did = didDocument(keyring, PUBLIC_URL);
  const signingLoader = createDocumentLoader(staticDocuments([did]));
  const statusList = await signDataIntegrity(
    await buildStatusListCredential({ id: STATUS_URL, issuer: keyring.did, revokedIndexes }),
    keyring.current,
    signingLoader,
  );
  return { did, statusList, loader: createDocumentLoader(staticDocuments([did, statusList])) };
}

/** Verification with @digitalbazaar/vc directly: the independent verifier. */
async function independentVerify(credential: object, loader: ReturnType<typeof createDocumentLoader>) {
  return verifyCredential({
    credential: credential as Record<string, unknown>,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader: loader,
    checkStatus,
  });
}

describe('Open Badges 3.0 credentials', () => {
  let dataDir: string;
  let keyring: IssuerKeyring;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'praxis-ob3-'));
    keyring = await loadOrCreateKeys(dataDir, PUBLIC_URL, {});
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('did:web identifiers follow the public URL', () => {
    assert.equal(didWebFromUrl('https://praxis.example'), 'did:web:praxis.example');
    assert.equal(didWebFromUrl('https://praxis.example/'), 'did:web:praxis.example');
    assert.equal(didWebFromUrl('http://localhost:3000'), 'did:web:localhost%3A3000');
    assert.equal(didWebFromUrl('https://Example.ORG:8443/praxis/'), 'did:web:example.org%3A8443:praxis');
    assert.equal(didDocumentPath('https://praxis.example'), '/.well-known/did.json');
    assert.equal(didDocumentPath('https://example.org/praxis/'), '/praxis/did.json');
    assert.equal(keyring.did, 'did:web:praxis.example%3A8443');
    assert.equal(keyring.current.id, 'did:web:praxis.example%3A8443#key-1');
  });

  test('the first start writes one owner-only key file, and the next start reads it back', async () => {
    const dir = join(dataDir, 'keys');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(dir), ['ed25519-1.json']);
    assert.equal(statSync(join(dir, 'ed25519-1.json')).mode & 0o777, 0o600);
    const stored = JSON.parse(readFileSync(join(dir, 'ed25519-1.json'), 'utf8'));
    assert.equal(stored.type, 'Multikey');
    assert.equal(stored.publicKeyMultibase, keyring.current.publicKeyMultibase);
    assert.match(stored.secretKeyMultibase, /^z/);

    const again = await loadOrCreateKeys(dataDir, PUBLIC_URL, {});
    assert.equal(again.keys.length, 1);
    assert.equal(again.current.publicKeyMultibase, keyring.current.publicKeyMultibase);
    // The secret never leaks through serialisation.
    assert.doesNotMatch(JSON.stringify(again), /secretKeyMultibase/);
    assert.doesNotMatch(JSON.stringify(jwks(again)), /"d"/);
  });

  test('workers starting at once share one first key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-ob3-race-'));
    try {
      const rings = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateKeys(dir, PUBLIC_URL, {})));
      assert.deepEqual(readdirSync(join(dir, 'keys')), ['ed25519-1.json']);
      assert.equal(new Set(rings.map((ring) => ring.current.publicKeyMultibase)).size, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the DID document and JWKS list the key as Multikey and OKP/Ed25519', () => {
    const did = didDocument(keyring, PUBLIC_URL);
    assert.deepEqual(did['@context'], [
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1',
    ]);
    assert.equal(did.id, keyring.did);
    assert.deepEqual(did.verificationMethod, [
      {
        id: `${keyring.did}#key-1`,
        type: 'Multikey',
        controller: keyring.did,
        publicKeyMultibase: keyring.current.publicKeyMultibase,
      },
    ]);
    assert.deepEqual(did.assertionMethod, [`${keyring.did}#key-1`]);
    const set = jwks(keyring);
    assert.equal(set.keys.length, 1);
    assert.deepEqual(Object.keys(set.keys[0]!).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    assert.equal(set.keys[0]!.kid, `${keyring.did}#key-1`);
  });

  test('the document loader serves bundled contexts and issuer documents only', async () => {
    const did = didDocument(keyring, PUBLIC_URL);
    const loader = createDocumentLoader(staticDocuments([did]));
    for (const url of [
      VC_V2_CONTEXT,
      OB_V3P0_CONTEXT,
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/did/v1',
      'https://www.w3.org/ns/credentials/status/v1',
    ]) {
      assert.ok(bundledContexts.has(url), url);
      const { document } = await loader(url);
      assert.ok((document as Record<string, unknown>)['@context'], url);
    }
    const ob = (await loader(OB_V3P0_CONTEXT)).document;
    assert.deepEqual(
      ob,
      JSON.parse(readFileSync(new URL('./contexts/ob-v3p0-context-3.0.3.json', import.meta.url), 'utf8')),
    );
    assert.equal((await loader(keyring.did)).document, did);
    const method = (await loader(`${keyring.did}#key-1`)).document as Record<string, unknown>;
    assert.equal(method.type, 'Multikey');
    assert.equal(method.publicKeyMultibase, keyring.current.publicKeyMultibase);
    for (const url of [
      'https://example.com/context.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
      'did:web:evil.example',
      `${keyring.did}#key-9`,
    ]) {
      await assert.rejects(loader(url), DocumentNotAllowedError, url);
    }
    await assert.rejects(createDocumentLoader()(keyring.did), DocumentNotAllowedError);
  });

  describe('a signed AchievementCredential', () => {
    let world: Awaited<ReturnType<typeof issuerWorld>>;
    let signed: Signed<AchievementCredential>;

    before(async () => {
      world = await issuerWorld(keyring);
      signed = await signDataIntegrity(
        buildAchievementCredential(input(keyring)),
        keyring.current,
        world.loader,
      );
    });

    test('has the OB 3.0 shape and validates against the 1EdTech JSON schema', () => {
      assert.deepEqual(signed['@context'], [VC_V2_CONTEXT, OB_V3P0_CONTEXT]);
      assert.deepEqual(signed.type, ['VerifiableCredential', 'OpenBadgeCredential']);
      assert.equal(signed.id, `${PUBLIC_URL}/verify/0b9d2c4e`);
      assert.deepEqual(signed.issuer, {
        id: keyring.did,
        type: ['Profile'],
        name: 'Praxis Academy',
        url: PUBLIC_URL,
      });
      assert.equal(signed.validFrom, '2025-03-14T09:26:53Z');
      assert.deepEqual(signed.credentialSubject.identifier, [
        { type: 'IdentityObject', identityHash: 'Ada Lovelace', identityType: 'name', hashed: false },
      ]);
      assert.equal(signed.credentialSubject.achievement.criteria.narrative, input(keyring).criteriaNarrative);
      assert.deepEqual(signed.credentialStatus, {
        id: `${STATUS_URL}#3`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '3',
        statusListCredential: STATUS_URL,
      });
      assert.equal(signed.proof.length, 1);
      const [proof] = signed.proof;
      assert.equal(proof!.type, 'DataIntegrityProof');
      assert.equal(proof!.cryptosuite, 'eddsa-rdfc-2022');
      assert.equal(proof!.proofPurpose, 'assertionMethod');
      assert.equal(proof!.verificationMethod, `${keyring.did}#key-1`);
      assert.match(proof!.proofValue, /^z[1-9A-HJ-NP-Za-km-z]+$/);
      assertSchemaValid(signed);
    });

    test('the schema copy catches a malformed credential', () => {
      const broken = structuredClone(signed) as unknown as Record<string, unknown>;
      delete broken.validFrom;
      assert.equal(validateSchema(broken), false);
      const noAchievement = structuredClone(signed);
      (noAchievement.credentialSubject as Partial<typeof signed.credentialSubject>).achievement = undefined;
      assert.equal(validateSchema(JSON.parse(JSON.stringify(noAchievement))), false);
    });

    test('the independent verifier (@digitalbazaar/vc + checkStatus) accepts it, status not revoked', async () => {
      const result = await independentVerify(signed, world.loader);
      assert.equal(result.verified, true, String(result.error?.errors?.[0] ?? result.error));
      assert.equal(result.statusResult?.verified, true);
      assert.equal(result.statusResult?.results?.[0]?.status, false);
      assert.deepEqual(await verifyDataIntegrity(signed, world.loader), {
        verified: true,
        revoked: false,
        errors: [],
      });
    });

    test('the status list credential itself verifies', async () => {
      const result = await verifyCredential({
        credential: world.statusList as unknown as Record<string, unknown>,
        suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
        documentLoader: world.loader,
      });
      assert.equal(result.verified, true, String(result.error));
      assert.equal(world.statusList.credentialSubject.statusPurpose, 'revocation');
      assert.match(world.statusList.credentialSubject.encodedList, /^u/);
    });

    test('a revoked index is reported revoked', async () => {
      const revoked = await signDataIntegrity(
        buildAchievementCredential(input(keyring, { statusListIndex: REVOKED_INDEX })),
        keyring.current,
        world.loader,
      );
      const raw = await independentVerify(revoked, world.loader);
      assert.equal(raw.statusResult?.results?.[0]?.status, true);
      const ours = await verifyDataIntegrity(revoked, world.loader);
      assert.equal(ours.verified, false);
      assert.equal(ours.revoked, true);
      assert.deepEqual(ours.errors, ['The credential has been revoked']);
    });

    test('changing one character of a name breaks the proof', async () => {
      const learner = structuredClone(signed);
      learner.credentialSubject.identifier[0]!.identityHash = 'Ada Lovelacf';
      const courseName = structuredClone(signed);
      courseName.name = 'Foundations of AI Ethicz';
      for (const tampered of [learner, courseName]) {
        const result = await independentVerify(tampered, world.loader);
        assert.equal(result.verified, false);
        assert.match(String(result.error?.errors?.[0]), /Invalid signature/);
        assert.equal((await verifyDataIntegrity(tampered, world.loader)).verified, false);
      }
    });

    test('changing one character of the proofValue breaks the proof', async () => {
      for (const index of [5, 40, signed.proof[0]!.proofValue.length - 3]) {
        const tampered = structuredClone(signed);
        tampered.proof[0]!.proofValue = changeChar(tampered.proof[0]!.proofValue, index, BASE58);
        const result = await independentVerify(tampered, world.loader);
        assert.equal(result.verified, false, `proofValue index ${index}`);
        assert.match(String(result.error?.errors?.[0]), /Invalid signature|signature/i);
      }
    });

    test('a proof by a key the DID document does not list fails', async () => {
      const strangerDir = mkdtempSync(join(tmpdir(), 'praxis-ob3-stranger-'));
      try {
        const stranger = await loadOrCreateKeys(strangerDir, PUBLIC_URL, {});
        const forged = await signDataIntegrity(
          buildAchievementCredential(input(keyring)),
          stranger.current,
          world.loader,
        );
        assert.equal((await independentVerify(forged, world.loader)).verified, false);
      } finally {
        rmSync(strangerDir, { recursive: true, force: true });
      }
    });

    test('the VC-JWT verifies with jose against the JWKS and fails when one byte changes', async () => {
      const jwt = await signVcJwt(signed, keyring.current);
      assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'EdDSA', kid: keyring.current.id, typ: 'JWT' });
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks(keyring)), { algorithms: ['EdDSA'] });
      assert.equal(payload.iss, keyring.did);
      assert.equal(payload.jti, signed.id);
      assert.equal(payload.nbf, Date.parse(signed.validFrom) / 1000);
      assert.equal(payload.sub, undefined);
      assert.deepEqual(payload.credentialSubject, signed.credentialSubject);
      assert.deepEqual(payload.proof, signed.proof);

      const ours = await verifyVcJwt(jwt, jwks(keyring));
      assert.deepEqual(ours.credential, JSON.parse(JSON.stringify(signed)));
      assertSchemaValid(ours.credential);

      const [header, body, signature] = jwt.split('.') as [string, string, string];
      const tamperedBody = `${header}.${changeChar(body, Math.floor(body.length / 2), BASE64URL)}.${signature}`;
      const tamperedSignature = `${header}.${body}.${changeChar(signature, 10, BASE64URL)}`;
      for (const bad of [tamperedBody, tamperedSignature]) {
        await assert.rejects(jwtVerify(bad, createLocalJWKSet(jwks(keyring)), { algorithms: ['EdDSA'] }));
        await assert.rejects(verifyVcJwt(bad, jwks(keyring)));
      }
    });

    test('a subject id becomes credentialSubject.id and the JWT sub', async () => {
      const withId = await signDataIntegrity(
        buildAchievementCredential(input(keyring, { subjectId: 'did:example:learner-42' })),
        keyring.current,
        world.loader,
      );
      assertSchemaValid(withId);
      assert.equal((await verifyDataIntegrity(withId, world.loader)).verified, true);
      const jwt = await signVcJwt(withId, keyring.current);
      const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks(keyring)));
      assert.equal(payload.sub, 'did:example:learner-42');
    });
  });

  test('the input is checked', () => {
    assert.throws(() => buildAchievementCredential(input(keyring, { statusListIndex: -1 })), TypeError);
    assert.throws(() => buildAchievementCredential(input(keyring, { learnerName: '  ' })), TypeError);
    assert.throws(() => buildAchievementCredential(input(keyring, { issuedAt: 'yesterday' })), TypeError);
    assert.throws(() => buildAchievementCredential(input(keyring, { verifyUrl: 'not a uri' })), TypeError);
  });

  test('status lists: bits set at the revoked indexes, size checked', async () => {
    await assert.rejects(
      buildStatusListCredential({ id: STATUS_URL, issuer: keyring.did, revokedIndexes: [131072] }),
    );
    await assert.rejects(
      buildStatusListCredential({ id: STATUS_URL, issuer: keyring.did, revokedIndexes: [], length: 1024 }),
    );
    const { decodeList } = await import('@digitalbazaar/vc-bitstring-status-list');
    const credential = await buildStatusListCredential({
      id: STATUS_URL,
      issuer: keyring.did,
      revokedIndexes: [0, 5, 131071],
    });
    assert.deepEqual(credential.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
    assert.equal(credential.credentialSubject.id, `${STATUS_URL}#list`);
    const list = await decodeList({ encodedList: credential.credentialSubject.encodedList });
    assert.equal(list.length, 131072);
    assert.deepEqual(
      [0, 1, 5, 6, 131070, 131071].map((i) => list.getStatus(i)),
      [true, false, true, false, false, true],
    );
  });

  test('signing refuses a key that does not belong to the issuer', async () => {
    const loader = createDocumentLoader();
    const other = buildAchievementCredential(
      input(keyring, { issuer: { did: 'did:web:other.example', name: 'X', url: PUBLIC_URL } }),
    );
    await assert.rejects(signDataIntegrity(other, keyring.current, loader), /not the key's controller/);
    await assert.rejects(signVcJwt(other, keyring.current), /not the key's controller/);
  });

  test('after rotation, credentials signed with the old key still verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-ob3-rotate-'));
    try {
      const ring = await loadOrCreateKeys(dir, PUBLIC_URL, {});
      const before = await issuerWorld(ring);
      const old = await signDataIntegrity(
        buildAchievementCredential(input(ring)),
        ring.current,
        before.loader,
      );
      const oldJwt = await signVcJwt(old, ring.current);
      const oldKey = ring.current;

      const fresh = await ring.rotateKey();
      assert.equal(fresh.n, 2);
      assert.equal(fresh.id, `${ring.did}#key-2`);
      assert.equal(ring.current.id, fresh.id);
      assert.notEqual(fresh.publicKeyMultibase, oldKey.publicKeyMultibase);
      assert.deepEqual(
        ring.keys.map((key) => key.n),
        [1, 2],
      );
      assert.equal(statSync(join(dir, 'keys', 'ed25519-2.json')).mode & 0o777, 0o600);
      assert.deepEqual(readdirSync(join(dir, 'keys')).sort(), ['ed25519-1.json', 'ed25519-2.json']);

      const did = didDocument(ring, PUBLIC_URL);
      assert.deepEqual(
        did.verificationMethod.map((method) => method.id),
        [`${ring.did}#key-1`, `${ring.did}#key-2`],
      );
      assert.deepEqual(did.assertionMethod, [`${ring.did}#key-1`, `${ring.did}#key-2`]);

      // The status list is re-signed with the new key, as it would be after the next revocation.
      const after = await issuerWorld(ring);
      assert.equal(after.statusList.proof[0]!.verificationMethod, `${ring.did}#key-2`);
      const oldResult = await independentVerify(old, after.loader);
      assert.equal(oldResult.verified, true, String(oldResult.error?.errors?.[0] ?? oldResult.error));
      const renewed = await signDataIntegrity(
        buildAchievementCredential(input(ring)),
        ring.current,
        after.loader,
      );
      assert.equal(renewed.proof[0]!.verificationMethod, `${ring.did}#key-2`);
      assert.equal((await verifyDataIntegrity(renewed, after.loader)).verified, true);

      assert.equal(jwks(ring).keys.length, 2);
      await verifyVcJwt(oldJwt, jwks(ring));
      await verifyVcJwt(await signVcJwt(renewed, ring.current), jwks(ring));

      // A second process sees both keys; one that loaded before the rotation catches up on reload().
      const other = await loadOrCreateKeys(dir, PUBLIC_URL, {});
      assert.equal(other.current.n, 2);
      assert.equal(other.current.publicKeyMultibase, fresh.publicKeyMultibase);
      await ring.rotateKey();
      assert.equal(other.current.n, 2);
      await other.reload();
      assert.equal(other.current.n, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('CREDENTIAL_SIGNING_KEY: a multibase secret or a JSON key list, nothing written to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxis-ob3-env-'));
    try {
      const source = await loadOrCreateKeys(join(dir, 'source'), PUBLIC_URL, {});
      const file = JSON.parse(readFileSync(join(dir, 'source', 'keys', 'ed25519-1.json'), 'utf8'));
      const target = join(dir, 'target');

      const single = await loadOrCreateKeys(target, PUBLIC_URL, {
        CREDENTIAL_SIGNING_KEY: file.secretKeyMultibase,
      });
      assert.equal(single.source, 'env');
      assert.equal(single.current.id, `${single.did}#key-1`);
      assert.equal(single.current.publicKeyMultibase, source.current.publicKeyMultibase);
      assert.throws(() => statSync(join(target, 'keys')));
      await assert.rejects(single.rotateKey(), /CREDENTIAL_SIGNING_KEY/);

      const second = (await loadOrCreateKeys(join(dir, 'second'), PUBLIC_URL, {})).current;
      const jwk = jwks([second]).keys[0]!;
      const { privateKeyJwk } = await import('./issuer-keys.ts');
      const list = await loadOrCreateKeys(target, PUBLIC_URL, {
        CREDENTIAL_SIGNING_KEY: JSON.stringify([file, { ...privateKeyJwk(second), n: 2 }]),
      });
      assert.deepEqual(
        list.keys.map((key) => [key.n, key.publicKeyMultibase]),
        [
          [1, source.current.publicKeyMultibase],
          [2, second.publicKeyMultibase],
        ],
      );
      assert.equal(list.current.publicKeyJwk.x, jwk.x);

      // Signing with an env key verifies like any other.
      const world = await issuerWorld(list);
      const credential = await signDataIntegrity(
        buildAchievementCredential(input(list)),
        list.current,
        world.loader,
      );
      assert.equal((await verifyDataIntegrity(credential, world.loader)).verified, true);

      await assert.rejects(parseSigningKeyEnv('not a key'), /CREDENTIAL_SIGNING_KEY/);
      await assert.rejects(
        parseSigningKeyEnv(JSON.stringify({ ...file, publicKeyMultibase: second.publicKeyMultibase })),
        /does not belong/,
      );
      await assert.rejects(parseSigningKeyEnv(JSON.stringify([file, file])), /share one "n"/);
      await assert.rejects(
        parseSigningKeyEnv('z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'),
        /not an Ed25519/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
