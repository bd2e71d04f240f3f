/// The parsed command line: option values by canonical name, and the positional arguments.
public struct Arguments: Sendable {
    public let tool: String
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    public private(set) var positionals: [String] = []

    /// Parses GNU-style arguments: `--name value`, `--name=value`, `-o value`, `--` ends options,
    /// a lone `-` is a positional (stdin). Unknown options are a usage error naming the closest one.
    public init(_ arguments: [String], for description: ToolDescription) throws {
        tool = description.name
        var index = 0
        var optionsEnded = false
        func find(long: String) -> Option? {
            description.options.first { $0.name == long || $0.aliases.contains(long) }
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            var inlineValue: String?
            let option: Option?
            var spelled = argument
            if argument.hasPrefix("--") {
                var body = String(argument.dropFirst(2))
                if let equals = body.firstIndex(of: "=") {
                    inlineValue = String(body[body.index(after: equals)...])
                    body = String(body[..<equals])
                    spelled = "--" + body
                }
                option = find(long: body)
            } else {
                let letter = argument.dropFirst().first!
                option = description.options.first { $0.short == letter }
                spelled = "-\(letter)"
                if argument.count > 2 { inlineValue = String(argument.dropFirst(2)) }
            }
            guard let option else {
                throw UsageError(Self.unknownOptionMessage(spelled, description))
            }
            if option.takesValue {
                if inlineValue == nil {
                    guard index < arguments.count else {
                        throw UsageError("option \(spelled) needs a value (\(option.valueName!))")
                    }
                    inlineValue = arguments[index]
                    index += 1
                }
                values[option.name] = inlineValue
            } else {
                guard inlineValue == nil else { throw UsageError("option \(spelled) takes no value") }
                flags.insert(option.name)
            }
        }
    }

    static func unknownOptionMessage(_ spelled: String, _ description: ToolDescription) -> String {
        let typed = spelled.drop { $0 == "-" }
        let names = description.options.flatMap { [$0.name] + $0.aliases }
        let best = names.map { (name: $0, distance: editDistance(String(typed), $0)) }.min { $0.distance < $1.distance }
        if let best, best.distance <= max(2, best.name.count / 3) {
            return "unknown option '\(spelled)' (did you mean '--\(best.name)'? see --help)"
        }
        return "unknown option '\(spelled)' (see --help)"
    }

    public func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    public func string(_ name: String) -> String? { values[name] }

    public func int(_ name: String, default fallback: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) takes a whole number\(Self.describe(range)), not '\(text)'")
        }
        return value
    }

    public func double(_ name: String, default fallback: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            let bounds = range.lowerBound > -Double.greatestFiniteMagnitude ? " from \(range.lowerBound)" : ""
            let upper = range.upperBound < Double.greatestFiniteMagnitude ? " to \(range.upperBound)" : ""
            throw UsageError("--\(name) takes a number\(bounds)\(upper), not '\(text)'")
        }
        return value
    }

    /// A value that must be one of `choices`.
    public func choice(_ name: String, default fallback: String, among choices: [String]) throws -> String {
        guard let text = values[name] else { return fallback }
        guard choices.contains(text) else {
            throw UsageError("--\(name) takes one of \(choices.joined(separator: ", ")), not '\(text)'")
        }
        return text
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
        case (true, true): return ""
        case (false, true): return " ≥ \(range.lowerBound)"
        case (true, false): return " ≤ \(range.upperBound)"
        case (false, false): return " from \(range.lowerBound) to \(range.upperBound)"
        }
    }
}

/// A mistake in how the tool was called: exit status 2.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

/// A problem with the data or the run: exit status 1.
public struct ToolFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

/// Levenshtein distance, for suggesting the closest option name.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where j <= b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
