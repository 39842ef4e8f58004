import type { PageContext } from './page-context.ts';

/** The confirmation a page shows after a form did what was asked (announced to screen readers). */
export function Notice({ c, message }: { c: PageContext; message: string | undefined }) {
  if (!message) return null;
  return (
    <p class="notice" role="status">
      {c.t(message)}
    </p>
  );
}
