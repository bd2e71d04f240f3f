#!/usr/bin/env bash
# dae: the denoising auto-encoder on digits and on whitened natural patches (Vincent et al.
# 2008/2010), and its energy against the distance from the data.
#   digits:  split-rows (300 held out) | dae-train (100 sigmoid units, tied, Gaussian noise 0.3,
#            squared error: a linear output, so that noisy rows outside [0, 1] can be restored)
#            | montage of the encoder's filters;
#   patches: patchify --random | whiten (ZCA, as gabor.sh) | dae-train (100 ReLU units, tied,
#            Gaussian noise 0.5, squared error) | montage of the filters;
#   denoising: the held-out digits corrupted by Gaussian noise of each sigma (augment --noise),
#            restored (dae-denoise); PSNR = 10 log10(1 / MSE) of the noisy and of the restored
#            digits against the clean ones (MSE from tensor-diff, digits in [0, 1]), as a chart;
#   energy:  for the same corrupted digits, each row's distance d = ||noisy - clean||
#            (tensor-diff --per-row) and its energy E = ||r(x) - x||^2, the squared-error
#            DAE's reconstruction error (dae-denoise --energy; here the squared distance of the
#            restored row from its input, tensor-diff --per-row, which is that same number);
#            least-squares fits of E = a d^2 + b and of E = a d + b over every row, with R^2,
#            and charts of the mean E per sigma against d and against d^2 with the fit.
# Writes out/dae/; --publish also copies the pictures and CSVs to docs/img/dae-*.
# Arguments: [--publish] [DIGIT-EPOCHS] [PATCH-EPOCHS] [PATCHES-PER-PHOTO]; defaults 300, 20,
# 20000 (about 15 s on 2 cores).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
digit_epochs=${1:-300}
patch_epochs=${2:-20}
patches=${3:-20000}
out=$root/out/dae
mkdir -p "$out"
cd "$out"

# Digits: train on 1497, hold 300 out.
split-rows --test-size 300 --seed 1 --train train.lpt --test test.lpt "$root/samples/digits-8x8.lpt"
dae-train --hidden 100 --tied --noise gaussian:0.3 --epochs "$digit_epochs" --batch-size 32 --lr 0.01 --seed 1 --report \
    train.lpt -o dae-digits.lpt
montage dae-digits.lpt --scale 4 --cols 10 -o dae-digits-filters.png

# Whitened natural patches, as gabor.sh makes them.
patchify "$root/samples/camera.png" "$root/samples/coffee.png" --patch-size 8 --random "$patches" --seed 1 \
    | whiten --eps 0.1 -o white.lpt
dae-train --hidden 100 --tied --activation relu --noise gaussian:0.5 --epochs "$patch_epochs" --lr 0.003 --holdout 1000 \
    --seed 1 --report white.lpt -o dae-patches.lpt
montage dae-patches.lpt --scale 4 --cols 10 -o dae-patches-filters.png

# One held-out set per sigma: PSNRs, and each row's squared distance and energy.
sum_column() { awk -F, 'NR > 1 { s += $2 } END { printf "%.9g", s }' "$1"; }
psnr_of() {  # A B: PSNR of A against B, peak 1 (inf when equal)
    tensor-diff "$1" "$2" | awk '/^mse:/ { if ($2 == 0) print "inf"; else printf "%.2f", 10 * log(1 / $2) / log(10) }'
}
echo "sigma,noisy_psnr,restored_psnr" > dae-psnr.csv
echo "sigma,distance,energy" > dae-energy-rows.csv
seed=1
for sigma in 0 0.05 0.1 0.2 0.3 0.4 0.5 0.7 1; do
    seed=$((seed + 1))
    augment --noise "$sigma" --seed "$seed" test.lpt -o "noisy-$sigma.lpt"
    dae-denoise --model dae-digits.lpt --energy "noisy-$sigma.lpt" -o "restored-$sigma.lpt"
    echo "$sigma,$(psnr_of "noisy-$sigma.lpt" test.lpt),$(psnr_of "restored-$sigma.lpt" test.lpt)" >> dae-psnr.csv
    tensor-diff --per-row "noisy-$sigma.lpt" test.lpt > distance.csv
    tensor-diff --per-row "restored-$sigma.lpt" "noisy-$sigma.lpt" > energy.csv
    # The energies are dae-denoise's own: their mean must be the energy tensor's mean.
    mean=$(tensor-info --summary "restored-$sigma.lpt" | awk '$1 == "energy" { for (i = 1; i < NF; i++) if ($i == "mean") print $(i + 1) }')
    awk -v total="$(sum_column energy.csv)" -v rows="$(($(wc -l < energy.csv) - 1))" -v mean="$mean" -v s="$sigma" 'BEGIN {
        if (mean == "" || (total / rows - mean) ^ 2 > (1e-4 * mean + 1e-6) ^ 2) { print "energy check failed at sigma " s ": " total / rows " against " mean > "/dev/stderr"; exit 1 } }'
    paste -d, distance.csv energy.csv | awk -F, -v s="$sigma" 'NR > 1 { printf "%s,%.6g,%s\n", s, sqrt($2), $4 }' >> dae-energy-rows.csv
