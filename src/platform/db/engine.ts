/** The two database engines Praxis runs on; engine-specific SQL branches on this, and only in db/. */
export type Engine = 'sqlite' | 'postgres';
