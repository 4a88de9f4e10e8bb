//! Charts of a projection, drawn on any plotters backend (being written).
