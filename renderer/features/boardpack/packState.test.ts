import { describe, expect, it, vi } from 'vitest';
import { ExportBoardPackArgs } from '../../../electron/contract/index.js';
import { addItem, DEFAULT_PACK_TITLE, emptyPack, exportArgs, moveItem, removeItem, setNote, type PackItem } from './packState.js';
import { createPackStore } from './packStore.js';

const item = (resultId: string, extra: Partial<PackItem> = {}): PackItem => ({
  resultId,
  queryId: `q-${resultId}`,
  rule: 'threshold5',
  heading: `Heading ${resultId}`,
  subtitle: '',
  note: '',
  chartPng: null,
  chartSize: null,
  personalData: false,
  ranAt: '2026-11-21T09:00:00.000Z',
  ...extra,
});
const ids = (s: { items: PackItem[] }) => s.items.map((i) => i.resultId);

describe('the board pack', () => {
  it('adds results in order; adding one again updates it where it stands and keeps its note', () => {
    let s = addItem(addItem(addItem(emptyPack(), item('r_1')), item('r_2')), item('r_3'));
    s = setNote(s, 'r_2', 'Falling since May.');
    s = addItem(s, item('r_2', { rule: 'round5', heading: 'Renamed' }));
    expect(ids(s)).toEqual(['r_1', 'r_2', 'r_3']);
    expect(s.items[1]).toMatchObject({ rule: 'round5', heading: 'Renamed', note: 'Falling since May.' });
  });

  it('moves up and down, not past either end, and removes', () => {
    const s = addItem(addItem(addItem(emptyPack(), item('r_1')), item('r_2')), item('r_3'));
    expect(ids(moveItem(s, 'r_3', -1))).toEqual(['r_1', 'r_3', 'r_2']);
    expect(ids(moveItem(s, 'r_1', 1))).toEqual(['r_2', 'r_1', 'r_3']);
    expect(moveItem(s, 'r_1', -1)).toBe(s);
    expect(moveItem(s, 'r_3', 1)).toBe(s);
    expect(ids(removeItem(s, 'r_2'))).toEqual(['r_1', 'r_3']);
  });

  it('sends what the contract accepts: a blank title or heading falls back, personal data goes confirmed', () => {
    let s = addItem(emptyPack(), item('r_1', { heading: '  ', chartPng: 'iVBORw0K', note: 'One.\n\nTwo.' }));
    s = addItem(s, item('r_2', { personalData: true, rule: 'threshold10' }));
    s = { ...s, title: ' ' };
    const args = exportArgs(s);
    expect(args).toEqual({
      title: DEFAULT_PACK_TITLE,
      items: [
        { resultId: 'r_1', rule: 'threshold5', heading: 'q-r_1', subtitle: '', note: 'One.\n\nTwo.', chartPng: 'iVBORw0K', confirmPersonalData: false },
        { resultId: 'r_2', rule: 'threshold10', heading: 'Heading r_2', subtitle: '', note: '', chartPng: null, confirmPersonalData: true },
      ],
    });
    expect(ExportBoardPackArgs.strict().safeParse(args).success).toBe(true);
  });

  it('the store tells its listeners about each change, and not about a move that changes nothing', () => {
    const store = createPackStore();
    const heard = vi.fn();
    store.subscribe(heard);
    store.add(item('r_1'));
    store.move('r_1', -1);
    store.note('r_1', 'x');
    store.title('March');
    expect(heard).toHaveBeenCalledTimes(3);
    expect(store.get()).toMatchObject({ title: 'March', items: [{ resultId: 'r_1', note: 'x' }] });
  });
});
