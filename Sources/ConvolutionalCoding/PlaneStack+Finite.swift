extension PlaneStack {
    /// Fails naming the channel, row and column of the first NaN or infinity, if any.
    public func requireFinite() throws(ConvolutionalCodingError) {
        if let bad = firstNonFinite {
            throw ConvolutionalCodingError("the image holds NaN or infinity (channel \(bad / planeSize), row \((bad % planeSize) / width), column \(bad % width)); clean it first")
        }
    }
}
