// T4Error: what can go wrong reading or writing a TIFF/F document.

public enum T4Error: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String)
    case notBilevel(path: String, page: Int)
    case unreadableRow(path: String, page: Int, row: Int)
    case cannotWrite(path: String)
    case noPages(path: String)
    /// A page whose stated size is over the reader's pixel budget (or overflows): refused unread.
    case tooLarge(path: String, page: Int, width: Int, length: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path): "cannot open TIFF file \(path)"
        case .notBilevel(let path, let page): "\(path) page \(page) is not a bi-level image"
        case .unreadableRow(let path, let page, let row): "\(path) page \(page) row \(row) cannot be decoded"
        case .cannotWrite(let path): "cannot write TIFF file \(path)"
        case .noPages(let path): "\(path) has no pages"
        case .tooLarge(let path, let page, let width, let length): "\(path) page \(page) is \(width) × \(length) pixels, too large to read"
        }
    }
}
