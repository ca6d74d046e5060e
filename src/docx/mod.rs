//! The .docx writer (being built): the XML writer, property sets in schema order, and
//! the title breaker come first; the parts and the package follow.

mod props;
mod title;
mod xml;
