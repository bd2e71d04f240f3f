/// The parsed command line: the values of the options given, and the positional arguments.
/// Every value is checked against its declaration while parsing, so reading it back cannot fail
/// (except for a required option that was not given).
public struct Arguments: Sendable {
    public let tool: String
    /// The texts given for each option, by canonical name, in order.
    private var given: [String: [String]] = [:]
    public private(set) var positionals: [String] = []

    /// Parses GNU-style arguments: `--name value`, `--name=value`, `-o value`, `-ovalue`, `--`
    /// ends options, a lone `-` is a positional (stdin). Unknown options, missing or bad values
    /// and an option given twice (unless declared repeatable) are usage errors.
    public init(_ arguments: [String], for description: ToolDescription) throws {
        tool = description.name
        var index = 0
        var optionsEnded = false
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
                option = description.options.first { $0.name == body || $0.aliases.contains(body) }
            } else {
                let letter = argument.dropFirst().first!
                option = description.options.first { $0.short == letter }
                spelled = "-\(letter)"
                if argument.count > 2 { inlineValue = String(argument.dropFirst(2)) }
            }
            guard let option else {
                throw UsageError(Self.unknownOptionMessage(spelled, description))
            }
            if given[option.name] != nil && !option.repeatable {
                throw UsageError("--\(option.name) given twice; give it once")
            }
            if option.takesValue {
                if inlineValue == nil {
                    guard index < arguments.count else {
                        throw UsageError("option \(spelled) needs a value (\(option.valueName!))")
                    }
                    inlineValue = arguments[index]
                    index += 1
                }
                if let problem = option.problem(inlineValue!) { throw UsageError(problem) }
                given[option.name, default: []].append(inlineValue!)
            } else {
                guard inlineValue == nil else { throw UsageError("option \(spelled) takes no value") }
                given[option.name] = [""]
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

    /// True when the option (or flag) was given.
    public func has(_ declared: any DeclaredOption) -> Bool { given[declared.option.name] != nil }

    /// The value given, else the declared default; a usage error when the option has neither
    /// (a required option, or one whose absence the tool handles: read it with `given`).
    public func value<Value>(_ spec: OptionSpec<Value>) throws -> Value {
        if let value = self.given(spec) { return value }
        if let value = spec.defaultValue { return value }
        let valueName = spec.option.valueName ?? ""
        throw UsageError("--\(spec.name) \(valueName) is required" + (spec.option.requirement.map { " (\($0))" } ?? ""))
    }

    /// The value given, or nil when the option was not given (its default is not used).
    public func given<Value>(_ spec: OptionSpec<Value>) -> Value? {
        given[spec.name]?.last.flatMap(Value.init(optionText:))
    }

    /// The text given for `option`, whatever its type (the last one, for a repeatable option).
    func text(of option: Option) -> String? { given[option.name]?.last }

    /// Every value given for a repeatable option, in order.
    public func values<Value>(_ spec: OptionSpec<Value>) -> [Value] {
        (given[spec.name] ?? []).compactMap(Value.init(optionText:))
    }
}

/// A mistake in how the tool was called: exit status 2.
public struct UsageError: Error, CustomStringConvertible, Equatable {
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
