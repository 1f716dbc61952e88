// Generated from the Rust declarations (crates/model/src/schema.rs, crates/store) by `make wire`. Do not edit.
export const SCHEMA_VERSION = 3;
export const MAX_TITLE_CHARS = 200;
export const MAX_CARD_TEXT_CHARS = 10000;
export const MAX_STAGE_DESCRIPTION_CHARS = 2000;
export const MAX_CHANNEL_NAME_CHARS = 60;
export const MAX_TAG_CHARS = 60;
export const MAX_METRIC_UNIT_CHARS = 20;
export const MAX_META_TEXT_CHARS = 10000;
export const MAX_PARTICIPANT_NAME_CHARS = 40;
export const MAX_PROJECT_NAME_CHARS = 200;
export const MAX_PERSONA_FIELD_CHARS = 5000;
export const MAX_CARDS_PER_MAP = 10000;
export const MAX_STAGES_PER_MAP = 60;
export const MAX_LANES_PER_MAP = 60;
export const MAX_DOCUMENT_BYTES = 67108864;
export const MAX_PICTURE_BYTES = 2097152;
export const MAX_PICTURE_SIDE = 4096;
