import { describe, expect, it, vi } from 'vitest';
import { EngineError, type EngineChannel } from '../contract/index.js';
import { createDispatcher, servePort, type HostedEngine } from './dispatcher.js';
import type { HostEvent } from './protocol.js';
import { startHost } from './start.js';

/** An engine whose query.run waits until query.cancel is called: the two must overlap. */
function fakeEngine(): HostedEngine & { closed: boolean } {
  let release: (() => void) | undefined;
  const engine = {
    workspaceName: 'demo',
    closed: false,
    async handle(channel: EngineChannel, args: unknown): Promise<unknown> {
      switch (channel) {
        case 'query.run':
          await new Promise<void>((r) => (release = r));
          return { finished: (args as { runId: string }).runId };
        case 'query.progress':
          return { running: release !== undefined };
        case 'query.cancel':
          release?.();
          return { cancelled: true };
        case 'grid.rows':
          throw new EngineError('not_found', 'no table called crimes');
        case 'library.list':
          throw new TypeError('boom');
        default:
          return { channel };
      }
    },
    registerFile(path: string) {
      if (path.endsWith('missing.csv')) throw new EngineError('not_found', `no file ${path}`);
      return { token: 't1', name: 'crimes.csv', sizeBytes: 10 };
    },
    async planTableExport(args: unknown) {
      if ((args as { resultId?: string }).resultId !== 'r_1') throw new EngineError('not_found', 'no result');
      return { fileName: 'q.csv' };
    },
    async exportTable(args: unknown, path: string) {
      return { savedTo: path, args };
    },
    async planBoardPack(args: unknown) {
      if ((args as { title?: string }).title !== 'Pack') throw new EngineError('invalid_args', 'no pack');
      return { fileName: 'board-pack-2026-11-21.docx' };
    },
    async exportBoardPack(args: unknown, path: string) {
      return { savedTo: path, args };
    },
    close() {
      engine.closed = true;
    },
  };
  return engine;
}

const call = (id: number, channel: string, args: unknown = {}) => ({ type: 'call', id, channel, args });

