import Foundation
@testable import TensorCore
@testable import TensorStream

/// Encodes frames into bytes through a pipe-free path: a temporary file.
func encode(_ frames: [Frame]) throws -> [UInt8] {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ts-\(UUID().uuidString)").path
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0)
    let sink = ByteSink(descriptor: fd, name: path)
    let writer = FrameWriter(sink: sink)
    for frame in frames { try writer.write(frame) }
    try sink.flush()
    close(fd)
    defer { unlink(path) }
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Decodes every frame of `bytes`.
func decode(_ bytes: [UInt8]) throws -> [Frame] {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ts-\(UUID().uuidString)")
    try Data(bytes).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    let input = try TensorInput(path: path.path)
    var frames: [Frame] = []
    while let frame = try input.next() { frames.append(frame) }
    return frames
}

func bytes(base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64)!) }

/// A frame with one tensor of every dtype and both kinds of attribute.
func sampleFrame(rows: Int = 3) -> Frame {
    var frame = Frame()
    frame["data"] = Tensor(shape: [rows, 4], floats: (0..<(rows * 4)).map { Float($0) * 0.5 - 1 })
    frame["dc"] = Tensor(shape: [rows], doubles: (0..<rows).map { Double($0) / 3 })
    frame["pos"] = Tensor(shape: [rows, 2], ints: (0..<(rows * 2)).map { Int32($0) - 2 })
    frame["mask"] = Tensor(shape: [rows], bytes: (0..<rows).map { UInt8($0 * 100 % 256) })
    frame.setAttribute("stride", .number(4))
    frame.setAttribute("image", .string("café ☕.png"))
    frame.setAttribute("eps", .number(1e-300))
    return frame
}
