import type { ShownError } from './errors.js';

export function ErrorBanner({ error, onDismiss }: { error: ShownError; onDismiss?: () => void }) {
  return (
    <div className={`banner banner-error${error.code === 'cancelled' ? ' banner-muted' : ''}`} role="alert" data-testid="error-banner">
      <div className="banner-body">
        <strong>{error.title}.</strong> <span className="banner-message">{error.message}</span>
      </div>
      {onDismiss && (
        <button type="button" className="banner-close" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
