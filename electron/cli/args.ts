import { ProblemKind } from '../contract/index.js';
import type { HeadlessImport } from './importFile.js';

/**
 * The headless command line (shared/spec/query-library.md, "Headless runs"; issue 3):
 *   run <query-id> (--data <folder> | --workspace <dir>) [--param name=value ...] [--format json|csv|xlsx] [--out <file>]
 *       [--no-suppress] [--confirm-personal-data] [--library <dir>]
 *   list [--format json] [--library <dir>]
 * (`--library <dir>`: the analyst's own saved queries, listed and run beside the app's. `--out`: write
 * the result to a file, as the app's table export does; xlsx needs it. The default disclosure rule
 * applies unless `--no-suppress`; a row-level list goes to a file only with `--confirm-personal-data`.)
 *   import <file> --table <canonical table> --workspace <dir> [--mapping <profile.json>]
 *          [--mode create|replace|append] [--leave-out <kind,...>]
 */
export type Format = 'json' | 'csv' | 'xlsx';
export type ImportMode = 'create' | 'replace' | 'append';

/** Where a run's tables come from: a folder of canonical CSVs, or a workspace folder. */
export type RunSource = { dataDir: string } | { workspaceDir: string };

/** A file to write instead of stdout (`--out`), present only when given. */
export type RunOut = { out?: { path: string; confirmPersonalData: boolean } };

/** The analyst's own library folder, present only when `--library` was given. */
export type OwnLibrary = { libraryDir?: string };

export type Command =
  | ({ kind: 'run'; queryId: string; params: Record<string, string>; format: Format; suppress: boolean } & RunSource & OwnLibrary & RunOut)
  | ({ kind: 'list'; format: 'json' } & OwnLibrary)
  | ({ kind: 'import' } & HeadlessImport);

/** A mistake in how the CLI was called (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const USAGE =
  'usage: run <query-id> (--data <folder> | --workspace <dir>) [--param name=value ...] [--format json|csv|xlsx] [--out <file>]' +
  ' [--no-suppress] [--confirm-personal-data] [--library <dir>]' +
  ' | list --format json [--library <dir>]' +
  ' | import <file> --table <canonical table> --workspace <dir> [--mapping <profile.json>] [--mode create|replace|append] [--leave-out <kind,...>]';

function takeValue(argv: string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return value;
}

function parseFormat(value: string): Format {
  if (value !== 'json' && value !== 'csv' && value !== 'xlsx') throw new UsageError(`--format must be json, csv or xlsx (got ${value})`);
  return value;
}

function parseMode(value: string): ImportMode {
  if (value !== 'create' && value !== 'replace' && value !== 'append') {
    throw new UsageError(`--mode must be create, replace or append (got ${value})`);
  }
  return value;
}

function parseKinds(value: string): ProblemKind[] {
  return value
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
    .map((k) => {
      const kind = ProblemKind.safeParse(k);
      if (!kind.success) throw new UsageError(`--leave-out: unknown problem kind ${k} (one of ${ProblemKind.options.join(', ')})`);
      return kind.data;
    });
}

export function parseCommand(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError(USAGE);
  if (command !== 'run' && command !== 'list' && command !== 'import') throw new UsageError(`unknown command ${command}; ${USAGE}`);

  let queryId: string | undefined;
  let file: string | undefined;
  let dataDir: string | undefined;
  let workspaceDir: string | undefined;
  let libraryDir: string | undefined;
  let table: string | undefined;
  let mappingPath: string | undefined;
  let mode: ImportMode | undefined;
  let leaveOut: ProblemKind[] | undefined;
  let formatGiven = false;
  let format: Format = 'json';
  let suppress = true;
  let outPath: string | undefined;
  let confirmPersonalData = false;
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
      case '--workspace':
        workspaceDir = value();
        break;
      case '--library':
        libraryDir = value();
        break;
      case '--table':
        table = value();
        break;
      case '--mapping':
        mappingPath = value();
        break;
      case '--mode':
        mode = parseMode(value());
        break;
      case '--leave-out':
        leaveOut = [...(leaveOut ?? []), ...parseKinds(value())];
        break;
      case '--format':
        format = parseFormat(value());
        formatGiven = true;
        break;
      case '--no-suppress':
        suppress = false;
        break;
      case '--out':
        outPath = value();
        break;
      case '--confirm-personal-data':
        confirmPersonalData = true;
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
        else if (command === 'import' && file === undefined && inline === undefined) file = arg;
        else throw new UsageError(`unexpected argument ${arg}`);
    }
  }

  const own: OwnLibrary = libraryDir === undefined ? {} : { libraryDir };
  const importOnly = { '--table': table, '--mapping': mappingPath, '--mode': mode, '--leave-out': leaveOut };
  const runOnly = { '--out': outPath, '--confirm-personal-data': confirmPersonalData || undefined };
  const refuseRunOnly = (cmd: string) => {
    const given = Object.entries(runOnly).find(([, v]) => v !== undefined);
    if (given) throw new UsageError(`${cmd} takes no ${given[0]}`);
  };
  const refuseImportOnly = (cmd: string) => {
    const given = Object.entries(importOnly).find(([, v]) => v !== undefined);
    if (given) throw new UsageError(`${cmd} takes no ${given[0]}`);
  };
  if (command === 'list') {
    if (format !== 'json') throw new UsageError('list supports --format json only');
    if (dataDir !== undefined || workspaceDir !== undefined || Object.keys(params).length) {
      throw new UsageError('list takes no --data, --workspace or --param');
    }
    refuseImportOnly('list');
    refuseRunOnly('list');
    return { kind: 'list', format: 'json', ...own };
  }
  if (command === 'import') {
    if (libraryDir !== undefined) throw new UsageError('import takes no --library');
    if (file === undefined) throw new UsageError(`import needs a file; ${USAGE}`);
    if (table === undefined) throw new UsageError('import needs --table <canonical table>');
    if (workspaceDir === undefined) throw new UsageError('import needs --workspace <dir>');
    if (dataDir !== undefined || Object.keys(params).length || formatGiven || !suppress) {
      throw new UsageError('import takes no --data, --param, --format or --no-suppress');
    }
    refuseRunOnly('import');
    return { kind: 'import', file, table, workspaceDir, mappingPath: mappingPath ?? null, mode: mode ?? 'replace', leaveOut: leaveOut ?? [] };
  }
  refuseImportOnly('run');
  if (queryId === undefined) throw new UsageError(`run needs a query id; ${USAGE}`);
  if (dataDir !== undefined && workspaceDir !== undefined) throw new UsageError('run takes --data or --workspace, not both');
  // `--out t.xlsx` alone means xlsx: a workbook's name says what it is.
  const byExtension = /\.(json|csv|xlsx)$/i.exec(outPath ?? '')?.[1]?.toLowerCase();
  if (!formatGiven && byExtension) format = parseFormat(byExtension);
  if (format === 'xlsx' && outPath === undefined) throw new UsageError('--format xlsx needs --out <file> (a workbook is not written to the terminal)');
  if (confirmPersonalData && outPath === undefined) throw new UsageError('--confirm-personal-data goes with --out <file>');
  const out: RunOut = outPath === undefined ? {} : { out: { path: outPath, confirmPersonalData } };
  if (dataDir !== undefined) return { kind: 'run', queryId, dataDir, params, format, suppress, ...own, ...out };
  if (workspaceDir !== undefined) return { kind: 'run', queryId, workspaceDir, params, format, suppress, ...own, ...out };
  throw new UsageError('run needs --data <folder> or --workspace <dir>');
}
