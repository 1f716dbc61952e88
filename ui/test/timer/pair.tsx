// The facilitator's timer and a participant's side by side, each on its own document, as the
// timer and agenda tests drive them; `sync` brings the facilitator's changes to the participant.
import { render } from "@testing-library/react";
import { LoroDoc } from "loro-crdt";
import { WorkshopTimer } from "../../src/components/timer/WorkshopTimer";

export function renderTimerPair(hostNow: () => number) {
  const facilitator = new LoroDoc();
  const participant = new LoroDoc();
  render(
    <>
      <div data-testid="fac">
        <WorkshopTimer doc={facilitator} hostNow={hostNow} canRun />
      </div>
      <div data-testid="par">
        <WorkshopTimer doc={participant} hostNow={hostNow} canRun={false} />
      </div>
    </>,
  );
  const sync = () =>
    participant.import(facilitator.export({ mode: "update", from: participant.oplogVersion() }));
  return { facilitator, participant, sync };
}
