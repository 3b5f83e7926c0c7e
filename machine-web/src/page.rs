//! The simulator page.
