/// A file format recognised from its first bytes when a PNG was expected, so that the error
/// can say what the file is and how to turn it into a PNG.
public enum ForeignFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg = "JPEG"
    case gif = "GIF"
    case bmp = "BMP"
    case tiff = "TIFF"
    case webp = "WebP"
    case netpbm = "Netpbm (PBM/PGM/PPM/PAM)"
    case tensorStream = "latentpipe tensor stream"
    case npy = "NumPy .npy"
    case zipArchive = "ZIP (or NumPy .npz)"

    /// The format whose signature starts `bytes`, or nil when none is recognised.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> ForeignFormat? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count
                && zip(bytes[offset..<(offset + prefix.count)], prefix).allSatisfy { $0 == $1 }
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("BM".utf8)) && bytes.count >= 14 { return .bmp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if bytes.count >= 3, bytes[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "7")).contains(bytes[1]),
           [0x20, 0x09, 0x0A, 0x0D].contains(bytes[2]) { return .netpbm }
        if starts(Array("LPTS".utf8)) { return .tensorStream }
        if starts([0x93] + Array("NUMPY".utf8)) { return .npy }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return .zipArchive }
        return nil
    }

    /// What to do instead, for the file `name` (a path, or `stdin`): a conversion command for
    /// images, the right tool for tensor files. One line, no trailing period.
    public func hint(for name: String) -> String {
        switch self {
        case .tensorStream, .npy, .zipArchive:
            return "PNG tools read images; for tensors use tensor-info, or unpatchify / montage to draw them as a PNG"
        default:
            let input = name == "stdin" ? "in.\(fileExtension)" : name
            let output = Self.replacingExtension(of: input)
            return "convert it first, e.g. `convert \(input) \(output)` (ImageMagick) or "
                + "`python3 -c \"from PIL import Image; Image.open('\(input)').save('\(output)')\"`"
        }
    }

    /// A usual file extension, for the example command when the input is stdin.
    var fileExtension: String {
        switch self {
        case .jpeg: return "jpg"
        case .gif: return "gif"
        case .bmp: return "bmp"
        case .tiff: return "tif"
        case .webp: return "webp"
        case .netpbm: return "pnm"
        case .tensorStream: return "lpt"
        case .npy: return "npy"
        case .zipArchive: return "npz"
        }
    }

    /// `name` with its extension (if any) replaced by `.png`.
    static func replacingExtension(of name: String) -> String {
        let file = name.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? name
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return name + ".png" }
        return String(name.dropLast(file.distance(from: dot, to: file.endIndex))) + ".png"
    }
}
