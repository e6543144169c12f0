import { EngineError } from '../contract/index.js';

/**
 * Test support: the EngineError some work fails with. Success, or any other error, fails the
 * test, so a refusal is only ever asserted on the error the engine means to give.
 */
export async function engineFailure(work: Promise<unknown> | (() => unknown)): Promise<EngineError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
  throw new Error('expected an EngineError, but the work succeeded');
}

/** The code and message of engineFailure, for comparing in one toEqual. */
export async function failureOf(work: Promise<unknown> | (() => unknown)): Promise<[string, string]> {
  const err = await engineFailure(work);
  return [err.code, err.message];
}
