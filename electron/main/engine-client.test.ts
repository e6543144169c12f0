import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { EngineError, type Envelope } from '../contract/index.js';
import { createDispatcher, servePort, type HostedEngine } from '../host/dispatcher.js';
import type { HostRequest } from '../host/protocol.js';
import { createEngineClient, shouldRestart, type HostHandle } from './engine-client.js';

/** A host that records what main posts and lets the test reply or crash it. */
function fakeHost() {
  const posted: HostRequest[] = [];
  let onMessage: ((m: unknown) => void) | undefined;
  let onExit: ((code: number | null) => void) | undefined;
  const handle: HostHandle & { killed: boolean } = {
    killed: false,
    post: (m) => void posted.push(m),
    onMessage: (l) => void (onMessage = l),
    onExit: (l) => void (onExit = l),
    kill: () => void (handle.killed = true),
  };
  return {
    handle,
    posted,
    reply: (id: number, envelope: Envelope) => onMessage?.({ type: 'reply', id, envelope }),
    send: (m: unknown) => onMessage?.(m),
    exit: (code: number | null) => onExit?.(code),
  };
}

function supervised(opts: { maxCrashes?: number; now?: () => number } = {}) {
  const hosts: ReturnType<typeof fakeHost>[] = [];
  const client = createEngineClient({
    spawn: () => {
      const h = fakeHost();
      hosts.push(h);
      return h.handle;
    },
    log: () => undefined,
    shutdownTimeoutMs: 20,
    ...opts,
  });
  const host = (i: number) => {
    const h = hosts[i];
    if (!h) throw new Error(`no host #${i}`);
    return h;
  };
  return { client, hosts, host };
}

describe('engine client', () => {
  it('matches replies to calls by id, in any order', async () => {
    const { client, host } = supervised();
    const a = client.call('workspace.info', {});
    const b = client.call('library.list', {});
    expect(host(0).posted).toEqual([
      { type: 'call', id: 1, channel: 'workspace.info', args: {} },
      { type: 'call', id: 2, channel: 'library.list', args: {} },
    ]);
    expect(client.pending).toBe(2);
    host(0).reply(2, { ok: true, value: ['q'] });
    host(0).reply(1, { ok: true, value: { name: 'demo' } });
    expect(await a).toEqual({ ok: true, value: { name: 'demo' } });
    expect(await b).toEqual({ ok: true, value: ['q'] });
    expect(client.pending).toBe(0);
  });

  it('resolves every pending call with engine_crashed when the host dies, then restarts it', async () => {
    const { client, hosts, host } = supervised();
    const run = client.call('query.run', { queryId: 'q', runId: 'r1' });
    const reg = client.registerFile('/d/crimes.csv');
    host(0).exit(134);
    for (const env of [await run, await reg]) {
      expect(env.ok).toBe(false);
      if (!env.ok) {
        expect(env.error.code).toBe('engine_crashed');
        expect(env.error.message).toContain('134');
      }
    }
    expect(hosts).toHaveLength(2);
    const info = client.call('workspace.info', {});
    expect(host(1).posted).toEqual([{ type: 'call', id: 3, channel: 'workspace.info', args: {} }]);
    host(1).reply(3, { ok: true, value: { name: 'demo' } });
    expect(await info).toEqual({ ok: true, value: { name: 'demo' } });
    // A late reply from the dead host is not delivered to anyone.
    host(0).reply(3, { ok: true, value: 'stale' });
  });

  it('stops restarting after repeated crashes within the window', async () => {
    let t = 0;
    const { client, hosts, host } = supervised({ maxCrashes: 2, now: () => t });
    host(0).exit(1);
    t += 10;
    host(1).exit(1);
    t += 10;
    host(2).exit(1);
    expect(hosts).toHaveLength(3);
    const env = await client.call('workspace.info', {});
    expect(env).toMatchObject({ ok: false, error: { code: 'engine_crashed' } });
    expect(shouldRestart([0, 10], 20, 2, 60_000)).toBe(false);
    expect(shouldRestart([0, 10], 70_005, 2, 60_000)).toBe(true);
  });

  it('reports ready and fatal events and ignores junk', () => {
    const onReady = vi.fn();
    const onFatal = vi.fn();
    const h = fakeHost();
    createEngineClient({ spawn: () => h.handle, onReady, onFatal, log: () => undefined });
    h.send({ type: 'ready', workspaceName: 'Northshire' });
    h.send({ type: 'fatal', error: { code: 'internal', message: 'locked' } });
    h.send({ type: 'reply', id: 'x' });
    h.send('junk');
    expect(onReady).toHaveBeenCalledWith('Northshire');
    expect(onFatal).toHaveBeenCalledWith({ code: 'internal', message: 'locked' });
  });

  it('turns a post that throws into engine_crashed', async () => {
    const h = fakeHost();
    h.handle.post = () => {
      throw new Error('port is closed');
    };
    const client = createEngineClient({ spawn: () => h.handle, log: () => undefined });
    expect(await client.call('workspace.info', {})).toEqual({
      ok: false,
      error: { code: 'engine_crashed', message: 'The engine could not be reached: port is closed' },
    });
    expect(client.pending).toBe(0);
  });

  it('shuts down cleanly without restarting, and kills a host that does not exit', async () => {
    const { client, hosts, host } = supervised();
    const pending = client.call('workspace.info', {});
    const closing = client.close();
    expect(host(0).posted.at(-1)).toEqual({ type: 'shutdown' });
    host(0).exit(0);
    await closing;
    expect(await pending).toMatchObject({ ok: false, error: { code: 'engine_crashed' } });
    expect(hosts).toHaveLength(1);
    expect(host(0).handle.killed).toBe(false);
    expect(await client.call('workspace.info', {})).toMatchObject({ ok: false, error: { code: 'engine_crashed' } });

    const stuck = supervised();
    await stuck.client.close();
    expect(stuck.host(0).handle.killed).toBe(true);
  });
});

