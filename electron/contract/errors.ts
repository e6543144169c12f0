import { z } from 'zod';

/**
 * Every failure that crosses the contract carries one of these codes, so the renderer can
 * decide what to show (a validation message, a "cancelled" notice, a crash banner) without
 * parsing message text.
 */
export const ErrorCode = z.enum([
  'invalid_args', // arguments failed the contract schema
  'not_found', // unknown table, query, preview, file token or run
  'import_failed', // the file could not be read at all (nothing was written)
  'query_refused', // a saved query is not one read-only SELECT, or reads files
  'missing_data', // a query needs a table or column the workspace lacks
  'query_failed', // DuckDB raised an error while running a query
  'cancelled', // the analyst cancelled the operation
  'engine_crashed', // the engine process died; the window survives and restarts it
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({
  code: ErrorCode,
  message: z.string(),
});
export type WireError = z.infer<typeof WireError>;

/** Thrown by the engine; serialised to a WireError at the process boundary. */
export class EngineError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof EngineError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
