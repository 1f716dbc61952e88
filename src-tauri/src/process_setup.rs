//! Settings the process must take before any other thread starts: how the C allocator keeps freed
//! memory, and how WebKit paints when there is no GPU. Both are about the memory the app holds
//! during a session (docs/benchmarks.md, "The desktop app").

use std::ffi::OsString;
use std::path::Path;

/// WebKit's switch between painting the page's tiles with Skia on the CPU and painting them
/// through OpenGL; it is read by the web process, which inherits the app's environment.
const CPU_PAINTING_VARIABLE: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Where the kernel lists GPU render nodes (`renderD128`, …).
const RENDER_NODES: &str = "/dev/dri";

/// Without a GPU, WebKit's default (painting tiles through OpenGL) runs on Mesa's software
/// OpenGL, which keeps Skia's GPU caches and every tile's pixels in the web process besides the
/// composited layers. Painting the tiles on the CPU instead measured 80–95 MiB less with a map
/// open (437–448 against 528–540 MiB, Xvfb, release) and scrolled the 600-card board no worse
/// (frame interval p95 33–34 against 46 ms). With a GPU, WebKit keeps its own choice, and a user
/// who set the variable keeps theirs. Called first in `main`, before any thread exists, because
/// it sets an environment variable.
pub fn paint_on_cpu_without_gpu() {
    let has_render_node = std::fs::read_dir(RENDER_NODES)
        .map(|entries| {
            entries
                .flatten()
                .any(|entry| is_render_node(&entry.file_name()))
        })
        .unwrap_or(false);
    if cpu_painting_wanted(std::env::var_os(CPU_PAINTING_VARIABLE), has_render_node) {
        std::env::set_var(CPU_PAINTING_VARIABLE, "1");
    }
}

fn is_render_node(name: &std::ffi::OsStr) -> bool {
    Path::new(name)
        .to_str()
        .is_some_and(|name| name.starts_with("renderD"))
}

/// Whether the app should ask WebKit to paint on the CPU: only when the user has not chosen
/// and the machine has no GPU render node.
fn cpu_painting_wanted(user_choice: Option<OsString>, has_render_node: bool) -> bool {
    user_choice.is_none() && !has_render_node
}

/// glibc gives each thread that allocates its own arena (up to eight per core) and keeps freed
/// memory at the top of each heap up to a threshold that grows with the blocks freed (up to
/// 32 MiB). The app's host runs on a pool of threads, so a session left tens of MiB of freed
/// memory in the process: with two arenas and freed memory above 256 KiB returned to the system,
/// the app measured 115 against 138 MiB PSS with a 600-card map open (Xvfb, release).
/// Called first in `main`, while the process has one thread, before any thread arena exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn tune_allocator() {
    const ARENAS: libc::c_int = 2;
    const TRIM_THRESHOLD: libc::c_int = 256 * 1024;
    // SAFETY: mallopt only sets allocator parameters, and it runs before any other thread exists.
    // A parameter it refuses (it returns 0) keeps glibc's default, which is only less frugal.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_allocator() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paints_on_the_cpu_only_without_a_gpu_and_without_a_choice_of_the_users() {
        assert!(cpu_painting_wanted(None, false));
        assert!(!cpu_painting_wanted(None, true));
        assert!(!cpu_painting_wanted(Some("0".into()), false));
        assert!(!cpu_painting_wanted(Some("1".into()), true));
    }

    #[test]
    fn only_render_nodes_count_as_a_gpu() {
        assert!(is_render_node("renderD128".as_ref()));
        assert!(!is_render_node("card0".as_ref()));
        assert!(!is_render_node("by-path".as_ref()));
    }
}
