//! The journey-map schema over a Loro document.
//!
//! This crate owns the layout of a map document (see `docs/map-document.md`), the typed edits
//! the host and the command line make to it, the read model ([`MapView`]) that exports and the
//! catalog projection use, and the built-in templates. It performs no I/O: storage and sync live
//! in `wayline-store` and `wayline-host`.

pub mod action_plan;
pub mod card_checks;
pub mod changes;
pub mod dates;
mod edit;
pub mod emotion;
mod entry_checks;
mod error;
pub mod lane_color;
pub mod lane_data;
pub mod large_map;
mod map_doc;
pub mod metric_history;
pub mod metric_numbers;
pub mod metrics;
pub mod parking_lot;
pub mod participants;
pub mod position;
mod rating_checks;
pub mod schema;
pub mod structure_checks;
pub mod templates;
mod upgrade;
mod validate;
pub mod versions;
mod view;
pub mod workshop_agenda;
pub mod workshop_brainstorm;
pub mod workshop_timer;
mod workshop_values;
pub mod workshop_voting;

pub use action_plan::{ActionView, NewAction};
pub use changes::{map_changes, MapChanges};
pub use edit::{NewCard, NewMetric};
pub use entry_checks::{EntriesBefore, Writer};
pub use error::ModelError;
pub use map_doc::MapDoc;
pub use metrics::{Direction, MetricView, Status};
pub use schema::{ActionStatus, Confidence, LaneKind, Locale, Phase, Separator, SCHEMA_VERSION};
pub use validate::Problem;
pub use versions::VersionView;
pub use view::{
    CardView, ChannelChip, EmotionRating, LaneView, MapCounts, MapView, ParkingItem, Placement,
    StageView,
};
