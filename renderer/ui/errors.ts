import { EngineError, type ErrorCode } from '../../electron/contract/index.js';

export interface ShownError {
  code: ErrorCode;
  title: string;
  message: string;
}

const TITLES: Record<ErrorCode, string> = {
  invalid_args: 'Invalid input',
  not_found: 'Not found',
  import_failed: 'The file could not be imported',
  query_refused: 'The query was refused',
  missing_data: 'The workspace is missing data this query needs',
  query_failed: 'The query failed',
  cancelled: 'Cancelled',
  engine_crashed: 'The engine stopped unexpectedly',
  internal: 'Something went wrong',
};

/** Turns anything thrown by the client into what an error banner shows. */
export function describeError(err: unknown): ShownError {
  if (err instanceof EngineError) {
    const message =
      err.code === 'engine_crashed' ? `${err.message} It is being restarted; try again in a moment.` : err.message;
    return { code: err.code, title: TITLES[err.code], message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', title: TITLES.internal, message };
}

export function isCancelled(err: unknown): boolean {
  return err instanceof EngineError && err.code === 'cancelled';
}
