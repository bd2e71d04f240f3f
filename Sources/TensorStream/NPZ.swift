import TensorCore

/// NumPy's `.npz`: a ZIP archive of `.npy` members, one per named array.
public enum NPZ {
    public static let magic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// The arrays of an archive, as one frame with a tensor per member (`W.npy` becomes `W`).
    public static func decode(_ data: [UInt8], source: String) throws -> Frame {
        var frame = Frame()
        for member in try ZipArchive.read(data, source: source) {
            var name = member.name
            if name.hasSuffix(".npy") { name.removeLast(4) }
            guard !name.isEmpty, name.utf8.count <= FrameFormat.maxNameBytes, frame[name] == nil else {
                throw StreamError.badNumpy(source: source, detail: "bad or repeated member name '\(member.name)'")
            }
            frame[name] = try NPY.decode(member.bytes[...], source: "\(source):\(member.name)")
        }
        return frame
    }

    /// An archive holding each tensor of `frame` as `name.npy`, deflated (like `np.savez_compressed`).
    /// Members of 4 GiB or more are refused before any is converted (no ZIP64 here).
    public static func encode(_ frame: Frame) throws -> [UInt8] {
        for (name, tensor) in frame.tensors {
            let (bytes, overflow) = tensor.count.multipliedReportingOverflow(by: tensor.dtype.size)
            guard !overflow, bytes < 0xFFFF_FFFF - 4096 else {
                throw StreamError.cannotWrite(detail: ".npz members of 4 GiB or more are not supported ('\(name)' has \(tensor.count) elements of \(tensor.dtype.size) bytes); write .npy or a stream instead")
            }
        }
        return try ZipArchive.write(frame.tensors.map { .init(name: $0.name + ".npy", bytes: NPY.encode($0.tensor)) })
    }
}
