// An in-memory Storage stand-in for the participant tests (and one that refuses everything).
import type { KeyValue } from "../../../src/workshop/participant/storage";

export function memoryStore(
  initial: Record<string, string> = {},
): KeyValue & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      data.set(k, v);
    },
    removeItem: (k) => {
      data.delete(k);
    },
  };
}

export const refusingStore: KeyValue = {
  getItem: () => {
    throw new Error("denied");
  },
  setItem: () => {
    throw new Error("denied");
  },
  removeItem: () => {
    throw new Error("denied");
  },
};
