import Foundation
import ModelFiles
import SparseCoding
import TensorCore
import TensorStream
import Testing

/// Round trips of every model file through the stream format, and the refusals of files that
/// are not usable models.
struct ModelFileTests {
    /// `frame` written to a new stream file; the file's path.
    static func file(_ frame: Frame) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("latentpipe-model-\(UUID().uuidString).lpt").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        let sink = ByteSink(descriptor: descriptor, name: path)
        try FrameWriter(sink: sink).write(frame)
        try sink.flush()
        close(descriptor)
        return path
    }

    /// Reads `frame` back through a file with `read`, removing the file after.
    static func throughFile<Model>(_ frame: Frame, _ read: (String) throws -> Model) throws -> Model {
        let path = try file(frame)
        defer { unlink(path) }
        return try read(path)
    }

    static func expectRefusal(_ message: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("accepted a file that should be refused (\(message))")
        } catch let error as ModelFileError {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    static let atoms = 3, features = 4
    static let values: [Float] = (0..<12).map { Float($0) / 7 - 0.5 }

    @Test func dictionaryRoundTrip() throws {
        let frame = DictionaryModel.frame(values: Self.values, atoms: Self.atoms, features: Self.features,
                                          attributes: [("lambda", .number(0.25)), ("patch_height", .number(2))])
        let model = try Self.throughFile(frame, DictionaryModel.read(path:))
        #expect(model.values == Self.values && model.atoms == 3 && model.features == 4)
        #expect(model.frame.attribute("kind")?.string == "dictionary")
        #expect(model.frame.attribute("lambda")?.number == 0.25)
        #expect(model.fingerprint.count == 16)
        #expect(model.fingerprint == DictionaryModel.fingerprint(Self.values, atoms: 3, features: 4))
        #expect(model.fingerprint != DictionaryModel.fingerprint(Self.values, atoms: 4, features: 3))
    }

    @Test func dictionaryRefusals() {
        var vector = Frame()
        vector["data"] = Tensor(shape: [12], floats: Self.values)
        Self.expectRefusal("a dictionary is a matrix") { _ = try DictionaryModel(frame: vector, path: "v.lpt") }
        var nan = Frame()
        nan["data"] = Tensor(shape: [3, 4], floats: [.nan] + Self.values.dropFirst())
        Self.expectRefusal("NaN or infinity") { _ = try DictionaryModel(frame: nan, path: "n.lpt") }
        var two = Frame()
        two["a"] = Tensor(shape: [3, 4], floats: Self.values)
        two["b"] = Tensor(shape: [3, 4], floats: Self.values)
        Self.expectRefusal("more than one array") { _ = try DictionaryModel(frame: two, path: "t.lpt") }
    }

    static func whiteningModel() -> WhiteningModel {
        var statistics = CovarianceAccumulator(features: 3)
        statistics.add([1, 2, 0.5, -1, 0, 2, 0.25, 3, -2, 4, 1, 1], count: 4)
        return WhiteningModel(fitting: statistics, method: .pca, eps: 0.05)
    }

    @Test func whiteningRoundTrip() throws {
        let model = Self.whiteningModel()
        let read = try Self.throughFile(model.frame(rows: 4), WhiteningModel.read(path:))
        #expect(read == model)
    }

    @Test func whiteningRefusals() throws {
        var frame = Self.whiteningModel().frame(rows: 4)
        frame["matrix"] = Tensor(shape: [2, 2], floats: [1, 0, 0, 1])
        Self.expectRefusal("shapes disagree") { _ = try WhiteningModel(frame: frame, path: "w.lpt") }
        var noMethod = Self.whiteningModel().frame(rows: 4)
        noMethod.setAttribute("method", .string("zzz"))
        Self.expectRefusal("not a whitening model") { _ = try WhiteningModel(frame: noMethod, path: "w.lpt") }
        var infinite = Self.whiteningModel().frame(rows: 4)
        infinite["mean"] = Tensor(shape: [3], floats: [0, .infinity, 0])
        Self.expectRefusal("NaN or infinity") { _ = try WhiteningModel(frame: infinite, path: "w.lpt") }
        var negative = Self.whiteningModel().frame(rows: 4)
        negative.setAttribute("eps", .number(-1))
        Self.expectRefusal("eps") { _ = try WhiteningModel(frame: negative, path: "w.lpt") }
    }

    static func listaModel() -> LISTAModel {
        let encoder = LISTAEncoder(dictionary: values, atoms: atoms, features: features, lambda: 0.1, depth: 3, positive: true)
        return LISTAModel(encoder: encoder, lambda: 0.1, dictionaryFingerprint: DictionaryModel.fingerprint(values, atoms: atoms, features: features))
    }

    @Test func listaRoundTrip() throws {
        let model = Self.listaModel()
        let read = try Self.throughFile(model.frame(attributes: [("seed", .string("7"))]), LISTAModel.read(path:))
        #expect(read.encoder == model.encoder)
        #expect(read.lambda == 0.1 && read.dictionaryFingerprint == model.dictionaryFingerprint)
    }

    @Test(arguments: [0.0, -1, 2.5, 1e300, .infinity, .nan, 100_001])
    func listaDepthMustBeAWholeNumberInRange(depth: Double) {
        var frame = Self.listaModel().frame(attributes: [])
        frame.setAttribute("depth", .number(depth))
        Self.expectRefusal("'depth'") { _ = try LISTAModel(frame: frame, path: "l.lpt") }
    }

    @Test func listaRefusals() {
        var negative = Self.listaModel().frame(attributes: [])
        negative["thresholds"] = Tensor(shape: [3], floats: [0.1, -0.01, 0.1])
        Self.expectRefusal("threshold of atom 1") { _ = try LISTAModel(frame: negative, path: "l.lpt") }
        var shapes = Self.listaModel().frame(attributes: [])
        shapes["mutual"] = Tensor(shape: [2, 2], floats: [1, 0, 0, 1])
        Self.expectRefusal("shapes disagree") { _ = try LISTAModel(frame: shapes, path: "l.lpt") }
        var kind = Self.listaModel().frame(attributes: [])
        kind.setAttribute("kind", .string("dictionary"))
        Self.expectRefusal("not a LISTA encoder") { _ = try LISTAModel(frame: kind, path: "l.lpt") }
        var nan = Self.listaModel().frame(attributes: [])
        nan["filter"] = Tensor(shape: [4, 3], floats: [Float](repeating: .nan, count: 12))
        Self.expectRefusal("NaN or infinity") { _ = try LISTAModel(frame: nan, path: "l.lpt") }
        var lambda = Self.listaModel().frame(attributes: [])
        lambda.setAttribute("lambda", .number(-2))
        Self.expectRefusal("lambda") { _ = try LISTAModel(frame: lambda, path: "l.lpt") }
    }
}
