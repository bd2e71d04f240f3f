/// Which toy distribution, with its one parameter, as `toy-data --kind` spells it:
/// `spiral[:ARMS]` (2 arms unless given), `moons`, `rings[:FACTOR]` (factor 0.5 unless given).
public enum ToyKind: Sendable, Equatable, CustomStringConvertible {
    case spiral(arms: Int)
    case moons
    case rings(factor: Double)

    /// The arms a spiral may have.
    public static let armRange = 2...100
    /// The arms of `spiral` without a count.
    public static let defaultArms = 2
    /// The inner ring's radius for `rings` without a factor (scikit-learn's default is 0.8;
    /// 0.5 leaves a gap that noise of 0.1 does not fill).
    public static let defaultFactor = 0.5

    /// The kind `text` spells (`spiral`, `spiral:3`, `moons`, `rings`, `rings:0.3`), or nil:
    /// an unknown name, a parameter out of range (arms outside `armRange`, a factor outside
    /// (0, 1)), or a parameter given to `moons`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let parameter = parts.count == 2 ? parts[1] : nil
        switch parts[0] {
        case "spiral":
            guard let arms = parameter.map({ Int($0) }) ?? Self.defaultArms, Self.armRange.contains(arms) else { return nil }
            self = .spiral(arms: arms)
        case "moons":
            guard parameter == nil else { return nil }
            self = .moons
        case "rings":
            guard let factor = parameter.map({ Double($0) }) ?? Self.defaultFactor, factor > 0, factor < 1 else { return nil }
            self = .rings(factor: factor)
        default:
            return nil
        }
    }

    /// `spiral`, `moons` or `rings`.
    public var name: String {
        switch self {
        case .spiral: "spiral"
        case .moons: "moons"
        case .rings: "rings"
        }
    }

    /// The full spelling, parameter included (`spiral:2`, `moons`, `rings:0.5`); reads back.
    public var description: String {
        switch self {
        case .spiral(let arms): "spiral:\(arms)"
        case .moons: "moons"
        case .rings(let factor): "rings:\(factor)"
        }
    }

    /// The curves the points lie on before noise.
    public var curve: any ToyCurve {
        switch self {
        case .spiral(let arms): Spiral(arms: arms)
        case .moons: Moons()
        case .rings(let factor): Rings(factor: factor)
        }
    }
}
