/// Input that convolutional sparse coding cannot use: kernels and images that disagree, non-finite
/// values, zero kernels, empty image sets. The description is one line saying what is wrong and
/// what to do, ready for a tool's `tool: message` line.
public struct ConvolutionalCodingError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}
