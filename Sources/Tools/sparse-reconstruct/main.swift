// sparse-reconstruct: codes back to rows, z · D.
import ModelFiles
import SparseCoding
import TensorCore
import TensorStream
import ToolSupport

let dictionaryOption = SharedOptions.dictionary(required: "a dictionary [atoms, features]")

let description = ToolDescription(
    name: "sparse-reconstruct",
    usage: "--dict FILE [options] [INPUT...]",
    summary: "Turn codes back into rows: data [rows, atoms] becomes data · D [rows, features].",
    details: """
    D is the dictionary [atoms, features] the codes were made with (one atom per row). Every
    other tensor (pos, dc, ...) and attribute passes through, so unpatchify can follow.
    Memory: the dictionary and one frame.
    """,
    options: [dictionaryOption],
    example: "sparse-encode --dict W.lpt < patches.lpt | sparse-reconstruct --dict W.lpt | unpatchify -o out.png")

ToolRunner.run(description) { context in
    let dictionary = try DictionaryModel.read(path: try context.value(dictionaryOption))
    try context.forEachFrame { frame in
        let codes = try frame.dataMatrix()
        guard codes.rowLength == dictionary.atoms else {
            throw ToolFailure("codes have \(codes.rowLength) values per row but the dictionary \(dictionary.path) has \(dictionary.atoms) atoms; use the dictionary the codes were made with")
        }
        try codes.requireFinite("codes")
        let rows = reconstruct(codes: codes.floats, rows: codes.rows, dictionary: dictionary.values,
                               atoms: dictionary.atoms, features: dictionary.features)
        var out = frame
        out["data"] = Tensor(shape: [codes.rows, dictionary.features], floats: rows)
        for key in ["lambda", "atoms", "features"] { out.setAttribute(key, nil) }
        try context.write(out)
    }
}
