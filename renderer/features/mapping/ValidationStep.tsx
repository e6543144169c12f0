import type { MappingPreview, ProblemKind, Resolution, ValidationProblem } from '../../../electron/contract/index.js';
import { formatCell, formatCount, formatRows } from '../../ui/format.js';
import type { JobStatus } from '../import/importJob.js';
import { JobProgress } from '../import/JobProgress.js';
import {
  commitGate,
  groupProblems,
  PROBLEM_WORDS,
  RESOLUTION_WORDS,
  type CommitMode,
  type Decisions,
  type ProblemGroup,
} from './problems.js';

export interface ValidationStepProps {
  table: string;
  result: MappingPreview | null;
  checking: boolean;
  decisions: Decisions;
  mode: CommitMode | null;
  /** The target table is already in the workspace (so replace/append, not create). */
  tableExists: boolean;
  /** The mode was chosen for the analyst (replacing a reference table). */
  modeFixed: boolean;
  job: JobStatus | null;
  onDecide: (kind: ProblemKind, resolution: Resolution) => void;
  onMode: (mode: CommitMode) => void;
  onBack: () => void;
  onCommit: () => void;
  onCancelJob: () => void;
}

const RESOLUTIONS: Resolution[] = ['keep_flagged', 'leave_out'];

const RESOLUTION_HELP: Record<Resolution, string> = {
  keep_flagged: 'loaded with a _flags note saying why',
  leave_out: 'not loaded; kept in the rejects table with the reason',
};

