// SourcePage: one decoded input page on its way to becoming a fax page.

import T4

enum SourcePage: Sendable {
    /// Any grey image: still to be rotated/scaled/placed on the page.
    case image(GreyImage)
    /// Already exactly the fax page size (rendered text, cover page).
    case fitted(GreyImage)
    /// Already a bi-level fax page at the target resolution (a conforming TIFF/F, Ghostscript's pages).
    case fax(FaxPage)
}
