// LineSpecification: the one-word line descriptions of `faxctl exchange --line`.

import FaxTestSupport
import Testing
@testable import VirtualExchange

@Suite struct LineSpecificationTests {
    @Test func parsesEveryKind() throws {
        let modem = try LineSpecification(parsing: "100=modem,path=/tmp/ttyFAX0,name=Front desk,noise=-50,law=alaw")
        #expect(modem.number == "100")
        #expect(modem.kind == .modem(path: "/tmp/ttyFAX0"))
        #expect(modem.name == "Front desk")
        #expect(modem.profile.impairments.noiseDBm0 == -50)
        #expect(modem.profile.impairments.companding == .alaw)

        #expect(try LineSpecification(parsing: "102=voice-modem,path=/tmp/ttyV0").kind == .voiceModem(path: "/tmp/ttyV0", brokenClass1: false))
        #expect(try LineSpecification(parsing: "103=voice-modem,class1=broken").kind == .voiceModem(path: nil, brokenClass1: true))
        #expect(throws: LineSpecificationError.self) { try LineSpecification(parsing: "104=voice-modem,class1=fine") }

        let fax = try LineSpecification(parsing: "200=fax,inbox=/tmp/in,rings=3,ident=+1 555 0200,drop-after-page=2,drop-after=30,no-dialtone")
        #expect(fax.kind == .faxMachine(inbox: "/tmp/in", rings: 3, identity: "+1 555 0200", dropAfterPage: 2, callOut: nil))
        let caller = try LineSpecification(parsing: "201=fax,inbox=/tmp/in2,call=100,document=/tmp/doc.tif")
        #expect(caller.kind == .faxMachine(inbox: "/tmp/in2", rings: 1, identity: "201", dropAfterPage: nil,
                                           callOut: .init(number: "100", document: "/tmp/doc.tif")))
        #expect(fax.profile.dropAfterSeconds == 30)
        #expect(fax.profile.dialTone == false)

        #expect(try LineSpecification(parsing: "300=busy").profile.answering == .busy)
        #expect(try LineSpecification(parsing: "301=no-answer").profile.answering == .neverAnswers)
        #expect(try LineSpecification(parsing: "302=voice,rings=1,seconds=5").profile.answering == .voice(rings: 1, seconds: 5))
    }

    @Test(arguments: [
        "100", "=modem", "abc=modem", "100=teleporter", "200=fax", "100=modem,colour=blue",
        "100=modem,noise=loud", "100=modem,law=gsm", "200=fax,inbox=/x,rings=many", "200=fax,inbox=/x,call=100",
    ])
    func rejectsMalformedLines(_ text: String) {
        #expect(throws: LineSpecificationError.self) { try LineSpecification(parsing: text) }
    }

    @Test func errorsSayWhatIsWrong() {
        do {
            _ = try LineSpecification(parsing: "100=modem,colour=blue")
            Issue.record("accepted an unknown option")
        } catch {
            #expect(error.description.contains("unknown option 'colour'"))
        }
    }
}
