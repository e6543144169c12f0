import type { z } from 'zod';
import { contract, isChannel, type Args, type Channel, type Result } from './api.js';
import { EngineError } from './errors.js';

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`)
    .join('; ');
}

/** Checks a call's arguments against the contract; throws `invalid_args` naming the field. */
export function parseArgs<C extends Channel>(channel: C, raw: unknown): Args<C> {
  if (!isChannel(channel)) throw new EngineError('invalid_args', `unknown channel ${String(channel)}`);
  const parsed = contract[channel].args.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new EngineError('invalid_args', `${channel}: ${describe(parsed.error)}`);
  }
  return parsed.data as Args<C>;
}

/** Checks a result before the renderer trusts it. */
export function parseResult<C extends Channel>(channel: C, raw: unknown): Result<C> {
  const parsed = contract[channel].result.safeParse(raw);
  if (!parsed.success) {
    throw new EngineError('internal', `${channel} returned a malformed result: ${describe(parsed.error)}`);
  }
  return parsed.data as Result<C>;
}
