//! Colours that stay apart for the common forms of colour blindness.
//!
//! The palette is Okabe and Ito's (2008), in their order. Black is kept for reference marks (the
//! break-even line), so series cycle through the seven colours after it; a chart with more than
//! seven series repeats colours, seven series apart, and the page's legend and tooltip name them.

use plotters::style::RGBColor;

/// Okabe–Ito, in their order: black, orange, sky blue, bluish green, yellow, blue, vermillion,
/// reddish purple.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
];

/// The colour of reference marks such as the break-even line: [`PALETTE`]'s black, which no
/// series uses.
pub const REFERENCE_COLOUR: RGBColor = PALETTE[0];

/// The colour of series `i` ([`SeriesData::colour_index`](super::SeriesData::colour_index)):
/// the seven non-black colours of [`PALETTE`] in turn, so neighbours in a stack always differ.
pub fn series_colour(i: usize) -> RGBColor {
    PALETTE[1 + i % (PALETTE.len() - 1)]
}

/// `#RRGGBB` of a colour, as the page's HTML legend and the SVG backend write it.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_never_use_black_and_neighbours_differ() {
        for i in 0..40 {
            assert_ne!(series_colour(i), REFERENCE_COLOUR);
            assert_ne!(series_colour(i), series_colour(i + 1));
        }
        assert_eq!(series_colour(0), PALETTE[1]);
        assert_eq!(series_colour(7), series_colour(0));
    }

    #[test]
    fn hex_is_upper_case_rrggbb() {
        assert_eq!(hex(PALETTE[1]), "#E69F00");
        assert_eq!(hex(PALETTE[0]), "#000000");
    }
}
