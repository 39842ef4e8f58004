import type { ComponentChildren } from 'preact';
import { Layout } from './layout.tsx';
import type { PageContext } from './page-context.ts';

/** A page that tells the person one thing and offers the next step. */
export function MessagePage(props: {
  c: PageContext;
  title: string;
  body: string;
  children?: ComponentChildren;
}) {
  return (
    <Layout c={props.c} title={props.title} noindex>
      <h1>{props.title}</h1>
      <p>{props.body}</p>
      {props.children}
    </Layout>
  );
}