function Examples({ problem }: { problem: ValidationProblem }) {
  const examples = problem.examples.slice(0, 5);
  if (examples.length === 0) return null;
  const keys = [...new Set(examples.flatMap((e) => Object.keys(e.values)))];
  return (
    <table className="plain-table problem-examples">
      <thead>
        <tr>
          <th className="num">Line</th>
          {keys.map((k) => (
            <th key={k} className="mono">
              {k}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {examples.map((e, i) => (
          <tr key={`${e.line}-${i}`}>
            <td className="num mono">{e.line}</td>
            {keys.map((k) => (
              <td key={k} className="mono">
                {e.values[k] === null || e.values[k] === undefined ? <span className="muted">blank</span> : formatCell(e.values[k])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Group({ group, decision, disabled, onDecide, onBack }: {
  group: ProblemGroup;
  decision: Resolution | undefined;
  disabled: boolean;
  onDecide: (r: Resolution) => void;
  onBack: () => void;
}) {
  const undecided = group.resolvable && !decision;
  return (
    <div
      className={`panel problem-group${group.resolvable ? '' : ' blocking'}${undecided ? ' undecided' : ''}`}
      data-testid={`problem-${group.kind}`}
    >
      <div className="problem-head">
        <h2>
          {PROBLEM_WORDS[group.kind]}{' '}
          {/* A row can fail in two columns, so a kind found in several is counted per column, never summed. */}
          <span className="muted">· {group.problems.length > 1 ? `${group.problems.length} columns` : formatRows(group.count)}</span>
        </h2>
        <span className="spacer" />
        {group.resolvable ? (
          <div className="radio-group" role="radiogroup" aria-label={PROBLEM_WORDS[group.kind]} data-testid={`decide-${group.kind}`}>
            {RESOLUTIONS.map((r) => (
              <label key={r} title={RESOLUTION_HELP[r]}>
                <input
                  type="radio"
                  name={`decide-${group.kind}`}
                  data-testid={`decide-${group.kind}-${r}`}
                  checked={decision === r}
                  disabled={disabled}
                  onChange={() => onDecide(r)}
                />
                {RESOLUTION_WORDS[r]}
              </label>
            ))}
          </div>
        ) : (
          <>
            <span className="field-error">This stops the import until the mapping is fixed.</span>
            <button type="button" className="small" data-testid={`fix-mapping-${group.kind}`} onClick={onBack}>
              Fix the mapping
            </button>
          </>
        )}
      </div>
      {group.problems.map((p, i) => (
        <div key={`${p.column ?? ''}-${i}`} className="problem">
          <p className="problem-message">
            {p.column && <span className="mono problem-column">{p.column}</span>}
            {p.message}
            {group.problems.length > 1 && <span className="muted"> ({formatRows(p.count)})</span>}
          </p>
          <Examples problem={p} />
        </div>
      ))}
    </div>
  );
}

/** Step two: every problem found, the analyst's choice for each, the target mode, then commit. */
export function ValidationStep(props: ValidationStepProps) {
  const { result } = props;
  const problems = result?.problems ?? [];
  const groups = groupProblems(problems);
  const committing = props.job !== null;
  const gate = commitGate({ problems, decisions: props.decisions, mode: props.mode, checking: props.checking || result === null });
  return (
    <section className="screen validation-screen" data-testid="validation-screen">
      <header className="screen-header">
        <div>
          <h1>
            Check before importing into <span className="mono">{props.table}</span>
          </h1>
          <div className="muted">
            {result ? `${formatRows(result.rowsTotal)} mapped · ` : ''}
            {result === null
              ? 'Checking…'
              : groups.length === 0
                ? 'no problems found'
                : `${groups.length} ${groups.length === 1 ? 'kind of problem' : 'kinds of problem'} to decide`}
          </div>
        </div>
        {props.checking && <span className="status-pill">Checking…</span>}
      </header>

      {result && groups.length === 0 && (
        <div className="banner banner-ok" role="status" data-testid="validation-clean">
          <div className="banner-body">
            <strong>No problems found.</strong> Required columns, types, duplicate keys, linked crimes, ages and dates
            all pass for the {formatCount(result.rowsTotal)} rows.
          </div>
        </div>
      )}
      {groups.map((g) => (
        <Group
          key={g.kind}
          group={g}
          decision={props.decisions[g.kind]}
          disabled={committing}
          onDecide={(r) => props.onDecide(g.kind, r)}
          onBack={props.onBack}
        />
      ))}

      <div className="panel target-panel">
        <h2>Into the table</h2>
        <div className="radio-group radio-column" role="radiogroup" aria-label="How to write the table">
          <label className={props.tableExists || props.modeFixed ? 'disabled' : ''}>
            <input
              type="radio"
              name="commit-mode"
              data-testid="commit-mode-create"
              checked={props.mode === 'create'}
              disabled={props.tableExists || props.modeFixed || committing}
              onChange={() => props.onMode('create')}
            />
            Create <span className="mono">{props.table}</span>
            <span className="muted">{props.tableExists ? ' — it already exists' : ' — a new table'}</span>
          </label>
          <label className={props.tableExists ? '' : 'disabled'}>
            <input
              type="radio"
              name="commit-mode"
              data-testid="commit-mode-replace"
              checked={props.mode === 'replace'}
              disabled={!props.tableExists || committing}
              onChange={() => props.onMode('replace')}
            />
            Replace <span className="muted">— the table holds only this extract’s rows afterwards</span>
          </label>
          <label className={props.tableExists && !props.modeFixed ? '' : 'disabled'}>
            <input
              type="radio"
              name="commit-mode"
              data-testid="commit-mode-append"
              checked={props.mode === 'append'}
              disabled={!props.tableExists || props.modeFixed || committing}
              onChange={() => props.onMode('append')}
            />
            Append <span className="muted">— rows with the same key are replaced by this extract’s</span>
          </label>
        </div>
      </div>

      <footer className="import-footer">
        <button type="button" data-testid="validation-back" onClick={props.onBack} disabled={committing}>
          ← Back to the mapping
        </button>
        {!committing && gate.reasons.length > 0 && (
          <span className="gate-reasons" data-testid="commit-gate">
            {gate.reasons.join(' ')}
          </span>
        )}
        {props.job && <JobProgress status={props.job} onCancel={props.onCancelJob} />}
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          data-testid="mapping-commit"
          disabled={!gate.ready || committing}
          onClick={props.onCommit}
        >
          {committing ? 'Importing…' : `Import into ${props.table}`}
        </button>
      </footer>
    </section>
  );
}
