// Generated from the Rust declarations (crates/model/src/schema.rs, crates/store) by `make wire`. Do not edit.
export const SCHEMA_VERSION = 3;
export const MAX_TITLE_CHARS = 200;
export const MAX_CARD_TEXT_CHARS = 10000;
export const MAX_CARDS_PER_MAP = 10000;
export const MAX_STAGES_PER_MAP = 60;
export const MAX_LANES_PER_MAP = 60;
export const MAX_DOCUMENT_BYTES = 67108864;
export const MAX_PICTURE_BYTES = 2097152;
export const MAX_PICTURE_SIDE = 4096;
