/// A type a command-line option can hold: read from the text after the flag, and spelled back
/// the same way in `--help`, so a default is shown exactly as a user would type it.
public protocol OptionValue: Sendable {
    /// The value `text` spells, or nil when it spells none.
    init?(optionText text: String)
    /// How the value is typed on the command line; `init(optionText:)` reads it back.
    var optionText: String { get }
    /// What a value of this type is, for messages: "a whole number", "a number".
    static var kind: String { get }
    /// Texts that spell no value of this type (for the tests derived from the declarations).
    static var malformedSamples: [String] { get }
}

/// An option value with an order, so that a declaration can give it a range.
public protocol RangedOptionValue: OptionValue, Comparable {
    /// The nearest value below `self` as text, or nil when there is none.
    var textJustBelow: String? { get }
    /// The nearest value above `self` as text, or nil when there is none.
    var textJustAbove: String? { get }
}

extension Int: RangedOptionValue {
    public init?(optionText text: String) { self.init(text) }
    public var optionText: String { String(self) }
    public static var kind: String { "a whole number" }
    public static var malformedSamples: [String] { ["abc", "1.5", "1e99", "99999999999999999999"] }
    public var textJustBelow: String? { self == .min ? nil : String(self - 1) }
    public var textJustAbove: String? { self == .max ? nil : String(self + 1) }
}

extension UInt64: RangedOptionValue {
    public init?(optionText text: String) { self.init(text) }
    public var optionText: String { String(self) }
    public static var kind: String { "a whole number" }
    public static var malformedSamples: [String] { ["abc", "-1", "1.5", "18446744073709551616"] }
    public var textJustBelow: String? { self == .min ? nil : String(self - 1) }
    public var textJustAbove: String? { self == .max ? nil : String(self + 1) }
}

extension Double: RangedOptionValue {
    /// Finite numbers only: NaN and infinity are never a sensible setting.
    public init?(optionText text: String) {
        guard let value = Double(text), value.isFinite else { return nil }
        self = value
    }
    /// Whole numbers without a trailing `.0` (`1`, not `1.0`); others as Swift prints them
    /// (shortest text that reads back to the same value).
    public var optionText: String {
        if rounded() == self && abs(self) < 1e15 { return String(Int64(self)) }
        return description
    }
    public static var kind: String { "a number" }
    public static var malformedSamples: [String] { ["abc", "nan", "inf", "1e999", "1,5"] }
    public var textJustBelow: String? { self == -.greatestFiniteMagnitude ? nil : nextDown.optionText }
    public var textJustAbove: String? { self == .greatestFiniteMagnitude ? nil : nextUp.optionText }
}

extension String: OptionValue {
    public init?(optionText text: String) { self = text }
    public var optionText: String { self }
    public static var kind: String { "text" }
    public static var malformedSamples: [String] { [] }
}
