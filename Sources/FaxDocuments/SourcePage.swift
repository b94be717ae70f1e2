// SourcePage: one decoded input page on its way to becoming a fax page.

import T4

enum SourcePage {
    /// Any grey image: still to be rotated/scaled/placed on the page.
    case image(GreyImage)
    /// Already exactly the fax page size (Ghostscript output, rendered text).
    case fitted(GreyImage)
    /// Already a bi-level fax page at the target resolution (a conforming TIFF/F).
    case fax(FaxPage)
}
