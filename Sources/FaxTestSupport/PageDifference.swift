// PageDifference: two faxes compared pixel for pixel, as the tests that send one document two ways
// (print to fax, mail to fax) compare what arrived with the document converted directly.

import T4

/// Pages the fax machine received, pixel for pixel, except that the header's "HH:mm" may differ
/// when the two faxes were converted in different minutes: then rows below the header band must
/// match exactly. Returns nil when identical (or identical below the band), else what differs.
public func pageDifference(_ a: [FaxPage], _ b: [FaxPage], resolution: FaxResolution = .fine) -> String? {
    guard a.count == b.count else { return "\(a.count) pages against \(b.count)" }
    let bandRows = Int((13.0 * resolution.verticalDPI / 72).rounded(.up))
    for (index, (x, y)) in zip(a, b).enumerated() where x.bits != y.bits {
        guard x.width == y.width, x.length == y.length, x.bytesPerRow == y.bytesPerRow else {
            return "page \(index + 1): \(x.width)×\(x.length) against \(y.width)×\(y.length)"
        }
        let start = bandRows * x.bytesPerRow
        if x.bits[start...] != y.bits[start...] { return "page \(index + 1) differs below the header band" }
    }
    return nil
}
