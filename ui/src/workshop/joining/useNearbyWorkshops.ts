// Asks the host which workshops are announced on the local network (it listens about two seconds);
// `search()` asks again. Answers of an older search are dropped.
import { useCallback, useEffect, useRef, useState } from "react";
import { useErrorText } from "../../api/useErrorText";
import type { WorkshopApi } from "../../api/workshop";
import type { AnnouncedWorkshop } from "../../wire/AnnouncedWorkshop";

export interface Nearby {
  found: AnnouncedWorkshop[];
  searching: boolean;
  error: string | null;
  search: () => void;
}

export function useNearbyWorkshops(api: WorkshopApi): Nearby {
  const describe = useErrorText();
  const [found, setFound] = useState<AnnouncedWorkshop[]>([]);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const search = useCallback(() => {
    const mine = ++latest.current;
    setSearching(true);
    setError(null);
    api.nearby().then(
      (list) => {
        if (mine !== latest.current) return;
        setFound(list);
        setSearching(false);
      },
      (e: unknown) => {
        if (mine !== latest.current) return;
        setError(describe(e));
        setSearching(false);
      },
    );
  }, [api, describe]);

  useEffect(() => {
    search();
    return () => {
      latest.current += 1;
    };
  }, [search]);

  return { found, searching, error, search };
}
