//! The colours of palette keys (cards and stages), as the light theme of the UI draws them.

/// Fill of a sticky note of colour `key`.
pub fn card_fill(key: &str) -> &'static str {
    match key {
        "orange" => "#fde0c2",
        "pink" => "#fbd3e0",
        "purple" => "#e4d7fb",
        "blue" => "#d3e3fb",
        "teal" => "#c9efec",
        "green" => "#d5f0cf",
        "gray" => "#e4e4e7",
        _ => "#fdf1b0",
    }
}

/// Strong band colour of a stage header of colour `key`.
pub fn stage_band(key: &str) -> &'static str {
    match key {
        "yellow" => "#e0b400",
        "orange" => "#e8833a",
        "pink" => "#dc4f86",
        "purple" => "#8b5cf6",
        "teal" => "#14a39a",
        "green" => "#3f9c4a",
        "gray" => "#8a8a93",
        _ => "#3b7bdc",
    }
}

/// Tint of a department lane.
pub fn department_tint(department: &str) -> &'static str {
    match department {
        "marketing" => "#fbe9f1",
        "sales" => "#e6f4f1",
        "service" => "#eef0fb",
        "" => "#f6f6f4",
        _ => "#f3efe6",
    }
}
