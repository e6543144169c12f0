import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MappingPreview, ValidationProblem } from '../../../electron/contract/index.js';
import { sampleMappingPreview, samplePreview, sampleProfile } from '../../testing/fakeTransport.js';
import { codeValues } from './codeValues.js';
import { LayoutBanner } from './LayoutBanner.js';
import { MappingTable } from './MappingTable.js';
import type { Decisions } from './problems.js';
import { ValidationStep } from './ValidationStep.js';

const noop = () => undefined;

/** The opening tag of the element with this test id, and the whole markup of a select with it. */
function find(html: string, testId: string) {
  const tag = new RegExp(`<[a-z]+[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? '';
  const select = new RegExp(`<select[^>]*data-testid="${testId}"[^>]*>.*?</select>`).exec(html)?.[0] ?? '';
  const selected = /<option value="([^"]*)" selected="">/.exec(select)?.[1] ?? null;
  return { tag, select, selected };
}

function mappingTable(openCodes: string | null, profile = sampleProfile(), result: MappingPreview | null = sampleMappingPreview(profile)) {
  const preview = samplePreview();
  return renderToStaticMarkup(
    <MappingTable
      profile={profile}
      result={result}
      checking={false}
      sourceColumns={preview.columns}
      sampleRows={preview.sampleRows}
      openCodes={openCodes}
      disabled={false}
      onToggleCodes={noop}
      onSource={noop}
      onCode={noop}
      onDateFormat={noop}
      onBlankAs={noop}
    />,
  );
}

describe('mapping screen', () => {
  it('has a row per canonical column with its source, required mark, meaning and counts', () => {
    const html = mappingTable(null);
    expect(find(html, 'map-source-crime_id').selected).toBe('Crime Ref');
    expect(find(html, 'map-source-sex').selected).toBe('Gender');
    expect(find(html, 'map-source-home_lsoa').selected).toBe('');
    expect(find(html, 'map-source-home_lsoa').select).toContain('<option value="" selected="">— not in this extract —</option>');
    // Every extract column is offered.
    for (const name of ['Crime Ref', 'Victim ID', 'Gender', 'Age at offence', 'Ethnicity']) {
      expect(find(html, 'map-source-age').select).toContain(`<option value="${name}"`);
    }
    expect(html).toMatch(/crime_id<span class="required" title="Required"> \*<\/span>/);
    expect(html).toContain('Stable pseudonymous person key');
    expect(html).toMatch(/<td class="num count-bad" data-testid="map-failed-sex">1<\/td>/);
    expect(html).toMatch(/<td class="num" data-testid="map-failed-crime_id">0<\/td>/);
    // Codes only for coded columns: sex and ethnicity here, not ids or ages.
    expect(find(html, 'map-codes-sex').tag).toContain('class="small warn"');
    expect(html).toContain('>Codes (2)…</button>');
    expect(find(html, 'map-codes-ethnicity').tag).not.toBe('');
    expect(find(html, 'map-codes-age').tag).toBe('');
    expect(find(html, 'map-codes-crime_id').tag).toBe('');
  });

  it('marks a source column the profile expects but the extract lacks', () => {
    const profile = sampleProfile({ columns: { ...sampleProfile().columns, crime_id: { source: 'CrimeRef' } } });
    const html = mappingTable(null, profile);
    const source = find(html, 'map-source-crime_id');
    expect(source.selected).toBe('CrimeRef');
    expect(source.select).toContain('CrimeRef (missing)');
    expect(source.tag).toContain('mapping-source invalid');
  });

  it('codes editor lists failed values first, then mapped and sampled ones, each with a canonical select', () => {
    const html = mappingTable('sex');
    expect(html).toContain('data-testid="codes-sex"');
    const values = [...html.matchAll(/data-testid="code-sex-([^"]+)"/g)].map((m) => m[1]);
    expect(values).toEqual(['Unknown', 'Male', 'Female']);
    expect(find(html, 'code-sex-Male').selected).toBe('M');
    expect(find(html, 'code-sex-Female').selected).toBe('F');
    expect(find(html, 'code-sex-Unknown').selected).toBe('');
    expect(find(html, 'code-sex-Unknown').select).toContain('<option value="X">X (other)</option>');
    expect(find(html, 'code-sex-Unknown').select).toContain('<option value="__blank__">blank (unknown)</option>');
    expect(html).toContain('1 failed');
  });

  it('offers a date format for a date held as text, and true/false codes with a blank rule for flags', () => {
    const preview = samplePreview({ columns: [...samplePreview().columns, { name: 'Date', type: 'VARCHAR', kind: 'text' }] });
    const profile = sampleProfile({ table: 'offences', columns: { offence_date: { source: 'Date' }, domestic: { source: 'Gender' } } });
    const result = sampleMappingPreview(profile, {
      columns: [
        { column: 'offence_date', type: 'DATE', required: true, source: 'Date', converted: 0, failed: 3, blank: 0, failedValues: [{ value: '31/01/2025', count: 3 }] },
        { column: 'domestic', type: 'BOOLEAN', required: false, source: 'Gender', converted: 0, failed: 3, blank: 0, failedValues: [] },
      ],
    });
    const render = (open: string) =>
      renderToStaticMarkup(
        <MappingTable
          profile={profile}
          result={result}
          checking={false}
          sourceColumns={preview.columns}
          sampleRows={preview.sampleRows}
          openCodes={open}
          disabled={false}
          onToggleCodes={noop}
          onSource={noop}
          onCode={noop}
          onDateFormat={noop}
          onBlankAs={noop}
        />,
      );
    const dates = render('offence_date');
    expect(dates).toContain('>Date format…</button>');
    expect(find(dates, 'date-format-offence_date').select).toContain('<option value="%d/%m/%Y">dd/mm/yyyy</option>');
    expect(dates).toContain('<span class="mono">31/01/2025</span> (3)');
    const flags = render('domestic');
    expect(find(flags, 'code-domestic-Male').select).toContain('<option value="true">true (yes)</option>');
    expect(find(flags, 'blank-as-domestic').select).toContain('<option value="false">false (no)</option>');
  });

  it('distinct values match codes ignoring case and skip blanks', () => {
    const values = codeValues({
      mapping: { source: 'Gender', codes: { male: 'M' } },
      mapped: undefined,
      sampleRows: [{ Gender: 'Male' }, { Gender: ' ' }, { Gender: null }, { Gender: 'MALE' }, { Gender: 'F' }],
    });
    expect(values).toEqual([
      { value: 'male', failed: null, mapped: 'M' },
      { value: 'F', failed: null, mapped: undefined },
    ]);
  });
});

describe('layout banner', () => {
  it('reports a changed layout column by column', () => {
    const html = renderToStaticMarkup(
      <LayoutBanner
        name="Police victims"
        profile={sampleProfile()}
        layout={{ matches: false, missing: ['Gender', 'Ethnicity', 'Victim ID'], added: ['Sex'], reordered: false }}
      />,
    );
    expect(html).toContain('banner-warn');
    expect(html).toContain(
      '<span data-testid="layout-summary">3 columns the profile expects are missing: “Gender”, “Ethnicity”, “Victim ID”; 1 new column: “Sex”.</span>',
    );
    expect(html).toContain('data-testid="layout-missing-Gender"><span class="mono">Gender</span> is missing (it filled sex)</li>');
    expect(html).toContain('data-testid="layout-added-Sex"');
  });

  it('confirms a matching layout', () => {
    const html = renderToStaticMarkup(
      <LayoutBanner name="Police victims" profile={sampleProfile()} layout={{ matches: true, missing: [], added: [], reordered: false }} />,
    );
    expect(html).toContain('banner-ok');
    expect(html).toContain('This extract has the layout the profile was made for.');
  });
});

describe('validation screen', () => {
  const problems: ValidationProblem[] = [
    {
      kind: 'age_out_of_range',
      column: 'age',
      count: 2,
      message: 'Ages outside 0–110.',
      examples: [
        { line: 14, values: { age: 130 } },
        { line: 90, values: { age: -1 } },
      ],
      resolvable: true,
    },
    { kind: 'duplicate_key', column: 'crime_id', count: 3, message: 'crime_id occurs more than once.', examples: [], resolvable: true },
  ];

  const render = (decisions: Decisions, mode: 'create' | 'append' | null, extra: ValidationProblem[] = []) => {
    const result = sampleMappingPreview(sampleProfile(), { problems: [...problems, ...extra] });
    return renderToStaticMarkup(
      <ValidationStep
        table="victims"
        result={result}
        checking={false}
        decisions={decisions}
        mode={mode}
        tableExists
        modeFixed={false}
        job={null}
        onDecide={noop}
        onMode={noop}
        onBack={noop}
        onCommit={noop}
        onCancelJob={noop}
      />,
    );
  };

  it('shows each problem with its count, message and example lines, and a choice per kind', () => {
    const html = render({}, null);
    expect(html).toContain('Age outside 0–110');
    expect(html).toContain('Ages outside 0–110.');
    expect(html).toMatch(/<td class="num mono">14<\/td><td class="mono">130<\/td>/);
    expect(html).toMatch(/<td class="num mono">90<\/td><td class="mono">-1<\/td>/);
    expect(html).toContain('data-testid="decide-age_out_of_range-keep_flagged"');
    expect(html).toContain('data-testid="decide-duplicate_key-leave_out"');
    expect(html).toContain('Keep rows, flagged');
    expect(html).toContain('Leave rows out');
    // Create is not offered over an existing table.
    expect(find(html, 'commit-mode-create').tag).toContain('disabled=""');
    expect(html).toContain('rows with the same key are replaced by this extract’s');
  });

  it('keeps the commit disabled until every problem is decided and a mode chosen', () => {
    expect(find(render({}, null), 'mapping-commit').tag).toContain('disabled=""');
    expect(find(render({ age_out_of_range: 'leave_out' }, 'append'), 'mapping-commit').tag).toContain('disabled=""');
    const ready = render({ age_out_of_range: 'leave_out', duplicate_key: 'keep_flagged' }, 'append');
    expect(find(ready, 'mapping-commit').tag).not.toContain('disabled');
    expect(find(ready, 'decide-age_out_of_range-leave_out').tag).toContain('checked=""');
    expect(ready).not.toContain('data-testid="commit-gate"');
  });

  it('blocks on a problem only a mapping fix can solve, and offers the way back', () => {
    const html = render({ age_out_of_range: 'leave_out', duplicate_key: 'keep_flagged' }, 'append', [
      { kind: 'missing_required_column', column: 'person_id', count: 3, message: 'person_id is required.', examples: [], resolvable: false },
    ]);
    expect(find(html, 'mapping-commit').tag).toContain('disabled=""');
    expect(html).toContain('data-testid="fix-mapping-missing_required_column"');
    expect(html).not.toContain('data-testid="decide-missing_required_column"');
    expect(html).toContain('Fix the mapping first: required column not mapped.');
  });
});
