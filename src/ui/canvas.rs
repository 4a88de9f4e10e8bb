//! The charts' plotters backend: an HTML canvas's 2D context.
//!
//! It replaces the `plotters-canvas` crate, which writes each colour's alpha and each font's
//! size with Rust's own float printing (`format!("{}", f64)`), the last use of it in the page.
//! Here colours are `#rrggbbaa` ([`colour`]) and sizes are written by [`decimal_shift`], which
//! uses the float printer serde_json already brings.

use std::cell::RefCell;

use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::charts::{colour, crisp};
use crate::plan::lang::decimal_shift;

/// Draws on a canvas element, in its pixels (device pixels: the chart scales itself).
pub struct CanvasBackend {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
    /// The context's state as this backend last set it: a chart sets the same font and colours
    /// for label after label, and each setting crosses into JavaScript with a string that the
    /// canvas parses again (the font most of all).
    set: RefCell<State>,
}

/// Context state [`CanvasBackend`] has set (empty or `None`: not set by it, or lost to a
/// `restore`).
#[derive(Default)]
struct State {
    font: String,
    fill: String,
    stroke: String,
    line_width: Option<f64>,
    baseline: &'static str,
    align: &'static str,
}

/// Keeps `value` in `last` and gives it back when it differs from what `last` held: the
/// setting the context needs. `None` when the context has it already.
fn changed<T: PartialEq>(last: &mut T, value: T) -> Option<&T> {
    if *last == value {
        return None;
    }
    *last = value;
    Some(last)
}

/// What the canvas refused (a path or a transform it could not take), as the browser said it.
#[derive(Debug)]
pub struct CanvasError(JsValue);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self
            .0
            .as_string()
            .unwrap_or_else(|| "the canvas refused".into());
        f.write_str(&text)
    }
}

impl std::error::Error for CanvasError {}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

fn refused(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(e))
}

impl CanvasBackend {
    /// A backend for `canvas`, or `None` when it gives no 2D context.
    pub fn with_canvas_object(canvas: HtmlCanvasElement) -> Option<CanvasBackend> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(CanvasBackend {
            canvas,
            context,
            set: RefCell::default(),
        })
    }

    fn stroke_with(&self, style: &impl BackendStyle) {
        let mut set = self.set.borrow_mut();
        if let Some(stroke) = changed(&mut set.stroke, colour(style.color())) {
            self.context.set_stroke_style_str(stroke);
        }
        let width = f64::from(style.stroke_width());
        if changed(&mut set.line_width, Some(width)).is_some() {
            self.context.set_line_width(width);
        }
    }

    /// `style`'s font as a canvas reads it (`normal 24px sans-serif`).
    fn set_font(&self, style: &impl BackendTextStyle) {
        let font = format!(
            "{} {}px {}",
            style.style().as_str(),
            decimal_shift(style.size(), 0),
            style.family().as_str()
        );
        if let Some(font) = changed(&mut self.set.borrow_mut().font, font) {
            self.context.set_font(font);
        }
    }

    fn fill_with(&self, c: BackendColor) {
        if let Some(fill) = changed(&mut self.set.borrow_mut().fill, colour(c)) {
            self.context.set_fill_style_str(fill);
        }
    }

    /// Traces `points` as one path (closed for a fill).
    fn trace(&self, points: impl IntoIterator<Item = BackendCoord>, close: bool) {
        self.context.begin_path();
        let mut points = points.into_iter();
        if let Some((x, y)) = points.next() {
            self.context.move_to(f64::from(x), f64::from(y));
            for (x, y) in points {
                self.context.line_to(f64::from(x), f64::from(y));
            }
            if close {
                self.context.close_path();
            }
        }
    }
}

impl DrawingBackend for CanvasBackend {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    /// The canvas's own measure of `text`'s width, and 1.2 times the font size for its height.
    /// (plotters' default puts the text in the page and reads its box back, a layout each time.)
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        s: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.set_font(s);
        let width = self.context.measure_text(text).map_err(refused)?.width();
        Ok((width.ceil() as u32, (s.size() * 1.2).round() as u32))
    }

    fn draw_pixel(&mut self, at: BackendCoord, c: BackendColor) -> Drawn {
        if c.alpha > 0.0 {
            self.fill_with(c);
            self.context
                .fill_rect(f64::from(at.0), f64::from(at.1), 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Drawn {
        if s.color().alpha > 0.0 {
            let (a, b) = crisp(from, to);
            self.stroke_with(s);
            self.context.begin_path();
            self.context.move_to(a.0, a.1);
            self.context.line_to(b.0, b.1);
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Drawn {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0 - upper_left.0);
        let h = f64::from(bottom_right.1 - upper_left.1);
        if fill {
            self.fill_with(s.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            self.stroke_with(s);
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Drawn {
        if s.color().alpha > 0.0 {
            self.stroke_with(s);
            self.trace(path, false);
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Drawn {
        if s.color().alpha > 0.0 {
            self.fill_with(s.color());
            self.trace(path, true);
            self.context.fill();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        s: &S,
        fill: bool,
    ) -> Drawn {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.fill_with(s.color());
        } else {
            self.stroke_with(s);
        }
        self.context.begin_path();
        let (x, y, r) = (f64::from(center.0), f64::from(center.1), f64::from(radius));
        self.context
            .arc(x, y, r, 0.0, std::f64::consts::TAU)
            .map_err(refused)?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, s: &S, at: BackendCoord) -> Drawn {
        let c = s.color();
        if c.alpha == 0.0 {
            return Ok(());
        }
        let quarter_turns = match s.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 1.0,
            FontTransform::Rotate180 => 2.0,
            FontTransform::Rotate270 => 3.0,
        };
        let ctx = &self.context;
        let (mut x, mut y) = (f64::from(at.0), f64::from(at.1));
        if quarter_turns != 0.0 {
            ctx.save();
            ctx.translate(x, y).map_err(refused)?;
            ctx.rotate(quarter_turns * std::f64::consts::FRAC_PI_2)
                .map_err(refused)?;
            (x, y) = (0.0, 0.0);
        }
        let anchor = s.anchor();
        let baseline = match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        {
            let mut set = self.set.borrow_mut();
            if let Some(baseline) = changed(&mut set.baseline, baseline) {
                ctx.set_text_baseline(baseline);
            }
            if let Some(align) = changed(&mut set.align, align) {
                ctx.set_text_align(align);
            }
        }
        self.fill_with(c);
        self.set_font(s);
        ctx.fill_text(text, x, y).map_err(refused)?;
        if quarter_turns != 0.0 {
            ctx.restore();
            // The context is back to its state at `save`, whatever was set since.
            *self.set.borrow_mut() = State::default();
        }
        Ok(())
    }
}
