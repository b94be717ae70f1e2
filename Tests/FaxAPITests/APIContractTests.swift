// The API's contract and its building blocks: docs/api/openapi.yaml names exactly the routes the
// server registers; document URLs to private addresses are refused; multipart forms parse; API
// keys compare in constant time.

@testable import FaxAPI
import FaxAPIModels
import Foundation
import NIOCore
import Testing
import Yams

@Suite struct APIContractTests {
    @Test func openAPIDocumentListsEveryRoute() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/api/openapi.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] where (item as? [String: Any])?[method] != nil {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = Set(FaxRoutes.table.map { "\($0.0.rawValue) \($0.1)" })
        #expect(documented == served, "only documented: \(documented.subtracting(served)); only served: \(served.subtracting(documented))")
    }

    @Test(arguments: ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                      "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::1", "ff02::1", "::ffff:10.0.0.1"])
    func privateAddressesAreRefused(_ address: String) {
        #expect(!AddressPolicy.isPublic(address))
    }

    @Test(arguments: ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
    func publicAddressesAreAllowed(_ address: String) {
        #expect(AddressPolicy.isPublic(address))
    }

    @Test func multipartFormParses() throws {
        let body = "--B\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n+15551234567\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"resolution\"\r\n\r\nsuperfine\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"ecm\"\r\n\r\nfalse\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"document\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
            + "--B--\r\n"
        let form = try SubmissionForm.parse(contentType: "multipart/form-data; boundary=B", body: ByteBuffer(string: body))
        #expect(form.request.to == "+15551234567")
        #expect(form.request.options?.resolution == "superfine")
        #expect(form.request.options?.ecm == false)
        #expect(form.upload == Array("hello".utf8))
        #expect(throws: APIProblem.self) { try SubmissionForm.parse(contentType: "multipart/form-data", body: ByteBuffer(string: body)) }
        #expect(throws: APIProblem.self) { try SubmissionForm.parse(contentType: "text/plain", body: ByteBuffer(string: "x")) }
        #expect(throws: APIProblem.self) { try SubmissionForm.parse(contentType: "application/json", body: ByteBuffer(string: "{\"too\": 1}")) }
    }

    @Test func apiKeysCompareWhole() {
        #expect(ConstantTime.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!ConstantTime.equal(Array("".utf8), Array("a".utf8)))
    }
}
