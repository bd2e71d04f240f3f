/// The size of square-or-rectangular patches and the step between grid positions.
///
/// A patch of an image with `c` channels is one row of `height * width * c` values, in HWC
/// order within the patch (row-major, channels interleaved), as `extractPatches` returns.
public struct PatchGeometry: Sendable, Hashable {
    /// Patch rows (ph), at least 1.
    public let height: Int
    /// Patch columns (pw), at least 1.
    public let width: Int
    /// Step between grid positions, in pixels, on both axes; at least 1.
    public let stride: Int

    /// Validates and stores the geometry; throws `PatchGeometryError` if any value is below 1.
    public init(height: Int, width: Int, stride: Int) throws {
        guard height >= 1 else { throw PatchGeometryError.notPositive(name: "patch height", value: height) }
        guard width >= 1 else { throw PatchGeometryError.notPositive(name: "patch width", value: width) }
        guard stride >= 1 else { throw PatchGeometryError.notPositive(name: "stride", value: stride) }
        self.height = height
        self.width = width
        self.stride = stride
    }

    /// Values in one patch row: `height * width * channels`.
    public func values(channels: Int) -> Int { height * width * channels }
}

/// An invalid `PatchGeometry`.
public enum PatchGeometryError: Error, CustomStringConvertible, Equatable {
    /// `name` ("patch height", "patch width", "stride") was `value`, below 1.
    case notPositive(name: String, value: Int)

    public var description: String {
        switch self {
        case let .notPositive(name, value): return "\(name) must be at least 1 (got \(value))"
        }
    }
}

/// The top-left corner of a patch: row `y`, column `x` (zero-based pixels).
public struct PatchPosition: Sendable, Hashable {
    public var y: Int
    public var x: Int

    public init(y: Int, x: Int) {
        self.y = y
        self.x = x
    }
}
