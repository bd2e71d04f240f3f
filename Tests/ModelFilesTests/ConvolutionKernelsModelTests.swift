import ConvolutionalCoding
import ModelFiles
import TensorCore
import Testing

/// Convolution kernels through a model file: round trip with attributes and learner state, and
/// the refusals of frames that are not usable kernels.
struct ConvolutionKernelsModelTests {
    static let kernels = try! ConvolutionKernels.random(count: 2, channels: 3, height: 3, width: 4, seed: 5)

    @Test func roundTripKeepsKernelsAndAttributes() throws {
        let frame = ConvolutionKernelsModel.frame(kernels: Self.kernels, attributes: [("lambda", .number(0.25)), ("epochs", .number(3))])
        let model = try ModelFileTests.throughFile(frame, ConvolutionKernelsModel.read(path:))
        #expect(model.kernels == Self.kernels)
        #expect(model.lambda == 0.25 && model.frame.attribute("kind")?.string == "csc-kernels")
        #expect(model.frame.attribute("epochs")?.number == 3)
        #expect(try model.learnerState() == nil)
    }

    @Test func learnerStateRoundTrips() throws {
        let learner = try OnlineKernelLearner(kernels: Self.kernels)
        let image = PlaneStack(planes: 3, height: 8, width: 9, values: (0..<(3 * 72)).map { Float(($0 * 37) % 11) / 11 - 0.5 })
        _ = try learner.learn(image)
        let state = learner.state
        let frame = ConvolutionKernelsModel.frame(kernels: state.kernels, attributes: [], state: state)
        let model = try ModelFileTests.throughFile(frame, ConvolutionKernelsModel.read(path:))
        #expect(try model.learnerState() == state)
    }

    @Test func refusals() throws {
        func frame(shape: [Int], values: [Float], kind: String? = nil) -> Frame {
            var frame = Frame()
            frame["data"] = Tensor(shape: shape, floats: values)
            if let kind { frame.setAttribute("kind", .string(kind)) }
            return frame
        }
        let read = { (f: Frame) in _ = try ModelFileTests.throughFile(f, ConvolutionKernelsModel.read(path:)) }
        ModelFileTests.expectRefusal("[kernels, channels, height, width]") { try read(frame(shape: [2, 9], values: .init(repeating: 1, count: 18))) }
        ModelFileTests.expectRefusal("1 (grey) or 3 (colour)") { try read(frame(shape: [1, 2, 2, 2], values: .init(repeating: 1, count: 8))) }
        ModelFileTests.expectRefusal("NaN") { try read(frame(shape: [1, 1, 1, 2], values: [1, .nan])) }
        ModelFileTests.expectRefusal("all zeros") { try read(frame(shape: [2, 1, 1, 2], values: [1, 0, 0, 0])) }
        ModelFileTests.expectRefusal("not convolution kernels") { try read(frame(shape: [1, 1, 1, 2], values: [1, 0], kind: "dictionary")) }
    }
}
