extension RealFFT2D {
    /// The smallest size m ≥ `n` that transforms fastest: its prime factors are 2, 3 and 5 only,
    /// and for n > 1 it is even (an even width gets the half-length real transform). For a
    /// solver that picks its own tile sizes: a prime side of 4001 costs about four times what
    /// 4000 does (Bluestein's algorithm, three transforms of twice the length).
    public static func fastSize(atLeast n: Int) -> Int {
        precondition(n >= 1, "a size of \(n)")
        if n == 1 { return 1 }
        var candidate = n + n % 2
        while true {
            var rest = candidate
            for p in [2, 3, 5] { while rest % p == 0 { rest /= p } }
            if rest == 1 { return candidate }
            candidate += 2
        }
    }
}
