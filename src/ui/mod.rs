//! The page (placeholder).
