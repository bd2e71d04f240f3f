/// Everything that can go wrong reading or writing a tensor stream, each with a one-line
/// description fit to follow `tool: ` on stderr.
public enum StreamError: Error, CustomStringConvertible, Equatable {
    /// The input does not start with a frame magic, `.npy` or `.npz` signature.
    case notAStream(source: String, firstBytes: [UInt8])
    /// The input has no frame at all.
    case empty(source: String)
    case unsupportedVersion(source: String, version: Int)
    /// The input ended inside a frame.
    case truncated(source: String, frame: Int, detail: String)
    /// A header that cannot be right (bad lengths, unknown dtype, shapes that do not add up).
    case corruptHeader(source: String, frame: Int, detail: String)
    case checksumMismatch(source: String, frame: Int, part: String)
    case tooLarge(source: String, frame: Int, detail: String)
    /// A file read whole (`.npy`, `.npz`) that is larger than `limit` bytes.
    case fileTooLarge(source: String, limit: Int)
    /// A model file (one frame expected) that holds more than one frame.
    case moreThanOneFrame(source: String)
    /// A `.npy`/`.npz` file we cannot read.
    case badNumpy(source: String, detail: String)
    /// A tensor that cannot be written (too large for a format, a name too long, ...).
    case cannotWrite(detail: String)
    case io(path: String, operation: String, message: String)
    /// The reader of our output went away (`| head`); tools end quietly on it.
    case brokenPipe

    public var description: String {
        switch self {
        case let .notAStream(source, bytes):
            let shown = bytes.prefix(8).map { b -> String in
                (0x20..<0x7f).contains(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16, uppercase: false).leftPadded(2)
            }.joined()
            return "\(source): not a tensor stream (starts with \"\(shown)\"; expected a latentpipe stream, .npy or .npz)"
        case let .empty(source):
            return "\(source): empty input (no frames; is the tool before this one failing?)"
        case let .unsupportedVersion(source, version):
            return "\(source): stream format version \(version) is not supported (this build reads version \(FrameFormat.version); upgrade latentpipe)"
        case let .truncated(source, frame, detail):
            return "\(source): truncated stream: frame \(frame) ends early (\(detail))"
        case let .corruptHeader(source, frame, detail):
            return "\(source): corrupt header in frame \(frame): \(detail)"
        case let .checksumMismatch(source, frame, part):
            return "\(source): frame \(frame) is corrupted: \(part) CRC-32 does not match"
        case let .tooLarge(source, frame, detail):
            return "\(source): frame \(frame) is too large: \(detail)"
        case let .fileTooLarge(source, limit):
            return "\(source): larger than \(limit) bytes, the most read whole (.npy and .npz are read whole; store the data as a stream, which is read frame by frame)"
        case let .moreThanOneFrame(source):
            return "\(source): holds more than one frame; a model file (dictionary, encoder, whitening model) holds exactly one"
        case let .badNumpy(source, detail):
            return "\(source): \(detail)"
        case let .cannotWrite(detail):
            return "cannot write: \(detail)"
        case let .io(path, operation, message):
            return "\(path): cannot \(operation): \(message)"
        case .brokenPipe:
            return "output closed by the reader"
        }
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
