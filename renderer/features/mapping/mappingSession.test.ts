import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MappingPreview, MappingProfile } from '../../../electron/contract/index.js';
import { fakeEngine, sampleMappingPreview, sampleProfile } from '../../testing/fakeTransport.js';
import { createMappingSession, profileForSaving } from './mappingSession.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

function setup(options: { slow?: boolean } = {}) {
  const pending: { profile: MappingProfile; answer: ReturnType<typeof deferred<MappingPreview>> }[] = [];
  const engine = fakeEngine({
    'mapping.propose': ({ table }) => sampleProfile({ table }),
    'mapping.preview': ({ previewId, profile }) => {
      if (!options.slow) return sampleMappingPreview(profile, { previewId });
      const answer = deferred<MappingPreview>();
      pending.push({ profile, answer });
      return answer.promise;
    },
  });
  const session = createMappingSession(engine.client, 'p1', { debounceMs: 300 });
  return { engine, session, pending };
}

describe('mapping session', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('proposes a mapping, then checks it at once', async () => {
    const { engine, session } = setup();
    await session.propose('victims');
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.callsTo('mapping.propose')).toEqual([{ previewId: 'p1', table: 'victims' }]);
    expect(engine.callsTo('mapping.preview')).toHaveLength(1);
    const s = session.get();
    expect(s.profile?.columns.sex?.source).toBe('Gender');
    expect(s.result?.columns.find((c) => c.column === 'sex')?.failed).toBe(1);
    expect(s.checking).toBe(false);
    expect(s.applied).toBeNull();
  });

  it('re-previews after a source change, once the analyst pauses, with the new source', async () => {
    const { engine, session } = setup();
    await session.propose('victims');
    await vi.advanceTimersByTimeAsync(0);

    session.setSource('home_lsoa', 'Crime Ref');
    session.setSource('home_lsoa', null);
    session.setSource('crime_id', 'Victim ID');
    // The edit shows at once; the check waits for the pause.
    expect(session.get().profile?.columns.crime_id?.source).toBe('Victim ID');
    expect(session.get().checking).toBe(true);
    await vi.advanceTimersByTimeAsync(299);
    expect(engine.callsTo('mapping.preview')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const calls = engine.callsTo('mapping.preview');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.profile.columns.crime_id).toEqual({ source: 'Victim ID' });
    expect(calls[1]?.profile.columns.home_lsoa).toEqual({ source: null });
    expect(session.get().checking).toBe(false);
    expect(session.get().result?.columns.find((c) => c.column === 'crime_id')?.source).toBe('Victim ID');
  });

  it('never shows an older answer over a newer one', async () => {
    const { session, pending } = setup({ slow: true });
    await session.propose('victims');
    await vi.advanceTimersByTimeAsync(0);
    session.setSource('age', null);
    await vi.advanceTimersByTimeAsync(300);
    expect(pending).toHaveLength(2);
    const [first, second] = pending;
    second?.answer.resolve(sampleMappingPreview(second.profile));
    await vi.advanceTimersByTimeAsync(0);
    first?.answer.resolve(sampleMappingPreview(first.profile));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.get().result?.profile.columns.age).toEqual({ source: null });
    expect(session.get().checking).toBe(false);
  });

  it('edits codes: adds, changes, maps to blank, and removes them', async () => {
    const { engine, session } = setup();
    await session.propose('victims');
    await vi.advanceTimersByTimeAsync(0);

    session.setCode('sex', 'Unknown', null);
    session.setCode('ethnicity', 'W1', 'White');
    session.setCode('ethnicity', 'B1', 'Black');
    await vi.advanceTimersByTimeAsync(300);
    const sent = engine.callsTo('mapping.preview').at(-1)?.profile;
    expect(sent?.columns.sex?.codes).toEqual({ Male: 'M', Female: 'F', Unknown: null });
    expect(sent?.columns.ethnicity?.codes).toEqual({ W1: 'White', B1: 'Black' });
    // The engine now converts "Unknown" to blank: it no longer fails.
    expect(session.get().result?.columns.find((c) => c.column === 'sex')?.failed).toBe(0);

    session.setCode('ethnicity', 'W1', undefined);
    session.setCode('ethnicity', 'B1', undefined);
    session.setDateFormat('age', '%d/%m/%Y');
    session.setDateFormat('age', undefined);
    session.setBlankAs('sex', 'X');
    await vi.advanceTimersByTimeAsync(300);
    const last = engine.callsTo('mapping.preview').at(-1)?.profile;
    expect(last?.columns.ethnicity).toEqual({ source: 'Ethnicity' });
    expect(last?.columns.age).toEqual({ source: 'Age at offence' });
    expect(last?.columns.sex).toEqual({ source: 'Gender', codes: { Male: 'M', Female: 'F', Unknown: null }, blankAs: 'X' });
    expect(engine.callsTo('mapping.preview')).toHaveLength(3);
  });

  it('applies a saved profile as it is and checks it at once; a re-read extract is checked again', async () => {
    const { engine, session } = setup();
    await session.propose('victims');
    await vi.advanceTimersByTimeAsync(0);
    const saved = sampleProfile({ name: 'Victims (March)', columns: { crime_id: { source: 'CrimeRef' } } });
    session.apply(saved);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.get().applied).toBe('Victims (March)');
    expect(engine.callsTo('mapping.preview').at(-1)).toEqual({ previewId: 'p1', profile: saved });

    session.setPreviewId('p2');
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.callsTo('mapping.preview').at(-1)).toEqual({ previewId: 'p2', profile: saved });
    expect(engine.callsTo('mapping.preview')).toHaveLength(3);
    // Proposing again replaces the applied profile.
    await session.propose('suspects');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.get().applied).toBeNull();
    expect(session.get().profile?.table).toBe('suspects');
  });

  it('sends a waiting change at once on flush, and records decisions per kind', async () => {
    const { engine, session } = setup();
    await session.propose('victims');
    await vi.advanceTimersByTimeAsync(0);
    session.setSource('age', null);
    session.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.callsTo('mapping.preview')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(engine.callsTo('mapping.preview')).toHaveLength(2);

    session.decide('age_out_of_range', 'leave_out');
    session.decide('duplicate_key', 'keep_flagged');
    session.decide('duplicate_key', undefined);
    expect(session.get().decisions).toEqual({ age_out_of_range: 'leave_out' });
  });

  it('shows the engine error with its code when the check fails', async () => {
    const engine = fakeEngine({
      'mapping.propose': () => sampleProfile(),
      'mapping.preview': () => {
        throw new Error('boom');
      },
    });
    const session = createMappingSession(engine.client, 'p1');
    await session.propose('victims');
    await vi.advanceTimersByTimeAsync(0);
    expect(session.get().error).toEqual({ code: 'internal', title: 'Something went wrong', message: 'boom' });
    expect(session.get().checking).toBe(false);
  });
});

describe('profile as saved', () => {
  it('records the layout and read settings of the extract it was made on', () => {
    const saved = profileForSaving(
      sampleProfile({ sourceColumns: ['old'], read: { encoding: 'windows-1252' } }),
      'Victims monthly',
      { columns: [{ name: 'Crime Ref' }, { name: 'Gender' }], read: { headerRow: 3, delimiter: '|' } },
      new Date('2025-02-01T10:00:00Z'),
    );
    expect(saved.name).toBe('Victims monthly');
    expect(saved.sourceColumns).toEqual(['Crime Ref', 'Gender']);
    expect(saved.read).toEqual({ encoding: 'windows-1252', headerRow: 3, delimiter: '|' });
    expect(saved.createdAt).toBe('2025-02-01T10:00:00.000Z');
  });
});
