import ConvolutionalCoding

extension ConvolutionKernelsModel {
    /// Checks that `image` (named `name` in messages) can be coded with these kernels: as many
    /// channels, and at least the kernels' size.
    /// - Throws: `ModelFileError` saying what differs and what to use instead.
    public func requireCodable(_ image: PlaneStack, name: String) throws {
        guard image.planes == kernels.channels else {
            let kind = image.planes == 1 ? "grey" : "colour"
            throw ModelFileError("\(name): the image has \(image.planes) channel\(image.planes == 1 ? "" : "s") but the kernels \(path) have \(kernels.channels); use kernels learned on \(kind) images (csc-learn\(image.planes == 3 ? " --color" : ""))")
        }
        guard image.height >= kernels.height, image.width >= kernels.width else {
            throw ModelFileError("\(name): the image (\(image.height)x\(image.width)) is smaller than the kernels (\(kernels.height)x\(kernels.width)) of \(path)")
        }
    }
}
