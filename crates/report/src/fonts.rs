//! The fonts every report is set in, compiled into the binary: Liberation
//! Serif 2.1 (Times New Roman's metrics, the customary face of party
//! documents; 1.07 lacked Ơ and Ư) and Liberation Sans 2.1. Licence:
//! fonts/LICENSE-OFL.txt.

pub(crate) const FILES: [&[u8]; 6] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
];
