// What the page keeps in its browser outbox, read straight from IndexedDB as a test sees it.
import type { Page } from "@playwright/test";

/**
 * How many entries the page's outbox holds (the app's IndexedDB database "wayline", store
 * "outbox"; the pieces appended to an entry are records of their own, with an `entryId`).
 */
export function keptEntries(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("wayline");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("outbox")) {
            db.close();
            resolve(0);
            return;
          }
          const all = db.transaction("outbox", "readonly").objectStore("outbox").getAll();
          all.onsuccess = () => {
            db.close();
            resolve((all.result as { entryId?: string }[]).filter((r) => r.entryId === undefined).length);
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}
