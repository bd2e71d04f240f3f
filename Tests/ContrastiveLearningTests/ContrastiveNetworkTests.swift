import Testing
import NeuralNetworks
import TensorCore
@testable import ContrastiveLearning

/// The network's forward passes against plain loops, its parameter order and initialisation,
/// and the errors of bad parameters and architectures.
@Suite struct ContrastiveNetworkTests {
    static let twoLayers = ContrastiveArchitecture(features: 6, hidden: [5, 4], dimension: 3)

    @Test(arguments: [[5], [5, 4]])
    func representAndProjectMatchPlainLoops(hidden: [Int]) throws {
        let architecture = ContrastiveArchitecture(features: 6, hidden: hidden, dimension: 3)
        let network = try ContrastiveNetwork(architecture: architecture, seed: 8)
        let rows = 7
        let x = uniformValues(rows * 6, seed: 30)
        let h = network.represent(x, rows: rows), z = network.project(x, rows: rows)
        #expect(h.count == rows * architecture.representationWidth)
        #expect(z.count == rows * 3)
        let reference = ReferenceContrastiveNetwork(network)
        var zeros = 0
        for r in 0..<rows {
            let row = ReferenceContrastiveNetwork.row(x, r, width: 6)
            let wantedH = reference.represent(row), wantedZ = reference.forward(row).projection
            let width = hidden.last!
            for j in 0..<width { #expect(abs(Double(h[r * width + j]) - wantedH[j]) <= 1e-5, "h[\(r), \(j)]") }
            for j in 0..<3 { #expect(abs(Double(z[r * 3 + j]) - wantedZ[j]) <= 1e-5, "z[\(r), \(j)]") }
            zeros += wantedH.filter { $0 == 0 }.count
        }
        // h is after the ReLU: some units are off, none negative.
        #expect(zeros > 0 && h.allSatisfy { $0 >= 0 })
    }

    @Test func parametersFollowTheDesignsNamesShapesAndInitialisation() throws {
        let expected: [(String, [Int])] = [
            ("encoder.0.weight", [6, 5]), ("encoder.0.bias", [5]), ("encoder.1.weight", [5, 4]), ("encoder.1.bias", [4]),
            ("head.0.weight", [4, 4]), ("head.0.bias", [4]), ("head.1.weight", [4, 3]), ("head.1.bias", [3]),
        ]
        let network = try ContrastiveNetwork(architecture: Self.twoLayers, seed: 17)
        #expect(network.parameters.map(\.name) == expected.map(\.0))
        #expect(network.parameters.map(\.shape) == expected.map(\.1))
        #expect(Self.twoLayers.parameterCount == expected.map { $0.1.reduce(1, *) }.reduce(0, +))
        // nn.Linear's U(±1/√inputs) from one generator, layer after layer, W row-major then b.
        var generator = SeededGenerator(seed: 17)
        for index in stride(from: 0, to: expected.count, by: 2) {
            let bound = 1 / Double(expected[index].1[0]).squareRoot()
            for parameter in network.parameters[index...(index + 1)] {
                let drawn = parameter.values.indices.map { _ in Float((2 * generator.unit() - 1) * bound) }
                #expect(parameter.values == drawn, "\(parameter.name)")
            }
        }
        #expect(try ContrastiveNetwork(architecture: Self.twoLayers, seed: 18) != network)
    }

    @Test func parametersRoundTrip() throws {
        let network = try ContrastiveNetwork(architecture: Self.twoLayers, seed: 5)
        let rebuilt = try ContrastiveNetwork(architecture: Self.twoLayers, parameters: network.parameters)
        #expect(rebuilt == network)
        let x = uniformValues(3 * 6, seed: 31)
        #expect(rebuilt.project(x, rows: 3) == network.project(x, rows: 3))
    }

    /// Each way a parameter list can miss the architecture, and the parameter the message names.
    @Test func parametersThatDoNotFitAreRejected() throws {
        let good = try ContrastiveNetwork(architecture: Self.twoLayers, seed: 5).parameters
        var renamed = good
        renamed[2].name = "encoder.2.weight"
        var reshaped = good
        reshaped[4].shape = [2, 8]             // same count, other shape
        var short = good
        short[5].values.removeLast()
        var infinite = good
        infinite[7].values[1] = .infinity
        var notANumber = good
        notANumber[0].values[3] = .nan
        let cases: [(String, [NamedParameter], String)] = [
            ("one tensor missing", Array(good.dropLast()), "7 parameter tensors"),
            ("one tensor too many", good + [good[7]], "9 parameter tensors"),
            ("a wrong name", renamed, "encoder.2.weight"),
            ("a wrong shape", reshaped, "head.0.weight [2, 8]"),
            ("values short of the shape", short, "head.0.bias"),
            ("an infinite value", infinite, "head.1.bias has non-finite"),
            ("a NaN", notANumber, "encoder.0.weight has non-finite"),
            ("another architecture's", try ContrastiveNetwork(architecture: .init(features: 6, hidden: [5], dimension: 3), seed: 5).parameters,
             "6 parameter tensors"),
        ]
        for (what, parameters, mentioned) in cases {
            do {
                _ = try ContrastiveNetwork(architecture: Self.twoLayers, parameters: parameters)
                Issue.record("\(what): accepted")
            } catch let ContrastiveLearningError.parameterMismatch(reason) {
                #expect(reason.contains(mentioned), "\(what): \(reason)")
            }
        }
    }

    @Test func badArchitecturesAreRejectedWithTheReason() {
        let cases: [(ContrastiveArchitecture, String)] = [
            (.init(features: 0, hidden: [4], dimension: 2), "features"),
            (.init(features: 6, hidden: [4], dimension: 0), "dimension"),
            (.init(features: 6, hidden: [], dimension: 2), "one or two hidden layers"),
            (.init(features: 6, hidden: [4, 4, 4], dimension: 2), "one or two hidden layers"),
            (.init(features: 6, hidden: [0], dimension: 2), "hidden widths"),
            (.init(features: 6, hidden: [3, -1], dimension: 2), "hidden widths"),
        ]
        for (architecture, mentioned) in cases {
            #expect(throws: ContrastiveLearningError.self) { try architecture.validate() }
            do {
                _ = try ContrastiveNetwork(architecture: architecture, seed: 1)
                Issue.record("\(architecture) accepted")
            } catch let ContrastiveLearningError.invalidArchitecture(reason) {
                #expect(reason.contains(mentioned), "\(reason)")
            } catch {
                Issue.record("\(architecture): \(error)")
            }
        }
        #expect(throws: Never.self) { try ContrastiveArchitecture(features: 1, hidden: [1, 1], dimension: 1).validate() }
    }

    @Test func rowsOfAnotherWidthOrNotFiniteAreRejected() throws {
        let architecture = Self.twoLayers
        #expect(throws: Never.self) { try architecture.validate(rows: uniformValues(12, seed: 1), count: 2) }
        #expect(throws: ContrastiveLearningError.invalidRows("13 values are not 2 rows of 6 features")) {
            try architecture.validate(rows: uniformValues(13, seed: 1), count: 2)
        }
        var rows = uniformValues(18, seed: 1)
        rows[14] = .nan
        do {
            try architecture.validate(rows: rows, count: 3)
            Issue.record("a NaN accepted")
        } catch let ContrastiveLearningError.invalidRows(reason) {
            #expect(reason.hasPrefix("row 2 "), "\(reason)")
        }
    }
}