done
rm -f distance.csv energy.csv

# Least squares over every row: E = a d^2 + b and E = a d + b, with R^2.
fit() {  # POWER: fits E = a d^POWER + b; prints "a b r2"
    awk -F, -v p="$1" 'NR > 1 { x = $2 ^ p; n++; sx += x; sy += $3; sxx += x * x; sxy += x * $3; syy += $3 * $3 }
        END { a = (n * sxy - sx * sy) / (n * sxx - sx * sx); b = (sy - a * sx) / n
              r = (n * sxy - sx * sy) / sqrt((n * sxx - sx * sx) * (n * syy - sy * sy)); printf "%.4g %.4g %.4f\n", a, b, r * r }' dae-energy-rows.csv
}
read -r a2 b2 r2 <<< "$(fit 2)"
read -r a1 b1 r1 <<< "$(fit 1)"
echo "power,a,b,r2" > dae-energy-fit.csv
echo "2,$a2,$b2,$r2" >> dae-energy-fit.csv
echo "1,$a1,$b1,$r1" >> dae-energy-fit.csv

# The mean per sigma, with the quadratic fit at the same distances.
awk -F, -v a="$a2" -v b="$b2" 'NR > 1 { n[$1]++; d[$1] += $2; d2[$1] += $2 * $2; e[$1] += $3; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    END { print "sigma,distance,squared_distance,energy,fit"
          for (i = 1; i <= k; i++) { s = order[i]; printf "%s,%.5g,%.5g,%.5g,%.5g\n", s, d[s] / n[s], d2[s] / n[s], e[s] / n[s], a * d2[s] / n[s] + b } }' \
    dae-energy-rows.csv > dae-energy.csv
plot dae-energy.csv --x distance --y energy,fit --title "DAE energy against distance" \
    --xlabel "mean distance ||noisy - clean||" --ylabel "mean energy ||r(x) - x||^2" -o dae-energy-distance.png
plot dae-energy.csv --x squared_distance --y energy,fit --title "DAE energy against squared distance" \
    --xlabel "mean squared distance ||noisy - clean||^2" --ylabel "mean energy ||r(x) - x||^2" -o dae-energy-squared.png
plot dae-psnr.csv --x sigma --y noisy_psnr,restored_psnr --title "denoising held-out digits" \
    --xlabel "noise sigma" --ylabel "PSNR (dB)" -o dae-psnr.png

# Ten held-out digits: clean, then noisy and restored at sigma 0.2 and 0.5.
split-rows --test-size 10 --seed 7 --train rest.lpt --test examples.lpt test.lpt
{
    cat examples.lpt
    for sigma in 0.2 0.5; do
        augment --noise "$sigma" --seed 1 examples.lpt -o "examples-noisy-$sigma.lpt"
        cat "examples-noisy-$sigma.lpt"
        dae-denoise --model dae-digits.lpt "examples-noisy-$sigma.lpt"
    done
} | montage --stretch intensity --cols 10 --scale 6 --pad 4 -o dae-digits-denoised.png

echo
echo "denoising PSNR of the 300 held-out digits (dB):"
column -s, -t dae-psnr.csv
echo
echo "energy against distance (mean per sigma):"
column -s, -t dae-energy.csv
echo
echo "fit over $(($(wc -l < dae-energy-rows.csv) - 1)) rows: E = $a2 d^2 + $b2 (R^2 $r2); E = $a1 d + $b1 (R^2 $r1)"

if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp dae-digits-filters.png dae-patches-filters.png dae-digits-denoised.png dae-psnr.png dae-psnr.csv \
        dae-energy-distance.png dae-energy-squared.png dae-energy.csv dae-energy-fit.csv "$root/docs/img/"
    echo "published docs/img/dae-*.png and dae-{psnr,energy,energy-fit}.csv"
fi
echo "wrote $out"
