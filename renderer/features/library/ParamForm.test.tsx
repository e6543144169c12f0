import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../../electron/contract/index.js';
import { ParamForm } from './ParamForm.js';
import { initialInputs, paramProblems } from './params.js';

const specs: ParamSpec[] = [
  { name: 'period_end', type: 'date', label: 'Period end', description: 'Defaults to the latest offence date.', default: null, required: false },
  { name: 'period_months', type: 'int', label: 'Period (months)', description: '', default: 12, required: false, min: 1, max: 120 },
  { name: 'source', type: 'enum', label: 'Who', description: '', default: 'victims', required: false, options: ['victims', 'suspects', 'ae'] },
  { name: 'area', type: 'text', label: 'Area', description: '', default: null, required: false },
  { name: 'region', type: 'list', label: 'Region', description: '', default: null, required: false },
];

function render(inputs = initialInputs(specs)) {
  const html = renderToStaticMarkup(
    <ParamForm specs={specs} inputs={inputs} problems={paramProblems(specs, inputs)} disabled={false} onChange={() => undefined} />,
  );
  // Parse just enough of the markup to find each generated control by its test id.
  const control = (name: string) => new RegExp(`<(input|select)[^>]*data-testid="param-${name}"[^>]*>`).exec(html)?.[0] ?? '';
  return { html, control };
}

describe('parameter form generated from ParamSpec', () => {
  it('picks the control by type and prefills literal defaults', () => {
    const { control, html } = render();
    expect(control('period_end')).toMatch(/type="date"/);
    expect(control('period_end')).toMatch(/value=""/);
    expect(html).toContain('Blank: latest in data');
    expect(control('period_months')).toMatch(/type="number"/);
    expect(control('period_months')).toMatch(/min="1"/);
    expect(control('period_months')).toMatch(/max="120"/);
    expect(control('period_months')).toMatch(/value="12"/);
    expect(control('source')).toMatch(/^<select/);
    expect(html).toMatch(/<option value="victims" selected="">victims<\/option><option value="suspects">suspects<\/option><option value="ae">ae<\/option>/);
    expect(control('area')).toMatch(/type="text"[^>]*placeholder="worked out from the data"/);
    expect(control('region')).toMatch(/placeholder="worked out from the data \(comma-separated\)"/);
  });

  it('shows a validation message inline and marks the field invalid', () => {
    const { control, html } = render({ ...initialInputs(specs), period_months: '500' });
    expect(control('period_months')).toMatch(/aria-invalid="true"/);
    expect(html).toContain('<span class="field-error" data-testid="param-error-period_months">Must be between 1 and 120.</span>');
  });
});
