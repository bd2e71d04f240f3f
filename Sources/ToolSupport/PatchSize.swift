/// A patch or tile size in pixels, typed `N` (square) or `HxW` (height first), each side from 1
/// to 4096: `--patch-size 8`, `--tile 12x16`.
public struct PatchSize: OptionValue, Equatable {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    public static let sides = 1...4096

    public init?(optionText text: String) {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, (1...2).contains(numbers.count), numbers.allSatisfy(Self.sides.contains) else { return nil }
        self.init(height: numbers[0], width: numbers[numbers.count - 1])
    }

    public var optionText: String { height == width ? String(height) : "\(height)x\(width)" }
    public static var kind: String { "N or HxW with whole numbers from 1 to 4096" }
    public static var malformedSamples: [String] { ["0", "8x", "x8", "8x8x8", "-3", "abc", "4097"] }
}

/// A picture size in pixels, typed `WxH` (width first, as image viewers say it), each side
/// from 1 to 8192: `--size 800x500`.
public struct PictureSize: OptionValue, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public init?(optionText text: String) {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let width = parts[0], let height = parts[1], (1...8192).contains(width), (1...8192).contains(height) else { return nil }
        self.init(width: width, height: height)
    }

    public var optionText: String { "\(width)x\(height)" }
    public static var kind: String { "WxH pixels" }
    public static var malformedSamples: [String] { ["800", "800x", "x500", "0x500", "abc", "9000x500"] }
}
