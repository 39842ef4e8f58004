/** A posted form: field name → value. Anything else in the body (arrays, objects) reads as empty. */
export type FormBody = Record<string, unknown>;

export function text(body: unknown, name: string): string {
  const value = (body as FormBody | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function checked(body: unknown, name: string): boolean {
  return text(body, name) !== '';
}

/** All values of a repeated field (checkbox groups, multi-selects). */
export function list(body: unknown, name: string): string[] {
  const value = (body as FormBody | undefined)?.[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** A positive page number from a query string; 1 when absent or malformed. */
export function pageNumber(value: unknown, max = 10_000): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : 1;
}

/** A same-site path to return to after signing in; anything else (another host, a scheme) is ignored. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 500 ? value : '/';
}
