import type { ParamSpec } from '../../../electron/contract/index.js';
import { placeholderFor, type ParamInputs } from './params.js';

interface Props {
  specs: readonly ParamSpec[];
  inputs: ParamInputs;
  problems: Record<string, string>;
  disabled: boolean;
  onChange: (name: string, value: string) => void;
}

function ParamInput({ spec, value, invalid, disabled, onChange }: {
  spec: ParamSpec;
  value: string;
  invalid: boolean;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  const common = {
    id: `param-${spec.name}`,
    name: spec.name,
    'data-testid': `param-${spec.name}`,
    value,
    disabled,
    'aria-invalid': invalid,
    className: invalid ? 'invalid' : undefined,
  };
  switch (spec.type) {
    case 'date':
      return <input type="date" {...common} onChange={(e) => onChange(e.target.value)} />;
    case 'int':
    case 'number':
      return (
        <input
          type="number"
          {...common}
          min={spec.min}
          max={spec.max}
          step={spec.type === 'int' ? 1 : 'any'}
          placeholder={placeholderFor(spec)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'enum':
      return (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          {(spec.default === null || !spec.required) && value === '' && (
            <option value="">{placeholderFor(spec)}</option>
          )}
          {(spec.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'text':
    case 'list':
      return (
        <input
          type="text"
          {...common}
          spellCheck={false}
          placeholder={spec.type === 'list' && spec.default === null ? `${placeholderFor(spec)} (comma-separated)` : placeholderFor(spec)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/** A form generated from the query's parameter specs; the engine re-validates everything. */
export function ParamForm({ specs, inputs, problems, disabled, onChange }: Props) {
  if (specs.length === 0) return <p className="muted">This query has no parameters.</p>;
  return (
    <div className="param-grid" data-testid="param-form">
      {specs.map((spec) => {
        const value = inputs[spec.name] ?? '';
        const problem = problems[spec.name];
        return (
          <div className="param-field" key={spec.name}>
            <label htmlFor={`param-${spec.name}`} className="label">
              {spec.label}
              {spec.required && spec.default === null && <span className="required" aria-hidden> *</span>}
            </label>
            <ParamInput spec={spec} value={value} invalid={problem !== undefined} disabled={disabled} onChange={(v) => onChange(spec.name, v)} />
            {problem ? (
              <span className="field-error" data-testid={`param-error-${spec.name}`}>
                {problem}
              </span>
            ) : spec.type === 'date' && value === '' ? (
              <span className="field-hint">Blank: {placeholderFor(spec)}</span>
            ) : null}
            {/* An own entry's parameter may have no description beyond its label. */}
            {spec.description !== spec.label && (
              <span className="field-help" title={spec.description}>
                {spec.description}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
