//! A chart's SVG drawn as a PNG image, for the DOCX: Word and LibreOffice
//! of every age read PNG, while SVG in Word needs Office 2016 or later.
//! Drawn with the embedded fonts only and without reaching any file the
//! SVG might name, so the picture is the same on every machine.

use std::sync::{Arc, LazyLock};

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, ImageHrefResolver, fontdb};

use crate::{ReportError, fonts};

/// Pixels drawn per CSS pixel of the chart: about 190 dpi at the size
/// the chart takes on the page, sharp on paper.
const SCALE: f32 = 2.0;

/// The largest side drawn, in pixels: a chart is never a poster.
const MAX_SIDE: f32 = 6000.0;

/// A chart as a PNG file, with its size in CSS pixels (1/96 inch).
pub(crate) struct Png {
    pub(crate) bytes: Vec<u8>,
    pub(crate) width: f32,
    pub(crate) height: f32,
}

static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    for data in fonts::FILES {
        db.load_font_data(data.to_vec());
    }
    // The charts ask for the screen's sans faces, then `sans-serif`.
    db.set_sans_serif_family("Liberation Sans");
    db.set_serif_family("Liberation Serif");
    Arc::new(db)
});

fn options() -> usvg::Options<'static> {
    usvg::Options {
        font_family: "Liberation Sans".to_owned(),
        fontdb: FONTS.clone(),
        image_href_resolver: ImageHrefResolver {
            resolve_data: Box::new(|_: &str, _: Arc<Vec<u8>>, _: &usvg::Options| None),
            resolve_string: Box::new(|_: &str, _: &usvg::Options| None),
        },
        ..usvg::Options::default()
    }
}

/// Draws `svg` on white.
pub(crate) fn png(svg: &str) -> Result<Png, ReportError> {
    let failed = |e: &dyn std::fmt::Display| ReportError::Chart(e.to_string());
    let tree = usvg::Tree::from_str(svg, &options()).map_err(|e| failed(&e))?;
    let size = tree.size();
    let scale = SCALE.min(MAX_SIDE / size.width().max(size.height()));
    let pixels = |side: f32| (side * scale).ceil().max(1.0) as u32;
    let mut pixmap = Pixmap::new(pixels(size.width()), pixels(size.height()))
        .ok_or_else(|| ReportError::Chart("the chart has no area".to_owned()))?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap.encode_png().map_err(|e| failed(&e))?;
    Ok(Png {
        bytes,
        width: size.width(),
        height: size.height(),
    })
}
