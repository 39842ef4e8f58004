/**
 * A very small XML writer for the cartridge's manifest and QTI files. Every text and attribute value
 * goes through one escaping function, so course text can never change the document's structure; a
 * library would add a dependency for the few dozen lines below.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

/** A child: an element, text, or nothing (null, undefined and false are skipped, arrays flattened). */
export type XmlNode = XmlElement | string | null | undefined | false | XmlNode[];

type AttributeValue = string | number | boolean | null | undefined;

/** Characters XML 1.0 cannot carry at all (C0 controls other than tab and newlines, lone surrogates). */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their tabs and line breaks, which a parser would otherwise normalise. */
export function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** An element; attributes whose value is null, undefined or false are left out. */
export function el(
  name: string,
  attributes: Record<string, AttributeValue> = {},
  ...children: XmlNode[]
): XmlElement {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) kept[key] = String(value);
  }
  return { name, attributes: kept, children };
}

function flatten(nodes: XmlNode[], into: (XmlElement | string)[] = []): (XmlElement | string)[] {
  for (const node of nodes) {
    if (Array.isArray(node)) flatten(node, into);
    else if (node !== null && node !== undefined && node !== false) into.push(node);
  }
  return into;
}

function write(element: XmlElement, depth: number): string {
  const attributes = Object.entries(element.attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  const children = flatten(element.children);
  if (children.length === 0) return `<${element.name}${attributes}/>`;
  // Elements that hold only elements are indented; text content is written exactly as given.
  if (children.every((child) => typeof child !== 'string')) {
    const pad = `\n${'  '.repeat(depth + 1)}`;
    const inner = children.map((child) => pad + write(child as XmlElement, depth + 1)).join('');
    return `<${element.name}${attributes}>${inner}\n${'  '.repeat(depth)}</${element.name}>`;
  }
  const inner = children
    .map((child) => (typeof child === 'string' ? escapeText(child) : write(child, depth + 1)))
    .join('');
  return `<${element.name}${attributes}>${inner}</${element.name}>`;
}

/** A whole document: the XML declaration, then the root element. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, 0)}\n`;
}
