import {
  parseArgs,
  toWireError,
  type Args,
  type Channel,
  type Envelope,
  type ImportPreview,
  type MappedColumn,
  type MappingPreview,
  type MappingProfile,
  type Result,
} from '../../electron/contract/index.js';
import { createClient, type Client } from '../api/client.js';
import type { Transport } from '../api/transport.js';

/** Test double of the engine: a handler per channel, everything else "not wired". */
export type FakeHandlers = { [C in Channel]?: (args: Args<C>) => Result<C> | Promise<Result<C>> };

export interface FakeEngine {
  client: Client;
  /** Every call as it crossed the transport, arguments already checked against the contract. */
  calls: { channel: Channel; args: unknown }[];
  callsTo<C extends Channel>(channel: C): Args<C>[];
}

/**
 * A Transport in front of plain handler functions. Arguments go through the contract's own
 * parseArgs and results through the real client's parseResult, so a screen that sends a
 * malformed call, or a fake that answers with one, fails the test as it would fail the app.
 */
export function fakeEngine(handlers: FakeHandlers): FakeEngine {
  const calls: { channel: Channel; args: unknown }[] = [];
  const transport: Transport = {
    async invoke(channel, raw): Promise<Envelope> {
      try {
        const args = parseArgs(channel as Channel, raw);
        calls.push({ channel: channel as Channel, args });
        const handler = handlers[channel as Channel] as ((a: unknown) => unknown) | undefined;
        if (!handler) throw new Error(`fake engine: ${channel} is not wired in this test`);
        return { ok: true, value: await handler(args) };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    },
    async registerDroppedFile() {
      return { ok: false, error: { code: 'internal', message: 'not in tests' } };
    },
  };
  return {
    client: createClient(transport),
    calls,
    callsTo: <C extends Channel>(channel: C) => calls.filter((c) => c.channel === channel).map((c) => c.args as Args<C>),
  };
}

// ---------------------------------------------------------------- sample data for the screens

export function samplePreview(overrides: Partial<ImportPreview> = {}): ImportPreview {
  return {
    previewId: 'p1',
    fileName: 'police_victims.csv',
    sizeBytes: 20480,
    format: 'csv',
    encoding: 'windows-1252',
    sheets: [],
    sheet: null,
    headerRow: 1,
    delimiter: ',',
    header: true,
    dateFormat: null,
    dateFormatChoices: [],
    columns: [
      { name: 'Crime Ref', type: 'VARCHAR', kind: 'text' },
      { name: 'Victim ID', type: 'VARCHAR', kind: 'text' },
      { name: 'Gender', type: 'VARCHAR', kind: 'text' },
      { name: 'Age at offence', type: 'BIGINT', kind: 'number' },
      { name: 'Ethnicity', type: 'VARCHAR', kind: 'text' },
    ],
    sampleRows: [
      { 'Crime Ref': 'C1', 'Victim ID': 'V1', Gender: 'Male', 'Age at offence': 19, Ethnicity: 'W1' },
      { 'Crime Ref': 'C2', 'Victim ID': 'V2', Gender: 'Female', 'Age at offence': 130, Ethnicity: 'B1' },
      { 'Crime Ref': 'C3', 'Victim ID': 'V3', Gender: 'Unknown', 'Age at offence': 44, Ethnicity: null },
    ],
    rowsAccepted: 3,
    rowsRejected: 0,
    rejects: [],
    suggestedTable: 'police_victims',
    suggestedCanonical: 'victims',
    ...overrides,
  };
}

export function sampleProfile(overrides: Partial<MappingProfile> = {}): MappingProfile {
  return {
    kind: 'sv-workbench/mapping-profile',
    version: 1,
    name: 'Police victims',
    table: 'victims',
    sourceColumns: ['Crime Ref', 'Victim ID', 'Gender', 'Age at offence', 'Ethnicity'],
    read: {},
    columns: {
      crime_id: { source: 'Crime Ref' },
      person_id: { source: 'Victim ID' },
      age: { source: 'Age at offence' },
      sex: { source: 'Gender', codes: { Male: 'M', Female: 'F' } },
      ethnicity: { source: 'Ethnicity' },
      home_lsoa: { source: null },
      home_lad: { source: null },
    },
    ...overrides,
  };
}

const mapped = (column: string, type: string, required: boolean, source: string | null, failed = 0, failedValues: MappedColumn['failedValues'] = []): MappedColumn => ({
  column,
  type,
  required,
  source,
  converted: 3 - failed - (source ? 0 : 3),
  failed,
  blank: source ? 0 : 3,
  failedValues,
});

/** What the engine would answer for a profile: sex fails on "Unknown" unless it is mapped. */
export function sampleMappingPreview(profile: MappingProfile, overrides: Partial<MappingPreview> = {}): MappingPreview {
  const src = (c: string) => profile.columns[c]?.source ?? null;
  const sexCodes = profile.columns.sex?.codes ?? {};
  const unknownMapped = Object.hasOwn(sexCodes, 'Unknown');
  return {
    previewId: 'p1',
    table: profile.table,
    profile,
    layout: { matches: true, missing: [], added: [], reordered: false },
    columns: [
      mapped('crime_id', 'VARCHAR', true, src('crime_id')),
      mapped('person_id', 'VARCHAR', true, src('person_id')),
      mapped('age', 'INTEGER', false, src('age')),
      mapped('sex', 'VARCHAR', false, src('sex'), unknownMapped ? 0 : 1, unknownMapped ? [] : [{ value: 'Unknown', count: 1 }]),
      mapped('ethnicity', 'VARCHAR', false, src('ethnicity'), 2, [
        { value: 'W1', count: 1 },
        { value: 'B1', count: 1 },
      ]),
      mapped('home_lsoa', 'VARCHAR', false, src('home_lsoa')),
      mapped('home_lad', 'VARCHAR', false, src('home_lad')),
    ],
    sampleRows: [{ crime_id: 'C1', person_id: 'V1', age: 19, sex: 'M', ethnicity: null, home_lsoa: null, home_lad: null }],
    rowsTotal: 3,
    problems: [
      {
        kind: 'age_out_of_range',
        column: 'age',
        count: 1,
        message: '1 age is outside 0–110.',
        examples: [{ line: 3, values: { age: 130 } }],
        resolvable: true,
      },
    ],
    ...overrides,
  };
}
