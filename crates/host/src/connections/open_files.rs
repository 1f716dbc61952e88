//! How many files the process may have open, and how the host shares them out. Linux starts a
//! program with a soft limit of 1,024 open files, far below what the system allows (the hard
//! limit); each connection is one. The host raises the soft limit once at start, then keeps a
//! part for its own files (the database and its journal, backups, fonts, logs) and gives the
//! rest to its two listeners, so that a flood on the workshop's listener can never take the
//! facilitator's own page or the database down with it.

use super::gate::ConnectionBounds;

/// The soft limit the host asks for; the hard limit may allow less.
const WANTED_OPEN_FILES: u64 = 65_536;
/// Open files kept for the host's own use, whatever the listeners hold.
const KEPT_FOR_THE_HOST: u64 = 256;
/// The local listener serves this computer's own page (the app's window, a browser tab or two),
/// which opens a handful; the bound is generous, since only programs on this computer reach it.
const LOCAL_MOST: u64 = 1_024;
/// The workshop's listener serves a room of participants: a few connections each.
const WORKSHOP_MOST: u64 = 4_096;
/// Connections one device may hold on the workshop's listener: a browser opens up to six for a
/// page and one WebSocket per open map.
pub const WORKSHOP_PER_ADDRESS: usize = 32;

/// The bounds of the two listeners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub local: ConnectionBounds,
    pub workshop: ConnectionBounds,
}

/// Shares `open_files` out between the host and its listeners.
pub fn budget(open_files: u64) -> Budget {
    let for_connections = open_files.saturating_sub(KEPT_FOR_THE_HOST).max(2);
    let local = (for_connections / 4).clamp(1, LOCAL_MOST);
    let workshop = (for_connections - local).clamp(1, WORKSHOP_MOST);
    let local = to_count(local);
    let workshop = to_count(workshop);
    Budget {
        // Every local connection comes from this computer: one address.
        local: ConnectionBounds {
            total: local,
            per_address: local,
        },
        workshop: ConnectionBounds {
            total: workshop,
            per_address: WORKSHOP_PER_ADDRESS.min(workshop),
        },
    }
}

fn to_count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Raises the soft limit on open files towards [`WANTED_OPEN_FILES`] (never lowers it) and
/// returns the budget for the limit the process has now.
pub fn raise_and_budget() -> Budget {
    budget(raise_soft_limit())
}

#[cfg(unix)]
fn raise_soft_limit() -> u64 {
    match rlimit::increase_nofile_limit(WANTED_OPEN_FILES) {
        Ok(now) => now,
        Err(e) => {
            tracing::warn!(error = %e, "could not raise the limit on open files");
            soft_limit()
        }
    }
}

#[cfg(unix)]
fn soft_limit() -> u64 {
    match rlimit::Resource::NOFILE.get() {
        Ok((soft, _hard)) => soft,
        Err(_) => DEFAULT_SOFT_LIMIT,
    }
}

#[cfg(not(unix))]
fn raise_soft_limit() -> u64 {
    soft_limit()
}

#[cfg(not(unix))]
fn soft_limit() -> u64 {
    DEFAULT_SOFT_LIMIT
}

/// The limit Linux gives a program that does not ask for more.
const DEFAULT_SOFT_LIMIT: u64 = 1_024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_limit_keeps_room_for_the_host_and_the_local_page() {
        let budget = budget(DEFAULT_SOFT_LIMIT);
        assert_eq!(budget.local.total, 192);
        assert_eq!(budget.workshop.total, 576);
        assert_eq!(budget.workshop.per_address, WORKSHOP_PER_ADDRESS);
        let held = (budget.local.total + budget.workshop.total) as u64;
        assert_eq!(held + KEPT_FOR_THE_HOST, DEFAULT_SOFT_LIMIT);
    }

    #[test]
    fn a_raised_limit_gives_each_listener_its_most() {
        let budget = budget(WANTED_OPEN_FILES);
        assert_eq!(budget.local.total, LOCAL_MOST as usize);
        assert_eq!(budget.workshop.total, WORKSHOP_MOST as usize);
    }

    #[test]
    fn a_tiny_limit_still_serves_someone() {
        for open_files in [0, 1, 256, 260] {
            let budget = budget(open_files);
            assert!(budget.local.total >= 1 && budget.workshop.total >= 1);
            assert!(budget.workshop.per_address <= budget.workshop.total);
        }
    }

    #[test]
    fn raising_never_lowers_the_limit() {
        let before = soft_limit();
        let _ = raise_and_budget();
        assert!(soft_limit() >= before);
    }
}
