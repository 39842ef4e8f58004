// Minimal typings for the Digital Bazaar verifiable-credential packages, which ship as ESM
// JavaScript without declarations. Only what src/credentials/ob3 uses is declared; the shapes
// follow the packages' own JSDoc. This file must stay a script (no top-level import/export) so
// that each `declare module` is an ambient declaration rather than an augmentation.

/** Shapes shared by the declarations below (type-only: nothing of this exists at run time). */
declare namespace DbVc {
  type JsonLdObject = Record<string, unknown>;
  interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
    tag?: string;
  }
  type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  interface Signer {
    id: string;
    algorithm: string;
    sign(options: { data: Uint8Array }): Promise<Uint8Array>;
  }
  interface Verifier {
    id: string;
    algorithm: string;
    verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }
  interface Cryptosuite {
    name: string;
    requiredAlgorithm: string | string[];
    canonize(input: unknown, options: unknown): Promise<string>;
    createVerifier(options: { verificationMethod: unknown }): Promise<Verifier>;
  }
  /** A jsonld-signatures proof suite instance (a LinkedDataProof subclass). */
  interface ProofSuite {
    type: string;
    verificationMethod?: string;
  }
  interface ProofPurpose {
    term: string;
  }
  interface VerifyResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: Array<{ verified: boolean; error?: Error; proof?: JsonLdObject; [key: string]: unknown }>;
    statusResult?: CheckStatusResult;
  }
  interface StatusEntryResult {
    verified: boolean;
    credentialStatus: JsonLdObject;
    /** The bit at statusListIndex: true = set (for statusPurpose "revocation": revoked). */
    status: boolean;
  }
  interface CheckStatusResult {
    verified: boolean;
    error?: Error;
    results?: StatusEntryResult[];
  }
  interface CheckStatusOptions {
    credential: JsonLdObject;
    documentLoader: DocumentLoader;
    suite?: ProofSuite | ProofSuite[];
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }
}

declare module 'jsonld-signatures' {
  class AssertionProofPurpose implements DbVc.ProofPurpose {
    constructor(options?: {
      controller?: DbVc.JsonLdObject;
      date?: string | Date;
      maxTimestampDelta?: number;
    });
    term: string;
  }
  const jsigs: {
    sign(
      document: DbVc.JsonLdObject,
      options: {
        suite: DbVc.ProofSuite;
        purpose: DbVc.ProofPurpose;
        documentLoader: DbVc.DocumentLoader;
        addSuiteContext?: boolean;
      },
    ): Promise<DbVc.JsonLdObject>;
    verify(
      document: DbVc.JsonLdObject,
      options: {
        suite: DbVc.ProofSuite | DbVc.ProofSuite[];
        purpose: DbVc.ProofPurpose;
        documentLoader: DbVc.DocumentLoader;
      },
    ): Promise<DbVc.VerifyResult>;
    purposes: { AssertionProofPurpose: typeof AssertionProofPurpose };
  };
  export default jsigs;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof implements DbVc.ProofSuite {
    constructor(options: {
      signer?: DbVc.Signer;
      date?: string | Date | number | null;
      cryptosuite: DbVc.Cryptosuite;
      legacyContext?: boolean;
    });
    type: string;
    verificationMethod?: string;
    cryptosuite: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: DbVc.Cryptosuite;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyJson {
    '@context'?: string | string[];
    id?: string;
    type?: 'Multikey';
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    export(options: {
      raw: true;
      publicKey?: boolean;
      secretKey?: boolean;
      canonicalize?: boolean;
    }): Promise<{ publicKey?: Uint8Array; secretKey?: Uint8Array }>;
    export(options?: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
      canonicalize?: boolean;
    }): Promise<Ed25519MultikeyJson>;
    signer(): DbVc.Signer;
    verifier(): DbVc.Verifier;
  }
  export interface OkpJwk {
    kty: 'OKP';
    crv: 'Ed25519';
    x: string;
    d?: string;
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519KeyPair>;
  export function from(key: Ed25519MultikeyJson): Promise<Ed25519KeyPair>;
  export function fromJwk(options: {
    jwk: OkpJwk;
    secretKey?: boolean;
    id?: string;
    controller?: string;
  }): Promise<Ed25519KeyPair>;
  export function toJwk(options: { keyPair: Ed25519KeyPair; secretKey?: boolean }): Promise<OkpJwk>;
}

declare module '@digitalbazaar/vc' {
  export function verifyCredential(options: {
    credential: DbVc.JsonLdObject;
    suite: DbVc.ProofSuite | DbVc.ProofSuite[];
    documentLoader: DbVc.DocumentLoader;
    purpose?: DbVc.ProofPurpose;
    checkStatus?: (options: {
      credential: DbVc.JsonLdObject;
      documentLoader: DbVc.DocumentLoader;
      suite: DbVc.ProofSuite | DbVc.ProofSuite[];
    }) => Promise<DbVc.CheckStatusResult>;
    now?: string | Date;
    maxClockSkew?: number;
  }): Promise<DbVc.VerifyResult>;
  export const defaultDocumentLoader: DbVc.DocumentLoader;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length?: number; buffer?: Uint8Array });
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<BitstringStatusList>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
    context?: string[];
  }): Promise<DbVc.JsonLdObject>;
  export function checkStatus(options: DbVc.CheckStatusOptions): Promise<DbVc.CheckStatusResult>;
  export const VC_BSL_VC_V2_CONTEXT: string[];
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, Record<string, unknown>>;
  export const named: Map<string, { id: string; shortName: string; context: Record<string, unknown> }>;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, Record<string, unknown>>;
  export const CONTEXT_URL: string;
}
