import { z } from 'zod';
import { channels, Envelope, shellChannels, WireError, type EngineChannel } from '../contract/index.js';

/**
 * The messages between main and the engine host (a utilityProcess). Main starts the host
 * with one `init` message on the process's parentPort that carries the options and a
 * MessagePort; every call after that travels over the port. Main is trusted, but the shapes
 * are still checked so a bug shows up as an error reply rather than a hung promise.
 */

export const engineChannels: readonly EngineChannel[] = channels.filter(
  (c): c is EngineChannel => !(shellChannels as readonly string[]).includes(c),
);

export function isEngineChannel(value: unknown): value is EngineChannel {
  return typeof value === 'string' && (engineChannels as readonly string[]).includes(value);
}

/** Mirrors electron/engine/types.ts EngineOptions; checked when the host starts. */
export const HostOptions = z.object({
  workspaceDir: z.string().min(1),
  queriesDir: z.string().min(1),
  demo: z.boolean(),
  userLibraryDir: z.string().min(1).optional(),
});
export type HostOptions = z.infer<typeof HostOptions>;

/** parentPort, main → host, exactly once, with the MessagePort in `ports[0]`. */
export const HostInit = z.object({ type: z.literal('init'), options: HostOptions });
export type HostInit = z.infer<typeof HostInit>;

/** MessagePort, main → host. */
export const HostRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int(), channel: z.string(), args: z.unknown() }),
  /** A path main has already vetted (native dialog, or a checked drop). */
  z.object({ type: z.literal('registerFile'), id: z.number().int(), path: z.string() }),
  /** Before main's save dialog: refuse an export that cannot be made, and name its file. */
  z.object({ type: z.literal('planTableExport'), id: z.number().int(), args: z.unknown() }),
  /** After main's save dialog: write the table export at the path the analyst chose. */
  z.object({ type: z.literal('exportTable'), id: z.number().int(), args: z.unknown(), path: z.string().min(1) }),
  /** Before main's save dialog: refuse a board pack that cannot be made, and name its file. */
  z.object({ type: z.literal('planBoardPack'), id: z.number().int(), args: z.unknown() }),
  /** After main's save dialog: write the board pack (.docx) at the path the analyst chose. */
  z.object({ type: z.literal('exportBoardPack'), id: z.number().int(), args: z.unknown(), path: z.string().min(1) }),
  /** Close the workspace cleanly and exit. */
  z.object({ type: z.literal('shutdown') }),
]);
export type HostRequest = z.infer<typeof HostRequest>;

/** MessagePort, host → main. */
export type HostEvent =
  | { type: 'reply'; id: number; envelope: Envelope }
  /** The engine opened its workspace; calls are answered from now on. */
  | { type: 'ready'; workspaceName: string }
  /** The engine could not start; every call will be answered with this error. */
  | { type: 'fatal'; error: WireError };

const HostEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int(), envelope: Envelope }),
  z.object({ type: z.literal('ready'), workspaceName: z.string() }),
  z.object({ type: z.literal('fatal'), error: WireError }),
]);

/** Main's view of what the host sent; null for anything that is not a HostEvent. */
export function parseHostEvent(raw: unknown): HostEvent | null {
  const parsed = HostEventSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function errorEnvelope(error: WireError): Envelope {
  return { ok: false, error };
}
