/// What a tool is: the text of its `--help` and the options it accepts.
public struct ToolDescription: Sendable {
    public let name: String
    /// `[options] [INPUT...]` and the like, after the name.
    public let usage: String
    /// One sentence.
    public let summary: String
    /// Paragraphs: the objective, array orientation, what is held in memory.
    public let details: String
    /// Tool-specific options, then `SharedOptions.common`.
    public let options: [Option]
    public let example: String
    /// True when stdout carries text (a report), so it may go to a terminal; binary output
    /// (streams, PNG) is refused there.
    public let writesText: Bool

    public init(name: String, usage: String, summary: String, details: String = "", options: [any DeclaredOption], example: String,
                writesText: Bool = false) {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.details = details
        self.options = (options + SharedOptions.common).map(\.option)
        self.example = example
        self.writesText = writesText
    }

    /// The full `--help` text.
    public var helpText: String {
        var lines = ["usage: \(name) \(usage)", "", summary]
        if !details.isEmpty { lines += ["", details] }
        lines += ["", "options:"]
        let labels = options.map { option -> String in
            var label = option.short.map { "-\($0), " } ?? "    "
            label += "--\(option.name)"
            if let value = option.valueName { label += " \(value)" }
            for alias in option.aliases { label += ", --\(alias)" }
            return label
        }
        let width = min(30, labels.map(\.count).max() ?? 0)
        for (label, option) in zip(labels, options) {
            var text = option.help
            let notes = [option.shownRange, option.shownDefault.map { "default: \($0)" }].compactMap { $0 }
            if !notes.isEmpty { text += " (\(notes.joined(separator: "; ")))" }
            let pad = label.count < width ? String(repeating: " ", count: width - label.count) : ""
            if label.count > width {
                lines.append("  \(label)")
                lines.append("  " + String(repeating: " ", count: width) + "  \(text)")
            } else {
                lines.append("  \(label)\(pad)  \(text)")
            }
        }
        lines += ["", "example:", "  \(example)", ""]
        return lines.joined(separator: "\n")
    }

    /// The `--list-options` text: one line per option, tab-separated: name, aliases (comma-
    /// separated), short letter, the value placeholder (empty for a flag), `required` or
    /// `optional`, the default as an argument (empty when the default is not one value), and
    /// the refused samples (space-separated: out of range, then malformed). The tests derived
    /// from the declarations read it.
    public var optionTable: String {
        options.map { option in
            [option.name, option.aliases.joined(separator: ","), option.short.map { String($0) } ?? "",
             option.valueName ?? "", option.requirement == nil ? "optional" : "required", option.defaultArgument ?? "",
             (option.outOfRangeSamples + option.malformedSamples).joined(separator: " ")].joined(separator: "\t") + "\n"
        }.joined()
    }
}

/// The version every tool prints for `--version`.
public let latentpipeVersion = "0.1.0"
