/// Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives.
///
/// Stops when the largest gradient component is at most `gradientTolerance`, when a step no
/// longer lowers f, or after `maxIterations`. Deterministic.
public struct LBFGS: Sendable {
    public struct Options: Sendable {
        /// Stop when max |∂f/∂θⱼ| ≤ this.
        public var gradientTolerance: Double
        public var maxIterations: Int
        /// Correction pairs kept (scikit-learn's lbfgs keeps 10).
        public var memory: Int

        public init(gradientTolerance: Double = 1e-5, maxIterations: Int = 1000, memory: Int = 10) {
            self.gradientTolerance = gradientTolerance
            self.maxIterations = maxIterations
            self.memory = memory
        }
    }

    /// The minimiser found and how the run ended.
    public struct Result: Sendable {
        public let minimizer: [Double]
        public let value: Double
        /// max |∂f/∂θⱼ| at the minimiser.
        public let gradientNorm: Double
        public let iterations: Int
        public let converged: Bool
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Minimises f from `start`; `evaluate` returns f and ∇f.
    public func minimize(from start: [Double], _ evaluate: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        var x = start
        var (value, gradient) = evaluate(x)
        var steps: [[Double]] = [], changes: [[Double]] = [], curvatures: [Double] = []
        var iteration = 0
        while true {
            let norm = gradient.reduce(0) { max($0, abs($1)) }
            if norm <= options.gradientTolerance {
                return Result(minimizer: x, value: value, gradientNorm: norm, iterations: iteration, converged: true)
            }
            if iteration >= options.maxIterations {
                return Result(minimizer: x, value: value, gradientNorm: norm, iterations: iteration, converged: false)
            }
            var direction = Self.twoLoop(gradient, steps, changes, curvatures)
            var slope = dot(direction, gradient)
            if slope >= 0 {
                // Not a descent direction (lost curvature): restart from steepest descent.
                steps.removeAll(); changes.removeAll(); curvatures.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            var stepLength = steps.isEmpty ? min(1, 1 / max(norm, 1e-300)) : 1
            var accepted: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<60 {
                let candidate = zip(x, direction).map { $0 + stepLength * $1 }
                let (candidateValue, candidateGradient) = evaluate(candidate)
                if candidateValue.isFinite && candidateValue <= value + 1e-4 * stepLength * slope {
                    accepted = (candidate, candidateValue, candidateGradient)
                    break
                }
                stepLength *= 0.5
            }
            guard let accepted else {
                return Result(minimizer: x, value: value, gradientNorm: norm, iterations: iteration, converged: false)
            }
            let step = zip(accepted.x, x).map { $0 - $1 }
            let change = zip(accepted.gradient, gradient).map { $0 - $1 }
            let curvature = dot(step, change)
            if curvature > 1e-12 * dot(change, change).squareRoot() * dot(step, step).squareRoot() {
                steps.append(step); changes.append(change); curvatures.append(curvature)
                if steps.count > options.memory { steps.removeFirst(); changes.removeFirst(); curvatures.removeFirst() }
            }
            if accepted.value >= value {
                return Result(minimizer: x, value: value, gradientNorm: norm, iterations: iteration, converged: false)
            }
            (x, value, gradient) = accepted
            iteration += 1
        }
    }

    /// −H·g by the two-loop recursion over the stored pairs (H₀ = γI, γ = sᵀy / yᵀy of the newest).
    private static func twoLoop(_ gradient: [Double], _ steps: [[Double]], _ changes: [[Double]], _ curvatures: [Double]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for i in steps.indices.reversed() {
            alphas[i] = dot(steps[i], q) / curvatures[i]
            for j in q.indices { q[j] -= alphas[i] * changes[i][j] }
        }
        if let last = changes.last {
            let scale = curvatures.last! / dot(last, last)
            for j in q.indices { q[j] *= scale }
        }
        for i in steps.indices {
            let beta = dot(changes[i], q) / curvatures[i]
            for j in q.indices { q[j] += (alphas[i] - beta) * steps[i][j] }
        }
        return q.map { -$0 }
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}
