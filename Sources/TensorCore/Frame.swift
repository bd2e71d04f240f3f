/// An attribute value: a number or a string.
public enum AttributeValue: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case string(String)

    public var number: Double? { if case .number(let n) = self { return n } else { return nil } }
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }

    public var description: String {
        switch self {
        case .number(let n):
            if n.rounded() == n && abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        case .string(let s): return s
        }
    }
}

/// One self-describing unit of a stream: named tensors and attributes, both kept in order.
///
/// The main tensor is `data` (`[batch, features]`); auxiliary tensors ride along
/// (`pos`: `[batch, 2]` patch top-left `(y, x)`, `dc`: `[batch]` or `[batch, channels]` patch means).
/// Tools pass through every tensor and attribute they do not consume.
public struct Frame: Sendable, Equatable {
    public private(set) var tensors: [(name: String, tensor: Tensor)]
    public private(set) var attributes: [(key: String, value: AttributeValue)]

    public init() {
        tensors = []
        attributes = []
    }

    public static func == (a: Frame, b: Frame) -> Bool {
        a.tensors.count == b.tensors.count && a.attributes.count == b.attributes.count
            && zip(a.tensors, b.tensors).allSatisfy { $0.name == $1.name && $0.tensor == $1.tensor }
            && zip(a.attributes, b.attributes).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// The tensor called `name`, if present.
    public subscript(name: String) -> Tensor? {
        get { tensors.first { $0.name == name }?.tensor }
        set {
            if let index = tensors.firstIndex(where: { $0.name == name }) {
                if let newValue { tensors[index].tensor = newValue } else { tensors.remove(at: index) }
            } else if let newValue {
                tensors.append((name, newValue))
            }
        }
    }

    /// The attribute called `key`, if present.
    public func attribute(_ key: String) -> AttributeValue? {
        attributes.first { $0.key == key }?.value
    }

    /// Sets (or with `nil` removes) an attribute, keeping its place if it exists.
    public mutating func setAttribute(_ key: String, _ value: AttributeValue?) {
        if let index = attributes.firstIndex(where: { $0.key == key }) {
            if let value { attributes[index].value = value } else { attributes.remove(at: index) }
        } else if let value {
            attributes.append((key, value))
        }
    }
}
