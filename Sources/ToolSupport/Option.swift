/// One command-line option as `--help` shows it and the parser accepts it, whatever the type of
/// its value. Tools do not make these directly: they declare an `OptionSpec` or a `Flag`, which
/// derive this from their typed default and range, so a default cannot differ from its help.
public struct Option: Sendable {
    /// Long name without dashes (`lambda`).
    public let name: String
    /// Other long names that mean the same (`alpha`).
    public let aliases: [String]
    public let short: Character?
    /// Placeholder for the value (`L`); nil for a flag that takes none.
    public let valueName: String?
    public let help: String
    /// The values accepted, in words, as `--help` shows them ("from 1 to 10", "one of a, b");
    /// nil when any value of the type is.
    public let shownRange: String?
    /// The default as `--help` shows it; nil when there is none.
    public let shownDefault: String?
    /// The default typed as an argument (`--lambda 1` behaves as no `--lambda`); nil when the
    /// default is not one value (it depends on the input, or the option has none).
    public let defaultArgument: String?
    /// Why the option must be given; nil when it may be left out.
    public let requirement: String?
    /// True when the option may be given more than once (each value kept).
    public let repeatable: Bool
    /// Values the option refuses although they are well formed (just outside its range, not
    /// among its choices), for the tests derived from the declarations.
    public let outOfRangeSamples: [String]
    /// Texts that are not values of the option's type at all.
    public let malformedSamples: [String]
    /// True when the value is the path of a file the tool writes (`-o`, `--save`, `--curve`):
    /// such files are created before the tool starts work and committed or removed with `-o`.
    public let writesFile: Bool
    /// The usage message for a given value, or nil when the value is accepted.
    let problem: @Sendable (String) -> String?

    init(name: String, aliases: [String], short: Character?, valueName: String?, help: String, shownRange: String?, shownDefault: String?,
         defaultArgument: String?, requirement: String?, repeatable: Bool, outOfRangeSamples: [String],
         malformedSamples: [String], writesFile: Bool = false, problem: @escaping @Sendable (String) -> String?) {
        self.name = name
        self.aliases = aliases
        self.short = short
        self.valueName = valueName
        self.help = help
        self.shownRange = shownRange
        self.shownDefault = shownDefault
        self.defaultArgument = defaultArgument
        self.requirement = requirement
        self.repeatable = repeatable
        self.outOfRangeSamples = outOfRangeSamples
        self.malformedSamples = malformedSamples
        self.writesFile = writesFile
        self.problem = problem
    }

    public var takesValue: Bool { valueName != nil }
}

/// Something a tool declares as one of its options: an `OptionSpec` or a `Flag`.
public protocol DeclaredOption: Sendable {
    /// The option as the parser and `--help` see it.
    var option: Option { get }
}
