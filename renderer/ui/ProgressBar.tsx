/** Determinate when the engine can estimate progress, an animated stripe when it cannot. */
export function ProgressBar({ percent, testId }: { percent: number | null; testId?: string }) {
  const clamped = percent === null ? null : Math.max(0, Math.min(100, percent));
  return (
    <div
      className={`progress${clamped === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
      data-testid={testId}
    >
      <div className="progress-fill" style={clamped === null ? undefined : { width: `${clamped}%` }} />
    </div>
  );
}
