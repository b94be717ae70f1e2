// JSONResponse: building the API's responses — JSON bodies in the wire format, files.

import FaxAPIModels
import Foundation
import HTTPTypes
import Hummingbird

enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let data = try APIJSON.encoder().encode(value)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func bytes(_ data: Data, contentType: String, filename: String? = nil) -> Response {
        var fields: HTTPFields = [.contentType: contentType]
        if let filename { fields[.contentDisposition] = "attachment; filename=\"\(filename)\"" }
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
