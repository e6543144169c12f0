/**
 * The headless command line (shared/spec/query-library.md, "Headless runs"):
 *   run <query-id> --data <folder> [--param name=value ...] [--format json|csv] [--no-suppress]
 *   list [--format json]
 */
export type Format = 'json' | 'csv';

export type Command =
  | { kind: 'run'; queryId: string; dataDir: string; params: Record<string, string>; format: Format; suppress: boolean }
  | { kind: 'list'; format: 'json' };

/** A mistake in how the CLI was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const USAGE = 'usage: run <query-id> --data <folder> [--param name=value ...] [--format json|csv] [--no-suppress] | list --format json';

function takeValue(argv: string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return value;
}

function parseFormat(value: string): Format {
  if (value !== 'json' && value !== 'csv') throw new UsageError(`--format must be json or csv (got ${value})`);
  return value;
}

export function parseCommand(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(USAGE);
  if (command !== 'run' && command !== 'list') throw new UsageError(`unknown command ${command}; ${USAGE}`);

  let queryId: string | undefined;
  let dataDir: string | undefined;
  let format: Format = 'json';
  let suppress = true;
  const params: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = takeValue(rest, i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--data':
        dataDir = value();
        break;
      case '--format':
        format = parseFormat(value());
        break;
      case '--no-suppress':
        suppress = false;
        break;
      case '--param': {
        const pair = value();
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`--param must be name=value (got ${pair})`);
        const name = pair.slice(0, eq).trim();
        if (Object.hasOwn(params, name)) throw new UsageError(`--param ${name} is given twice`);
        params[name] = pair.slice(eq + 1);
        break;
      }
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (command === 'run' && queryId === undefined && inline === undefined) queryId = arg;
        else throw new UsageError(`unexpected argument ${arg}`);
    }
  }

  if (command === 'list') {
    if (format !== 'json') throw new UsageError('list supports --format json only');
    if (dataDir !== undefined || Object.keys(params).length) throw new UsageError('list takes no --data or --param');
    return { kind: 'list', format: 'json' };
  }
  if (queryId === undefined) throw new UsageError(`run needs a query id; ${USAGE}`);
  if (dataDir === undefined) throw new UsageError('run needs --data <folder>');
  return { kind: 'run', queryId, dataDir, params, format, suppress };
}
