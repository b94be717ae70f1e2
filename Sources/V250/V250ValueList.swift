// V250ValueList: parses the value lists in answers to `=?` test commands (V.250 §5.7.3),
// e.g. `0,1,1.0,2.0`, `(0-2)`, `+FCLASS: (0,1,8)`, `24,48,72,(96-98)`.

/// A malformed answer to a `=?` test command.
public enum V250ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformedList(String)

    public var description: String {
        switch self {
        case .malformedList(let text): "malformed V.250 value list \(text.debugDescription)"
        }
    }
}

/// Parser for single-parameter value lists.
public enum V250ValueList {
    /// Ranges wider than this are rejected (a real modem never lists thousands of values).
    public static let maximumRangeWidth = 1000

    /// The values of a list, with ranges expanded: `(0-2),1.0` → `["0", "1", "2", "1.0"]`.
    /// Accepts an optional `+NAME:` prefix, spaces, and parentheses around items or ranges.
    public static func values(_ answer: String) throws(V250ParseError) -> [String] {
        var body = Substring(answer.trimmingSpaces())
        if body.hasPrefix("+"), let colon = body.firstIndex(of: ":") {
            body = body[body.index(after: colon)...]
        }
        var depth = 0
        var flattened = ""
        for character in body where character != " " && character != "\t" {
            switch character {
            case "(":
                depth += 1
                guard depth == 1 else { throw .malformedList(answer) }
            case ")":
                depth -= 1
                guard depth == 0 else { throw .malformedList(answer) }
            case "0"..."9", ".", "-", ",":
                flattened.append(character)
            default:
                throw .malformedList(answer)
            }
        }
        guard depth == 0, !flattened.isEmpty else { throw .malformedList(answer) }

        var values: [String] = []
        for item in flattened.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            switch bounds.count {
            case 1:
                guard isNumber(item) else { throw .malformedList(answer) }
                values.append(String(item))
            case 2:
                guard let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high,
                      high - low <= maximumRangeWidth else { throw .malformedList(answer) }
                values += (low...high).map(String.init)
            default:
                throw .malformedList(answer)
            }
        }
        return values
    }

    /// The values of a list of integers.
    public static func integers(_ answer: String) throws(V250ParseError) -> [Int] {
        var integers: [Int] = []
        for value in try values(answer) {
            guard let integer = Int(value) else { throw .malformedList(answer) }
            integers.append(integer)
        }
        return integers
    }

    /// Digits with at most one inner dot: `8`, `1.0`, `2.1`.
    private static func isNumber(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}
