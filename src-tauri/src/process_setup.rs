//! Settings the process must take before any other thread starts: how the C allocator keeps freed
//! memory. It is about the memory the app holds during a session (docs/benchmarks.md, "The desktop
//! app").

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
