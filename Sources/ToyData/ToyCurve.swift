/// A toy 2-D distribution before noise: one curve per class (a spiral's arm, a moon, a ring),
/// with evenly spaced points along each.
public protocol ToyCurve: Sendable {
    /// How many classes (curves), labelled `0..<classes`.
    var classes: Int { get }
    /// The `index`-th of `count` evenly spaced points on the curve of class `label`
    /// (`0 <= index < count`, `0 <= label < classes`).
    func point(label: Int, index: Int, of count: Int) -> (x: Double, y: Double)
}

extension ToyCurve {
    /// numpy's `linspace(start, end, count)` at `index`: `count` evenly spaced values, both
    /// ends included; `start` alone when `count` is 1.
    static func evenlySpaced(_ index: Int, of count: Int, from start: Double, to end: Double) -> Double {
        count == 1 ? start : start + (end - start) * Double(index) / Double(count - 1)
    }
}
