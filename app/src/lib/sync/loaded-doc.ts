import type * as Y from 'yjs';
import type { DocSession } from './doc-session.svelte.ts';

/**
 * What `read` finds in `session`'s document once it has content (`present`), from the device or
 * the server; null when none arrived within `timeoutMs` (not on the device, offline or refused).
 * For reading a document once, e.g. each record of a branch's year.
 */
export async function loadedDoc<T>(
  session: DocSession,
  read: (doc: Y.Doc) => T,
  present: (value: T) => boolean,
  timeoutMs: number,
): Promise<T | null> {
  await session.ready;
  const doc = session.doc;
  const now = read(doc);
  if (present(now)) return now;
  return new Promise<T | null>((resolve) => {
    const done = (value: T | null) => {
      clearTimeout(timer);
      doc.off('update', onUpdate);
      resolve(value);
    };
    const onUpdate = () => {
      const value = read(doc);
      if (present(value)) done(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    doc.on('update', onUpdate);
  });
}
