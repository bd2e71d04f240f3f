/// ADMM as SPORCO's ConvBPDN (being written; FISTA meanwhile).
struct ADMMSolver {
    let op: ConvolutionOperator
    let options: CSCEncoderOptions
    func solve(_ image: PlaneStack, warmStart: PlaneStack?) -> CSCEncodeResult {
        FISTASolver(op: op, options: options).solve(image, warmStart: warmStart)
    }
}
