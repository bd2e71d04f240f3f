/// matplotlib's viridis colour map (perceptually uniform, dark violet → yellow), as eleven of its
/// colours at 0, 0.1, …, 1 with linear interpolation between them.
public enum Viridis {
    static let anchors: [RGB] = [0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
                                 0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725].map { RGB(hex: $0) }

    /// The colour at `t` in [0, 1] (clamped; NaN gives the lowest colour).
    public static func color(_ t: Double) -> RGB {
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        return anchors[index].blended(with: anchors[index + 1], alpha: Float(position - Double(index)))
    }
}
