import TensorCore
import TensorStream

/// Image frames from one input, PNG or image stream alike, so that every tool that takes
/// images (`highpass`, `csc-encode`, `csc-learn`) reads them the same way.
///
/// An image frame holds `data` f32 `[channels, height, width]` (planar CHW, samples as a PNG
/// reads, nominally [0, 1]) and the attributes `image` (the file name) and `image_index` (its
/// place among the images). A high-passed frame also carries `lowpass`, of the same shape.
///
/// A PNG is recognised by its signature bytes, not its name, and becomes one frame of 1
/// channel (Rec. 601 grey) or, with `color`, 3. Anything else is read as a stream (or `.npy`,
/// `.npz`) of image frames, taken as they are: their channel count is theirs (1 or 3), and
/// `color` does not convert them. Every frame is checked: a `data` tensor of rank 3 and
/// 1 or 3 channels, at least 1x1, finite samples, a `lowpass` (when present) of the same shape.
public final class ImageInput {
    /// The name used in messages: the path, or `stdin`.
    public let name: String
    private let color: Bool
    private var png: Frame?
    private let frames: TensorInput?
    /// Frames handed out so far.
    public private(set) var count = 0
    private let firstIndex: Int

    /// Opens `path` (`-` is standard input); `firstIndex` is the `image_index` its first image
    /// gets when the input does not say (the images the tool has read before this input).
    public init(path: String, color: Bool, firstIndex: Int) throws {
        let source = try ByteSource(path: path)
        name = source.name
        self.color = color
        self.firstIndex = firstIndex
        if try source.peek(pngSignature.count) == pngSignature {
            let image = try readPNG(data: try source.readAll(limit: pngMaxFileBytes), name: name, color: color)
            png = imageFrame(image, name: name, index: firstIndex)
            frames = nil
        } else {
            frames = try TensorInput(source: source)
        }
    }

    /// The next image frame, checked, or nil at the end of this input.
    public func next() throws -> Frame? {
        var frame: Frame
        if let frames {
            guard let read = try frames.next() else { return nil }
            frame = read
            if frame.attribute("image_index") == nil { frame.setAttribute("image_index", .number(Double(firstIndex + count))) }
            if frame.attribute("image") == nil { frame.setAttribute("image", .string(name)) }
        } else {
            guard let read = png else { return nil }
            frame = read
            png = nil
        }
        try Self.check(frame, name: name, number: count)
        count += 1
        return frame
    }

    /// The checks every image frame passes (see the type's comment).
    static func check(_ frame: Frame, name: String, number: Int) throws {
        func fail(_ what: String) -> ImageInputError { ImageInputError("\(name): image \(number): \(what)") }
        guard let data = frame["data"] else {
            let names = frame.tensors.map(\.name).joined(separator: ", ")
            throw fail("no 'data' tensor (it has: \(names.isEmpty ? "none" : names)); give PNG files or a stream of image frames data [channels, height, width]")
        }
        guard data.rank == 3, data.dtype == .f32 else {
            throw fail("'data' is \(data.dtype) \(data.shapeDescription), not an image f32 [channels, height, width] (patches? give the PNG files instead)")
        }
        guard data.shape[0] == 1 || data.shape[0] == 3 else {
            throw fail("'data' has \(data.shape[0]) channels (\(data.shapeDescription)); an image has 1 (grey) or 3 (RGB)")
        }
        guard data.shape[1] >= 1, data.shape[2] >= 1 else { throw fail("the image is empty (\(data.shapeDescription))") }
        if let lowpass = frame["lowpass"], lowpass.shape != data.shape || lowpass.dtype != .f32 {
            throw fail("'lowpass' is \(lowpass.dtype) \(lowpass.shapeDescription) but 'data' is \(data.shapeDescription); they must match")
        }
        for tensorName in ["data", "lowpass"] {
            guard let tensor = frame[tensorName], let index = tensor.firstNonFinite else { continue }
            let plane = data.shape[1] * data.shape[2]
            let (y, x) = ((index % plane) / data.shape[2], index % data.shape[2])
            throw fail("'\(tensorName)' holds NaN or infinity (channel \(index / plane), row \(y), column \(x)); clean the image first")
        }
    }
}

/// Calls `body` with every image of every input in turn (`paths`: PNG files or image streams,
/// `-` for standard input), numbering PNG images by their place among all images. No image at
/// all is an error.
public func forEachImage(in paths: [String], color: Bool, _ body: (Frame) throws -> Void) throws {
    var images = 0
    for path in paths {
        let input = try ImageInput(path: path, color: color, firstIndex: images)
        while let frame = try input.next() {
            try body(frame)
            images += 1
        }
        if input.count == 0 { throw StreamError.empty(source: input.name) }
    }
    guard images > 0 else { throw ImageInputError("no image given (give PNG files or an image stream)") }
}

/// The image frame of `image`: `data` f32 `[channels, height, width]`, `image` = `name`,
/// `image_index` = `index`.
public func imageFrame(_ image: Image, name: String, index: Int) -> Frame {
    var frame = Frame()
    frame["data"] = Tensor(shape: [image.channels, image.height, image.width], floats: image.planarSamples)
    frame.setAttribute("image", .string(name))
    frame.setAttribute("image_index", .number(Double(index)))
    return frame
}

extension Frame {
    /// The name of the image an image frame holds (its `image` attribute, which `ImageInput`
    /// always sets), for messages.
    public var imageName: String { attribute("image")?.string ?? "image" }
}

/// A problem with an image input, worded to follow `tool: `.
public struct ImageInputError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
