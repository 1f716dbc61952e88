//! Secrets of a workshop: invitation and participant tokens (256 random bits), the short code
//! people type (6 characters from an alphabet without look-alikes), and the lockout that makes
//! guessing the code pointless.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use crate::HostError;

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LENGTH: usize = 6;
/// Wrong codes from one address before it is locked out.
pub const FAILURES_BEFORE_LOCKOUT: u32 = 5;
/// The first lockout; each further one doubles, up to [`MAX_LOCKOUT`].
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(60);
pub const MAX_LOCKOUT: Duration = Duration::from_secs(3600);
/// Wrong codes per minute from all addresses together before every address is locked out
/// for a minute (someone spraying from many addresses).
pub const GLOBAL_FAILURES_PER_MINUTE: u32 = 60;

/// A fresh random token: 32 bytes as hex.
pub fn new_token() -> Result<String, HostError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| HostError::Internal(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares without stopping at the first difference, so timing reveals nothing.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn random_bytes<const N: usize>() -> Result<[u8; N], HostError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| HostError::Internal(e.to_string()))?;
    Ok(bytes)
}

/// A token of 256 random bits, as hex.
pub fn new_secret() -> Result<String, HostError> {
    Ok(random_bytes::<32>()?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A fresh short code, uniformly drawn from [`CODE_ALPHABET`].
pub fn new_short_code() -> Result<String, HostError> {
    let mut out = String::with_capacity(CODE_LENGTH);
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - (256 % CODE_ALPHABET.len());
    while out.len() < CODE_LENGTH {
        for b in random_bytes::<16>()? {
            if (b as usize) < limit && out.len() < CODE_LENGTH {
                out.push(CODE_ALPHABET[b as usize % CODE_ALPHABET.len()] as char);
            }
        }
    }
    Ok(out)
}

/// What people type, normalised: case, spaces and dashes do not matter.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// `ABC-DEF`, easier to read aloud.
pub fn display_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(3));
    format!("{a}-{b}")
}

#[derive(Default)]
struct AddressRecord {
    failures: u32,
    lockouts: u32,
    locked_until: Option<Instant>,
}

/// Counts wrong short codes per address and globally.
#[derive(Default)]
pub struct Lockout {
    by_address: HashMap<IpAddr, AddressRecord>,
    window_start: Option<Instant>,
    window_failures: u32,
    global_until: Option<Instant>,
}

impl Lockout {
    /// Refuses an address that is locked out (or everyone, during a global lockout).
    pub fn check(&mut self, addr: IpAddr, now: Instant) -> Result<(), HostError> {
        let until = [
            self.global_until,
            self.by_address.get(&addr).and_then(|r| r.locked_until),
        ]
        .into_iter()
        .flatten()
        .filter(|t| *t > now)
        .max();
        match until {
            Some(t) => Err(HostError::LockedOut {
                seconds: (t - now).as_secs().max(1),
            }),
            None => Ok(()),
        }
    }

    pub fn failed(&mut self, addr: IpAddr, now: Instant) {
        let record = self.by_address.entry(addr).or_default();
        record.failures += 1;
        if record.failures >= FAILURES_BEFORE_LOCKOUT {
            let factor = 1u32 << record.lockouts.min(6);
            let wait = (FIRST_LOCKOUT * factor).min(MAX_LOCKOUT);
            record.locked_until = Some(now + wait);
            record.lockouts += 1;
            record.failures = 0;
        }
        match self.window_start {
            Some(start) if now.duration_since(start) < Duration::from_secs(60) => {
                self.window_failures += 1
            }
            _ => {
                self.window_start = Some(now);
                self.window_failures = 1;
            }
        }
        if self.window_failures >= GLOBAL_FAILURES_PER_MINUTE {
            self.global_until = Some(now + FIRST_LOCKOUT);
        }
        // Bounded memory under a flood of addresses: forget the oldest harmless records.
        if self.by_address.len() > 10_000 {
            self.by_address
                .retain(|_, r| r.locked_until.is_some_and(|t| t > now));
        }
    }

    pub fn succeeded(&mut self, addr: IpAddr) {
        if let Some(r) = self.by_address.get_mut(&addr) {
            r.failures = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_use_the_alphabet_and_normalise() {
        for _ in 0..200 {
            let code = new_short_code().unwrap_or_default();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
            assert_eq!(normalise_code(&display_code(&code).to_lowercase()), code);
        }
        assert_eq!(normalise_code(" ab3 - x9z "), "AB3X9Z");
    }

    #[test]
    fn locks_an_address_out_after_repeated_failures_and_doubles() {
        let mut l = Lockout::default();
        let a: IpAddr = [10, 0, 0, 5].into();
        let b: IpAddr = [10, 0, 0, 6].into();
        let t0 = Instant::now();
        for _ in 0..FAILURES_BEFORE_LOCKOUT - 1 {
            l.failed(a, t0);
            assert!(l.check(a, t0).is_ok());
        }
        l.failed(a, t0);
        assert!(matches!(
            l.check(a, t0),
            Err(HostError::LockedOut { seconds: 60 })
        ));
        assert!(l.check(b, t0).is_ok(), "another address is not locked out");
        let later = t0 + FIRST_LOCKOUT + Duration::from_secs(1);
        assert!(l.check(a, later).is_ok());
        for _ in 0..FAILURES_BEFORE_LOCKOUT {
            l.failed(a, later);
        }
        assert!(matches!(
            l.check(a, later),
            Err(HostError::LockedOut { seconds: 120 })
        ));
    }

    #[test]
    fn a_spray_from_many_addresses_locks_everyone_out() {
        let mut l = Lockout::default();
        let t0 = Instant::now();
        for i in 0..GLOBAL_FAILURES_PER_MINUTE {
            l.failed(IpAddr::from([10, 1, (i / 200) as u8, (i % 200) as u8]), t0);
        }
        assert!(l.check(IpAddr::from([192, 168, 1, 1]), t0).is_err());
    }
}
