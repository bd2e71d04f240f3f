#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Planes {
    /// The image turned `degrees` counter-clockwise (as seen, rows running down) about its
    /// centre, same size, sampled bilinearly with zeros outside. Rotation by 90 is numpy's
    /// `rot90`: `out[c, y, x] = in[c, x, width − 1 − y]` for a square image (up to rounding of
    /// cos and sin); rotation by 0 is the identity.
    public func rotated(degrees: Double) -> Planes {
        guard degrees != 0 else { return self }
        let angle = degrees * Double.pi / 180
        let (cosine, sine) = (cos(angle), sin(angle))
        let centreY = Double(height - 1) / 2, centreX = Double(width - 1) / 2
        var out = Planes(zerosLike: shape)
        for y in 0..<height {
            for x in 0..<width {
                // The source of an output pixel: the output offset turned back by the angle.
                let dy = Double(y) - centreY, dx = Double(x) - centreX
                let sourceX = centreX + dx * cosine - dy * sine
                let sourceY = centreY + dx * sine + dy * cosine
                for channel in 0..<channels { out[channel, y, x] = bilinear(channel, y: sourceY, x: sourceX) }
            }
        }
        return out
    }
}
