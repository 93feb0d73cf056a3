//! The progress bar of long runs: articles, MB, claims, rate and ETA, on a terminal only. Pipes,
//! CI (`CI` set) and `--quiet` get nothing, so logs stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Verbosity;
use actorgraph::pipeline::RunStats;

/// A bar over the bytes of article text, or a spinner when the total is unknown (stdin).
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// `total` is the size of the input in bytes, when known: the bar counts article text, which
    /// is a little less than the file (JSON escapes, CSV quotes), so the ETA errs on the short side.
    pub fn new(verbosity: Verbosity, total: Option<u64>) -> Self {
        let wanted =
            verbosity != Verbosity::Quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        if !wanted {
            return Progress { bar: None };
        }
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} \
                     {decimal_bytes_per_sec} ETA {eta}  {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} {decimal_bytes} {decimal_bytes_per_sec}  {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Shows what the run has done so far.
    pub fn update(&self, stats: &RunStats) {
        if let Some(bar) = &self.bar {
            bar.set_position(stats.bytes as u64);
            bar.set_message(format!("{} articles, {} claims", stats.articles, stats.claims));
        }
    }

    /// Removes the bar, so that the summary line stands alone.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The size of an input, for the bar: a file's length, or the `.txt` files of a directory.
pub fn input_size(path: &std::path::Path) -> Option<u64> {
    let metadata = std::fs::metadata(path).ok()?;
    if metadata.is_file() {
        return Some(metadata.len());
    }
    let total = std::fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    Some(total)
}