describe('host dispatcher', () => {
  it('answers progress and cancel while a run is in flight', async () => {
    const dispatch = createDispatcher(Promise.resolve(fakeEngine()));
    const run = dispatch(call(1, 'query.run', { runId: 'r1' }));
    const settled = vi.fn();
    void run.then(settled);
    await new Promise((r) => setTimeout(r, 5));
    expect(settled).not.toHaveBeenCalled();
    expect(await dispatch(call(2, 'query.progress', { runId: 'r1' }))).toEqual({
      type: 'reply',
      id: 2,
      envelope: { ok: true, value: { running: true } },
    });
    expect(await dispatch(call(3, 'query.cancel', { runId: 'r1' }))).toEqual({
      type: 'reply',
      id: 3,
      envelope: { ok: true, value: { cancelled: true } },
    });
    expect(await run).toEqual({ type: 'reply', id: 1, envelope: { ok: true, value: { finished: 'r1' } } });
  });

  it('maps engine errors to wire errors, keeping their code', async () => {
    const dispatch = createDispatcher(Promise.resolve(fakeEngine()));
    expect(await dispatch(call(4, 'grid.rows'))).toEqual({
      type: 'reply',
      id: 4,
      envelope: { ok: false, error: { code: 'not_found', message: 'no table called crimes' } },
    });
    expect(await dispatch(call(5, 'library.list'))).toEqual({
      type: 'reply',
      id: 5,
      envelope: { ok: false, error: { code: 'internal', message: 'boom' } },
    });
    expect(await dispatch(call(6, 'files.pickImport'))).toMatchObject({
      id: 6,
      envelope: { ok: false, error: { code: 'invalid_args' } },
    });
    expect(await dispatch(call(7, 'no.such.channel'))).toMatchObject({
      id: 7,
      envelope: { ok: false, error: { code: 'invalid_args' } },
    });
  });

  it('registers files and reports a missing one', async () => {
    const dispatch = createDispatcher(Promise.resolve(fakeEngine()));
    expect(await dispatch({ type: 'registerFile', id: 8, path: '/d/crimes.csv' })).toEqual({
      type: 'reply',
      id: 8,
      envelope: { ok: true, value: { token: 't1', name: 'crimes.csv', sizeBytes: 10 } },
    });
    expect(await dispatch({ type: 'registerFile', id: 9, path: '/d/missing.csv' })).toMatchObject({
      id: 9,
      envelope: { ok: false, error: { code: 'not_found' } },
    });
  });

  // Table exports and board packs take the same two steps: a plan, then a write at main's path.
  const EXPORTS = [
    {
      what: 'table exports',
      plan: 'planTableExport',
      write: 'exportTable',
      args: { resultId: 'r_1' },
      refused: { args: { resultId: 'r_2' }, error: { code: 'not_found', message: 'no result' } },
      fileName: 'q.csv',
      path: '/out/q.csv',
    },
    {
      what: 'board packs',
      plan: 'planBoardPack',
      write: 'exportBoardPack',
      args: { title: 'Pack' },
      refused: { args: { title: 'Other' }, error: { code: 'invalid_args', message: 'no pack' } },
      fileName: 'board-pack-2026-11-21.docx',
      path: '/out/p.docx',
    },
  ];
  it.each(EXPORTS)('plans and writes $what at the path main sends; a request without a path is malformed', async (x) => {
    const dispatch = createDispatcher(Promise.resolve(fakeEngine()));
    expect(await dispatch({ type: x.plan, id: 12, args: x.args })).toEqual({
      type: 'reply',
      id: 12,
      envelope: { ok: true, value: { fileName: x.fileName } },
    });
    expect(await dispatch({ type: x.plan, id: 13, args: x.refused.args })).toMatchObject({
      envelope: { ok: false, error: x.refused.error },
    });
    expect(await dispatch({ type: x.write, id: 14, args: x.args, path: x.path })).toEqual({
      type: 'reply',
      id: 14,
      envelope: { ok: true, value: { savedTo: x.path, args: x.args } },
    });
    expect(await dispatch({ type: x.write, id: 15, args: x.args })).toMatchObject({
      id: 15,
      envelope: { ok: false, error: { code: 'internal', message: 'malformed host request' } },
    });
  });

  it('answers malformed requests that carry an id and ignores the rest', async () => {
    const dispatch = createDispatcher(Promise.resolve(fakeEngine()));
    expect(await dispatch({ type: 'call', id: 10 })).toMatchObject({ id: 10, envelope: { ok: false } });
    expect(await dispatch('hello')).toBeNull();
    expect(await dispatch(null)).toBeNull();
    expect(await dispatch({ type: 'shutdown' })).toBeNull();
  });

  it('answers every call with the start-up error when the engine could not open', async () => {
    const dispatch = createDispatcher(Promise.reject(new EngineError('internal', 'workspace.duckdb is locked')));
    expect(await dispatch(call(11, 'workspace.info'))).toEqual({
      type: 'reply',
      id: 11,
      envelope: { ok: false, error: { code: 'internal', message: 'workspace.duckdb is locked' } },
    });
  });
});

function fakePort() {
  let listener: ((e: { data: unknown }) => void) | undefined;
  const sent: HostEvent[] = [];
  const port = {
    started: false,
    on: (_event: 'message', l: (e: { data: unknown }) => void) => (listener = l),
    postMessage: (m: unknown) => {
      // Like structured clone: functions cannot cross.
      if (JSON.stringify(m).includes('"__fn__"')) throw new Error('could not be cloned');
      sent.push(m as HostEvent);
    },
    start: () => (port.started = true),
  };
  const deliver = (data: unknown) => listener?.({ data });
  const until = async (n: number) => {
    for (let i = 0; i < 100 && sent.length < n; i++) await new Promise((r) => setTimeout(r, 1));
    return sent;
  };
  return { port, deliver, sent, until };
}

describe('servePort', () => {
  it('posts replies, replaces an uncloneable reply with an error, and shuts down on request', async () => {
    const { port, deliver, until } = fakePort();
    const shutdown = vi.fn();
    const dispatch = vi.fn(async (raw: unknown): Promise<HostEvent | null> => {
      const id = (raw as { id: number }).id;
      return { type: 'reply', id, envelope: { ok: true, value: id === 2 ? { __fn__: true } : 'fine' } };
    });
    servePort(port, dispatch, shutdown);
    expect(port.started).toBe(true);
    deliver(call(1, 'workspace.info'));
    deliver(call(2, 'workspace.info'));
    const sent = await until(2);
    expect(sent).toEqual([
      { type: 'reply', id: 1, envelope: { ok: true, value: 'fine' } },
      {
        type: 'reply',
        id: 2,
        envelope: { ok: false, error: { code: 'internal', message: 'reply could not be sent: could not be cloned' } },
      },
    ]);
    deliver({ type: 'shutdown' });
    deliver({ type: 'shutdown' });
    expect(shutdown).toHaveBeenCalledTimes(1);
    deliver(call(3, 'workspace.info'));
    expect(await until(3)).toContainEqual({
      type: 'reply',
      id: 3,
      envelope: { ok: false, error: { code: 'engine_crashed', message: 'The engine is shutting down.' } },
    });
    expect(dispatch).toHaveBeenCalledTimes(2);
  });

  it('hands shutdown a promise that settles when the calls in flight are answered', async () => {
    const { port, deliver, until } = fakePort();
    let finish: (() => void) | undefined;
    const dispatch = async (raw: unknown): Promise<HostEvent | null> => {
      await new Promise<void>((r) => (finish = r));
      return { type: 'reply', id: (raw as { id: number }).id, envelope: { ok: true, value: 'done' } };
    };
    let drained = false;
    servePort(port, dispatch, (inFlight) => void inFlight.then(() => (drained = true)));
    deliver(call(1, 'query.run', { runId: 'r1' }));
    deliver({ type: 'shutdown' });
    await new Promise((r) => setTimeout(r, 5));
    expect(drained).toBe(false);
    finish?.();
    expect(await until(1)).toEqual([{ type: 'reply', id: 1, envelope: { ok: true, value: 'done' } }]);
    await vi.waitFor(() => expect(drained).toBe(true));
  });
});

