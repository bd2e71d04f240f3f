// embed: rows → the representation a trained encoder gives them (contrast-train's h or z, a VAE's mean, an RBM's p(h|v), a DAE's hidden units).
import ModelFiles
import TensorCore
import ToolSupport

let modelOption = OptionSpec<String>("model", value: "MODEL", required: "the encoder to embed with", help: "a model written by contrast-train, vae-train, rbm-train or dae-train; required")
let projectionFlag = Flag("projection", help: "write the unit-length projection z of a contrastive model (what its loss compares) instead of its representation h")

let description = ToolDescription(
    name: "embed",
    usage: "--model MODEL [--projection] [INPUT...]",
    summary: "Embed rows with a trained encoder: a contrastive model's representation, a VAE's mean code, an RBM's hidden probabilities, a DAE's hidden units.",
    details: """
    For every row x of data [rows, features] (rows are samples) writes its code as data
    [rows, width]: for a contrast-train model the representation h, the output of the
    encoder's last ReLU layer (before the projection head; the features SimCLR evaluates),
    or with --projection the head's output z scaled to unit length; for a vae-train model
    the mean mu of q(z|x) (as vae-encode's data); for an rbm-train model the hidden
    probabilities p(h = 1 | v) = sigmoid(v W + c) [rows, hidden]; for a dae-train model its
    hidden units act(x W + b). Every other tensor (labels) and attribute passes through, so
    codes chain into linear-probe, scatter and plot. The model's kind decides; rows must have
    its width (and values in [0, 1] for a Bernoulli VAE, an RBM or a cross-entropy DAE).
    Frames are coded one at a time (memory: one frame).
    """,
    options: [modelOption, projectionFlag],
    example: "embed --model simclr.lpt test.lpt | linear-probe --folds 5")

ToolRunner.run(description) { context in
    let model = try EncoderModel.read(path: try context.value(modelOption), projection: context.has(projectionFlag))
    try context.forEachFrame { frame in
        let data = try frame.dataMatrix()
        guard data.rowLength == model.features else {
            throw ToolFailure("data rows have \(data.rowLength) features but the encoder \(model.path) takes \(model.features); use a model trained on this kind of row")
        }
        try data.requireFinite("data")
        var out = frame
        out["data"] = Tensor(shape: [data.rows, model.width], floats: try model.encode(data.floats, rows: data.rows))
        try context.write(out)
    }
}
