// Hides the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    wayline_desktop::tune_allocator();
    wayline_desktop::paint_on_cpu_without_gpu();
    wayline_desktop::run()
}
