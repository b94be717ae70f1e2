// E164Number: made only from text libphonenumber accepts; canonical E.164 in, the same text out;
// plan facts (validity, type, region, emergency) from libphonenumber's data, not our own rules.

import E164
import Foundation
import Testing

@Suite struct E164NumberTests {
    @Test func canonicalTextOnly() throws {
        let number = try E164Number("+12015550123")
        #expect(number.text == "+12015550123")
        #expect(number.countryCode == 1)
        #expect(number.nationalNumber == "2015550123")
        #expect(number.digits == "12015550123")
        #expect(try E164Number("+442079460000").countryCode == 44)
        #expect(try E164Number("+390612345678").nationalNumber == "0612345678")  // Italy keeps its leading zero

        #expect(throws: E164Error.notANumber("2015550123")) { try E164Number("2015550123") }
        #expect(throws: E164Error.notANumber("+1 201 555 0123")) { try E164Number("+1 201 555 0123") }
        #expect(throws: E164Error.notANumber("+4402079460000")) { try E164Number("+4402079460000") }  // not canonical
        #expect(throws: E164Error.notANumber("+")) { try E164Number("+") }
        #expect(throws: E164Error.notANumber("")) { try E164Number("") }
        #expect(throws: E164Error.unknownCountryCode("+0123")) { try E164Number("+0123") }
        #expect(throws: E164Error.unknownCountryCode("+999123456")) { try E164Number("+999123456") }
        #expect(throws: E164Error.tooLong("+1234567890123456")) { try E164Number("+1234567890123456") }
        #expect(throws: E164Error.notANumber("+1201555012३")) { try E164Number("+1201555012३") }
    }

    @Test func typedForms() throws {
        #expect(try E164Number(parsing: "+1 (201) 555-0123", region: "US").text == "+12015550123")
        #expect(try E164Number(parsing: "1 201 555 0123", region: "US").text == "+12015550123")
        #expect(try E164Number(parsing: "201.555.0123", region: "US").text == "+12015550123")
        #expect(try E164Number(parsing: "011 44 20 7946 0000", region: "US").text == "+442079460000")
        #expect(try E164Number(parsing: "020 7946 0000", region: "GB").text == "+442079460000")
        #expect(try E164Number(parsing: "00 1 201 555 0123", region: "GB").text == "+12015550123")
        #expect(throws: E164Error.notANumber("call me")) { try E164Number(parsing: "call me", region: "US") }
        #expect(throws: E164Error.notANumber("1-800-FLOWERS")) { try E164Number(parsing: "1-800-FLOWERS", region: "US") }
        #expect(throws: E164Error.notANumber("+1+2015550123")) { try E164Number(parsing: "+1+2015550123", region: "US") }
        #expect(throws: E164Error.notANumber("2015550123;ATZ")) { try E164Number(parsing: "2015550123;ATZ", region: "US") }
    }

    @Test func factsFromThePlan() throws {
        let newJersey = try E164Number("+12015550123")
        #expect(newJersey.isValid)
        #expect(newJersey.type == .fixedLineOrMobile)
        #expect(newJersey.region == "US")
        #expect(!newJersey.isEmergency)

        let shortNANP = try E164Number("+15550100")  // "+1 555 0100": 7 digits after +1
        #expect(!shortNANP.isValid)
        #expect(shortNANP.possibility == .localOnly)
        let fictional = try E164Number("+15551234567")  // 10 digits, but there is no area code 555
        #expect(fictional.possibility == .possible)
        #expect(!fictional.isValid)

        #expect(try E164Number("+19005551234").type == .premiumRate)
        #expect(try E164Number("+449098790000").type == .premiumRate)
        #expect(try E164Number("+18002345678").type == .tollFree)
        #expect(try E164Number("+442079460000").type == .fixedLine)
        #expect(try E164Number("+18762345678").region == "JM")
    }

    @Test func emergencyNumbers() throws {
        #expect(try E164Number("+1911").isEmergency)
        #expect(try E164Number("+44999").isEmergency)
        #expect(try E164Number("+44112").isEmergency)
        #expect(try E164Number("+49112").isEmergency)
        #expect(try E164Number("+49110").isEmergency)
        #expect(try !E164Number("+112").isEmergency)  // +1 12: not one, but dialled "112" — DestinationPolicy's question
        #expect(NumberingPlan.isEmergency("911", region: "US"))
        #expect(NumberingPlan.isEmergency("112", region: "US"))
        #expect(NumberingPlan.isEmergency("999", region: "GB"))
        #expect(NumberingPlan.isEmergency("000", region: "AU"))
        #expect(!NumberingPlan.isEmergency("+1911", region: "US"))
        #expect(NumberingPlan.connectsToEmergency("9115550123", region: "US"))
        #expect(!NumberingPlan.connectsToEmergency("12015550123", region: "US"))
    }

    @Test func regions() {
        #expect(NumberingPlan.mainRegion(countryCode: 1) == "US")
        #expect(NumberingPlan.mainRegion(countryCode: 44) == "GB")
        #expect(NumberingPlan.mainRegion(countryCode: 999) == nil)
        #expect(NumberingPlan.countryCode(region: "DE") == 49)
        #expect(NumberingPlan.countryCode(region: "XX") == nil)
    }

    @Test func codableAsText() throws {
        let number = try E164Number("+12015550123")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == "[\"+12015550123\"]")
        #expect(try JSONDecoder().decode([E164Number].self, from: data) == [number])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([E164Number].self, from: Data("[\"911\"]".utf8)) }
    }

    @Test func concurrentUse() async throws {
        let ok = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<64 {
                group.addTask {
                    let n = try? E164Number(parsing: "201 555 \(String(format: "%04d", i))", region: "US")
                    return n?.isValid == true && n?.type == .fixedLineOrMobile && n?.isEmergency == false
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(ok)
    }
}
