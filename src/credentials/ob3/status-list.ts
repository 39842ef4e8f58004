// Bitstring Status List (W3C VC Bitstring Status List v1.0) credentials for revocation.
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import { toSecondsIso } from './achievement-credential.ts';
import { VC_V2_CONTEXT } from './document-loader.ts';

/** The spec's minimum list size (16 KiB of bits), which gives holders herd privacy. */
export const MIN_STATUS_LIST_LENGTH = 131_072;

export interface StatusListCredentialInput {
  /** The URL the status list credential is served at (credentialStatus.statusListCredential). */
  id: string;
  /** The issuer: its DID, or a Profile object with that DID as id. Must match the credentials'. */
  issuer: string | { id: string; [key: string]: unknown };
  /** Indexes whose bit is set, i.e. revoked credentials. */
  revokedIndexes: readonly number[];
  /** Number of entries; default and minimum 131072. */
  length?: number;
  statusPurpose?: 'revocation' | 'suspension';
  /** validFrom; default now. */
  validFrom?: string | Date;
  /** Optional validUntil, telling verifiers when to fetch a fresh list. */
  validUntil?: string | Date;
}

export interface BitstringStatusListCredential {
  '@context': [typeof VC_V2_CONTEXT];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string | { id: string; [key: string]: unknown };
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: 'revocation' | 'suspension';
    /** Multibase (base64url, "u…") of the GZIP-compressed bitstring. */
    encodedList: string;
  };
}

/**
 * Builds an unsigned BitstringStatusListCredential whose bits are set at revokedIndexes. Sign it
 * with signDataIntegrity (same issuer key as the credentials it covers) before serving it.
 */
export async function buildStatusListCredential(
  input: StatusListCredentialInput,
): Promise<BitstringStatusListCredential> {
  const length = input.length ?? MIN_STATUS_LIST_LENGTH;
  if (!Number.isSafeInteger(length) || length < MIN_STATUS_LIST_LENGTH) {
    throw new RangeError(
      `length must be a whole number of at least ${MIN_STATUS_LIST_LENGTH}; got ${length}`,
    );
  }
  const issuerId = typeof input.issuer === 'string' ? input.issuer : input.issuer.id;
  if (!issuerId) throw new TypeError('issuer (or issuer.id) is required');
  const list = await createList({ length });
  for (const index of input.revokedIndexes) {
    if (!Number.isSafeInteger(index) || index < 0 || index >= length) {
      throw new RangeError(`Status list index ${index} is outside 0…${length - 1}`);
    }
    list.setStatus(index, true);
  }
  const statusPurpose = input.statusPurpose ?? 'revocation';
  const made = (await createCredential({
    id: input.id,
    list,
    statusPurpose,
    context: [VC_V2_CONTEXT],
  })) as { credentialSubject: BitstringStatusListCredential['credentialSubject'] };
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: toSecondsIso(input.validFrom ?? new Date()),
    ...(input.validUntil === undefined ? {} : { validUntil: toSecondsIso(input.validUntil) }),
    credentialSubject: {
      id: made.credentialSubject.id,
      type: 'BitstringStatusList',
      statusPurpose,
      encodedList: made.credentialSubject.encodedList,
    },
  };
}
