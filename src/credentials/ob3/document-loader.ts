// An offline JSON-LD document loader for Open Badges 3.0 credentials.
//
// It resolves only (1) the JSON-LD contexts bundled with the app and (2) documents the issuer
// itself publishes (its did:web DID document, the keys inside it, its status list credentials),
// which the caller supplies through a callback. Everything else throws: signing and verifying
// never touch the network, so a credential cannot make the server fetch arbitrary URLs and a
// remote context cannot change what a signature means.
//
// Where the contexts come from:
// - VC Data Model 2.0 (https://www.w3.org/ns/credentials/v2, which also defines DataIntegrityProof
//   and the BitstringStatusList terms) and 1.1: the `@digitalbazaar/credentials-context` package.
// - Bitstring Status List v1 (https://www.w3.org/ns/credentials/status/v1, only needed by VC 1.1
//   documents): the `@digitalbazaar/vc-bitstring-status-list-context` package.
// - Open Badges 3.0.3: contexts/ob-v3p0-context-3.0.3.json, a copy of 1EdTech's published file.
// - Data Integrity v2, Multikey v1, DID Core v1: contexts/*.json, copies of the W3C documents
//   (no installed package ships them).
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import dataIntegrityV2 from './contexts/data-integrity-v2.json' with { type: 'json' };
import didV1 from './contexts/did-v1.json' with { type: 'json' };
import multikeyV1 from './contexts/multikey-v1.json' with { type: 'json' };
import obV3p0 from './contexts/ob-v3p0-context-3.0.3.json' with { type: 'json' };

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3P0_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const STATUS_LIST_V1_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';

export type JsonObject = Record<string, unknown>;
export type DocumentLoader = DbVc.DocumentLoader;
export type RemoteDocument = DbVc.RemoteDocument;

/**
 * Looks up a document the issuer publishes itself (DID document, key, status list credential) by
 * its URL; returns undefined when it is not one of them. Must not fetch from the network.
 */
export type IssuerDocumentResolver = (url: string) => object | undefined | Promise<object | undefined>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Every context URL the loader can serve, mapped to its document. */
export const bundledContexts: ReadonlyMap<string, JsonObject> = (() => {
  const map = new Map<string, JsonObject>();
  for (const [url, context] of credentialsContexts) map.set(url, context);
  for (const [url, context] of statusListContexts) map.set(url, context);
  // Our own copies are frozen so no caller can change what a context means for the next one.
  map.set(OB_V3P0_CONTEXT, deepFreeze(obV3p0));
  map.set(DATA_INTEGRITY_V2_CONTEXT, deepFreeze(dataIntegrityV2));
  map.set(MULTIKEY_V1_CONTEXT, deepFreeze(multikeyV1));
  map.set(DID_V1_CONTEXT, deepFreeze(didV1));
  return map;
})();

export class DocumentNotAllowedError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(
      `Document loader refused "${url}": it is neither a bundled JSON-LD context nor a document of this ` +
        'issuer, and credentials are processed without network access.',
    );
    this.name = 'DocumentNotAllowedError';
    this.url = url;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds a verification method (e.g. `did:web:host#key-1`) inside the controller document that
 * `base` resolves to, returned as a standalone document carrying the controller's `@context`.
 */
function findVerificationMethod(controllerDocument: JsonObject, url: string): JsonObject | undefined {
  const fragment = url.slice(url.indexOf('#'));
  const methods = controllerDocument.verificationMethod;
  const list: unknown[] = Array.isArray(methods) ? methods : methods === undefined ? [] : [methods];
  for (const method of list) {
    if (isObject(method) && (method.id === url || method.id === fragment)) {
      return { '@context': controllerDocument['@context'], ...method, id: url };
    }
  }
  return undefined;
}

/**
 * Creates the loader. `resolveIssuerDocument` is consulted for every URL that is not a bundled
 * context; for a URL with a fragment (a key id such as `did:web:host#key-2`) that it does not
 * answer directly, the loader resolves the URL without the fragment and picks the matching
 * `verificationMethod` from that document.
 */
export function createDocumentLoader(resolveIssuerDocument?: IssuerDocumentResolver): DocumentLoader {
  return async (url: string): Promise<RemoteDocument> => {
    const context = bundledContexts.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context, tag: 'static' };
    if (resolveIssuerDocument) {
      const direct = await resolveIssuerDocument(url);
      if (isObject(direct)) return { contextUrl: null, documentUrl: url, document: direct };
      const hash = url.indexOf('#');
      if (hash > 0) {
        const controller = await resolveIssuerDocument(url.slice(0, hash));
        const method = isObject(controller) ? findVerificationMethod(controller, url) : undefined;
        if (method) return { contextUrl: null, documentUrl: url, document: method };
      }
    }
    throw new DocumentNotAllowedError(url);
  };
}

/** A resolver over a fixed set of documents, keyed by their id (or by the given URL). */
export function staticDocuments(
  documents: Iterable<object> | Record<string, object>,
): IssuerDocumentResolver {
  const byUrl = new Map<string, object>();
  if (Symbol.iterator in documents) {
    for (const document of documents as Iterable<{ id?: unknown }>) {
      if (typeof document.id !== 'string') throw new TypeError('Every static document needs a string "id"');
      byUrl.set(document.id, document);
    }
  } else {
    for (const [url, document] of Object.entries(documents)) byUrl.set(url, document);
  }
  return (url) => byUrl.get(url);
}
