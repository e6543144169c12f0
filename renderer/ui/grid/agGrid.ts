import {
  CellStyleModule,
  ClientSideRowModelModule,
  ColumnAutoSizeModule,
  DateFilterModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  NumberFilterModule,
  RowApiModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  ValidationModule,
  themeQuartz,
} from 'ag-grid-community';

let registered = false;

/** Registers only the Community modules the workbench uses (keeps the bundle small). */
export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  ModuleRegistry.registerModules([
    InfiniteRowModelModule,
    ClientSideRowModelModule,
    TextFilterModule,
    NumberFilterModule,
    DateFilterModule,
    ScrollApiModule,
    RowApiModule,
    CellStyleModule,
    ColumnAutoSizeModule,
    TooltipModule,
    // Explains a missing module or a bad option in the console; dev builds only.
    ...(import.meta.env.DEV ? [ValidationModule] : []),
  ]);
}

export const FONT_STACK = ['Segoe UI', 'system-ui', 'Arial', 'sans-serif'];

/** Dense, calm grid styling; fonts come from the system, never from a CDN. */
export const gridTheme = themeQuartz.withParams({
  fontFamily: FONT_STACK,
  fontSize: 12,
  headerFontSize: 12,
  headerFontWeight: 600,
  spacing: 5,
  rowHeight: 26,
  headerHeight: 30,
  accentColor: '#2563a8',
  foregroundColor: '#1f2933',
  headerBackgroundColor: '#f3f5f8',
  oddRowBackgroundColor: '#fafbfc',
  borderColor: '#d9dee5',
  wrapperBorderRadius: 0,
  browserColorScheme: 'light',
});
