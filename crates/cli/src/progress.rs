//! Progress bars for long work, shown on stderr only when a person watches.

use std::io::IsTerminal;
use std::sync::{Mutex, MutexGuard, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};

use crate::output::Output;

/// One bar per stage of a long job.
pub struct Bars {
    visible: bool,
    lang: chibo_i18n::Lang,
    current: Mutex<Option<ProgressBar>>,
}

impl Bars {
    pub fn new(out: &Output) -> Self {
        Self {
            visible: !out.json && std::io::stderr().is_terminal(),
            lang: out.lang,
            current: Mutex::new(None),
        }
    }

    /// The bar shown; a panic while it was held leaves at worst a bar to
    /// replace, so a poisoned lock is taken as it is.
    fn current(&self) -> MutexGuard<'_, Option<ProgressBar>> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl chibo_demo::Progress for Bars {
    fn stage(&self, name: &str, total: u64) {
        if !self.visible {
            return;
        }
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:12} [{bar:40}] {human_pos}/{human_len} {per_sec} ETA {eta}",
            )
            // A constant template; were it refused, a plain bar still shows.
            .map_or_else(
                |_| ProgressStyle::default_bar(),
                |style| style.progress_chars("=> "),
            ),
        );
        let label = chibo_i18n::text(self.lang, &format!("progress-{name}"));
        bar.set_message(label);
        if let Some(previous) = self.current().replace(bar) {
            previous.finish();
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = self.current().as_ref() {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.current().take() {
            bar.finish();
        }
    }
}
