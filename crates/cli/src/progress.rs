//! Progress bars for long work, shown on stderr only when a person watches.

use std::io::IsTerminal;
use std::sync::Mutex;

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
            .expect("static template")
            .progress_chars("=> "),
        );
        let label = chibo_i18n::text(self.lang, &format!("progress-{name}"));
        bar.set_message(label);
        if let Some(previous) = self.current.lock().expect("progress lock").replace(bar) {
            previous.finish();
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = self.current.lock().expect("progress lock").as_ref() {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.current.lock().expect("progress lock").take() {
            bar.finish();
        }
    }
}
