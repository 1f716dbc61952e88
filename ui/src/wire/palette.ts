// Generated from the Rust declaration (crates/model/src/participants.rs, PALETTE) by `make wire`. Do not edit.
export const PALETTE = [
  { id: "red", hex: "#d32f2f" },
  { id: "orange", hex: "#b45309" },
  { id: "green", hex: "#2e7d32" },
  { id: "teal", hex: "#00838f" },
  { id: "blue", hex: "#1565c0" },
  { id: "purple", hex: "#7b5ea7" },
  { id: "pink", hex: "#c2185b" },
  { id: "brown", hex: "#a1572a" },
] as const;
