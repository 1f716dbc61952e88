//! The connections the host holds: how many, from whom, and for how long a silent one is kept.
//! A room's network can hold a client that opens connections and sends nothing (a broken
//! script, a hostile device); every connection is an open file, and a process out of open files
//! can neither answer anyone else nor open its own database. See docs/workshop.md, "Limits a
//! connection lives with".

mod gate;
mod open_files;
mod serve;
#[cfg(test)]
mod serve_tests;
mod stall;

pub use gate::ConnectionBounds;
pub(crate) use gate::Gate;
pub(crate) use open_files::raise_and_budget;
pub use open_files::{budget as connection_budget, Budget as ConnectionBudget};
pub(crate) use serve::{serve, Serving};