describe('startHost', () => {
  function parent() {
    let listener: ((e: { data: unknown; ports: never[] }) => void) | undefined;
    return {
      parentPort: { once: (_e: 'message', l: typeof listener) => (listener = l) },
      init: (data: unknown, ports: unknown[]) => listener?.({ data, ports: ports as never[] }),
    };
  }
  const options = { workspaceDir: '/ws', queriesDir: '/q', demo: true };

  it('opens the engine with the options from init, reports ready, serves calls and closes on shutdown', async () => {
    const { parentPort, init } = parent();
    const { port, deliver, until } = fakePort();
    const engine = fakeEngine();
    const createEngine = vi.fn(async () => engine);
    const exit = vi.fn();
    startHost(parentPort, { createEngine, exit, log: () => undefined });
    init({ type: 'init', options }, [port]);
    expect(createEngine).toHaveBeenCalledWith(options);
    deliver(call(1, 'workspace.info'));
    const sent = await until(2);
    expect(sent).toContainEqual({ type: 'ready', workspaceName: 'demo' });
    expect(sent).toContainEqual({ type: 'reply', id: 1, envelope: { ok: true, value: { channel: 'workspace.info' } } });
    deliver({ type: 'shutdown' });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(engine.closed).toBe(true);
  });

  it('closes the engine only after a call in flight has been answered', async () => {
    const { parentPort, init } = parent();
    const { port, deliver, until } = fakePort();
    const engine = fakeEngine();
    const exit = vi.fn();
    startHost(parentPort, { createEngine: async () => engine, exit, log: () => undefined, drainTimeoutMs: 5_000 });
    init({ type: 'init', options }, [port]);
    deliver(call(1, 'query.run', { runId: 'r1' }));
    await until(1);
    deliver({ type: 'shutdown' });
    await new Promise((r) => setTimeout(r, 10));
    expect(engine.closed).toBe(false);
    expect(exit).not.toHaveBeenCalled();
    // The run finishes (here: by being cancelled through the engine directly).
    await engine.handle('query.cancel', { runId: 'r1' });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(engine.closed).toBe(true);
    expect(await until(2)).toContainEqual({ type: 'reply', id: 1, envelope: { ok: true, value: { finished: 'r1' } } });
  });

  it('does not wait for ever: a call that never ends is cut off after the drain timeout', async () => {
    const { parentPort, init } = parent();
    const { port, deliver } = fakePort();
    const engine = fakeEngine();
    const exit = vi.fn();
    startHost(parentPort, { createEngine: async () => engine, exit, log: () => undefined, drainTimeoutMs: 30 });
    init({ type: 'init', options }, [port]);
    deliver(call(1, 'query.run', { runId: 'stuck' }));
    deliver({ type: 'shutdown' });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(engine.closed).toBe(true);
  });

  it('reports fatal when the engine cannot start, and exits on a bad init', async () => {
    const { parentPort, init } = parent();
    const { port, until } = fakePort();
    startHost(parentPort, {
      createEngine: () => Promise.reject(new Error('disk full')),
      exit: vi.fn(),
      log: () => undefined,
    });
    init({ type: 'init', options }, [port]);
    expect(await until(1)).toEqual([{ type: 'fatal', error: { code: 'internal', message: 'disk full' } }]);

    const bad = parent();
    const exit = vi.fn();
    startHost(bad.parentPort, { createEngine: vi.fn(), exit, log: () => undefined });
    bad.init({ type: 'init', options: { workspaceDir: '' } }, [port]);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
