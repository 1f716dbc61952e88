// Records the person using this screen as a contributor of the open map after their own changes
// (doc/contributors.ts), for as long as the map is open.
import type { LoroDoc } from "loro-crdt";
import { useEffect, useRef } from "react";
import { watchContributor } from "../doc/contributors";
import type { Rater } from "../doc/schema";

export function useContributorRecord(doc: LoroDoc | null, rater: Rater): void {
  const raterRef = useRef(rater);
  raterRef.current = rater;
  useEffect(() => (doc ? watchContributor(doc, () => raterRef.current) : undefined), [doc]);
}
