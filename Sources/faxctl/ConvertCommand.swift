// faxctl convert: documents (PDF, PostScript, TIFF, PNG, JPEG, GIF, text, CUPS raster) to one TIFF/F fax file.

import ArgumentParser
import FaxDocuments
import Foundation
import T4

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert documents to a TIFF/F fax file (1728 pixels wide, MH/MR/MMR)."
    )

    enum Coding: String, ExpressibleByArgument, CaseIterable {
        case mh, mr, mmr
        var compression: TIFFFaxWriter.Compression {
            switch self {
            case .mh: .t4OneDimensional
            case .mr: .t4TwoDimensional
            case .mmr: .t6
            }
        }
    }

    @Argument(help: "Input documents, in page order.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "The TIFF/F file to write.")
    var output: String

    @Option(help: "Coding: mh (T.4 1-D), mr (T.4 2-D) or mmr (T.6).")
    var coding: Coding = .mmr

    @OptionGroup var document: DocumentOptions

    @Option(help: "Add a cover page addressed to this name.")
    var coverTo: String?

    @Option(help: "Cover page sender (defaults to --header).")
    var coverFrom: String?

    @Option(help: "Cover page subject.")
    var subject: String = ""

    @Option(help: "Cover page message.")
    var message: String = ""

    @Option(help: "Also write the pages as a PDF here.")
    var pdf: String?

    func run() throws {
        do {
            let options = try document.conversionOptions(compression: coding.compression)
            let cover = coverTo.map {
                CoverPage(to: $0, toNumber: document.recipient, from: coverFrom ?? document.header ?? "",
                          fromNumber: document.identity, subject: subject, message: message,
                          timeZone: options.header?.timeZone ?? .current)
            }
            let pages = try DocumentConverter(options: options).convert(inputs, to: output, cover: cover)
            if let pdf { try FaxPDFWriter.write(tiff: output, to: pdf) }
            print("\(output): \(pages.count) page(s), \(options.resolution.rawValue), \(coding.rawValue)")
        } catch let error as ValidationError {
            throw error
        } catch {
            throw reportDocumentError(error)
        }
    }
}
