import Foundation
import Testing

/// Every tool's --help names each of its flags (the contract in the issues and the brief),
/// gives an example, and exits 0 on stdout; --version answers.
struct HelpTests {
    static let common = ["-h", "--help", "--version", "-o", "--output", "--quiet", "--progress", "--list-options"]
    static let flags: [String: [String]] = [
        "patchify": ["--patch-size", "--size", "--stride", "--random", "--seed", "--color", "--no-center", "--batch-size"],
        "unpatchify": ["--depth", "--blend", "--weight"],
        "whiten": ["--model", "--save", "--inverse", "--eps", "--method"],
        "sparse-encode": ["--dict", "--lambda", "--alpha", "--max-iter", "--iters", "--tol", "--algorithm", "--positive", "--report", "--encoder", "--atoms-per-row", "--n-nonzero-coefs", "--error"],
        "sparse-reconstruct": ["--dict"],
        "dict-learn": ["--atoms", "--n-components", "--lambda", "--alpha", "--batch-size", "--epochs", "--steps", "--seed", "--init", "--holdout", "--save-every", "--algorithm", "--tol", "--max-iter", "--positive", "--positive-dict", "--report"],
        "lista-train": ["--dict", "--depth", "--lambda", "--alpha", "--epochs", "--lr", "--batch-size", "--seed", "--holdout", "--positive", "--curve", "--report"],
        "tensor-diff": ["--tensor", "--per-row"],
        "montage": ["--cols", "--tile", "--pad", "--scale", "--max-tiles", "--stretch", "--range", "--depth"],
        "tensor-info": ["--summary"],
        "tensor-convert": ["--to", "--tensor", "--batch-size"],
        "psnr": ["--color"],
        "noise-sigma": ["--color"],
        "inpaint": ["--dict", "--mask", "--sigma", "--gain", "--atoms-per-row", "--stride", "--color", "--depth"],
        "plot": ["--x", "--y", "--log-x", "--log-y", "--title", "--xlabel", "--ylabel", "--size", "--xmin", "--xmax", "--ymin", "--ymax", "--markers", "--no-markers", "--legend"],
        "scatter": ["--points", "--labels", "--logvar", "--sd", "--prior", "--title", "--xlabel", "--ylabel", "--size", "--xmin", "--xmax", "--ymin", "--ymax",
                    "--legend", "--max-points"],
        "dict-info": ["--patch-size", "--size", "--window", "--seed", "--per-atom", "--json"],
        "kernel-bench": ["--m", "--k", "--n", "--threads", "--repeat", "--form"],
        "fft-bench": ["--height", "--width", "--arrays", "--threads", "--repeat"],
        "highpass": ["--lambda", "--pad", "--color"],
        "csc-encode": ["--kernels", "--lambda", "--alpha", "--max-iter", "--iters", "--tol", "--algorithm", "--target-energy", "--tile", "--encoder", "--report"],
        "csc-ae-train": ["--kernels", "--depth", "--lambda", "--alpha", "--epochs", "--lr", "--batch-size", "--crop", "--holdout", "--seed",
                         "--max-iter", "--iters", "--tol", "--curve", "--report"],
        "csc-reconstruct": ["--kernels", "--png", "--no-lowpass", "--depth"],
        "csc-learn": ["--kernels", "--n-components", "--kernel-size", "--color", "--lambda", "--alpha", "--epochs", "--seed", "--max-iter",
                      "--kernel-iter", "--init", "--crop", "--save-every", "--resume", "--held-out"],
        "split-rows": ["--test-size", "--seed", "--train", "--test"],
        "augment": ["--shift", "--rotate", "--crop", "--noise", "--contrast", "--brightness", "--views", "--nudge", "--seed"],
        "linear-probe": ["--train-fraction", "--folds", "--test", "--C", "--inner-folds", "--seed"],
        "vae-train": ["--latent", "--hidden", "--epochs", "--batch-size", "--lr", "--beta", "--likelihood", "--output-sd", "--holdout", "--held-out",
                      "--seed", "--curve", "--save-every", "--resume", "--report"],
        "vae-encode": ["--model", "--elbo", "--seed", "--report"],
        "vae-sample": ["--model", "--count", "--seed", "--grid", "--range", "--from", "--interpolate"],
        "contrast-train": ["--dim", "--hidden", "--temperature", "--tau", "--negatives", "--momentum", "--epochs", "--batch-size", "--lr",
                           "--shift", "--rotate", "--crop", "--noise", "--contrast", "--brightness", "--holdout", "--held-out", "--seed",
                           "--curve", "--report"],
        "embed": ["--model", "--projection"],
        "toy-data": ["--kind", "--count", "--n-samples", "--noise", "--seed"],
        "ebm-train": ["--hidden", "--cd", "--pcd", "--particles", "--step-size", "--alpha", "--restart", "--epochs", "--batch-size", "--lr",
                      "--holdout", "--seed", "--curve", "--report"],
        "dae-train": ["--hidden", "--noise", "--activation", "--loss", "--tied", "--epochs", "--batch-size", "--lr", "--holdout", "--seed",
                      "--curve", "--report"],
        "dae-denoise": ["--model", "--energy"],
        "energy-map": ["--model", "--labels", "--grid", "--title", "--size", "--xmin", "--xmax", "--ymin", "--ymax", "--vmin", "--vmax"],
        "rbm-train": ["--hidden", "--visible", "--cd", "--pcd", "--particles", "--steps", "--lr", "--batch-size", "--epochs", "--holdout", "--held-out", "--in-order",
                      "--seed", "--curve", "--report"],
        "rbm-sample": ["--model", "--steps", "--count", "--from-chains", "--seed"],
    ]

    @Test(arguments: flags.keys.sorted())
    func helpMentionsEveryFlag(tool: String) throws {
        let result = try ToolProcess.run(tool, ["--help"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasPrefix("usage: \(tool)"))
        #expect(text.contains("example:"))
        for flag in Self.flags[tool]! + Self.common {
            let pattern = flag + (flag.hasPrefix("--") ? "" : ",")
            #expect(text.contains(pattern), "\(tool) --help does not mention \(flag)")
        }
    }

    @Test(arguments: flags.keys.sorted())
    func versionAndShortHelp(tool: String) throws {
        let version = try ToolProcess.run(tool, ["--version"])
        #expect(version.status == 0)
        #expect(String(decoding: version.stdout, as: UTF8.self).hasPrefix("\(tool) (latentpipe) "))
        let short = try ToolProcess.run(tool, ["-h"])
        #expect(short.status == 0 && !short.stdout.isEmpty)
    }

    @Test func defaultsAreStated() throws {
        let text = String(decoding: try ToolProcess.run("sparse-encode", ["--help"]).stdout, as: UTF8.self)
        for fragment in ["from 1 to 10000000; default: 1000)", "default: 0.0001)", "default: auto)", "one of auto, lars, cd, fista, ista", "1/2 ||y - z D||^2 + lambda ||z||_1", "alpha"] {
            #expect(text.contains(fragment), "missing \(fragment)")
        }
    }
}
