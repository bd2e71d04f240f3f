// dae-denoise: rows → the denoising auto-encoder's restored rows, and each row's energy.
import ModelFiles
import TensorCore
import ToolSupport

let modelOption = OptionSpec<String>("model", value: "MODEL", required: "the auto-encoder that restores the rows", help: "a model written by dae-train; required")
let energyFlag = Flag("energy", help: "also write each input row's energy, its reconstruction error: energy [rows]")

let description = ToolDescription(
    name: "dae-denoise",
    usage: "--model MODEL [--energy] [INPUT...]",
    summary: "Restore rows with a trained denoising auto-encoder, and give each row's energy (its reconstruction error).",
    details: """
    For every row x of data [rows, features] writes the auto-encoder's reconstruction r(x) as
    data [rows, features] (the denoised row: a corrupted row is moved back towards the data it
    was trained on). With --energy, also energy f64 [rows]: the reconstruction error of x
    itself (squared error or cross-entropy, as the model was trained), low on the data
    manifold and growing away from it. Every other tensor and attribute passes through.
    Rows must have the model's width (and values in [0, 1] for a cross-entropy model). Frames
    are restored one at a time (memory: one frame).
    """,
    options: [modelOption, energyFlag],
    example: "augment --noise 0.2 test.lpt | dae-denoise --model dae.lpt --energy | montage -o restored.png")

ToolRunner.run(description) { context in
    let model = try DAEModel.read(path: try context.value(modelOption))
    let features = model.architecture.features
    try context.forEachFrame { frame in
        let data = try frame.dataMatrix()
        guard data.rowLength == features else {
            throw ToolFailure("data rows have \(data.rowLength) features but the auto-encoder \(model.path) takes \(features); use a model trained on this kind of row")
        }
        let x = data.floats
        do { try model.architecture.validate(rows: x, count: data.rows) } catch { throw ToolFailure("\(error)") }
        var out = frame
        out["data"] = Tensor(shape: [data.rows, features], floats: data.rows > 0 ? model.autoEncoder.restore(x, rows: data.rows) : [])
        if context.has(energyFlag) {
            out["energy"] = Tensor(shape: [data.rows], doubles: data.rows > 0 ? model.autoEncoder.energies(x, rows: data.rows) : [])
        }
        try context.write(out)
    }
}
