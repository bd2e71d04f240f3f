/// Constants and limits of the frame layout. The spec is `docs/stream-format.md`.
public enum FrameFormat {
    /// `LPTS` (latentpipe tensor stream), the first four bytes of every frame.
    public static let magic: [UInt8] = [0x4C, 0x50, 0x54, 0x53]
    public static let version: UInt16 = 1
    /// magic(4) version(2) flags(2) headerLength(4) headerCRC(4) payloadLength(8).
    public static let preludeSize = 24
    public static let maxHeaderBytes = 1 << 20
    public static let maxTensors = 64
    public static let maxAttributes = 1024
    public static let maxRank = 8
    public static let maxNameBytes = 255
    /// Largest payload one frame may carry; larger data is split into several frames.
    public static let maxPayloadBytes: UInt64 = 1 << 32
    public static let attributeNumber: UInt8 = 1
    public static let attributeString: UInt8 = 2
}
