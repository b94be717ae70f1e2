// faxctl preview: documents (or a received TIFF/F fax) to PNG page previews and thumbnails.

import ArgumentParser
import FaxDocuments
import Foundation

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render documents as the fax pages they become, one PNG per page."
    )

    @Argument(help: "Input documents, in page order (a received fax TIFF works too).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Directory for page-N.png (and thumb-N.png).")
    var output: String

    @Option(help: "Also write thumbnails this many pixels wide (0: none).")
    var thumbnailWidth: Int = 200

    @OptionGroup var document: DocumentOptions

    func run() throws {
        do {
            let pages = try DocumentConverter(options: try document.conversionOptions()).pages(for: inputs)
            let written = try FaxPreviewWriter.write(pages, to: output)
            if thumbnailWidth > 0 {
                try FaxPreviewWriter.write(pages, to: output, prefix: "thumb", maxWidth: thumbnailWidth)
            }
            print("\(output): \(written.count) page preview(s)")
        } catch let error as ValidationError {
            throw error
        } catch {
            throw reportDocumentError(error)
        }
    }
}
