/**
 * IPC names that exist only between the preload and main (not engine calls, so not in the
 * contract). Kept free of imports: the sandboxed preload bundle includes this file.
 */

/** preload → main: `{ path }` of a file dropped on the window (from webUtils.getPathForFile). */
export const DROPPED_FILE_IPC = 'sv:files.registerDropped';

/** main → preload: a menu command the renderer should act on. */
export const MENU_COMMAND_IPC = 'sv:menu.command';


export const menuCommands = ['import.open'] as const;
export type MenuCommand = (typeof menuCommands)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (menuCommands as readonly string[]).includes(value);
}

/**
 * The DOM event the preload dispatches on `window` for a menu command, e.g.
 * `sv-menu:import.open`. No payload: events cross the isolated worlds, objects do not.
 */
export function menuEventName(command: MenuCommand): string {
  return `sv-menu:${command}`;
}
