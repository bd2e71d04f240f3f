import ConvolutionalCoding
import ModelFiles
import TensorCore
import Testing

/// A convolutional encoder through a model file: round trip, the fingerprint tie to its
/// kernels, and the refusals of frames that are not usable encoders.
struct ConvolutionalEncoderModelTests {
    static let kernels = try! ConvolutionKernels.random(count: 3, channels: 3, height: 4, width: 5, seed: 9)
    static let kernelsModel = try! ConvolutionKernelsModel(frame: ConvolutionKernelsModel.frame(kernels: kernels, attributes: []), path: "k.lpt")

    static func model() -> ConvolutionalEncoderModel {
        let encoder = ConvolutionalEncoder(kernels: kernels, lambda: 0.1, depth: 2, lipschitz: 3)
        return ConvolutionalEncoderModel(encoder: encoder, lambda: 0.1, kernelsFingerprint: kernelsModel.fingerprint, attributes: [("seed", .string("7"))])
    }

    @Test func roundTripKeepsTheEncoder() throws {
        let read = try ModelFileTests.throughFile(Self.model().frame, ConvolutionalEncoderModel.read(path:))
        #expect(read.encoder == Self.model().encoder)
        #expect(read.lambda == 0.1 && read.frame.attribute("seed")?.string == "7")
        #expect(read.fits(Self.kernelsModel))
    }

    @Test func doesNotFitOtherKernels() throws {
        var changed = Self.kernels.values
        changed[5] += 1e-3
        let other = try ConvolutionKernels(count: 3, channels: 3, height: 4, width: 5, values: changed)
        let otherModel = try ConvolutionKernelsModel(frame: ConvolutionKernelsModel.frame(kernels: other, attributes: []), path: "o.lpt")
        #expect(otherModel.fingerprint != Self.kernelsModel.fingerprint)
        #expect(!Self.model().fits(otherModel))
    }

    @Test func refusals() {
        func edited(_ change: (inout Frame) -> Void) -> Frame {
            var frame = Self.model().frame
            change(&frame)
            return frame
        }
        let cases: [(String, Frame)] = [
            ("not a convolutional encoder", edited { $0.setAttribute("kind", .string("lista")) }),
            ("not a convolutional encoder", edited { $0["synthesis"] = nil }),
            ("'depth'", edited { $0.setAttribute("depth", .number(2.5)) }),
            ("'depth'", edited { $0.setAttribute("depth", .number(0)) }),
            ("shapes disagree", edited { $0["thresholds"] = Tensor(shape: [2], floats: [0, 0]) }),
            ("shapes disagree", edited { $0["synthesis"] = Tensor(shape: [3, 3, 5, 4], floats: [Float](repeating: 0, count: 180)) }),
            ("NaN or infinity", edited { $0["analysis"] = Tensor(shape: [3, 3, 4, 5], floats: [Float](repeating: .nan, count: 180)) }),
            ("negative threshold", edited { $0["thresholds"] = Tensor(shape: [3], floats: [0.1, -0.1, 0]) }),
            ("lambda", edited { $0.setAttribute("lambda", .number(-1)) }),
        ]
        for (message, frame) in cases {
            ModelFileTests.expectRefusal(message) { _ = try ConvolutionalEncoderModel(frame: frame, path: "e.lpt") }
        }
    }
}
