//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder (`KORPUS_SHARED`, else `../shared` relative to the project root).
///
/// Returns `None` after printing `skipped: ../shared not found` when the folder is absent,
/// unless `KORPUS_REQUIRE_SHARED=1`, in which case the test fails.
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os("KORPUS_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    if dir.join("data").is_dir() {
        return Some(dir);
    }
    if std::env::var("KORPUS_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{test}: ../shared not found and KORPUS_REQUIRE_SHARED=1");
    }
    eprintln!("{test}: skipped: ../shared not found");
    None
}

/// A file below `shared/data`, or `None` (with the skip message) when the folder is absent.
pub fn shared_data(test: &str, rel: &str) -> Option<PathBuf> {
    let p = shared_dir(test)?.join("data").join(rel);
    assert!(
        p.exists(),
        "{test}: {} is missing from the shared folder",
        rel
    );
    Some(p)
}
