export type JobState = 'queued' | 'running' | 'done' | 'dead';

/** One unit of background work (migration 0008-jobs). */
export interface JobsTable {
  id: string;
  kind: string;
  /** Unique per kind: enqueueing an existing (kind, key) does nothing. */
  key: string;
  /** JSON. */
  payload: string;
  state: JobState;
  /** Claims so far, counting the one running now. */
  attempts: number;
  max_attempts: number;
  /** When the job is due (again, after a failure). */
  run_at: string;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}
