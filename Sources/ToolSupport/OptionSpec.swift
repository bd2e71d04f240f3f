/// An option that takes a value, declared once with everything about it: its names, its typed
/// default, the values it accepts and its help. `--help` shows the default and the range
/// derived from the same values the parser uses, and the tool reads the value back typed:
///
///     let lambda = OptionSpec<Double>("lambda", aliases: ["alpha"], value: "L", default: 1,
///                                     range: 0...1e30, help: "weight of the l1 penalty")
///     let chosen = try context.value(lambda)   // Double
///
/// Every given value is checked while the command line is parsed, before the tool starts, so a
/// bad value is a usage error (exit 2) even when the tool would not have used it.
public struct OptionSpec<Value: OptionValue>: DeclaredOption {
    public let option: Option
    /// The value when the option is not given; nil when there is none (see `Arguments.value`).
    public let defaultValue: Value?

    public var name: String { option.name }

    /// An option whose values are all the values of its type that pass `accepts`.
    /// - Parameters:
    ///   - value: the placeholder shown in `--help` (`L`, `FILE`).
    ///   - defaultValue: the value when the option is not given; shown in `--help`.
    ///   - absent: what happens when the option is not given, for an option without a
    ///     `defaultValue` (e.g. "the dictionary's lambda attribute, else 1"); shown in `--help`.
    ///   - requirement: makes the option required; the reason, for the usage message.
    ///   - accepted: the values `accepts` lets through, in words ("width 200 to 8192"), for
    ///     `--help` and the usage message.
    ///   - outOfRange: well-formed texts `accepts` refuses (for the derived tests).
    public init(_ name: String, aliases: [String] = [], short: Character? = nil, value placeholder: String,
                default defaultValue: Value? = nil, absent: String? = nil, required requirement: String? = nil,
                repeatable: Bool = false, help: String, accepted: String? = nil, outOfRange: [String] = [],
                accepts: @escaping @Sendable (Value) -> Bool = { _ in true }) {
        self.init(name, aliases: aliases, short: short, value: placeholder, default: defaultValue, absent: absent,
                  required: requirement, repeatable: repeatable, help: help, accepted: accepted,
                  takes: Value.kind + (accepted.map { ", \($0)" } ?? ""), outOfRange: outOfRange, accepts: accepts)
    }

    /// - Parameter takes: what a value must be, for the usage message ("a whole number from 1 to 10").
    init(_ name: String, aliases: [String], short: Character?, value placeholder: String, default defaultValue: Value?,
         absent: String?, required requirement: String?, repeatable: Bool, help: String, accepted: String?, takes: String,
         outOfRange: [String], writesFile: Bool = false, accepts: @escaping @Sendable (Value) -> Bool) {
        self.defaultValue = defaultValue
        let problem: @Sendable (String) -> String? = { text in
            guard let value = Value(optionText: text), accepts(value) else { return "--\(name) takes \(takes), not '\(text)'" }
            return nil
        }
        option = Option(
            name: name, aliases: aliases, short: short, valueName: placeholder, help: help, shownRange: accepted,
            shownDefault: defaultValue?.optionText ?? absent, defaultArgument: defaultValue?.optionText,
            requirement: requirement, repeatable: repeatable, outOfRangeSamples: outOfRange,
            malformedSamples: Value.malformedSamples, writesFile: writesFile, problem: problem)
    }
}

extension OptionSpec where Value: RangedOptionValue {
    /// An option whose values lie in `range`, e.g. `range: 1...10_000_000`.
    public init(_ name: String, aliases: [String] = [], short: Character? = nil, value placeholder: String,
                default defaultValue: Value? = nil, absent: String? = nil, required requirement: String? = nil,
                repeatable: Bool = false, range: ClosedRange<Value>, help: String) {
        let words = Self.describe(range)
        self.init(name, aliases: aliases, short: short, value: placeholder, default: defaultValue, absent: absent,
                  required: requirement, repeatable: repeatable, help: help, accepted: words,
                  takes: Value.kind + (words.map { " \($0)" } ?? ""),
                  outOfRange: [range.lowerBound.textJustBelow, range.upperBound.textJustAbove].compactMap { $0 },
                  accepts: { range.contains($0) })
    }

    /// "from 1 to 10", "≥ 0", or nil for the whole type.
    static func describe(_ range: ClosedRange<Value>) -> String? {
        switch (range.lowerBound.textJustBelow, range.upperBound.textJustAbove) {
        case (nil, nil): return nil
        case (_?, nil): return "≥ \(range.lowerBound.optionText)"
        case (nil, _?): return "≤ \(range.upperBound.optionText)"
        case (_?, _?): return "from \(range.lowerBound.optionText) to \(range.upperBound.optionText)"
        }
    }
}

extension OptionSpec where Value == String {
    /// An option naming a file the tool writes besides its main output (`--save`, `--curve`):
    /// it is created (as a temporary) before the tool starts work, so a path that cannot be
    /// written fails at once, and it is committed with `-o` or removed with it on failure.
    /// The tool writes it through `ToolContext.sideOutput`.
    /// `requirement` makes it required (the reason, for the usage message), as for any option.
    public static func outputFile(_ name: String, value placeholder: String = "FILE", absent: String? = nil,
                                  required requirement: String? = nil, help: String) -> OptionSpec<String> {
        OptionSpec(name, aliases: [], short: nil, value: placeholder, default: nil, absent: absent, required: requirement,
                   repeatable: false, help: help, accepted: nil, takes: String.kind, outOfRange: [], writesFile: true,
                   accepts: { _ in true })
    }

    /// An option whose value is one of `choices`.
    public init(_ name: String, aliases: [String] = [], short: Character? = nil, value placeholder: String = "NAME",
                default defaultValue: String? = nil, absent: String? = nil, choices: [String], help: String) {
        let words = "one of " + choices.joined(separator: ", ")
        self.init(name, aliases: aliases, short: short, value: placeholder, default: defaultValue, absent: absent,
                  required: nil, repeatable: false, help: help, accepted: words, takes: words, outOfRange: ["no-such-\(name)"],
                  accepts: { choices.contains($0) })
    }
}

/// An option that takes no value: given or not (`--positive`).
public struct Flag: DeclaredOption {
    public let option: Option

    public var name: String { option.name }

    /// - Parameter absent: what happens when the flag is not given, when that needs saying.
    public init(_ name: String, short: Character? = nil, absent: String? = nil, help: String) {
        option = Option(
            name: name, aliases: [], short: short, valueName: nil, help: help, shownRange: nil, shownDefault: absent,
            defaultArgument: nil, requirement: nil, repeatable: false, outOfRangeSamples: [],
            malformedSamples: [], problem: { _ in nil })
    }
}
