import type { ParamSpec, ParamValue } from '../../../electron/contract/index.js';

/** What the analyst has typed, per parameter name; '' means "use the default". */
export type ParamInputs = Record<string, string>;

export function initialInputs(specs: readonly ParamSpec[]): ParamInputs {
  const inputs: ParamInputs = {};
  for (const spec of specs) inputs[spec.name] = spec.default === null ? '' : String(spec.default);
  return inputs;
}

/** Shown in an empty field whose default the engine works out from the data. */
export function placeholderFor(spec: ParamSpec): string {
  if (spec.default !== null) return String(spec.default);
  if (spec.type === 'date') return 'latest in data';
  return spec.required ? 'required' : 'worked out from the data';
}

function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function rangeProblem(spec: ParamSpec, value: number): string | null {
  const { min, max } = spec;
  if (min !== undefined && max !== undefined && (value < min || value > max)) return `Must be between ${min} and ${max}.`;
  if (min !== undefined && value < min) return `Must be at least ${min}.`;
  if (max !== undefined && value > max) return `Must be at most ${max}.`;
  return null;
}

export function listItems(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The message shown under a field, or null when its input is acceptable. */
export function paramProblem(spec: ParamSpec, input: string): string | null {
  const text = input.trim();
  if (text === '') return spec.required && spec.default === null ? 'Required.' : null;
  switch (spec.type) {
    case 'date':
      return isIsoDate(text) ? null : 'Enter a date.';
    case 'int': {
      if (!/^-?\d+$/.test(text)) return 'Enter a whole number.';
      return rangeProblem(spec, Number(text));
    }
    case 'number': {
      const value = Number(text);
      if (!/^-?(\d+\.?\d*|\.\d+)$/.test(text) || !Number.isFinite(value)) return 'Enter a number.';
      return rangeProblem(spec, value);
    }
    case 'enum':
      return spec.options && !spec.options.includes(text) ? `Choose one of: ${spec.options.join(', ')}.` : null;
    case 'list': {
      const items = listItems(text);
      if (items.length === 0) return 'Enter at least one value.';
      const unknown = spec.options ? items.filter((i) => !spec.options?.includes(i)) : [];
      return unknown.length > 0 ? `Not allowed: ${unknown.join(', ')}.` : null;
    }
    case 'text':
      return null;
  }
}

export function paramProblems(specs: readonly ParamSpec[], inputs: ParamInputs): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const spec of specs) {
    const problem = paramProblem(spec, inputs[spec.name] ?? '');
    if (problem) problems[spec.name] = problem;
  }
  return problems;
}

/**
 * The params sent with query.run: typed values for what was entered; empty fields are left
 * out so the engine applies (and reports) its own default.
 */
export function runParams(specs: readonly ParamSpec[], inputs: ParamInputs): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const text = (inputs[spec.name] ?? '').trim();
    if (text === '') continue;
    if (spec.type === 'int' || spec.type === 'number') params[spec.name] = Number(text);
    else if (spec.type === 'list') params[spec.name] = listItems(text).join(',');
    else params[spec.name] = text;
  }
  return params;
}
