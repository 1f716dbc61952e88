// Workshop statuses and participants for the hosting tests, with every field filled in.
import type { ParticipantInfo } from "../../../src/wire/ParticipantInfo";
import type { WorkshopStatus } from "../../../src/wire/WorkshopStatus";

export function person(id: string, over: Partial<ParticipantInfo> = {}): ParticipantInfo {
  return {
    id,
    name: id,
    color: "#2f6fde",
    role: "editor",
    revoked: false,
    online: true,
    joined_at: 0,
    ...over,
  };
}

export function workshopStatus(over: Partial<WorkshopStatus> = {}): WorkshopStatus {
  return {
    id: "w1",
    map_id: "m1",
    map_title: "网店客户旅程",
    address: "192.168.1.20",
    port: 4820,
    listening: true,
    listen_error: null,
    join_url: "http://192.168.1.20:4820/#invite=abc",
    code_url: "http://192.168.1.20:4820/#join",
    short_code: "ABC-DEF",
    qr_svg: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
    default_role: "editor",
    locked: false,
    participants: [],
    ...over,
  };
}
