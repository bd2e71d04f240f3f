/// One command-line option as `--help` shows it and the parser accepts it.
public struct Option: Sendable {
    /// Long name without dashes (`lambda`).
    public let name: String
    /// Other long names that mean the same (`alpha`).
    public let aliases: [String]
    public let short: Character?
    /// Placeholder for the value (`L`); nil for a flag that takes none.
    public let valueName: String?
    /// The default as shown in `--help`; nil when there is none.
    public let defaultValue: String?
    public let help: String

    public init(_ name: String, aliases: [String] = [], short: Character? = nil, value: String? = nil,
                default defaultValue: String? = nil, help: String) {
        self.name = name
        self.aliases = aliases
        self.short = short
        self.valueName = value
        self.defaultValue = defaultValue
        self.help = help
    }

    public var takesValue: Bool { valueName != nil }

    /// Options every tool has, with the same meaning everywhere.
    public static let output = Option("output", short: "o", value: "FILE", default: "stdout",
                                      help: "write to FILE instead of stdout (via a temporary file, renamed when complete)")
    public static let quiet = Option("quiet", short: "q", help: "print nothing on stderr but errors")
    public static let progress = Option("progress", help: "show progress on stderr even when it is not a terminal")
    public static let help = Option("help", short: "h", help: "show this help and exit")
    public static let version = Option("version", help: "show the version and exit")
    public static let common: [Option] = [output, quiet, progress, help, version]
}
