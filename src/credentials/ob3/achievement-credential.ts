// Open Badges 3.0 AchievementCredential (a VC Data Model 2.0 credential): building it, signing it
// with an embedded Data Integrity proof (eddsa-rdfc-2022) and as a VC-JWT, and verifying both.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { verifyCredential } from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { createLocalJWKSet, importJWK, type JSONWebKeySet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import jsigs from 'jsonld-signatures';
import {
  type DocumentLoader,
  type JsonObject,
  MULTIKEY_V1_CONTEXT,
  OB_V3P0_CONTEXT,
  VC_V2_CONTEXT,
} from './document-loader.ts';
import { type IssuerKey, privateKeyJwk } from './issuer-keys.ts';

export interface AchievementCredentialInput {
  /** The credential's id: its public verification URL (or a urn:uuid:…). */
  verifyUrl: string;
  issuer: { did: string; name: string; url: string };
  /** The learner's chosen display name, as it should appear on the credential. */
  learnerName: string;
  courseTitle: string;
  /** The course's public URL; also the achievement's id. */
  courseUrl: string;
  achievementDescription: string;
  criteriaNarrative: string;
  /** When the credential was awarded (ISO 8601); becomes validFrom/awardedDate, to the second. */
  issuedAt: string;
  /** URL of the BitstringStatusListCredential that holds this credential's revocation bit. */
  statusListUrl: string;
  statusListIndex: number;
  /** Optional URI for the learner (e.g. their DID); sets credentialSubject.id and the JWT `sub`. */
  subjectId?: string;
  /** OB 3.0 achievementType; default "CertificateOfCompletion". */
  achievementType?: string;
}

export interface IssuerProfile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
}

/** OB 3.0 IdentityObject; Praxis uses it unhashed with identityType "name" for the learner's name. */
export interface IdentityObject {
  type: 'IdentityObject';
  identityHash: string;
  identityType: string;
  hashed: boolean;
  salt?: string;
}

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation' | 'suspension';
  statusListIndex: string;
  statusListCredential: string;
}

export interface DataIntegrityProofValue {
  type: 'DataIntegrityProof';
  cryptosuite: string;
  created?: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue: string;
}

export interface AchievementCredential {
  '@context': [typeof VC_V2_CONTEXT, typeof OB_V3P0_CONTEXT, ...string[]];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: IssuerProfile;
  validFrom: string;
  awardedDate: string;
  name: string;
  credentialSubject: {
    id?: string;
    type: ['AchievementSubject'];
    identifier: IdentityObject[];
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: string;
      name: string;
      description: string;
      criteria: { narrative: string };
    };
  };
  credentialStatus: BitstringStatusListEntry;
  proof?: DataIntegrityProofValue[];
}

export type Signed<T> = T & { proof: DataIntegrityProofValue[] };

function required(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  return value;
}

function absoluteUri(name: string, value: unknown): string {
  const text = required(name, value);
  try {
    new URL(text);
  } catch {
    throw new TypeError(`${name} must be an absolute URI; got "${text}"`);
  }
  return text;
}

/** An ISO date-time, normalised to whole seconds in UTC (so it equals a JWT NumericDate exactly). */
export function toSecondsIso(value: string | Date): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`Not a date-time: "${String(value)}"`);
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Builds an unsigned OB 3.0 AchievementCredential. The learner's name goes where the OB 3.0
 * schema puts recipient identity: credentialSubject.identifier[] as an IdentityObject with
 * identityType "name", hashed false (AchievementSubject has no `name` of its own, and OB 3.0
 * requires either credentialSubject.id or at least one identifier).
 */
