// SourcePage: one decoded input page on its way to becoming a fax page.

import T4

enum SourcePage: Sendable {
    /// Any grey image: still to be rotated/scaled/placed on the page.
    case image(GreyImage)
    /// Already exactly the fax page size (rendered text, cover page).
    case fitted(GreyImage)
    /// A Ghostscript page in the scratch directory, exactly the fax page size; read when its turn comes,
    /// so a long document never sits in memory as grey.
    case greymap(path: String)
    /// Already a bi-level fax page at the target resolution (a conforming TIFF/F).
    case fax(FaxPage)
}
