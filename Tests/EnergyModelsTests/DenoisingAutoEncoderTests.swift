import NeuralNetworks
import Testing
@testable import EnergyModels

/// The network's parameters: names and shapes, the tie, the round trip through saved
/// parameters, and the checks on them.
@Suite struct DenoisingAutoEncoderTests {
    @Test func parameterShapesUntiedAndTied() {
        let untied = DAEArchitecture(features: 4, hidden: 3, reconstruction: .squaredError)
        #expect(untied.parameterShapes.map(\.name) == ["encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias"])
        #expect(untied.parameterShapes.map(\.shape) == [[4, 3], [3], [3, 4], [4]])
        #expect(untied.parameterCount == 12 + 3 + 12 + 4)
        var tied = untied
        tied.tied = true
        #expect(tied.parameterShapes.map(\.name) == ["encoder.weight", "encoder.bias", "decoder.bias"])
        #expect(tied.parameterCount == 12 + 3 + 4)
    }

    /// With tied weights the decoder's W′ is the encoder's W transposed.
    @Test func tiedDecoderIsTheTranspose() throws {
        let model = try DenoisingAutoEncoder(architecture: DAEArchitecture(features: 4, hidden: 3, tied: true, reconstruction: .squaredError), seed: 1)
        let decoder = model.decoder
        for j in 0..<4 {
            for k in 0..<3 { #expect(decoder.weights[k * 4 + j] == model.encoder.weights[j * 3 + k]) }
        }
    }

    /// The tiled transpose against the definition, on sizes that leave partial tiles.
    @Test(arguments: [(1, 1), (3, 70), (70, 45), (64, 32)])
    func transposeMovesEveryElement(_ size: (rows: Int, columns: Int)) {
        var data = DAETestRows(seed: 10)
        let matrix = data.uniform(size.rows * size.columns)
        let result = transposed(matrix, rows: size.rows, columns: size.columns)
        #expect(result.count == matrix.count)
        for r in 0..<size.rows {
            for c in 0..<size.columns { #expect(result[c * size.rows + r] == matrix[r * size.columns + c]) }
        }
    }

    /// Filter k is the column k of the encoder's W: the weights into hidden unit k.
    @Test func filtersAreTheHiddenUnitsWeights() throws {
        let model = try DenoisingAutoEncoder(architecture: DAEArchitecture(features: 5, hidden: 3, reconstruction: .squaredError), seed: 6)
        let filters = model.filters
        #expect(filters.count == 15)
        for k in 0..<3 {
            for j in 0..<5 { #expect(filters[k * 5 + j] == model.encoder.weights[j * 3 + k]) }
        }
    }

    @Test(arguments: [false, true])
    func roundTripThroughParameters(_ tied: Bool) throws {
        let architecture = DAEArchitecture(features: 5, hidden: 4, activation: .relu, tied: tied, reconstruction: .crossEntropy)
        let model = try DenoisingAutoEncoder(architecture: architecture, seed: 3)
        let copy = try DenoisingAutoEncoder(architecture: architecture, parameters: model.parameters)
        #expect(copy == model)
        #expect(try DenoisingAutoEncoder(architecture: architecture, seed: 4) != model)
    }

    @Test func mismatchedParametersAreRejected() throws {
        let architecture = DAEArchitecture(features: 2, hidden: 2, reconstruction: .squaredError)
        var parameters = try DenoisingAutoEncoder(architecture: architecture, seed: 1).parameters
        #expect(throws: DenoisingAutoEncoderError.parameterMismatch("3 parameter tensors, the architecture has 4")) {
            try DenoisingAutoEncoder(architecture: architecture, parameters: Array(parameters.dropLast()))
        }
        parameters[2].values[0] = .nan
        #expect(throws: DenoisingAutoEncoderError.parameterMismatch("decoder.weight has non-finite values")) {
            try DenoisingAutoEncoder(architecture: architecture, parameters: parameters)
        }
        parameters[2] = NamedParameter(name: "decoder.weight", shape: [4], values: [0, 0, 0, 0])
        #expect(throws: DenoisingAutoEncoderError.parameterMismatch("decoder.weight [4] where decoder.weight [2, 2] belongs")) {
            try DenoisingAutoEncoder(architecture: architecture, parameters: parameters)
        }
    }

    /// The code is in (0, 1) with the sigmoid and ≥ 0 with the ReLU; restoration with the
    /// cross-entropy is in (0, 1).
    @Test func codeAndRestorationRanges() throws {
        var data = DAETestRows(seed: 9)
        let x = data.uniform(8 * 6, -3, 3)
        let sigmoidModel = try DenoisingAutoEncoder(architecture: DAEArchitecture(features: 6, hidden: 5, reconstruction: .crossEntropy), seed: 2)
        #expect(sigmoidModel.encode(x, rows: 8).allSatisfy { $0 > 0 && $0 < 1 })
        #expect(sigmoidModel.restore(x, rows: 8).allSatisfy { $0 > 0 && $0 < 1 })
        let reluModel = try DenoisingAutoEncoder(architecture: DAEArchitecture(features: 6, hidden: 5, activation: .relu, reconstruction: .squaredError), seed: 2)
        let code = reluModel.encode(x, rows: 8)
        #expect(code.allSatisfy { $0 >= 0 } && code.contains { $0 > 0 } && code.contains { $0 == 0 })
    }
}
