//! A shipped font inflated for cutting the UI's slices (web_fonts.rs) and let go once no page has
//! asked for a slice of it for a while: otherwise the desktop app would hold 10–18 MB of inflated
//! fonts for a whole session for the sake of the few slices its first pages needed. A font a
//! report has inflated stays (fonts.rs) and is used as it is. A lent font lives in an anonymous
//! mapping of exactly its size, so letting it go returns the memory to the system at once (a
//! 10 MB block from the allocator's heap, freed, often stays in the process).

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use memmap2::{MmapMut, MmapOptions};

use crate::fonts::ShippedFont;
use crate::ReportError;

/// How long an inflated font outlives its last use: a page asks for its slices in a burst, and
/// one asked for later costs one more inflation (~75 ms for Noto Sans SC, off the page's thread).
#[cfg(not(test))]
const KEEP: Duration = Duration::from_secs(2);
#[cfg(test)]
const KEEP: Duration = Duration::from_millis(200);

/// A font's bytes for as long as the caller holds them.
pub enum FontBytes {
    Kept(&'static [u8]),
    Lent(Arc<MmapMut>),
}

impl Deref for FontBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FontBytes::Kept(bytes) => bytes,
            FontBytes::Lent(bytes) => &bytes[..],
        }
    }
}

struct Lent {
    bytes: Arc<MmapMut>,
    last_used: Instant,
}

/// The fonts inflated now, by the address of their `ShippedFont`, and whether a thread is
/// watching them to let them go.
#[derive(Default)]
struct Lending {
    fonts: HashMap<usize, Lent>,
    watched: bool,
}

fn lending() -> &'static Mutex<Lending> {
    static LENDING: OnceLock<Mutex<Lending>> = OnceLock::new();
    LENDING.get_or_init(Mutex::default)
}

/// `font` inflated: the copy a report keeps if there is one, else one kept for [`KEEP`] after its
/// last use. Concurrent callers share one inflation (the first inflates while the others wait).
pub(crate) fn borrow(font: &'static ShippedFont) -> Result<FontBytes, ReportError> {
    if let Some(bytes) = font.bytes_if_inflated() {
        return Ok(FontBytes::Kept(bytes));
    }
    let key = std::ptr::from_ref(font) as usize;
    let mut lending = lending()
        .lock()
        .map_err(|_| ReportError::Font("the font lending lock was poisoned".into()))?;
    if let Some(lent) = lending.fonts.get_mut(&key) {
        lent.last_used = Instant::now();
        return Ok(FontBytes::Lent(lent.bytes.clone()));
    }
    let mut mapping = MmapOptions::new()
        .len(font.len())
        .map_anon()
        .map_err(|e| ReportError::Font(format!("no memory to inflate a font: {e}")))?;
    font.inflate_into(&mut mapping)?;
    let bytes = Arc::new(mapping);
    lending.fonts.insert(
        key,
        Lent {
            bytes: bytes.clone(),
            last_used: Instant::now(),
        },
    );
    if !lending.watched {
        lending.watched = true;
        std::thread::Builder::new()
            .name("wayline-font-lease".into())
            .spawn(watch)
            .map_err(|e| ReportError::Font(format!("a font watcher could not start: {e}")))?;
    }
    Ok(FontBytes::Lent(bytes))
}

/// Lets each font go [`KEEP`] after its last use; ends when none is left.
fn watch() {
    loop {
        std::thread::sleep(KEEP / 4);
        let Ok(mut lending) = lending().lock() else {
            return;
        };
        lending
            .fonts
            .retain(|_, lent| lent.last_used.elapsed() < KEEP);
        if lending.fonts.is_empty() {
            lending.watched = false;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::EMOJI;

    fn is_lent(font: &'static ShippedFont) -> bool {
        let key = std::ptr::from_ref(font) as usize;
        lending().lock().unwrap().fonts.contains_key(&key)
    }

    #[test]
    fn a_font_inflates_to_exactly_the_shipped_file() {
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/fonts/NotoEmoji-Regular.ttf"
        );
        let mut exact = vec![0u8; EMOJI.len()];
        EMOJI.inflate_into(&mut exact).unwrap();
        assert_eq!(exact, std::fs::read(file).unwrap());
        let mut short = vec![0u8; EMOJI.len() - 1];
        assert!(EMOJI.inflate_into(&mut short).is_err());
    }

    #[test]
    fn a_borrowed_font_is_let_go_after_its_last_use() {
        let bytes = borrow(&EMOJI).unwrap();
        assert!(ttf_parser::Face::parse(&bytes, 0).is_ok());
        assert!(is_lent(&EMOJI));
        drop(bytes);
        // Other tests may cut emoji slices meanwhile; each use only postpones the release.
        let deadline = Instant::now() + Duration::from_secs(30);
        while is_lent(&EMOJI) {
            assert!(Instant::now() < deadline, "the font was never let go");
            std::thread::sleep(KEEP / 4);
        }
        // Borrowed again, it is inflated again.
        let again = borrow(&EMOJI).unwrap();
        assert_eq!(again.len(), EMOJI.len());
        assert!(ttf_parser::Face::parse(&again, 0).is_ok());
    }
}