export function buildAchievementCredential(input: AchievementCredentialInput): AchievementCredential {
  const index = input.statusListIndex;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new TypeError(`statusListIndex must be a non-negative whole number; got ${String(index)}`);
  }
  const statusListUrl = absoluteUri('statusListUrl', input.statusListUrl);
  const issuedAt = toSecondsIso(input.issuedAt);
  const courseUrl = absoluteUri('courseUrl', input.courseUrl);
  const credential: AchievementCredential = {
    '@context': [VC_V2_CONTEXT, OB_V3P0_CONTEXT],
    id: absoluteUri('verifyUrl', input.verifyUrl),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: absoluteUri('issuer.did', input.issuer.did),
      type: ['Profile'],
      name: required('issuer.name', input.issuer.name),
      url: absoluteUri('issuer.url', input.issuer.url),
    },
    validFrom: issuedAt,
    awardedDate: issuedAt,
    name: required('courseTitle', input.courseTitle),
    credentialSubject: {
      ...(input.subjectId === undefined ? {} : { id: absoluteUri('subjectId', input.subjectId) }),
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: required('learnerName', input.learnerName),
          identityType: 'name',
          hashed: false,
        },
      ],
      achievement: {
        id: courseUrl,
        type: ['Achievement'],
        achievementType: input.achievementType ?? 'CertificateOfCompletion',
        name: input.courseTitle,
        description: required('achievementDescription', input.achievementDescription),
        criteria: { narrative: required('criteriaNarrative', input.criteriaNarrative) },
      },
    },
    credentialStatus: {
      id: `${statusListUrl}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: statusListUrl,
    },
  };
  return credential;
}

function issuerId(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as JsonObject).id === 'string') {
    return (issuer as JsonObject).id as string;
  }
  return undefined;
}

/**
 * Adds an embedded DataIntegrityProof (cryptosuite eddsa-rdfc-2022, proofPurpose assertionMethod,
 * verificationMethod = key.id) and returns a new object; the input is not changed. `proof` is
 * always an array, as the OB 3.0 JSON schema requires; an existing proof set is kept.
 */
export async function signDataIntegrity<T extends object>(
  credential: T,
  key: IssuerKey,
  documentLoader: DocumentLoader,
  options: { created?: string | Date } = {},
): Promise<Signed<T>> {
  const id = issuerId(credential as JsonObject);
  if (id !== key.controller) {
    throw new Error(
      `The credential's issuer (${String(id)}) is not the key's controller (${key.controller})`,
    );
  }
  const keyPair = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1_CONTEXT,
    type: 'Multikey',
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite: eddsaRdfc2022,
    date: options.created === undefined ? new Date() : options.created,
  });
  const purpose = new jsigs.purposes.AssertionProofPurpose();
  const signed = await jsigs.sign(structuredClone(credential) as JsonObject, {
    suite,
    purpose,
    documentLoader,
    // The VC 2.0 context already defines DataIntegrityProof; never let jsigs add a context.
    addSuiteContext: false,
  });
  const proof = signed.proof;
  signed.proof = Array.isArray(proof) ? proof : [proof];
  return signed as Signed<T>;
}

function seconds(iso: unknown): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/**
 * Signs the credential as a VC-JWT (compact JWS) in the format of OB 3.0 §8.2 "JSON Web Token
 * Proof Format" as revised for VC Data Model 2.0: the JWT payload IS the credential (no `vc`
 * claim, that was the VC 1.1 layout) plus the registered claims iss = issuer.id, jti = id,
 * nbf = validFrom, sub = credentialSubject.id (only when the subject has an id), exp = validUntil
 * (when present). JOSE header: { alg: "EdDSA", kid: key.id, typ: "JWT" } — OB 3.0 allows only
 * "JWT" as typ and no other header parameters. If the credential carries an embedded proof, it is
 * kept (OB 3.0: embedded proofs are added before the JWT is made).
 */
export async function signVcJwt(credential: object, key: IssuerKey): Promise<string> {
  const vc = credential as JsonObject;
  const iss = issuerId(vc);
  if (iss !== key.controller) {
    throw new Error(
      `The credential's issuer (${String(iss)}) is not the key's controller (${key.controller})`,
    );
  }
  if (typeof vc.id !== 'string') throw new TypeError('The credential needs an id (the JWT jti)');
  const nbf = seconds(vc.validFrom);
  if (nbf === undefined) throw new TypeError('The credential needs a valid validFrom (the JWT nbf)');
  const subject = vc.credentialSubject as JsonObject | undefined;
  const exp = seconds(vc.validUntil);
  const privateKey = await importJWK(privateKeyJwk(key), 'EdDSA');
  let jwt = new SignJWT({ ...vc } as JWTPayload)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.id, typ: 'JWT' })
    .setIssuer(iss)
    .setJti(vc.id)
    .setNotBefore(nbf);
  if (subject && typeof subject.id === 'string') jwt = jwt.setSubject(subject.id);
  if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
  return jwt.sign(privateKey);
}

export interface VcJwtVerification {
  /** The credential: the JWT payload without the JWT registered claims. */
  credential: JsonObject;
  header: { alg: string; kid?: string; typ?: string };
}

/**
 * Verifies a VC-JWT against a JWK Set (e.g. jwks(keyring)) and the OB 3.0 claim checks: iss is
 * issuer.id, jti is id, nbf is validFrom, sub is credentialSubject.id when present. Throws when
 * anything fails (jose errors for the signature and time checks).
 */
export async function verifyVcJwt(jwt: string, keySet: JSONWebKeySet): Promise<VcJwtVerification> {
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(keySet), {
    algorithms: ['EdDSA', 'Ed25519'],
    typ: 'JWT',
  });
  const { iss, jti, nbf, sub, exp, iat: _iat, aud: _aud, ...credential } = payload;
  if (iss !== issuerId(credential)) throw new Error('VC-JWT: iss does not match issuer.id');
  if (jti !== credential.id) throw new Error('VC-JWT: jti does not match the credential id');
  if (nbf === undefined || nbf !== seconds(credential.validFrom)) {
    throw new Error('VC-JWT: nbf does not match validFrom');
  }
  const subjectId = (credential.credentialSubject as JsonObject | undefined)?.id;
  if (sub !== subjectId) throw new Error('VC-JWT: sub does not match credentialSubject.id');
  if (exp !== undefined && exp !== seconds(credential.validUntil)) {
    throw new Error('VC-JWT: exp does not match validUntil');
  }
  return { credential, header: protectedHeader as VcJwtVerification['header'] };
}

export interface DataIntegrityVerification {
  /** Signature, issuer/key binding, validity dates and status all check out, and not revoked. */
  verified: boolean;
  /** The credential's revocation bit is set (only known when the status check ran). */
  revoked: boolean;
  /** Why verification failed, if it did. */
  errors: string[];
}

function collectErrors(error: unknown, out: string[] = []): string[] {
  if (!error || typeof error !== 'object') return out;
  const e = error as Error & { errors?: unknown[]; cause?: unknown };
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    for (const inner of e.errors) collectErrors(inner, out);
  } else if (e.message) {
    out.push(e.message);
  }
  return out;
}

/**
 * Verifies the embedded Data Integrity proof with @digitalbazaar/vc (issuer must control the key
 * through the DID document's assertionMethod) and, when the credential has a credentialStatus,
 * checks its BitstringStatusList entry (the status list credential is itself verified). The
 * document loader must resolve the issuer's DID document and status list credential.
 */
export async function verifyDataIntegrity(
  credential: object,
  documentLoader: DocumentLoader,
  options: { now?: string | Date } = {},
): Promise<DataIntegrityVerification> {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const result = await verifyCredential({
    credential: credential as JsonObject,
    suite,
    documentLoader,
    checkStatus: (statusOptions) => checkStatus(statusOptions),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const revoked = (result.statusResult?.results ?? []).some((entry) => entry.status);
  const errors = collectErrors(result.error);
  if (result.statusResult && !result.statusResult.verified) collectErrors(result.statusResult.error, errors);
  if (revoked) errors.push('The credential has been revoked');
  return { verified: result.verified && !revoked, revoked, errors };
}
