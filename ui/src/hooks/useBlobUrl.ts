// Shows a token-protected image (map thumbnail, persona picture): fetches it with the Authorization
// header and hands out an object URL, revoked when the image changes or the component goes away.
import { useEffect, useRef, useState } from "react";

export interface BlobImage {
  url: string | null;
  failed: boolean;
}

/** `load` is called again whenever `key` changes (e.g. id + updated_at); null loads nothing. */
export function useBlobUrl(load: (() => Promise<Blob>) | null, key: string): BlobImage {
  const [state, setState] = useState<BlobImage>({ url: null, failed: false });
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = load !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` decides when to reload
  useEffect(() => {
    const load = loadRef.current;
    if (!enabled || !load) {
      setState({ url: null, failed: false });
      return;
    }
    let alive = true;
    let url: string | null = null;
    load().then(
      (blob) => {
        if (!alive) return;
        url = URL.createObjectURL(blob);
        setState({ url, failed: false });
      },
      () => {
        if (alive) setState({ url: null, failed: true });
      },
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [key, enabled]);
  return state;
}
