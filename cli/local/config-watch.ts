// `calix local` re-reads .calix/config.json when it changes: the stage's environment and settings
// apply to the next build of the app, as a restart would apply them.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` (debounced) whenever `file` is written. Watches the folder, not the file:
 * editors often save by replacing the file, which a watch on the file itself would lose.
 */
export function watchConfig(file: string, onChange: () => void): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), (_event, name) => {
      if (name !== basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, 50);
    });
  } catch {
    // No file watching on this system: config edits then need a restart, as before.
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
