/**
 * `imsmanifest.xml` of an IMS Common Cartridge 1.1: LOM metadata about the course, one organization
 * (a rooted hierarchy: the root item, then one item per module holding its units' items) and the
 * resources those items point to. Element order and namespaces follow the CC 1.1 schemas
 * (ccv1p1_imscp_v1p2_v1p0.xsd and the LOM manifest profile).
 */
import { el, type XmlElement, xmlDocument } from './xml.ts';

export const CP_NAMESPACE = 'http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1';
const LOM_MANIFEST = 'http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest';
const LOM_RESOURCE = 'http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource';
const SCHEMA_LOCATIONS = [
  CP_NAMESPACE,
  'http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd',
  LOM_MANIFEST,
  'http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd',
  LOM_RESOURCE,
  'http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd',
].join(' ');

export const RESOURCE_TYPES = {
  webcontent: 'webcontent',
  assessment: 'imsqti_xmlv1p2/imscc_xmlv1p1/assessment',
} as const;

export interface ManifestItem {
  identifier: string;
  title: string;
  /** The resource this item opens; folders (modules) have none. */
  resource?: string;
  children?: ManifestItem[];
}

export interface ManifestResource {
  identifier: string;
  type: (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES];
  /** The file a learner opens (web content); assessments are found through their one file. */
  href?: string;
  files: string[];
  dependencies: string[];
}

export interface ManifestInput {
  identifier: string;
  title: string;
  description: string;
  /** The content language (BCP 47). */
  language: string;
  keywords: string[];
  /** The licence as people should read it, e.g. `CC-BY-SA-4.0 https://creativecommons.org/…`. */
  rights: string;
  items: ManifestItem[];
  resources: ManifestResource[];
}

function langString(name: string, text: string, language: string): XmlElement {
  return el(`lomimscc:${name}`, {}, el('lomimscc:string', { language }, text));
}

function item(entry: ManifestItem): XmlElement {
  return el(
    'item',
    { identifier: entry.identifier, identifierref: entry.resource },
    el('title', {}, entry.title),
    (entry.children ?? []).map(item),
  );
}

export function cartridgeManifest(input: ManifestInput): string {
  const { language } = input;
  const root = el(
    'manifest',
    {
      identifier: input.identifier,
      xmlns: CP_NAMESPACE,
      'xmlns:lomimscc': LOM_MANIFEST,
      'xmlns:lom': LOM_RESOURCE,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': SCHEMA_LOCATIONS,
    },
    el(
      'metadata',
      {},
      el('schema', {}, 'IMS Common Cartridge'),
      el('schemaversion', {}, '1.1.0'),
      el(
        'lomimscc:lom',
        {},
        el(
          'lomimscc:general',
          {},
          langString('title', input.title, language),
          el('lomimscc:language', {}, language),
          langString('description', input.description, language),
          input.keywords.map((keyword) => langString('keyword', keyword, language)),
        ),
        el(
          'lomimscc:rights',
          {},
          el('lomimscc:copyrightAndOtherRestrictions', {}, el('lomimscc:value', {}, 'yes')),
          langString('description', input.rights, language),
        ),
      ),
    ),
    el(
      'organizations',
      {},
      el(
        'organization',
        { identifier: 'organization', structure: 'rooted-hierarchy' },
        // CC allows exactly one top item; importers read its children as the course's sections.
        el('item', { identifier: 'root' }, input.items.map(item)),
      ),
    ),
    el(
      'resources',
      {},
      input.resources.map((resource) =>
        el(
          'resource',
          { identifier: resource.identifier, type: resource.type, href: resource.href },
          resource.files.map((href) => el('file', { href })),
          resource.dependencies.map((ref) => el('dependency', { identifierref: ref })),
        ),
      ),
    ),
  );
  return xmlDocument(root);
}
