#!/usr/bin/env bash
# vae: the lecture's variational auto-encoder on the 8x8 digits. Holds 300 digits out
# (split-rows), trains VAEs with latent 2 and 20 (vae-train; Bernoulli likelihood on the
# intensities in [0, 1]), plots the held-out negative ELBO per digit by epoch, decodes samples
# from the prior, a grid over the 2-D latent and paths between held-out digits (vae-sample |
# montage), then measures the KL
# spring: latent 2 with beta = 0, 1 and 4, the held-out codes' mean |mu| and sigma, KL and
# reconstruction (vae-encode --report), and the fuzzy balls of each (scatter).
# Writes out/vae/ (and with --publish the pictures and vae-spring.csv under docs/img/).
# Arguments: [--publish] [EPOCHS]; default 300 (about 2 minutes on 2 cores).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
epochs=${1:-300}
out=$root/out/vae
mkdir -p "$out"
cd "$out"

split-rows --test-size 300 --seed 1 --train train.lpt --test test.lpt "$root/samples/digits-8x8.lpt"

# One column of a vae-train curve (by its header name), as "epoch,VALUE" lines under a new header.
curve_column() {  # CURVE.csv COLUMN NEW-NAME
    awk -F, -v col="$2" -v name="$3" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; print "epoch," name; next }
        $c != "" { print $1 "," $c }' "$1"
}

for latent in 2 20; do
    vae-train --latent "$latent" --epochs "$epochs" --held-out test.lpt --seed 1 \
        --curve "curve-$latent.csv" --report train.lpt -o "vae-$latent.lpt"
done
join -t, <(curve_column curve-2.csv heldout_nelbo latent_2) <(curve_column curve-20.csv heldout_nelbo latent_20) > vae-curves.csv
plot vae-curves.csv --x epoch --y latent_2,latent_20 --title "held-out negative ELBO of the 8x8 digits" \
    --xlabel "epoch" --ylabel "nats per digit" -o vae-curves.png

vae-sample --model vae-20.lpt --count 100 --seed 1 | montage --stretch intensity --cols 10 --scale 4 -o vae-samples-20.png
vae-sample --model vae-2.lpt --count 100 --seed 1 | montage --stretch intensity --cols 10 --scale 4 -o vae-samples-2.png
vae-sample --model vae-2.lpt --grid 15 --range 3 | montage --stretch intensity --cols 15 --scale 3 -o vae-grid.png

# Interpolation: four pairs of held-out digits (split-rows picks each pair at random), their
# latent means (vae-encode) joined by 10 evenly spaced codes each, decoded (vae-sample --from).
vae-encode --model vae-20.lpt test.lpt -o codes-20.lpt
for pair in 1 2 3 4; do
    split-rows --test-size 2 --seed "$pair" --train rest.lpt --test "pair-$pair.lpt" codes-20.lpt
    vae-sample --model vae-20.lpt --from "pair-$pair.lpt" --interpolate 10
done | montage --stretch intensity --cols 10 --scale 4 -o vae-interpolation.png

# The spring: the same 2-D VAE with the KL term weighted by beta.
echo "beta,mean_norm_mu,mean_sigma,kl,reconstruction,nelbo" > vae-spring.csv
for beta in 0 1 4; do
    vae-train --latent 2 --beta "$beta" --epochs "$epochs" --held-out test.lpt --seed 1 train.lpt -o "vae-beta-$beta.lpt"
    report=$(vae-encode --model "vae-beta-$beta.lpt" --report test.lpt -o "codes-beta-$beta.lpt" 2>&1)
    echo "beta $beta: $report"
    printf '%s\n' "$report" | sed -n "s/.*mean ||mu|| \([^,]*\), mean sigma \([^,]*\), mean KL \([^,]*\), mean recon \([^,]*\), mean nELBO \([^ ]*\).*/$beta,\1,\2,\3,\4,\5/p" >> vae-spring.csv
    scatter "codes-beta-$beta.lpt" --labels labels --logvar logvar --prior \
        --title "held-out digits, beta = $beta" --xlabel "mu 1" --ylabel "mu 2" -o "vae-balls-beta-$beta.png"
done
echo
echo "the spring on held-out digits (latent 2):"
column -s, -t vae-spring.csv

if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp vae-curves.png vae-samples-20.png vae-samples-2.png vae-grid.png vae-interpolation.png vae-spring.csv vae-balls-beta-{0,1,4}.png "$root/docs/img/"
    echo "published the pictures and vae-spring.csv under docs/img/"
fi
echo "wrote $out"
