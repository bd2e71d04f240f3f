import TensorCore

/// Frames from a path or `-`, whatever the file holds: a latentpipe stream, a `.npy` file
/// (one frame whose tensor is `data`) or a `.npz` archive (one frame, a tensor per member).
/// The kind is sniffed from the first bytes, not the file name.
public final class TensorInput {
    public enum Kind: Sendable { case stream, npy, npz }

    public let kind: Kind
    public let name: String
    private let reader: FrameReader?
    private var pending: Frame?

    /// Largest `.npy`/`.npz` read whole into memory.
    public static let maxNumpyBytes = 1 << 32

    public convenience init(path: String) throws {
        try self.init(source: try ByteSource(path: path))
    }

    /// Frames from an open source, sniffed from its first bytes (which `peek` may already have seen).
    public init(source: ByteSource) throws {
        name = source.name
        let head = try source.peek(8)
        if head.starts(with: NPY.magic) {
            kind = .npy
            reader = nil
            let bytes = try source.readAll(limit: Self.maxNumpyBytes)
            var frame = Frame()
            frame["data"] = try NPY.decode(bytes[...], source: name)
            pending = frame
        } else if head.starts(with: NPZ.magic) {
            kind = .npz
            reader = nil
            pending = try NPZ.decode(try source.readAll(limit: Self.maxNumpyBytes), source: name)
        } else {
            kind = .stream
            reader = FrameReader(source: source)
        }
    }

    /// The next frame, or nil at the end.
    public func next() throws -> Frame? {
        if let reader { return try reader.next() }
        defer { pending = nil }
        return pending
    }

    /// Reads a model file: exactly one frame.
    public static func readSingleFrame(path: String) throws -> Frame {
        let input = try TensorInput(path: path)
        guard let frame = try input.next() else {
            throw StreamError.empty(source: input.name)
        }
        guard try input.next() == nil else {
            throw StreamError.moreThanOneFrame(source: input.name)
        }
        return frame
    }
}
