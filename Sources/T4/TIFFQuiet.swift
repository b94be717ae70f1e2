// TIFFQuiet: keeps libtiff's warnings off stderr; errors surface as thrown T4Errors instead.

import CSpanDSP

enum TIFFQuiet {
    private static let installed: Bool = {
        _ = TIFFSetWarningHandler(nil)
        _ = TIFFSetErrorHandler(nil)
        return true
    }()

    static func install() { _ = installed }
}
