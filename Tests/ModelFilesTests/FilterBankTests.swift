import EnergyModels
import ModelFiles
import TensorCore
import Testing

/// The filters of a model: row j is column j of the weight matrix the file holds, read here
/// from the frame's own tensor with its own indexing; frames of other kinds have none.
struct FilterBankTests {
    /// Expects `filters` `[hidden, features]` to hold, at [j, i], the element [i, j] of the
    /// row-major `weight` `[features, hidden]`.
    static func expectColumns(_ filters: Tensor, of weight: Tensor) {
        let (features, hidden) = (weight.shape[0], weight.shape[1])
        #expect(filters.shape == [hidden, features])
        let (w, f) = (weight.floats, filters.floats)
        for j in 0..<hidden {
            let column = (0..<features).map { w[$0 * hidden + j] }
            #expect(Array(f[(j * features)..<((j + 1) * features)]) == column, "filter \(j)")
        }
    }

    @Test func daeFiltersAreTheEncoderColumns() throws {
        for tied in [false, true] {
            let architecture = DAEArchitecture(features: 6, hidden: 4, activation: .sigmoid, tied: tied, reconstruction: .squaredError)
            let frame = DAEModel.frame(of: try DenoisingAutoEncoder(architecture: architecture, seed: 3), epochs: 0, attributes: [])
            let model = try DAEModel(frame: frame, path: "dae.lpt")
            let weight = try #require(frame["encoder.weight"])
            Self.expectColumns(model.filters, of: weight)
            let bank = try #require(try FilterBank(frame: frame, path: "dae.lpt"))
            #expect(bank.kind == "dae" && bank.filters == model.filters)
        }
    }

    @Test func rbmFiltersAreTheWeightColumns() throws {
        let (visible, hidden) = (5, 3)
        let weights = (0..<(visible * hidden)).map { Float($0) * 0.25 - 1 }
        let machine = try BernoulliRBM(visible: visible, hidden: hidden, weights: weights,
                                       visibleBias: [Float](repeating: 0, count: visible), hiddenBias: [Float](repeating: 0.5, count: hidden))
        let frame = RBMModel.frame(of: machine, chains: nil, epochs: 1, attributes: [])
        let model = try RBMModel(frame: frame, path: "rbm.lpt")
        Self.expectColumns(model.filters, of: try #require(frame["weight"]))
        // Hidden unit 1's weights into the 5 visible units: W[i, 1] = (3i + 1)/4 − 1.
        #expect(Array(model.filters.floats[5..<10]) == [-0.75, 0, 0.75, 1.5, 2.25])
        let bank = try #require(try FilterBank(frame: frame, path: "rbm.lpt"))
        #expect(bank.kind == "rbm" && bank.filters == model.filters)
    }

    @Test func otherFramesHaveNoFilters() throws {
        var plain = Frame()
        plain["data"] = Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        #expect(try FilterBank(frame: plain, path: "rows.lpt") == nil)
        plain.setAttribute("kind", .string("vae"))
        #expect(try FilterBank(frame: plain, path: "vae.lpt") == nil)
    }

    @Test func aDamagedModelIsRefused() throws {
        let architecture = DAEArchitecture(features: 3, hidden: 2, activation: .relu, tied: true, reconstruction: .squaredError)
        var frame = DAEModel.frame(of: try DenoisingAutoEncoder(architecture: architecture, seed: 1), epochs: 0, attributes: [])
        frame["encoder.weight"] = Tensor(shape: [2, 2], floats: [0, 0, 0, 0])
        ModelFileTests.expectRefusal("dae.lpt") { _ = try FilterBank(frame: frame, path: "dae.lpt") }
    }
}
