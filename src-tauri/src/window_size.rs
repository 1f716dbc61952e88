//! The window's first size. Workshop laptops are often 1366×768: a window of the full default
//! size would reach below the screen (its bottom row, where the name prompt and the save hints
//! sit, cut off), so on a smaller screen the window opens maximised and no larger than the
//! screen's work area even where no window manager honours the maximised state.

/// The size the window opens at on a screen large enough for it, in logical pixels.
pub const DEFAULT_SIZE: (f64, f64) = (1366.0, 860.0);
/// The smallest size the board stays usable at.
pub const MIN_SIZE: (f64, f64) = (900.0, 600.0);
/// Room left for the title bar a window manager adds above the inner size.
const TITLE_BAR: f64 = 40.0;

/// How the window opens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowFit {
    pub width: f64,
    pub height: f64,
    pub maximized: bool,
}

/// The first size for a screen whose work area is `work_area` logical pixels (None: unknown).
pub fn fit_window(work_area: Option<(f64, f64)>) -> WindowFit {
    let (width, height) = DEFAULT_SIZE;
    let Some((work_width, work_height)) = work_area else {
        return WindowFit {
            width,
            height,
            maximized: false,
        };
    };
    let room_height = work_height - TITLE_BAR;
    if width <= work_width && height <= room_height {
        return WindowFit {
            width,
            height,
            maximized: false,
        };
    }
    WindowFit {
        width: width.min(work_width).max(MIN_SIZE.0),
        height: height.min(room_height).max(MIN_SIZE.1),
        maximized: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_screen_gets_the_default_size() {
        let fit = fit_window(Some((1920.0, 1040.0)));
        assert_eq!(
            fit,
            WindowFit {
                width: 1366.0,
                height: 860.0,
                maximized: false
            }
        );
    }

    #[test]
    fn an_unknown_screen_gets_the_default_size() {
        assert!(!fit_window(None).maximized);
    }

    #[test]
    fn a_1366_by_768_laptop_opens_maximised_within_its_screen() {
        // A 768-pixel screen with a 32-pixel panel.
        let fit = fit_window(Some((1366.0, 736.0)));
        assert!(fit.maximized);
        assert_eq!(fit.width, 1366.0);
        assert_eq!(fit.height, 696.0);
    }

    #[test]
    fn a_tiny_screen_keeps_the_minimum_size() {
        let fit = fit_window(Some((800.0, 500.0)));
        assert!(fit.maximized);
        assert_eq!((fit.width, fit.height), MIN_SIZE);
    }
}