describe('engine client ↔ host dispatcher over a real MessageChannel', () => {
  it('carries concurrent calls, errors and file registration end to end', async () => {
    let release: (() => void) | undefined;
    const engine: HostedEngine = {
      workspaceName: 'demo',
      async handle(channel, args) {
        if (channel === 'query.run') {
          await new Promise<void>((r) => (release = r));
          return { runId: (args as { runId: string }).runId, rows: 3 };
        }
        if (channel === 'query.cancel') {
          release?.();
          return { cancelled: true };
        }
        throw new EngineError('not_found', `nothing for ${channel}`);
      },
      registerFile: (path) => ({ token: 'tok', name: path.split('/').at(-1) ?? '', sizeBytes: 1 }),
      planTableExport: async (args) => {
        if ((args as { resultId: string }).resultId !== 'r_1') throw new EngineError('not_found', 'no such result');
        return { fileName: 'q-2024-12-31.xlsx' };
      },
      exportTable: async (args, path) => ({ savedTo: path, resultId: (args as { resultId: string }).resultId }),
      planBoardPack: async () => ({ fileName: 'board-pack-2026-11-21.docx' }),
      exportBoardPack: async (args, path) => ({ savedTo: path, items: (args as { items: unknown[] }).items.length }),
      close: () => undefined,
    };
    const { port1, port2 } = new MessageChannel();
    servePort(
      { on: (_e, l) => port2.on('message', (data: unknown) => l({ data })), postMessage: (m) => port2.postMessage(m), start: () => port2.start() },
      createDispatcher(Promise.resolve(engine)),
      () => undefined,
    );
    const exitListeners: ((code: number | null) => void)[] = [];
    const client = createEngineClient({
      spawn: () => ({
        post: (m) => port1.postMessage(m),
        onMessage: (l) => void port1.on('message', l),
        onExit: (l) => void exitListeners.push(l),
        kill: () => port1.close(),
      }),
      log: () => undefined,
    });
    try {
      const run = client.call('query.run', { queryId: 'q', runId: 'r9' });
      const cancel = await client.call('query.cancel', { runId: 'r9' });
      expect(cancel).toEqual({ ok: true, value: { cancelled: true } });
      expect(await run).toEqual({ ok: true, value: { runId: 'r9', rows: 3 } });
      expect(await client.call('grid.rows', {})).toEqual({
        ok: false,
        error: { code: 'not_found', message: 'nothing for grid.rows' },
      });
      expect(await client.registerFile('/data/crimes.csv')).toEqual({
        ok: true,
        value: { token: 'tok', name: 'crimes.csv', sizeBytes: 1 },
      });
      // The table export's main-only requests: the path travels only from main to the host.
      expect(await client.planTableExport({ resultId: 'r_1', format: 'xlsx' })).toEqual({ ok: true, value: { fileName: 'q-2024-12-31.xlsx' } });
      expect(await client.planTableExport({ resultId: 'r_7', format: 'xlsx' })).toEqual({
        ok: false,
        error: { code: 'not_found', message: 'no such result' },
      });
      expect(await client.exportTable({ resultId: 'r_1', format: 'csv' }, '/out/t.csv')).toEqual({
        ok: true,
        value: { savedTo: '/out/t.csv', resultId: 'r_1' },
      });
      expect(await client.planBoardPack({ title: 'P', items: [] })).toEqual({ ok: true, value: { fileName: 'board-pack-2026-11-21.docx' } });
      expect(await client.exportBoardPack({ title: 'P', items: [1, 2] }, '/out/p.docx')).toEqual({ ok: true, value: { savedTo: '/out/p.docx', items: 2 } });
    } finally {
      port1.close();
      port2.close();
    }
  });
});
